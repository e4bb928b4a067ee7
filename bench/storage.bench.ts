// The recording store under load: ingest of 64 ch x 1000 Hz beside the disk's raw sequential write with
// fdatasync (same bytes, same run, same folder), 8 hours of 16 ch x 250 Hz for flat memory, and what a
// real-time recording writes to disk per second of data. Wall-clock figures: run on a quiet machine.
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32 } from '../src/engine/checksum/crc32';
import { createSyntheticSource, defaultSyntheticOptions } from '../src/engine/sources/synthetic';
import { RecordingStore, type RecordingWriter, type RecordingWriterOptions } from '../src/main/storage';
import type { SynchronousMode } from '../src/main/storage/database';
import type { SampleBlock } from '../src/shared/samples';
import type { BenchTable } from './harness';

const MB = 1e6;
const dataDir = () =>
  mkdtempSync(path.join(process.env.CLISONIX_BENCH_DIR ?? tmpdir(), 'clisonix-storage-bench-'));

/** Seconds of planar samples made once and replayed at advancing positions (storage does not care). */
function pattern(channelCount: number, sampleRateHz: number, seconds: number): SampleBlock {
  const source = createSyntheticSource(defaultSyntheticOptions({ channelCount, sampleRateHz, seed: 3 }));
  return source.read(0, Math.round(sampleRateHz * seconds));
}

function blockAt(p: SampleBlock, firstSample: number, count: number): SampleBlock {
  const offset = firstSample % p.sampleCount;
  const n = Math.min(count, p.sampleCount - offset);
  const data = new Float32Array(p.channelCount * n);
  for (let c = 0; c < p.channelCount; c++) {
    data.set(p.data.subarray(c * p.sampleCount + offset, c * p.sampleCount + offset + n), c * n);
  }
  return { firstSample, sampleCount: n, channelCount: p.channelCount, sampleRateHz: p.sampleRateHz, data };
}

function fileBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

/** Feeds `totalSamples` as fast as the writer takes them, in blocks of `blockSamples`. */
async function feed(
  writer: RecordingWriter,
  p: SampleBlock,
  totalSamples: number,
  blockSamples: number,
  onProgress?: (samples: number) => void,
): Promise<void> {
  // Larger than the writer's 8 MiB commit threshold, so feeding overlaps committing; below its 32 MiB limit.
  const window = 24 * 1024 * 1024;
  for (let at = 0; at < totalSamples;) {
    const block = blockAt(p, at, Math.min(blockSamples, totalSamples - at));
    if (!writer.append(block, { transfer: true }))
      throw new Error(`writer stopped: ${writer.stats().error?.message ?? ''}`);
    at += block.sampleCount;
    onProgress?.(at);
    await writer.drained(window);
  }
}

function rawWrite(dir: string, bytes: number, chunk: Uint8Array): number {
  const file = path.join(dir, 'raw.bin');
  const started = performance.now();
  const fd = openSync(file, 'w');
  for (let written = 0; written < bytes; written += chunk.length)
    writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  fdatasyncSync(fd);
  closeSync(fd);
  const ms = performance.now() - started;
  rmSync(file);
  return bytes / MB / (ms / 1000);
}

interface IngestRun {
  readonly mbPerS: number;
  /** Throughput per second of CPU of this process: what a machine with a free core would approach. */
  readonly mbPerCpuS: number;
  readonly cpuMsPerDataS: number;
  readonly bytesPerValue: number;
  readonly maxCommitMs: number;
}

async function ingest(
  dir: string,
  p: SampleBlock,
  dataSeconds: number,
  synchronous: SynchronousMode,
  pageSize: number,
): Promise<IngestRun> {
  const file = path.join(dir, `ingest-${synchronous}-${pageSize}.db`);
  const store = RecordingStore.open(file, { synchronous, pageSize });
  const options: RecordingWriterOptions = { synchronous };
  const total = Math.round(p.sampleRateHz * dataSeconds);
  const writer = await store.startRecording(
    {
      label: 'bench',
      channels: Array.from({ length: p.channelCount }, (_, c) => ({ label: `Ch${c + 1}` })),
      sampleRateHz: p.sampleRateHz,
    },
    options,
  );
  const cpu = process.cpuUsage();
  const started = performance.now();
  // Quarter-second blocks: an import's pace; a headset's small blocks only matter at real time (next table).
  await feed(writer, p, total, 250);
  const result = await writer.finish();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (result.committedSamples !== total)
    throw new Error(`committed ${result.committedSamples} of ${total} samples`);
  const maxCommitMs = writer.stats().maxCommitMs;
  store.close();
  const values = total * p.channelCount;
  const run = {
    mbPerS: (values * 4) / MB / (ms / 1000),
    mbPerCpuS: (values * 4) / MB / ((used.user + used.system) / 1e6),
    cpuMsPerDataS: (used.user + used.system) / 1000 / dataSeconds,
    bytesPerValue: fileBytes(file) / values,
    maxCommitMs,
  };
  rmSync(file, { force: true });
  return run;
}

async function ingestTable(): Promise<BenchTable> {
  const dir = dataDir();
  const dataSeconds = Number(process.env.CLISONIX_BENCH_INGEST_S ?? 300);
  const p = pattern(64, 1000, 10);
  const bytes = 64 * 1000 * 4 * dataSeconds;
  const chunk = new Uint8Array(64 * 1000 * 4).map((_, i) => (i * 7919) & 0xff);
  try {
    const rawBefore = rawWrite(dir, bytes, chunk);
    const runs: [string, IngestRun][] = [];
    for (const [sync, page] of [
      ['FULL', 4096],
      ['NORMAL', 4096],
      ['FULL', 16384],
      ['FULL', 65536],
    ] as const) {
      runs.push([
        `store, synchronous=${sync}, ${page / 1024} KiB pages${page === 4096 && sync === 'FULL' ? ' (default)' : ''}`,
        await ingest(dir, p, dataSeconds, sync, page),
      ]);
    }
    const rawAfter = rawWrite(dir, bytes, chunk);
    const raw = Math.max(rawBefore, rawAfter);
    const standard = runs[0]![1];
    return {
      title: `Storage ingest: 64 ch x 1000 Hz, ${dataSeconds} data-seconds as fast as possible`,
      columns: [
        'what',
        'MB/s',
        'share of raw',
        'MB per CPU-second',
        'CPU ms per data-second',
        'bytes per stored value',
        'slowest commit ms',
      ],
      rows: [
        ['raw sequential write + fdatasync, before', rawBefore, '', '', '', 4, ''],
        ['raw sequential write + fdatasync, after', rawAfter, '', '', '', 4, ''],
        ...runs.map(([name, r]) => [
          name,
          r.mbPerS,
          `${((r.mbPerS / raw) * 100).toFixed(0)} %`,
          r.mbPerCpuS,
          r.cpuMsPerDataS,
          r.bytesPerValue,
          r.maxCommitMs,
        ]),
      ],
      notes: [
        `Targets: at least half of raw (default store: ${((standard.mbPerS / raw) * 100).toFixed(0)} % of the better raw run), at most 4.3 bytes per stored value (${standard.bytesPerValue.toFixed(3)}).`,
        'Real time is 0.256 MB/s for this montage; CPU is of the whole process (main thread + writer worker), per second of data.',
        'WAL writes every page twice (log, then checkpoint), so half of raw is the ceiling of any WAL store before per-page costs.',
        `Data folder: ${process.env.CLISONIX_BENCH_DIR ?? tmpdir()} (set CLISONIX_BENCH_DIR to measure another disk).`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function memoryTable(): Promise<BenchTable> {
  const dir = dataDir();
  const hours = Number(process.env.CLISONIX_BENCH_HOURS ?? 8);
  const p = pattern(16, 250, 60);
  const file = path.join(dir, 'eight-hours.db');
  const store = RecordingStore.open(file);
  try {
    const writer = await store.startRecording({
      label: '8 hours',
      channels: Array.from({ length: 16 }, (_, c) => ({ label: `Ch${c + 1}` })),
      sampleRateHz: 250,
    });
    const perHour = 250 * 3600;
    const rows: (string | number)[][] = [];
    const sample = (hour: number) => {
      const m = process.memoryUsage();
      const s = writer.stats();
      rows.push([
        hour,
        m.rss / MB,
        m.heapUsed / MB,
        s.workerHeapBytes / MB,
        m.external / MB,
        s.pendingBytes / 1024,
      ]);
    };
    sample(0);
    const started = performance.now();
    let nextHour = 1;
    await feed(writer, p, hours * perHour, 250, (at) => {
      if (at >= nextHour * perHour) sample(nextHour++);
    });
    const result = await writer.finish();
    const seconds = (performance.now() - started) / 1000;
    const first = rows[1]!;
    const last = rows.at(-1)!;
    return {
      title: `Flat memory: ${hours} h of 16 ch x 250 Hz recorded as fast as possible (${seconds.toFixed(0)} s wall)`,
      columns: ['data hour', 'RSS MB', 'main heap MB', 'writer heap MB', 'external MB', 'pending KiB'],
      rows,
      notes: [
        `RSS from hour 1 to hour ${hours}: ${(first[1] as number).toFixed(1)} -> ${(last[1] as number).toFixed(1)} MB; ${result.committedSamples.toLocaleString('en-US')} samples committed, file ${(fileBytes(file) / MB).toFixed(0)} MB.`,
        'Backpressure: the feeder waits while more than 24 MiB are uncommitted (the writer refuses beyond 32 MiB).',
      ],
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function ioWrittenBytes(): number | null {
  try {
    const line = readFileSync('/proc/self/io', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('wchar:'));
    return line ? Number(line.split(':')[1]) : null;
  } catch {
    return null;
  }
}

async function realTimeTable(): Promise<BenchTable> {
  const seconds = Number(process.env.CLISONIX_BENCH_REALTIME_S ?? 10);
  const rows: (string | number)[][] = [];
  for (const pageSize of [4096, 16384]) {
    const dir = dataDir();
    const file = path.join(dir, 'realtime.db');
    const store = RecordingStore.open(file, { pageSize });
    const source = createSyntheticSource(
      defaultSyntheticOptions({ channelCount: 16, sampleRateHz: 250, seed: 5 }),
    );
    const writer = await store.startRecording({
      label: 'real time',
      channels: source.channelLabels.map((label) => ({ label })),
      sampleRateHz: 250,
    });
    const before = ioWrittenBytes();
    const started = performance.now();
    let handed = 0;
    while (handed < 250 * seconds) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const due = Math.min(250 * seconds, Math.floor(((performance.now() - started) * 250) / 1000));
      if (due > handed) {
        writer.append(source.read(handed, due - handed), { transfer: true });
        handed = due;
      }
    }
    const commits = writer.stats().commits;
    await writer.finish();
    const after = ioWrittenBytes();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    const dataPerS = 16 * 250 * 4;
    const writtenPerS = before === null || after === null ? Number.NaN : (after - before) / seconds;
    rows.push([
      `${pageSize / 1024} KiB`,
      dataPerS / 1024,
      writtenPerS / 1024,
      writtenPerS / dataPerS,
      commits / seconds,
    ]);
  }
  return {
    title: `Real-time recording, 16 ch x 250 Hz for ${seconds} s: bytes written to disk per second of data`,
    columns: ['page size', 'data KiB/s', 'written KiB/s', 'write amplification', 'commits/s'],
    rows,
    notes: [
      'Written = bytes the process passed to write() (/proc/self/io wchar): WAL frames, checkpoints, the growing chunk rewritten at each commit.',
      'The price of losing at most ~250 ms in a crash: every commit rewrites the open chunk and a few b-tree pages.',
    ],
  };
}

function crcTable(): BenchTable {
  const bytes = new Uint8Array(256_000).map((_, i) => (i * 7919) & 0xff);
  const rate = (fn: () => void) => {
    fn();
    const started = performance.now();
    for (let i = 0; i < 200; i++) fn();
    return (200 * bytes.length) / MB / ((performance.now() - started) / 1000);
  };
  return {
    title: 'CRC-32 of a 1 s chunk of 64 ch x 1000 Hz (256 kB)',
    columns: ['implementation', 'MB/s'],
    rows: [
      ['src/engine/checksum/crc32 (pure, slice-by-8)', rate(() => crc32(bytes))],
      ['node:zlib crc32 (native)', rate(() => zlibCrc32(bytes))],
    ],
    notes: [
      'The pure one runs in every room (engine, cloud); at these rates it costs well under 1 ms per chunk.',
    ],
  };
}

export async function run(): Promise<BenchTable[]> {
  const only = process.env.CLISONIX_BENCH_STORAGE?.split(',');
  const tables: BenchTable[] = [];
  if (!only || only.includes('crc')) tables.push(crcTable());
  if (!only || only.includes('ingest')) tables.push(await ingestTable());
  if (!only || only.includes('realtime')) tables.push(await realTimeTable());
  if (!only || only.includes('memory')) tables.push(await memoryTable());
  return tables;
}
