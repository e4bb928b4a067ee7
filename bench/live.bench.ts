// The Live page's cost to the main thread: event-loop delay (perf_hooks.monitorEventLoopDelay) while the
// synthetic headset streams through the whole services stack to an attached "UI" (frames taken, events turned
// to JSON as the WebSocket transport does), with the live analysis off and on (display filter band-pass + notch,
// spectrum / band powers / quality in the engine worker four times a second). Also the engine worker's time
// per update and the size of one live.spectrum event. Wall-clock on a shared machine: rough, load printed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LiveSpectrumUpdate } from '../src/shared/api';
import { createAppServices } from '../src/main/services/app-services';
import { findResourcesDir } from '../src/main/services/paths';
import type { BenchTable } from './harness';

interface Case {
  readonly name: string;
  readonly channelCount: number;
  readonly sampleRateHz: number;
}

const CASES: readonly Case[] = [
  { name: '16 ch x 250 Hz', channelCount: 16, sampleRateHz: 250 },
  { name: '64 ch x 1000 Hz', channelCount: 64, sampleRateHz: 1000 },
];
const WARMUP_MS = 3000;
const MEASURE_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (ns: number) => ns / 1e6;

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN;
}

async function measure(c: Case, liveOn: boolean) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clisonix-bench-live-'));
  const services = createAppServices({
    mode: 'browser',
    version: 'bench',
    dataDir,
    resourcesDir: findResourcesDir(import.meta.url),
  });
  if (!liveOn) services.live.dispose();
  else await services.dispatch('live.configure', { filter: 'band-pass-notch', mains: 50 });
  let frames = 0;
  let jsonBytes = 0;
  let jsonMs = 0;
  let spectrumBytes = 0;
  const computeMs: number[] = [];
  let lastSkipped = 0;
  services.events.onFrame(() => frames++);
  services.events.onEvent((name, payload) => {
    // What the WebSocket transport does with every event.
    const t0 = performance.now();
    const text = JSON.stringify({ t: 'event', name, payload });
    jsonMs += performance.now() - t0;
    jsonBytes += text.length;
    if (name === 'live.spectrum') {
      const update = payload as LiveSpectrumUpdate;
      if (update.state === 'ready') {
        computeMs.push(update.computeMs);
        spectrumBytes = text.length;
        lastSkipped = update.ticksSkipped;
      }
    }
  });
  await services.ready;
  await services.engine.start();
  const connected = await services.dispatch('source.connect', {
    kind: 'synthetic',
    channelCount: c.channelCount,
    sampleRateHz: c.sampleRateHz,
  });
  if (!connected.ok) throw new Error(connected.error.message);
  await sleep(WARMUP_MS);
  computeMs.length = 0;
  const skippedAtStart = lastSkipped;
  frames = 0;
  jsonBytes = 0;
  jsonMs = 0;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const cpu0 = process.cpuUsage();
  histogram.enable();
  await sleep(MEASURE_MS);
  histogram.disable();
  const cpu = process.cpuUsage(cpu0);
  await services.dispose();
  await rm(dataDir, { recursive: true, force: true });
  computeMs.sort((a, b) => a - b);
  const seconds = MEASURE_MS / 1000;
  return {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    mainCpuPercent: ((cpu.user + cpu.system) / 1000 / MEASURE_MS) * 100,
    framesPerS: frames / seconds,
    updatesPerS: computeMs.length / seconds,
    engineP50: percentile(computeMs, 0.5),
    engineP95: percentile(computeMs, 0.95),
    skipped: lastSkipped - skippedAtStart,
    eventKbPerS: jsonBytes / 1024 / seconds,
    jsonMsPerS: jsonMs / seconds,
    spectrumKb: spectrumBytes / 1024,
  };
}

export async function run(): Promise<BenchTable[]> {
  const rows: (string | number)[][] = [];
  for (const c of CASES) {
    for (const liveOn of [false, true]) {
      const r = await measure(c, liveOn);
      rows.push([
        c.name,
        liveOn ? 'on' : 'off',
        r.p50,
        r.p99,
        r.max,
        r.mainCpuPercent,
        r.framesPerS,
        liveOn ? r.updatesPerS : '-',
        liveOn ? `${r.engineP50.toFixed(2)} / ${r.engineP95.toFixed(2)}` : '-',
        liveOn ? r.skipped : '-',
        liveOn ? r.spectrumKb : '-',
        r.eventKbPerS,
        r.jsonMsPerS,
      ]);
    }
  }
  return [
    {
      title: `Live analysis: main event-loop delay while streaming (${MEASURE_MS / 1000} s each, after ${WARMUP_MS / 1000} s warm-up)`,
      columns: [
        'stream',
        'live analysis',
        'loop delay p50 ms',
        'p99 ms',
        'max ms',
        'main CPU %',
        'UI frames/s',
        'spectra/s',
        'engine ms/update p50 / p95',
        'updates skipped',
        'spectrum event KB',
        'events KB/s',
        'JSON ms/s',
      ],
      rows,
      notes: [
        `load average at the end: ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${os.cpus().length} cores (shared machine: figures are rough)`,
        'loop delay: perf_hooks.monitorEventLoopDelay at 5 ms resolution (its floor is about the resolution)',
        '"live analysis on": display filter 1-45 Hz band-pass + 50 Hz notch on the UI frames, 4 s windows sent to the engine worker every 250 ms',
        'engine ms/update: time inside the worker for Welch PSD + band powers + quality of every channel of one window',
      ],
    },
  ];
}
