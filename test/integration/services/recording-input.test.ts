// Reading a stored recording for analysis: the reader thread and the in-process reader give the same channels
// (a time range with a gap joined, nothing invented), both stop when cancelled, and a damaged chunk is named.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordingForAnalysis } from '../../../src/main/services/analysis/recording-input';
import { RecordingStore } from '../../../src/main/storage';
import { channelSamples, storeRecording, type RecordingSpec } from '../../helpers/stored-recording';

const SPEC: RecordingSpec = {
  label: 'Gap in the middle',
  sampleRateHz: 500,
  seconds: 60,
  channels: [
    { label: 'C3', sines: [{ hz: 11, amplitudeUv: 25 }] },
    { label: 'C4', sines: [{ hz: 12, amplitudeUv: 15 }] },
    { label: 'Pz', sines: [{ hz: 7, amplitudeUv: 5 }] },
  ],
  // 1.5 s lost at 20.5-22 s.
  gap: { atSample: 22 * 500, missingSamples: 750 },
};

let store: RecordingStore;
let file: string;
let id: string;

beforeAll(async () => {
  file = path.join(mkdtempSync(path.join(tmpdir(), 'clisonix-reader-')), 'recordings.db');
  store = RecordingStore.open(file);
  id = await storeRecording(store, SPEC);
}, 60_000);
afterAll(() => store.close());

describe('reading a recording for analysis', () => {
  it('gives the generated samples of the range, the gap left out, the same in a thread and in process', async () => {
    const fs = SPEC.sampleRateHz;
    const expected = channelSamples(SPEC).map((d) => {
      const joined = new Float32Array((40 - 10 - 1.5) * fs);
      joined.set(d.subarray(10 * fs, 20.5 * fs));
      joined.set(d.subarray(22 * fs, 40 * fs), 10.5 * fs);
      return joined;
    });
    const progress: number[] = [];
    const threaded = await readRecordingForAnalysis(
      store,
      id,
      { fromS: 10, toS: 40 },
      {
        onProgress: (done) => progress.push(done),
      },
    );
    const inProcess = await readRecordingForAnalysis(
      store,
      id,
      { fromS: 10, toS: 40 },
      {
        reader: 'in-process',
        budgetMs: 0,
        stepBytes: 1,
      },
    );
    for (const input of [threaded, inProcess]) {
      expect(input.channels.map((c) => c.label)).toEqual(['C3', 'C4', 'Pz']);
      input.channels.forEach((c, i) => {
        expect(c.data).toEqual(expected[i]);
        // A buffer of its own: it can be transferred whole to the engine.
        expect(c.data.byteLength).toBe(c.data.buffer.byteLength);
        expect(c.physicalRange).toEqual({ min: expect.closeTo(-187500, 0), max: expect.closeTo(187500, 0) });
      });
      expect(input.recording).toMatchObject({
        from_s: 10,
        to_s: 40,
        duration_s: 28.5,
        gaps: 1,
        missing_s: 1.5,
      });
      expect([input.fromSample, input.toSample]).toEqual([5000, 20000]);
    }
    expect(progress.at(-1)).toBe(15000);
  });

  it('stops when cancelled, in a thread and in process', async () => {
    for (const reader of ['thread', 'in-process'] as const) {
      const controller = new AbortController();
      const reading = readRecordingForAnalysis(
        store,
        id,
        {},
        {
          reader,
          budgetMs: 0,
          stepBytes: 1,
          signal: controller.signal,
          onProgress: () => controller.abort(),
        },
      );
      await expect(reading, reader).rejects.toMatchObject({
        code: 'cancelled',
        message: 'The analysis was cancelled.',
      });
    }
  });

  it('names the damaged chunk instead of analysing it', async () => {
    const db = new Sqlite(file);
    const row = db
      .prepare(
        'SELECT id, first_sample, data FROM chunks WHERE recording_id = ? AND first_sample >= 15000 ORDER BY first_sample LIMIT 1',
      )
      .get(id) as { id: number; first_sample: number; data: Buffer } | undefined;
    expect(row).toBeDefined();
    const data = Buffer.from(row!.data);
    data[101]! ^= 0x10;
    expect(db.prepare('UPDATE chunks SET data = ? WHERE id = ?').run(data, row!.id).changes).toBe(1);
    db.close();
    for (const reader of ['thread', 'in-process'] as const) {
      await expect(readRecordingForAnalysis(store, id, {}, { reader }), reader).rejects.toMatchObject({
        code: 'corrupt',
        message: expect.stringMatching(
          new RegExp(`samples ${row!.first_sample}\\.\\.\\d+ of recording .* CRC-32`),
        ) as unknown,
      });
    }
  });
});
