// Brain engine speed: Welch PSD + band powers over 1 h recordings against scipy.signal.welch on the same data,
// single thread, on 2 worker threads, and per FFT backend; FFT throughput per backend.
// The data are made once (float32), written to a temp file for python, and python times its own welch + band
// powers with time.perf_counter (interpreter start and file reading excluded). Figures are wall-clock: rough on a
// shared machine, so the load average is printed with them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bandPowersOfChannels, resolveParams, type RecordingChannel } from '../src/engine/brain';
import { createRealFft, type FftBackend } from '../src/engine/dsp/fft';
import { ParallelPool } from '../src/engine/worker/parallel';
import { runPython } from '../test/helpers/python';
import type { BenchTable } from './harness';

interface Case {
  readonly name: string;
  readonly channels: number;
  readonly sampleRateHz: number;
  readonly seconds: number;
}

const CASES: readonly Case[] = [
  { name: '1 h x 64 ch x 1000 Hz', channels: 64, sampleRateHz: 1000, seconds: 3600 },
  { name: '1 h x 8 ch x 250 Hz', channels: 8, sampleRateHz: 250, seconds: 3600 },
];

/** Alpha and beta rhythms, a trace of mains and uniform noise: cheap to make, realistic enough for timing. */
function makeChannels(c: Case): RecordingChannel[] {
  const n = c.sampleRateHz * c.seconds;
  return Array.from({ length: c.channels }, (_, ch) => {
    const data = new Float32Array(n);
    let seed = (ch + 1) * 7919;
    const wa = (2 * Math.PI * (9 + ch / 16)) / c.sampleRateHz;
    const wb = (2 * Math.PI * 21) / c.sampleRateHz;
    const wl = (2 * Math.PI * 50) / c.sampleRateHz;
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      data[i] =
        20 * Math.sin(wa * i) + 5 * Math.sin(wb * i) + 2 * Math.sin(wl * i) + 10 * (seed / 4294967296 - 0.5);
    }
    return { label: `Ch${ch + 1}`, sampleRateHz: c.sampleRateHz, data };
  });
}

const PYTHON_WELCH = `
import time
import scipy.signal as ss
data = np.fromfile(args['path'], dtype='<f4').reshape(args['channels'], -1)
fs = args['fs']
bands = [(0.5, 4), (4, 8), (8, 13), (13, 30), (30, 45)]
result = {}
# scipy keeps float32 input in float32 and is faster with it on long channels; float64 is timed too, the best
# counts. Conversions happen outside the timed region.
for dtype in ('float32', 'float64'):
    wall = cpu = 0.0
    alpha = 0.0
    for c in range(data.shape[0]):
        x = data[c].astype(dtype)
        w0, c0 = time.perf_counter(), time.process_time()
        f, p = ss.welch(x, fs, nperseg=int(2 * fs))
        df = f[1] - f[0]
        powers = [p[(f >= lo) & (f < hi)].sum() * df for lo, hi in bands]
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        alpha += float(powers[2])
    result[dtype] = {'wall': wall, 'cpu': cpu, 'alpha': alpha}
emit(result)
`;

interface ScipyTiming {
  readonly wall: number;
  readonly cpu: number;
  readonly alpha: number;
}

/** Wall and CPU seconds of fn (CPU of the whole process: all threads). */
function timed(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const cpu = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

async function welchTables(): Promise<BenchTable[]> {
  const params = resolveParams({ harmony: { enabled: false } });
  const fftjsParams = resolveParams({ harmony: { enabled: false }, welch: { fftBackend: 'fftjs' } });
  const rows: (string | number)[][] = [];
  const fullRows: (string | number)[][] = [];
  const notes: string[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clisonix-bench-'));
  const pool = new ParallelPool({ threads: 2 });
  try {
    // Start both workers (and their TypeScript loader) and warm the JIT before timing anything.
    const warm = makeChannels({ name: 'warm', channels: 2, sampleRateHz: 250, seconds: 60 });
    await pool.runChannelTask('band-powers', { channels: warm }, params, { ownership: 'copy' });
    await pool.analyze({ channels: warm }, {}, { ownership: 'copy' });
    bandPowersOfChannels(warm, params);
    bandPowersOfChannels(warm, fftjsParams);
    for (const c of CASES) {
      const channels = makeChannels(c);
      const file = path.join(dir, 'data.f32');
      const planar = new Float32Array(c.channels * c.sampleRateHz * c.seconds);
      channels.forEach((ch, i) => planar.set(ch.data, i * ch.data.length));
      await writeFile(file, new Uint8Array(planar.buffer));
      const scipyRuns = await runPython<Record<'float32' | 'float64', ScipyTiming>>({
        code: PYTHON_WELCH,
        args: { path: file, channels: c.channels, fs: c.sampleRateHz },
        timeoutMs: 600_000,
      });
      await rm(file);
      const scipy = scipyRuns.float32.wall <= scipyRuns.float64.wall ? scipyRuns.float32 : scipyRuns.float64;
      const scipyDtype = scipy === scipyRuns.float32 ? 'float32' : 'float64';
      let ours = 0;
      const single = timed(() => {
        ours = bandPowersOfChannels(channels, params).reduce((s, r) => s + r.bandsUv2.alpha!, 0);
      });
      // fft.js alone is slow on 2000-point segments (Bluestein): time 8 channels and scale, to keep the run short.
      const sample = channels.slice(0, Math.min(8, channels.length));
      const fftjsOnly =
        timed(() => bandPowersOfChannels(sample, fftjsParams)).wall * (channels.length / sample.length);
      const t0 = performance.now();
      const run = await pool.runChannelTask('band-powers', { channels }, params, { ownership: 'transfer' });
      const parallel = (performance.now() - t0) / 1000;
      const tA = performance.now();
      await pool.analyze({ channels: run.channels }, {}, { ownership: 'transfer' });
      fullRows.push([c.name, (performance.now() - tA) / 1000]);
      rows.push([
        c.name,
        single.wall,
        single.cpu,
        parallel,
        fftjsOnly,
        `${scipy.wall.toFixed(2)} (${scipyDtype})`,
        scipy.cpu,
        ratio(single.wall, scipy.wall),
        ratio(single.cpu, scipy.cpu),
        ratio(parallel, scipy.wall),
      ]);
      notes.push(
        `${c.name}: alpha power summed over channels, engine ${ours.toPrecision(7)} vs scipy (float64) ` +
          `${scipyRuns.float64.alpha.toPrecision(7)} uV^2; scipy float32 ${scipyRuns.float32.wall.toFixed(2)} s, ` +
          `float64 ${scipyRuns.float64.wall.toFixed(2)} s wall.`,
      );
    }
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
  const load = os.loadavg().map((l) => l.toFixed(2));
  return [
    {
      title:
        'Welch PSD + 5 band powers, seconds (reference: scipy.signal.welch(x, fs, nperseg=2*fs) + band sums)',
      columns: [
        'recording',
        'engine 1 thread',
        'engine 1 thread CPU',
        'engine 2 workers',
        'engine 1 thread, fft.js only',
        'scipy (dtype)',
        'scipy CPU',
        '1 thread / scipy',
        '1 thread / scipy, CPU',
        '2 workers / scipy',
      ],
      rows,
      notes: [
        'Targets: 2 workers <= 0.5x scipy; 1 thread no slower than scipy.',
        "Engine default ('auto') FFT: fft.js for powers of two, the mixed-radix plan (two segments per complex " +
          "FFT) for 500/2000-point segments. 'fft.js only' forces fft.js everywhere (Bluestein for lengths that " +
          'are not powers of two), timed on 8 channels and scaled.',
        'scipy timed per channel inside python (time.perf_counter / process_time), best dtype of float32/float64.',
        'CPU columns are process CPU seconds (less sensitive to a shared machine than wall time).',
        '2 workers: sample buffers transferred to the threads (no copy), worker start-up excluded.',
        `Load average after measuring (1/5/15 min): ${load.join(' / ')} on ${os.cpus().length} cores.`,
        ...notes,
      ],
    },
    {
      title: 'Full analysis on 2 workers (energy check + harmonic scan + coherence of all pairs), seconds',
      columns: ['recording', 'analyze, 2 workers'],
      rows: fullRows,
    },
  ];
}

function fftTable(): BenchTable {
  const sizes = [256, 500, 1024, 2000, 4096];
  const backends: FftBackend[] = ['fftjs', 'mixed-radix'];
  const rows = sizes.map((n) => {
    const row: (string | number)[] = [n];
    for (const backend of backends) {
      const fft = createRealFft(n, { backend });
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + (i % 11));
      const acc = new Float64Array(fft.binCount);
      for (let i = 0; i < 200; i++) fft.addPower(x, acc);
      // About 0.4 s per measurement; the rate is per CPU second of this process, steadier than wall time when the
      // machine is shared.
      let count = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      while (performance.now() - t0 < 400) {
        for (let i = 0; i < 50; i++) fft.addPower(x, acc);
        count += 50;
      }
      const cpu = process.cpuUsage(c0);
      row.push(Math.round(count / ((cpu.user + cpu.system) / 1e6)));
    }
    row.push(createRealFft(n).backend);
    return row;
  });
  return {
    title: 'Real FFT throughput (|X|^2 of one real segment), transforms per CPU second',
    columns: ['N', 'fftjs', 'mixed-radix', "'auto' picks"],
    rows,
    notes: [
      'fft.js is radix-4 for powers of two only; other lengths go through Bluestein (3 power-of-two FFTs).',
      'No WASM backend is included: the WASM FFTs on npm (pffft, KISS FFT) are float32 and miss the 1e-6 ' +
        'agreement (1e-5 to 3e-4 relative on low-power bins of an EEG-like segment); see docs/engine.md.',
    ],
  };
}

export async function run(): Promise<BenchTable[]> {
  const fft = fftTable();
  const welch = await welchTables();
  return [...welch, fft];
}
