// The overview the Recordings page draws: per channel and column the min and max of the stored samples, NaN in
// columns the recording has no sample for (a gap), each stream of a mixed-rate import at its own rate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/storage/database';
import { importFile } from '../../../src/main/storage/import-file';
import { computeOverview } from '../../../src/main/storage/overview';
import { RecordingStore } from '../../../src/main/storage';
import { readEdf } from '../../../src/engine/formats';
import { REPO_ROOT } from '../../helpers/cli';
import { fixture } from '../../unit/engine/formats/edf-test-bytes';

const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-overview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the overview of a stored recording', () => {
  it('holds each column’s min and max, and NaN over a gap', async () => {
    const file = path.join(dir, 'gap.db');
    const store = RecordingStore.open(file);
    const writer = await store.startRecording({
      label: 'ramp',
      channels: [{ label: 'A' }, { label: 'B' }],
      sampleRateHz: 100,
    });
    const block = (first: number, n: number) => {
      const data = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        data[i] = first + i;
        data[n + i] = -(first + i);
      }
      return { firstSample: first, sampleCount: n, channelCount: 2, sampleRateHz: 100, data };
    };
    writer.append(block(0, 400));
    writer.gap({ atSample: 600, missingSamples: 200, reason: 'device-lost' });
    writer.append(block(600, 400));
    const { recordingId } = await writer.finish();
    const { db } = openDatabase(file);
    try {
      // 1000 samples over 10 columns: 100 samples (1 s) per column; columns 4 and 5 are the gap.
      const o = computeOverview(db, recordingId, 10);
      expect(o).toMatchObject({
        columns: 10,
        durationS: 10,
        secondsPerColumn: 1,
        channels: [
          { label: 'A', unit: 'uV' },
          { label: 'B', unit: 'uV' },
        ],
      });
      const a = Array.from({ length: 10 }, (_, k) => [o.envelope[k * 2], o.envelope[k * 2 + 1]]);
      const b = Array.from({ length: 10 }, (_, k) => [
        o.envelope[(10 + k) * 2],
        o.envelope[(10 + k) * 2 + 1],
      ]);
      expect(a).toEqual([
        [0, 99],
        [100, 199],
        [200, 299],
        [300, 399],
        [NaN, NaN],
        [NaN, NaN],
        [600, 699],
        [700, 799],
        [800, 899],
        [900, 999],
      ]);
      expect(b[0]).toEqual([-99, -0]);
      expect(b[9]).toEqual([-999, -900]);
    } finally {
      db.close();
      store.close();
    }
  });

  it('reads every stream of a mixed-rate import at its own rate', async () => {
    const file = path.join(dir, 'mixed.db');
    RecordingStore.open(file).close();
    const { db } = openDatabase(file);
    try {
      const { recordingId } = await importFile(
        db,
        path.join(REPO_ROOT, 'test/fixtures/edfbrowser/test_generator.bdf'),
      );
      const o = computeOverview(db, recordingId, 30);
      const reference = readEdf(fixture('test_generator.bdf'));
      reference.signals.forEach((s, c) => {
        const values = reference.data[c]!;
        for (const k of [0, 17, 29]) {
          const column = values.subarray(k * s.sampleRateHz, (k + 1) * s.sampleRateHz);
          expect(
            [o.envelope[(c * 30 + k) * 2], o.envelope[(c * 30 + k) * 2 + 1]],
            `${s.label} column ${k}`,
          ).toEqual([Math.min(...column), Math.max(...column)]);
        }
      });
    } finally {
      db.close();
    }
  });
});
