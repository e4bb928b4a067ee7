// An imported file that mixes sample rates is stored as several streams (stream 0 at the recording's own rate).
// The analysis reader and the sound input read stream 0 by its own channel order, never another stream's rows,
// and the analysis report says which channels it left out.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordingForAnalysis } from '../../../src/main/services/analysis/recording-input';
import { importRecordingFile } from '../../../src/main/services/recordings-cli';
import { recordingSoundInput } from '../../../src/main/services/sound';
import { asRecordingId, RecordingStore, type RecordingDetail } from '../../../src/main/storage';

const BDF = path.join(import.meta.dirname, '../../fixtures/edfbrowser/test_generator.bdf');

let store: RecordingStore;
let detail: RecordingDetail;
/** Stream 0's samples as the store gives them, one array per row, seconds 0-5. */
let stream0: Float32Array[];

beforeAll(async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'clisonix-mixed-')), 'recordings.db');
  store = RecordingStore.open(file);
  const imported = await importRecordingFile(file, BDF);
  detail = store.get(imported.recordingId);
  const fs = detail.sampleRateHz;
  const rows = detail.streams[0]!.channels.length;
  stream0 = Array.from({ length: rows }, () => new Float32Array(5 * fs));
  for (const block of store.readBlocks(asRecordingId(detail.id), { fromSample: 0, toSample: 5 * fs })) {
    for (let r = 0; r < rows; r++) {
      stream0[r]!.set(
        block.data.subarray(r * block.sampleCount, (r + 1) * block.sampleCount),
        block.firstSample,
      );
    }
  }
}, 60_000);
afterAll(() => store.close());

describe('a stored recording of several rates', () => {
  it('is what this test needs: more than one stream, stream 0 holding fewer channels than the file', () => {
    expect(detail.streams.length).toBeGreaterThan(1);
    expect(detail.streams[0]!.channels.length).toBeLessThan(detail.channels.length);
    expect(detail.streams[0]!.sampleRateHz).toBe(detail.sampleRateHz);
  });

  it('is analysed on stream 0 with its own labels and samples, and the report names what it left out', async () => {
    const input = await readRecordingForAnalysis(store, detail.id, { fromS: 0, toS: 5 });
    const labels = detail.streams[0]!.channels.map((i) => detail.channels.find((c) => c.index === i)!.label);
    expect(input.channels.map((c) => c.label)).toEqual(labels);
    input.channels.forEach((c, row) => {
      expect(c.sampleRateHz).toBe(detail.sampleRateHz);
      expect(c.data).toEqual(stream0[row]);
    });
    const left = detail.channels.length - labels.length;
    expect(input.recording.notes).toContain(
      `${left} channel(s) stored at other rates than ${detail.sampleRateHz} Hz (an imported file that mixed rates) are not in this report; analyse the original file to include them.`,
    );
    const inProcess = await readRecordingForAnalysis(
      store,
      detail.id,
      { fromS: 0, toS: 5 },
      { reader: 'in-process' },
    );
    expect(inProcess.channels.map((c) => c.data)).toEqual(input.channels.map((c) => c.data));
  });

  it('gives the sound engine stream 0’s microvolt channels, each from its own row', () => {
    const loaded = recordingSoundInput(store, detail.id, 0, 5);
    if (loaded.input.kind !== 'channels') throw new Error(`expected channels, got ${loaded.input.kind}`);
    const uvRows = detail.streams[0]!.channels.flatMap((i, row) =>
      detail.channels.find((c) => c.index === i)!.unit === 'uV' ? [row] : [],
    );
    expect(uvRows.length).toBeGreaterThan(0);
    expect(loaded.input.channels).toHaveLength(uvRows.length);
    loaded.input.channels.forEach((c, k) => expect(c.data).toEqual(stream0[uvRows[k]!]));
  });
});
