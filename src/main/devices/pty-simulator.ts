// A virtual headset on a pseudo-terminal: the pure board simulator (engine/protocols/simulator) answering the
// host on one end of a socat pty pair and streaming its wire protocol in real time; the host opens the other end
// like a USB port. `clisonix simulate` runs it, and so do the device tests and the latency benchmark.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import type { BoardSimulator } from '../../engine/protocols/simulator/board-simulator';
import { createBoardSimulator, type SimulatorSetup } from '../../engine/protocols/simulator/create-simulator';
import { createPtyPair, type PtyPair } from './socat-pty';
import { explainOpenError } from './serial-link';

export interface SimulatorRunOptions extends SimulatorSetup {
  /** Stop streaming after this many samples (default: endless). */
  readonly maxSamples?: number;
  /** Called as sample bytes are written: the first sample index of the burst and the time (performance.now()). */
  readonly onWrite?: (firstSample: number, sampleCount: number, atMs: number) => void;
}

export interface PtySimulatorOptions extends SimulatorRunOptions {
  readonly socatPath?: string;
  /** Where the pty links go (default: a new temporary directory, removed on close). */
  readonly directory?: string;
}

/** Bytes the board end may have waiting unread before the simulator drops what it makes (nobody is listening). */
const MAX_BACKLOG_BYTES = 64 * 1024;
const TICK_MS = 2;

/** Runs a board simulator on a serial port path: replies to commands, paces the stream in real time. */
export class SimulatorRunner {
  private port: SerialPort | null = null;
  private timer: NodeJS.Timeout | null = null;
  private streamStartedAt: number | null = null;
  private streamBase = 0;
  private finished!: () => void;
  /** Resolves once `maxSamples` samples have been written. */
  readonly done = new Promise<void>((resolve) => (this.finished = resolve));
  /** Samples made while nobody read the port (they are lost, as with a real board). */
  droppedForBacklog = 0;
  /** Samples made since the runner started, across every start of streaming (faults included). */
  samplesMade = 0;

  constructor(
    readonly simulator: BoardSimulator,
    private readonly options: SimulatorRunOptions,
  ) {}

  async open(portPath: string): Promise<void> {
    const port = new SerialPort({ path: portPath, baudRate: this.simulator.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error ? reject(explainOpenError(portPath, error.message)) : resolve())),
    );
    port.on('data', (chunk: Buffer) => {
      const reply = this.simulator.receive(chunk);
      if (reply.length > 0) port.write(Buffer.from(reply));
    });
    // The host side vanishing is not the simulator's failure: it keeps its state and waits to be reopened.
    port.on('error', () => {});
    this.port = port;
    this.streamStartedAt = null;
    this.timer ??= setInterval(() => this.tick(), TICK_MS);
  }

  /** Closes the port but keeps the board's state (streaming or not), as an unplugged dongle leaves the board. */
  async detach(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.detach();
  }

  private tick(): void {
    const sim = this.simulator;
    if (!sim.streaming) {
      this.streamStartedAt = null;
      return;
    }
    const now = performance.now();
    if (this.streamStartedAt === null) {
      this.streamStartedAt = now;
      this.streamBase = sim.stats.samplesGenerated;
    }
    const made = sim.stats.samplesGenerated - this.streamBase;
    let due = Math.floor(((now - this.streamStartedAt) * sim.sampleRateHz) / 1000) - made;
    const limit = this.options.maxSamples;
    if (limit !== undefined) due = Math.min(due, limit - sim.stats.samplesGenerated);
    if (due <= 0) {
      if (limit !== undefined && sim.stats.samplesGenerated >= limit) this.finished();
      return;
    }
    const first = sim.stats.samplesGenerated;
    const bytes = sim.stream(due);
    this.samplesMade += due;
    const port = this.port;
    if (!port?.isOpen || port.writableLength > MAX_BACKLOG_BYTES) {
      this.droppedForBacklog += due;
      return;
    }
    port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.options.onWrite?.(first, due, now);
  }
}

export interface PtySimulator {
  /** The path to open, as if it were the dongle. */
  readonly path: string;
  readonly simulator: BoardSimulator;
  readonly runner: SimulatorRunner;
  /** The pty pair disappears (socat ends): the host sees the device vanish. The board keeps its state. */
  unplug(): Promise<void>;
  /** A new pty pair at the same path, the board answering again. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function startPtySimulator(options: PtySimulatorOptions): Promise<PtySimulator> {
  const simulator = createBoardSimulator(options);
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(path.join(tmpdir(), 'clisonix-sim-')));
  const hostPath = path.join(directory, options.board);
  const boardPath = path.join(directory, `${options.board}-board-end`);
  const runner = new SimulatorRunner(simulator, options);
  let pair: PtyPair | null = null;
  const plug = async () => {
    pair = await createPtyPair(boardPath, hostPath, options.socatPath);
    await runner.open(boardPath);
  };
  const unplug = async () => {
    await runner.detach();
    await pair?.close();
    pair = null;
  };
  try {
    await plug();
  } catch (error) {
    await unplug();
    if (ownDirectory) await rm(directory, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    path: hostPath,
    simulator,
    runner,
    unplug,
    replug: plug,
    close() {
      closing ??= (async () => {
        await runner.close();
        await unplug();
        if (ownDirectory) await rm(directory, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

/** Runs a simulator on an existing port (a USB-serial adapter, a pty someone else made). */
export async function runSimulatorOnPort(
  portPath: string,
  options: SimulatorRunOptions,
): Promise<SimulatorRunner> {
  const runner = new SimulatorRunner(createBoardSimulator(options), options);
  await runner.open(portPath);
  return runner;
}
