// Import and export of a one-hour, 64-channel, 1000 Hz recording THROUGH THE STORE, as the app and the CLI do it
// (a transfer worker: file -> one SQLite transaction, and store reads -> file), beside MNE reading the same file
// (mne.io.read_raw_*(preload=True), timed with perf_counter inside Python).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareEdfExport, type ExportSource } from '../src/engine/formats';
import { RecordingStore } from '../src/main/storage';
import { runTransfer } from '../src/main/storage/transfers';
import { writeChunksToFile } from '../test/helpers/file-byte-source';
import { runPython } from '../test/helpers/python';
import type { BenchTable } from './harness';

const CHANNELS = 64;
const RATE_HZ = 1000;
const SECONDS = 3600;

/** A deterministic hour: a 10 Hz sine plus LCG noise per channel, a slow drift, 120 markers. */
function syntheticHour(): ExportSource {
  const tables = Array.from({ length: CHANNELS }, (_, c) => {
    let seed = (c * 7919 + 3) >>> 0;
    return Float32Array.from({ length: RATE_HZ }, (_, i) => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return 40 * Math.sin((2 * Math.PI * 10 * i) / RATE_HZ + c) + (seed / 2 ** 32 - 0.5) * 12;
    });
  });
  return {
    signals: Array.from({ length: CHANNELS }, (_, c) => ({
      label: `EEG ${c + 1}`,
      sampleRateHz: RATE_HZ,
      unit: 'uV',
      sampleCount: RATE_HZ * SECONDS,
    })),
    gaps: [],
    annotations: Array.from({ length: 120 }, (_, i) => ({
      onsetS: i * 30 + 0.25,
      durationS: 0,
      text: `marker ${i}`,
    })),
    ranges: tables.map(() => ({ min: -120, max: 120 })),
    read(window) {
      return window.firstSample.map((first, c) => {
        const out = new Float32Array(window.sampleCount[c]!);
        const table = tables[c]!;
        for (let at = 0; at < out.length;) {
          const from = (first + at) % RATE_HZ;
          const n = Math.min(RATE_HZ - from, out.length - at);
          out.set(table.subarray(from, from + n), at);
          const drift = 25 * Math.sin(Math.floor((first + at) / RATE_HZ) / 60);
          for (let i = at; i < at + n; i++) out[i]! += drift;
          at += n;
        }
        return out;
      });
    },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, (performance.now() - t0) / 1000];
}

export async function run(): Promise<BenchTable[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-bench-recordings-'));
  const rows: (string | number)[][] = [];
  try {
    for (const format of ['edf', 'bdf'] as const) {
      const source = path.join(dir, `hour.${format}`);
      const prepared = await prepareEdfExport(syntheticHour(), {
        format,
        start: { epochMs: Date.UTC(2024, 0, 1, 9) },
      });
      await writeChunksToFile(source, prepared.chunks());
      const fileMb = statSync(source).size / 1e6;
      const db = path.join(dir, `store-${format}.db`);
      RecordingStore.open(db).close();

      const [imported, importS] = await timed(() => runTransfer(db, { type: 'import', file: source }));
      if (
        imported.sampleCount !== RATE_HZ * SECONDS ||
        imported.channelCount !== CHANNELS ||
        imported.markers !== 120
      ) {
        throw new Error(
          `imported ${imported.channelCount} ch x ${imported.sampleCount}, ${imported.markers} markers`,
        );
      }
      // Closing the last connection checkpoints the write-ahead log into the database file.
      RecordingStore.open(db).close();
      const storeMb = statSync(db).size / 1e6;
      const out = path.join(dir, `export.${format}`);
      const [exported, exportS] = await timed(() =>
        runTransfer(db, { type: 'export', recordingId: imported.recordingId, path: out, format }),
      );
      const outMb = exported.bytes / 1e6;
      const mne = await runPython<{ seconds: number; shape: number[] }>({
        code: `
import time, mne
mne.set_log_level('ERROR')
t0 = time.perf_counter()
reader = mne.io.read_raw_bdf if args['path'].endswith('.bdf') else mne.io.read_raw_edf
raw = reader(args['path'], preload=True)
emit({'seconds': time.perf_counter() - t0, 'shape': list(raw._data.shape)})
`,
        args: { path: source },
        timeoutMs: 900_000,
      });
      if (mne.shape[0] !== CHANNELS || mne.shape[1] !== RATE_HZ * SECONDS) {
        throw new Error(`MNE read ${mne.shape.join(' x ')}`);
      }
      rows.push([
        `${format.toUpperCase()}+`,
        Math.round(fileMb),
        importS,
        fileMb / importS,
        Math.round(storeMb),
        exportS,
        outMb / exportS,
        mne.seconds,
        fileMb / mne.seconds,
      ]);
      rmSync(db, { force: true });
      rmSync(`${db}-wal`, { force: true });
      rmSync(`${db}-shm`, { force: true });
      rmSync(source, { force: true });
      rmSync(out, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      title: `Import and export through the store: 1 h x ${CHANNELS} channels x ${RATE_HZ} Hz (+ 120 markers)`,
      columns: [
        'format',
        'file MB',
        'import s',
        'import MB/s',
        'store MB',
        'export s',
        'export MB/s',
        'MNE read s',
        'MNE MB/s',
      ],
      rows,
      notes: [
        'import = a transfer worker: detect, openEdf (header + every annotation checked), decode, ~1 s float32 chunks with CRC, markers; ONE SQLite transaction (WAL, synchronous=FULL)',
        'export = a transfer worker: store reads (CRC checked) -> ranges pass -> EDF+/BDF+ streamed to a temp name, renamed when complete',
        'MNE = mne.io.read_raw_edf/bdf(preload=True) of the same source file, perf_counter inside Python (float64 volts, no store)',
        'store MB = the database file after the import, checkpointed (float32 samples: twice the EDF bytes, 4/3 of the BDF bytes)',
      ],
    },
  ];
}
