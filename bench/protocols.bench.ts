// Wire-protocol benchmarks: Cyton parse throughput (one large buffer; 64-byte chunks) with an allocation check,
// the other parsers for comparison, and the latency from a byte written into a pty to the sample reaching the
// acquisition sink (what the UI transport receives).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeCytonPacket, writeCytonPacket } from '../src/engine/protocols/cyton-encoder';
import { CytonParser } from '../src/engine/protocols/cyton-parser';
import { DaisyParser } from '../src/engine/protocols/daisy-parser';
import type { ParserSink, StreamParser } from '../src/engine/protocols/stream-parser';
import { encodeThinkGearPacket, rawRow } from '../src/engine/protocols/thinkgear-encoder';
import { ThinkGearParser } from '../src/engine/protocols/thinkgear-parser';
import { startPtySimulator } from '../src/main/devices/pty-simulator';
import { SerialBoardSource } from '../src/main/devices/serial-board-source';
import type { BenchTable } from './harness';

const PACKETS = 300_000;
const CHUNK = 64;

function cytonStream(packets: number): Uint8Array {
  const out = new Uint8Array(packets * 33);
  const counts = new Int32Array(8);
  for (let p = 0; p < packets; p++) {
    for (let c = 0; c < 8; c++) counts[c] = ((p * 7919 + c * 104729) % 16_000_000) - 8_000_000;
    writeCytonPacket(out, p * 33, { counter: p & 0xff, counts, accelCounts: [0, 0, 16384] });
  }
  return out;
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const list: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) list.push(bytes.subarray(i, i + size));
  return list;
}

/** A sink that reads what it gets, so the work cannot be optimised away, and keeps nothing. */
function countingSink(): ParserSink & { samples_: number; checksum: number } {
  return {
    samples_: 0,
    checksum: 0,
    samples(block) {
      this.samples_ += block.sampleCount;
      this.checksum += block.data[0] ?? 0;
    },
    gap() {},
  };
}

interface Run {
  /** Wall clock: what this (shared) machine delivered. */
  readonly packetsPerSecond: number;
  /** Per second of CPU time of this process: what a core delivers when the process is not waiting for one. */
  readonly packetsPerCpuSecond: number;
}

/** Median of `repeats` timed runs, after a warm-up run. */
function measure(packets: number, parse: () => void, repeats = 5): Run {
  parse();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parse();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  return {
    packetsPerSecond: packets / (median(wall) / 1000),
    packetsPerCpuSecond: packets / (median(cpu) / 1000),
  };
}

function parseRun(
  makeParser: (sink: ParserSink) => StreamParser,
  pieces: readonly Uint8Array[],
  flushEach: boolean,
) {
  return () => {
    const sink = countingSink();
    const parser = makeParser(sink);
    for (let i = 0; i < pieces.length; i++) {
      parser.push(pieces[i]!);
      if (flushEach) parser.flush();
    }
    parser.finish();
    if (sink.samples_ === 0) throw new Error('the benchmark parsed nothing');
  };
}

function throughput(): BenchTable {
  const cyton = cytonStream(PACKETS);
  const cytonChunks = chunks(cyton, CHUNK);
  const thinkgear = new Uint8Array(PACKETS * 8);
  for (let p = 0; p < PACKETS; p++) thinkgear.set(encodeThinkGearPacket(rawRow((p * 31) % 30000)), p * 8);
  const daisyPackets = [encodeCytonPacket({ counter: 0, counts: [] })];
  const daisyStream = cytonStream(PACKETS);
  daisyStream.set(daisyPackets[0]!, 0);
  const rows: (string | number)[][] = [];
  const add = (label: string, run: Run) =>
    rows.push([
      label,
      Math.round(run.packetsPerSecond / 1e4) / 100,
      Math.round(run.packetsPerCpuSecond / 1e4) / 100,
    ]);
  const newCyton = (s: ParserSink) => new CytonParser(s);
  add('Cyton, one 9.9 MB buffer', measure(PACKETS, parseRun(newCyton, [cyton], false)));
  add('Cyton, 64-byte chunks', measure(PACKETS, parseRun(newCyton, cytonChunks, false)));
  add('Cyton, 64-byte chunks, a block per chunk', measure(PACKETS, parseRun(newCyton, cytonChunks, true)));
  add(
    'Cyton + Daisy, 64-byte chunks',
    measure(
      PACKETS,
      parseRun((s) => new DaisyParser(s), chunks(daisyStream, CHUNK), false),
    ),
  );
  add(
    'ThinkGear raw, 64-byte chunks',
    measure(
      PACKETS,
      parseRun((s) => new ThinkGearParser(s), chunks(thinkgear, CHUNK), false),
    ),
  );
  return {
    title: `Protocol parse throughput (${PACKETS.toLocaleString('en-US')} packets, median of 5)`,
    columns: ['input', 'M packets/s (wall)', 'M packets/CPU-s'],
    rows,
    notes: [
      'Targets (issue 3): Cyton >= 10 M packets/s from one buffer, >= 2 M packets/s in 64-byte chunks.',
      '"a block per chunk" is how SerialBoardSource calls the parser (one flush, so one block, per serial read).',
      'The machine is shared (2 cores, other jobs running): wall-clock rates are what it delivered, CPU-second rates what a core does.',
    ],
  };
}

async function latency(seconds: number): Promise<BenchTable> {
  const written = new Map<number, number>();
  const sim = await startPtySimulator({
    board: 'cyton',
    seed: 1,
    onWrite: (first, count, atMs) => {
      for (let i = 0; i < count; i++) written.set(first + i, atMs);
    },
  });
  const latencies: number[] = [];
  const source = new SerialBoardSource({ path: sim.path, board: 'cyton' });
  try {
    await source.start({
      block(block) {
        const now = performance.now();
        for (let i = 0; i < block.sampleCount; i++) {
          const at = written.get(block.firstSample + i);
          if (at !== undefined) latencies.push(now - at);
        }
      },
      gap() {},
      lost(reason) {
        throw new Error(`device lost during the latency benchmark: ${reason}`);
      },
      resumed() {},
      stats() {},
    });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  } finally {
    await source.stop();
    await sim.close();
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    title: 'Latency: byte written into the pty -> sample delivered to the acquisition sink (Cyton, 250 Hz)',
    columns: ['samples', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    rows: [[latencies.length, q(0.5), q(0.9), q(0.99), latencies.at(-1) ?? Number.NaN]],
    notes: [
      'Target (issue 3): p99 < 20 ms without FTDI-like burstiness (a pty has no latency timer).',
      'Simulator and source share one Node process: the figure includes socat, the pty, node-serialport, the parser and the copy handed to the sink.',
    ],
  };
}

const PROBES: [string, string][] = [
  ['cyton-buffer', 'Cyton, one buffer'],
  ['cyton-chunks', 'Cyton, 64-byte chunks'],
  ['cyton-chunks-flush', 'Cyton, 64-byte chunks, a block per chunk'],
  ['daisy-chunks', 'Cyton + Daisy, 64-byte chunks'],
  ['thinkgear-chunks', 'ThinkGear raw, 64-byte chunks'],
];

/** Each case in a child Node whose young generation is 1 MB, so that any per-packet garbage forces scavenges. */
async function allocation(): Promise<BenchTable> {
  const probe = fileURLToPath(new URL('./protocols-allocation-probe.ts', import.meta.url));
  const rows: (string | number)[][] = [];
  for (const [kind, label] of PROBES) {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', probe, kind],
        { maxBuffer: 1 << 20 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      packets: number;
      gcRuns: number;
    };
    // Each scavenge frees at most the 1 MB young generation, so the garbage made is below (runs + 1) MB.
    const boundBytesPerPacket = ((result.gcRuns + 1) * 1024 * 1024) / result.packets;
    rows.push([label, result.packets, result.gcRuns, boundBytesPerPacket.toFixed(2)]);
  }
  return {
    title: 'Allocation while parsing (child Node with a 1 MB young generation)',
    columns: ['input', 'packets', 'GC runs', 'garbage bytes / packet, at most'],
    rows,
    notes: [
      'Target (issue 3): allocate nothing per packet. Blocks reuse one preallocated buffer and block object.',
      'Any per-packet object (>= 16 bytes) would force a scavenge every ~65,000 packets, i.e. ~60 GC runs here.',
    ],
  };
}

export async function run(): Promise<BenchTable[]> {
  return [throughput(), await allocation(), await latency(8)];
}
