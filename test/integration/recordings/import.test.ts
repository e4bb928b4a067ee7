// Importing files into a real store: every fixture with its counts checked against MNE and its samples against
// the format reader, each signal of a mixed-rate file at its own rate, EDF+D discontinuities and a Clisonix
// export's gap filler back as gaps, and files that must be refused (truncated, lying, non-ASCII, a full disk
// half-way, a cancel) leaving the store exactly as it was: one transaction, all or nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  FormatError,
  parseOpenBciText,
  planarExportSource,
  readEdf,
  writeEdfBytes,
} from '../../../src/engine/formats';
import { openDatabase } from '../../../src/main/storage/database';
import { ImportCancelled, importFile } from '../../../src/main/storage/import-file';
import { RecordingStore, StorageError } from '../../../src/main/storage';
import { REPO_ROOT } from '../../helpers/cli';
import { runPython } from '../../helpers/python';
import {
  fixture,
  signalFieldOffset,
  withField,
  withSignalField,
} from '../../unit/engine/formats/edf-test-bytes';

const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EDF_DIR = path.join(REPO_ROOT, 'test/fixtures/edfbrowser');
const DEMO = path.join(REPO_ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt');

const open: { db: Database; store: RecordingStore }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) {
    o.store.close();
    o.db.close();
  }
});
let n = 0;
function freshStore(maxPageCount?: number): { db: Database; store: RecordingStore; file: string } {
  const file = path.join(dir, `store-${++n}.db`);
  const store = RecordingStore.open(file);
  const { db } = openDatabase(file, maxPageCount === undefined ? {} : { maxPageCount });
  open.push({ db, store });
  return { db, store, file };
}

function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Every stored row of every recording table, to prove a failed import left nothing. */
function rowCounts(db: Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['recordings', 'channels', 'streams', 'segments', 'chunks', 'markers', 'gaps']) {
    out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

/** All of one stream's samples, channel by channel, on its own clock (gaps left out). */
function streamData(store: RecordingStore, id: string, stream: number): Float32Array[] {
  const r = store.get(id);
  const s = r.streams[stream]!;
  const blocks = store.readBlocks(r.id, { fromSample: 0, toSample: s.sampleCount }, stream);
  const total = blocks.reduce((k, b) => k + b.sampleCount, 0);
  return s.channels.map((_, row) => {
    const out = new Float32Array(total);
    let at = 0;
    for (const b of blocks) {
      out.set(b.data.subarray(row * b.sampleCount, (row + 1) * b.sampleCount), at);
      at += b.sampleCount;
    }
    return out;
  });
}

const same = (a: Float32Array, b: Float32Array) =>
  a.length === b.length &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('importing EDF/EDF+/BDF/BDF+ files', { timeout: 120_000 }, () => {
  it('imports every EDFbrowser fixture with the counts MNE reads and the reader samples, each at its own rate', async () => {
    const files = ['test_generator.edf', 'test_subsecond.edf', 'test_generator.bdf'];
    const mne = await runPython<
      Record<string, { labels: string[]; counts: number[]; rates: number[]; annotations: number }>
    >({
      code: `
import mne, warnings
warnings.simplefilter('ignore'); mne.set_log_level('ERROR')
out = {}
for f in args['files']:
    p = args['dir'] + '/' + f
    raw = mne.io.read_raw_bdf(p) if f.endswith('.bdf') else mne.io.read_raw_edf(p)
    ex = raw._raw_extras[0]
    n = [int(x) for x in np.asarray(ex['n_samps'])[ex['sel']]]
    out[f] = {'labels': raw.ch_names, 'counts': [k * int(ex['n_records']) for k in n],
              'rates': [k / float(ex['record_length'][0]) for k in n],
              'annotations': len(mne.read_annotations(p))}
emit(out)
`,
      args: { files, dir: EDF_DIR },
    });
    const { db, store } = freshStore();
    for (const f of files) {
      const result = await importFile(db, path.join(EDF_DIR, f));
      const r = store.get(result.recordingId);
      const reference = readEdf(fixture(f));
      const m = mne[f]!;
      expect(
        r.channels.map((c) => c.label),
        f,
      ).toEqual(m.labels);
      expect(
        r.channels.map((c) => c.sampleRateHz),
        f,
      ).toEqual(m.rates);
      expect(
        r.channels.map((c) => r.streams[c.stream]!.sampleCount),
        f,
      ).toEqual(m.counts);
      expect(r.markerCount, f).toBe(m.annotations);
      expect(r.sampleRatesHz).toEqual([...new Set(m.rates)].sort((a, b) => b - a));
      expect(r.durationS).toBe(reference.header.recordCount * reference.header.recordDurationS);
      expect(r).toMatchObject({ status: 'complete', sourceKind: 'import', gapCount: 0 });
      for (const s of r.streams) {
        const data = streamData(store, r.id, s.index);
        s.channels.forEach((c, row) =>
          expect(same(data[row]!, reference.data[c]!), `${f} ${r.channels[c]!.label}`).toBe(true),
        );
      }
      expect(store.verifyRecording(r.id)).toEqual([]);
    }
    // The mixed-rate BDF+ keeps five streams, the fastest is the recording's clock.
    const [bdf] = store.list({ text: 'test_generator' }).filter((r) => r.sampleRatesHz.length > 1);
    expect(bdf).toMatchObject({
      channelCount: 5,
      sampleRateHz: 1000,
      sampleRatesHz: [1000, 999, 975, 800, 500],
    });
    // Start: the header's local wall clock with the first record's subsecond onset.
    const sub = readEdf(fixture('test_subsecond.edf')).header.start!;
    const [subsecond] = store.list({ text: 'test_subsecond' });
    expect(subsecond!.startedAt).toBe(
      new Date(sub.year, sub.month - 1, sub.day, sub.hour, sub.minute, sub.second).getTime() +
        Math.round(sub.subsecondS * 1000),
    );
    const annotations = readEdf(fixture('test_subsecond.edf')).annotations;
    expect(
      store.markers(subsecond!.id).map((m) => [m.atSample, m.durationSamples, m.label, m.source]),
    ).toEqual(
      annotations.map((a) => [Math.round(a.onsetS * 128), Math.round(a.durationS * 128), a.text, 'import']),
    );
  });

  it('refuses a truncated, a lying and a non-ASCII file with what is wrong, and keeps nothing of them', async () => {
    const { db, store } = freshStore();
    await importFile(db, path.join(EDF_DIR, 'test_subsecond.edf'));
    const before = rowCounts(db);
    const good = fixture('test_generator.edf');
    const records = signalFieldOffset(good, 'label', 0) - 256 + 236;
    const cases: [string, Uint8Array, RegExp][] = [
      ['truncated.edf', good.subarray(0, good.length - 1000), /^truncated\.edf: .*(record|bytes|size)/i],
      ['lying.edf', withField(good, records, 8, '700'), /^lying\.edf: .*700/],
      ['accented.edf', withSignalField(good, 'label', 2, 'Pulsé'), /^accented\.edf: .*(ASCII|label)/i],
      [
        'not-edf.edf',
        new TextEncoder().encode('just some notes\n'),
        /^not-edf\.edf is named like an EDF\/BDF file but does not start with/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const error = await importFile(db, write(name, bytes)).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(FormatError);
      expect((error as Error).message, name).toMatch(message);
      expect(rowCounts(db), name).toEqual(before);
    }
    expect(store.list().map((r) => r.label)).toEqual(['test_subsecond']);
    expect(store.checkIntegrity().ok).toBe(true);
  });

  it('a full disk half-way through rolls the whole import back; a cancel too', async () => {
    const seeded = freshStore();
    await importFile(seeded.db, path.join(EDF_DIR, 'test_subsecond.edf'));
    const pages = seeded.db.pragma('page_count', { simple: true }) as number;
    // test_generator.edf holds 10 MB of samples as float32; the cap leaves room for about 4 MB.
    const capped = openDatabase(seeded.file, { maxPageCount: pages + 1000 }).db;
    open.push({ db: capped, store: seeded.store });
    const before = rowCounts(capped);
    const progress: number[] = [];
    const full = await importFile(capped, path.join(EDF_DIR, 'test_generator.edf'), {
      onProgress: (f) => progress.push(f),
    }).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(StorageError);
    expect((full as StorageError).code).toBe('disk_full');
    expect(Math.max(...progress)).toBeGreaterThan(0.05);
    expect(rowCounts(capped)).toEqual(before);

    const abort = new AbortController();
    const cancelled = await importFile(seeded.db, path.join(EDF_DIR, 'test_generator.edf'), {
      signal: abort.signal,
      onProgress: (f) => {
        if (f > 0.3) abort.abort();
      },
    }).catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(ImportCancelled);
    expect(rowCounts(seeded.db)).toEqual(before);
    expect(seeded.store.checkIntegrity().ok).toBe(true);
    // And afterwards the same file goes in whole.
    const result = await importFile(seeded.db, path.join(EDF_DIR, 'test_generator.edf'));
    expect(seeded.store.get(result.recordingId).durationS).toBe(600);
  });

  it('EDF+D: discontinuities become gaps, a Clisonix export gap filler is left out, annotations are markers', async () => {
    // 4 channels at 250 Hz: 500 samples, 600 lost (device-lost), 900 more, 333 lost (counter-jump), 600 more.
    const recorded = 2000;
    const data = new Float32Array(4 * recorded);
    for (let c = 0; c < 4; c++)
      for (let i = 0; i < recorded; i++) data[c * recorded + i] = 100 * Math.sin(i / (7 + c)) + c;
    const source = planarExportSource({
      sampleRateHz: 250,
      channelLabels: ['Fp1', 'Fp2', 'O1', 'O2'],
      sampleCount: recorded,
      data,
      gaps: [
        { atSample: 500, missingSamples: 600, reason: 'device-lost' },
        { atSample: 1400, missingSamples: 333, reason: 'counter-jump' },
      ],
      annotations: [
        { onsetS: 1, durationS: 0, text: 'eyes closed' },
        { onsetS: 9.5, durationS: 2, text: 'hyperventilation' },
      ],
    });
    const bytes = await writeEdfBytes(source, {
      format: 'bdf',
      start: { epochMs: Date.UTC(2024, 2, 1, 9, 30, 0) },
    });
    const file = write('discontinuous.bdf', bytes);
    const reference = readEdf(bytes);
    expect(reference.header.plus).toBe('D');
    expect(reference.discontinuities.length).toBeGreaterThan(0);
    const { db, store } = freshStore();
    const result = await importFile(db, file);
    const r = store.get(result.recordingId);
    expect(r.sampleCount).toBe(recorded + 600 + 333);
    expect(store.gaps(r.id).map((g) => [g.atSample, g.missingSamples, g.reason])).toEqual([
      [1100, 600, 'device-lost'],
      [1400 + 600 + 333, 333, 'counter-jump'],
    ]);
    expect(store.markers(r.id).map((m) => [m.atSample, m.durationSamples, m.label])).toEqual([
      [250, 0, 'eyes closed'],
      [2375, 500, 'hyperventilation'],
    ]);
    // The samples are the recorded ones within the 24-bit step, none of the filler.
    const stored = streamData(store, r.id, 0);
    const exported = readEdf(bytes).signals;
    stored.forEach((values, c) => {
      expect(values.length).toBe(recorded);
      const s = exported[c]!;
      const step = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
      let worst = 0;
      for (let i = 0; i < recorded; i++)
        worst = Math.max(worst, Math.abs(values[i]! - data[c * recorded + i]!));
      expect(worst).toBeLessThanOrEqual(step / 2 + 1e-3);
    });
    expect(r.startedAt).toBe(new Date(2024, 2, 1, 9, 30, 0).getTime());
  });
});

describe('importing OpenBCI GUI and CSV files', { timeout: 60_000 }, () => {
  it('imports OpenBCI GUI v6, v5 and v1-v4 files with every sample row', async () => {
    const { db, store } = freshStore();
    const cases: [string, number][] = [
      // v6: the header lines, one line of column names, then one line per sample.
      [
        DEMO,
        readFileSync(DEMO, 'utf8')
          .split('\n')
          .filter((l) => l.trim() && !l.startsWith('%')).length - 1,
      ],
      [path.join(REPO_ROOT, 'test/fixtures/openbci/OpenBCI_GUI-v5-blinks-jawClench-alpha.head.txt'), -1],
      [
        path.join(REPO_ROOT, 'test/fixtures/openbci/OpenBCI-sampleData-1-blinks-jawClench-alpha.head.txt'),
        -1,
      ],
    ];
    for (const [file, rows] of cases) {
      const result = await importFile(db, file);
      const r = store.get(result.recordingId);
      const parsed = parseOpenBciText(readFileSync(file, 'utf8'));
      if (rows >= 0) expect(parsed.sampleCount).toBe(rows);
      expect(r).toMatchObject({
        channelCount: 8,
        sampleRateHz: 250,
        sampleCount: parsed.sampleCount,
        status: 'complete',
      });
      const stored = streamData(store, r.id, 0);
      stored.forEach((values, c) =>
        expect(same(values, parsed.data.subarray(c * parsed.sampleCount, (c + 1) * parsed.sampleCount))).toBe(
          true,
        ),
      );
      if (parsed.timestampsMs) expect(r.startedAt).toBe(parsed.timestampsMs[0]);
    }
  });

  it('imports a CSV with a time column: its rate, its units, its time jump as a gap', async () => {
    const rows = ['time_s,Fp1 (mV),Temp (degC)'];
    for (let i = 0; i < 1000; i++)
      if (i < 400 || i >= 450)
        rows.push(`${(i / 200).toFixed(3)},${(i * 0.001).toFixed(3)},${36 + i / 1000}`);
    const file = write('with-gap.csv', `${rows.join('\n')}\n`);
    const { db, store } = freshStore();
    const result = await importFile(db, file, { label: 'Spreadsheet' });
    const r = store.get(result.recordingId);
    expect(r).toMatchObject({ label: 'Spreadsheet', sampleRateHz: 200, sampleCount: 1000, channelCount: 2 });
    expect(r.channels.map((c) => [c.label, c.unit])).toEqual([
      ['Fp1', 'uV'],
      ['Temp', 'degC'],
    ]);
    expect(store.gaps(r.id).map((g) => [g.atSample, g.missingSamples])).toEqual([[450, 50]]);
    const [fp1] = streamData(store, r.id, 0);
    expect(fp1!.length).toBe(950);
    expect(fp1![400]).toBeCloseTo(450, 3); // 0.450 mV at row 450, in microvolts
  });
});
