// Analysis of a one-hour 64-channel 1000 Hz recording through the services' analysis runner (what an Analysis page
// job runs) while the main event loop's delay is measured (perf_hooks.monitorEventLoopDelay): the recording is stored
// in a temporary store first, then read (in a reader thread, and for comparison in process with yields), transferred
// to the engine worker, split over its two pool threads, and the report stored. Also the engine alone on the same
// samples held in memory.
// Wall-clock figures: rough on a shared machine. CLISONIX_BENCH_ANALYSIS_SECONDS shortens the recording.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { createSyntheticSource, defaultSyntheticOptions } from '../src/engine/sources/synthetic';
import { EngineHost } from '../src/main/engine-host/engine-host';
import { runAnalysis } from '../src/main/services/analysis/analysis-runner';
import type { SampleReader } from '../src/main/services/analysis/recording-input';
import { RecordingStore } from '../src/main/storage';
import type { SampleBlock } from '../src/shared/samples';
import type { BenchTable } from './harness';

const CHANNELS = 64;
const RATE_HZ = 1000;
const SECONDS = Number(process.env.CLISONIX_BENCH_ANALYSIS_SECONDS ?? 3600);

function pattern(seconds: number): SampleBlock {
  const source = createSyntheticSource(
    defaultSyntheticOptions({ channelCount: CHANNELS, sampleRateHz: RATE_HZ, seed: 5 }),
  );
  return source.read(0, Math.round(RATE_HZ * seconds));
}

async function storeLongRecording(file: string): Promise<{ id: string; ms: number }> {
  const started = performance.now();
  const store = RecordingStore.open(file);
  const writer = await store.startRecording({
    label: `${SECONDS / 60} min, ${CHANNELS} ch at ${RATE_HZ} Hz`,
    sampleRateHz: RATE_HZ,
    board: 'cyton',
    channels: Array.from({ length: CHANNELS }, (_, c) => ({ label: `E${c + 1}`, gain: 24 })),
  });
  // Ten seconds of synthetic EEG replayed along the clock (storage and the engine do not care).
  const p = pattern(10);
  const total = SECONDS * RATE_HZ;
  for (let at = 0; at < total; at += RATE_HZ) {
    const n = Math.min(RATE_HZ, total - at);
    const offset = at % p.sampleCount;
    const data = new Float32Array(CHANNELS * n);
    for (let c = 0; c < CHANNELS; c++) {
      data.set(p.data.subarray(c * p.sampleCount + offset, c * p.sampleCount + offset + n), c * n);
    }
    writer.append(
      { firstSample: at, sampleCount: n, channelCount: CHANNELS, sampleRateHz: RATE_HZ, data },
      {
        transfer: true,
      },
    );
    await writer.drained(24 * 1024 * 1024);
  }
  const result = await writer.finish();
  store.close();
  return { id: result.recordingId, ms: performance.now() - started };
}

function delays(h: IntervalHistogram): (number | string)[] {
  // A phase shorter than the sampling resolution has no sample at all.
  if (h.count === 0) return ['-', '-', '-'];
  const ms = (ns: number) => ns / 1e6;
  return [ms(h.percentile(50)), ms(h.percentile(99)), ms(h.max)];
}

interface Measured {
  readonly totalMs: number;
  readonly whole: IntervalHistogram;
  readonly phases: readonly { phase: string; ms: number; loop: IntervalHistogram }[];
}

/** Runs `work` while the main event loop's delay is sampled, overall and per phase. */
async function measure(work: (onPhase: (phase: string) => void) => Promise<unknown>): Promise<Measured> {
  const whole = monitorEventLoopDelay({ resolution: 5 });
  const phases: { phase: string; started: number; ms: number; loop: IntervalHistogram }[] = [];
  const onPhase = (phase: string) => {
    const last = phases.at(-1);
    if (last?.phase === phase) return;
    const now = performance.now();
    if (last) {
      last.loop.disable();
      last.ms = now - last.started;
    }
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    phases.push({ phase, started: now, ms: 0, loop });
  };
  const started = performance.now();
  whole.enable();
  await work(onPhase);
  const totalMs = performance.now() - started;
  whole.disable();
  const last = phases.at(-1);
  if (last) {
    last.loop.disable();
    last.ms = performance.now() - last.started;
  }
  return { totalMs, whole, phases };
}

export async function run(): Promise<BenchTable[]> {
  const dir = mkdtempSync(path.join(process.env.CLISONIX_BENCH_DIR ?? tmpdir(), 'clisonix-analysis-bench-'));
  try {
    const storeFile = path.join(dir, 'recordings.db');
    const stored = await storeLongRecording(storeFile);
    const samples = SECONDS * RATE_HZ * CHANNELS;
    const dbBytes = [storeFile, `${storeFile}-wal`].reduce(
      (sum, f) => sum + (existsSync(f) ? statSync(f).size : 0),
      0,
    );

    const engine = new EngineHost();
    const store = RecordingStore.open(storeFile);
    const deps = { engine, store, appVersion: 'bench' };
    // The engine, its pool threads and the reader thread warm up (from source, tsx compiles them) first.
    await runAnalysis(deps, { recordingId: stored.id, toS: 10 }, { save: false });

    const idle = monitorEventLoopDelay({ resolution: 5 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 2000));
    idle.disable();

    const byReader = new Map<SampleReader, Measured>();
    for (const reader of ['thread', 'in-process'] as const) {
      byReader.set(
        reader,
        await measure((onPhase) =>
          runAnalysis(deps, { recordingId: stored.id }, { reader, onProgress: (phase) => onPhase(phase) }),
        ),
      );
    }
    store.close();

    // The engine alone: the same amount of samples already in memory, transferred to the worker.
    const p = pattern(10);
    const channels = Array.from({ length: CHANNELS }, (_, c) => {
      const data = new Float32Array(SECONDS * RATE_HZ);
      const row = p.data.subarray(c * p.sampleCount, (c + 1) * p.sampleCount);
      for (let at = 0; at < data.length; at += row.length) {
        data.set(row.subarray(0, Math.min(row.length, data.length - at)), at);
      }
      return { label: `E${c + 1}`, sampleRateHz: RATE_HZ, physicalRange: null, data };
    });
    const memory = await measure(() =>
      engine.request('analysis.channels', { channels }, { transfer: channels.map((c) => c.data.buffer) }),
    );
    await engine.dispose();

    const row = (what: string, ms: number, h: IntervalHistogram): (string | number)[] => [
      what,
      ms / 1000,
      ...delays(h),
    ];
    const rows: (string | number)[][] = [row('idle (engine started, nothing running)', 2000, idle)];
    for (const [reader, m] of byReader) {
      rows.push(row(`stored recording -> report stored, reader ${reader}`, m.totalMs, m.whole));
      for (const ph of m.phases.filter((x) => x.phase !== 'finished'))
        rows.push(row(`  ${ph.phase}`, ph.ms, ph.loop));
    }
    rows.push(row('engine alone, samples from memory (transferred)', memory.totalMs, memory.whole));
    const thread = byReader.get('thread')!;
    return [
      {
        title: `Analysis of ${SECONDS / 60} min x ${CHANNELS} ch x ${RATE_HZ} Hz (${(samples / 1e6).toFixed(0)} M samples) through the services' runner: main event loop delay`,
        columns: ['what', 'seconds', 'loop delay p50 ms', 'p99 ms', 'max ms'],
        rows,
        notes: [
          `Stored first in a temporary store: ${(stored.ms / 1000).toFixed(0)} s to write, ${(dbBytes / 1e9).toFixed(2)} GB on disk.`,
          `Whole job (reader thread): ${(samples / 1e6 / (thread.totalMs / 1000)).toFixed(1)} M samples/s; engine alone ${(samples / 1e6 / (memory.totalMs / 1000)).toFixed(1)} M samples/s.`,
          'Reader thread: its own SQLite connection gathers the channels and transfers them; in-process: slices of 2 MiB that yield to the event loop after 8 ms. The app uses the thread.',
          'Loop delay is perf_hooks.monitorEventLoopDelay at 5 ms resolution; compare with the idle row (the machine is shared). Run on a quiet machine for firm numbers.',
        ],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
