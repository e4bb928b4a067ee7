// Export and import speed of a one-hour, 64-channel, 1000 Hz recording as EDF+ and BDF+, beside MNE reading the
// same file (read_raw_*(preload=True), timed with perf_counter inside Python). The file goes through a real
// temp file: the writer's chunks to disk, the reader's record ranges from disk.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEdf, readRecordChunks } from '../src/engine/formats/edf-reader';
import { prepareEdfExport } from '../src/engine/formats/edf-writer';
import { fileByteSource, writeChunksToFile } from '../test/helpers/file-byte-source';
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
  const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-bench-formats-'));
  const rows: (string | number)[][] = [];
  try {
    for (const format of ['edf', 'bdf'] as const) {
      const file = path.join(dir, `hour.${format}`);
      const exportTo = (ranges: boolean) =>
        timed(async () => {
          const exp = await prepareEdfExport(syntheticHour(ranges), {
            format,
            start: { epochMs: Date.UTC(2024, 0, 1, 9) },
          });
          return writeChunksToFile(file, exp.chunks());
        });
      const [, knownRangesS] = await exportTo(true);
      const [, writeS] = await exportTo(false);
      const mb = statSync(file).size / 1e6;
      const [checksum, readS] = await timed(async () => {
        const source = fileByteSource(file);
        try {
          const reader = await openEdf(source);
          let sum = 0;
          for await (const block of readRecordChunks(reader))
            sum += block.data[0]![0]! + block.data[63]!.at(-1)!;
          return sum;
        } finally {
          source.close();
        }
      });
      const mne = await runPython<{ seconds: number; shape: number[] }>({
        code: `
import time, mne
mne.set_log_level('ERROR')
t0 = time.perf_counter()
reader = mne.io.read_raw_bdf if args['path'].endswith('.bdf') else mne.io.read_raw_edf
raw = reader(args['path'], preload=True)
emit({'seconds': time.perf_counter() - t0, 'shape': list(raw._data.shape)})
`,
        args: { path: file },
        timeoutMs: 600_000,
      });
      if (mne.shape[0] !== CHANNELS || mne.shape[1] !== RATE_HZ * SECONDS || !Number.isFinite(checksum)) {
        throw new Error(`MNE read ${mne.shape.join(' x ')}, expected ${CHANNELS} x ${RATE_HZ * SECONDS}`);
      }
      rows.push([
        `${format.toUpperCase()}+`,
        Math.round(mb),
        writeS,
        mb / writeS,
        knownRangesS,
        readS,
        mb / readS,
        mne.seconds,
        mb / mne.seconds,
      ]);
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      title: `EDF+/BDF+ export and import: 1 h x ${CHANNELS} channels x ${RATE_HZ} Hz (+ 120 markers)`,
      columns: [
        'format',
        'file MB',
        'export s',
        'export MB/s',
        'export s (ranges known)',
        'import s',
        'import MB/s',
        'MNE read s',
        'MNE MB/s',
      ],
      rows,
      notes: [
        'export = data ranges pass + streaming write to a temp file; "ranges known": the source gives min/max, one pass',
        'import = openEdf (header + annotation scan) + every record decoded to float32 microvolts, 8 MB ranges',
        'MNE = mne.io.read_raw_edf/bdf(preload=True) on the same file, perf_counter inside Python (float64 volts)',
      ],
    },
  ];
}
