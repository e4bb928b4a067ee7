// Import and export of a one-hour, 64-channel, 1000 Hz recording THROUGH THE STORE, as the app and the CLI do it
// (a transfer worker: file -> one SQLite transaction, and store reads -> file), beside MNE reading the same file
// (mne.io.read_raw_*(preload=True), timed with perf_counter inside Python).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareEdfExport } from '../src/engine/formats';
import { RecordingStore } from '../src/main/storage';
import { runTransfer } from '../src/main/storage/transfers';
import { writeChunksToFile } from '../test/helpers/file-byte-source';
import { runPython } from '../test/helpers/python';
import type { BenchTable } from './harness';
import {
  HOUR_CHANNELS as CHANNELS,
  HOUR_RATE_HZ as RATE_HZ,
  HOUR_SECONDS as SECONDS,
  syntheticHour,
  timedS as timed,
} from './synthetic-hour';

export async function run(): Promise<BenchTable[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-bench-recordings-'));
  const rows: (string | number)[][] = [];
  try {
    for (const format of ['edf', 'bdf'] as const) {
      const source = path.join(dir, `hour.${format}`);
      const prepared = await prepareEdfExport(syntheticHour(true), {
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
