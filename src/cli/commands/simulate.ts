// `clisonix simulate`: a virtual headset writing the real wire protocol (docs/design/CLI.md), on a pseudo-terminal
// it creates (--pty, the default) or on an existing port (--port). Runs until Ctrl-C.
import {
  boardShape,
  SIMULATED_BOARDS,
  type SimulatedBoard,
} from '../../engine/protocols/simulator/create-simulator';
import { parseSignalSpec, SignalSpecError } from '../../engine/protocols/simulator/signal-plan';
import {
  runSimulatorOnPort,
  startPtySimulator,
  type SimulatorRunner,
  type SimulatorRunOptions,
} from '../../main/services/headset-simulator';
import { EXIT, parseCommandArgs, UsageError, UserError, type CliCommand, type CliIo } from '../command';

const BOARD_NAMES: Record<SimulatedBoard, string> = {
  cyton: 'OpenBCI Cyton (8 channels, 250 Hz, 115200 baud)',
  daisy: 'OpenBCI Cyton + Daisy (16 channels, 125 Hz, 115200 baud)',
  thinkgear: 'NeuroSky ThinkGear (1 channel, 512 Hz, 57600 baud)',
};

const USAGE = `Usage: clisonix simulate --board cyton|daisy|thinkgear [--port PATH | --pty] [--signal SPEC]... [--seed N]
                         [--samples N] [--drop-every N] [--garbage-every N]

A virtual headset that speaks the real wire protocol: it answers the handshake and streams packets in real time,
for demos, tests and technicians without a headset.

  --board B      cyton: OpenBCI Cyton, 8 channels at 250 Hz
                 daisy: OpenBCI Cyton + Daisy, 16 channels at 125 Hz
                 thinkgear: NeuroSky MindWave and kin, raw EEG at 512 Hz
  --pty          create a pseudo-terminal pair (needs socat) and print the path to open (the default)
  --port PATH    speak on an existing serial port instead
  --signal SPEC  channel:kind:Hz:uV with the channel from 1 and kind sine, square, noise (Hz ignored, uV = SD)
                 or dc (Hz ignored); repeat it for more signals, e.g. --signal 1:sine:10:50 --signal 2:noise:0:5.
                 Without --signal: alpha and beta rhythms, a trace of mains and 3 uV of noise on every channel.
  --seed N       seed of the noise (default 1): the same seed gives the same samples
  --samples N    stop streaming after N samples (the board stays connected and answers commands)
  --drop-every N     leave out every Nth packet of the wire (packets N, 2N, ...; counted from the start of
                     streaming, every packet of every board), as a lossy radio link would
  --garbage-every N  put a few bytes of line noise before every Nth packet

The path to open is printed on a line of its own on stdout. Ctrl-C stops; the totals (samples made, packets
dropped, garbage bytes) are printed on stderr on the way out.`;

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'a virtual headset (Cyton, Cyton+Daisy, ThinkGear) on a pseudo-terminal or a port',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs(argv, {
      board: { type: 'string' },
      port: { type: 'string' },
      pty: { type: 'boolean' },
      signal: { type: 'string', multiple: true },
      seed: { type: 'string' },
      samples: { type: 'string' },
      'drop-every': { type: 'string' },
      'garbage-every': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const board = values.board;
    if (board === undefined) throw new UsageError(`--board is required (${SIMULATED_BOARDS.join(', ')})`);
    if (!(SIMULATED_BOARDS as readonly string[]).includes(board)) {
      throw new UsageError(`--board ${board} is not one of ${SIMULATED_BOARDS.join(', ')}`);
    }
    const simulated = board as SimulatedBoard;
    if (values.port !== undefined && values.pty)
      throw new UsageError('give either --port PATH or --pty, not both');
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed ${values.seed ?? ''} is not an integer`);
    const signals = values.signal ?? [];
    const { channelCount, sampleRateHz } = boardShape(simulated);
    for (const spec of signals) {
      try {
        parseSignalSpec(spec, channelCount, sampleRateHz);
      } catch (error) {
        if (error instanceof SignalSpecError) throw new UsageError(error.message);
        throw error;
      }
    }
    const maxSamples = positiveInteger('--samples', values.samples);
    const dropEvery = positiveInteger('--drop-every', values['drop-every'], 2);
    const garbageEvery = positiveInteger('--garbage-every', values['garbage-every']);
    const setup: SimulatorRunOptions = {
      board: simulated,
      signals,
      seed,
      ...(maxSamples !== undefined && { maxSamples }),
      faults: {
        ...(dropEvery !== undefined && { dropPacket: (i: number) => i > 0 && i % dropEvery === 0 }),
        ...(garbageEvery !== undefined && {
          garbageBefore: (i: number) => (i > 0 && i % garbageEvery === 0 ? lineNoise(i, seed) : null),
        }),
      },
    };
    if (values.port !== undefined) return runOnPort(values.port, setup, io);
    let sim;
    try {
      sim = await startPtySimulator(setup);
    } catch (error) {
      throw new UserError(error instanceof Error ? error.message : String(error));
    }
    io.stdout.write(`${sim.path}\n`);
    io.stderr.write(`Simulated ${BOARD_NAMES[simulated]} at ${sim.path}. Ctrl-C stops.\n`);
    await untilInterrupted(sim.runner, maxSamples, io);
    await sim.close();
    io.stderr.write(`${totals(sim.runner)}\n`);
    return EXIT.ok;
  },
};

function positiveInteger(option: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${option} ${text} is not an integer >= ${min}`);
  return n;
}

/**
 * A few bytes of line noise before packet `packetIndex`, made to mislead a parser: Cyton headers (0xA0) and
 * footers (0xC0) among other bytes. Deterministic for a seed.
 */
function lineNoise(packetIndex: number, seed: number): Uint8Array {
  const length = 1 + ((packetIndex + seed) % 40);
  return Uint8Array.from({ length }, (_, k) => [0xa0, 0xc0, 0x55, (packetIndex + k) & 0xff][k % 4]!);
}

async function untilInterrupted(
  runner: SimulatorRunner,
  maxSamples: number | undefined,
  io: CliIo,
): Promise<void> {
  if (maxSamples !== undefined) {
    void runner.done.then(() =>
      io.stderr.write(`Sent ${maxSamples} samples; streaming has ended. Ctrl-C stops.\n`),
    );
  }
  await io.interrupted;
}

/** What the simulator did, for whoever checks that every loss was accounted for on the other end. */
function totals(runner: SimulatorRunner): string {
  const stats = runner.simulator.stats;
  return (
    `Stopped after ${runner.samplesMade} samples: ${stats.packetsSent} packets sent, ` +
    `${stats.packetsDropped} packets dropped (--drop-every), ${stats.garbageBytes} garbage bytes (--garbage-every), ` +
    `${runner.droppedForBacklog} samples lost while nobody read the port.`
  );
}

async function runOnPort(port: string, setup: SimulatorRunOptions, io: CliIo): Promise<number> {
  let runner;
  try {
    runner = await runSimulatorOnPort(port, setup);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
  io.stdout.write(`${port}\n`);
  io.stderr.write(`Simulated ${BOARD_NAMES[setup.board]} on ${port}. Ctrl-C stops.\n`);
  await untilInterrupted(runner, setup.maxSamples, io);
  await runner.close();
  io.stderr.write(`${totals(runner)}\n`);
  return EXIT.ok;
}
