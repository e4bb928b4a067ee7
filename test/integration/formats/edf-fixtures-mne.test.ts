// Every EDFbrowser fixture read by our reader and by MNE: same channels, rates, start, annotations and samples.
import { describe, expect, it } from 'vitest';
import { readEdf, type EdfRecording } from '../../../src/engine/formats/edf-reader';
import { runPython } from '../../helpers/python';
import { FIXTURES, fixture } from '../../unit/engine/formats/edf-test-bytes';
import { MNE_HELPERS } from './mne-reference';
import path from 'node:path';

const FILES = ['test_generator.edf', 'test_subsecond.edf', 'test_generator.bdf'];

interface MneView {
  readonly chNames: string[];
  readonly rates: number[];
  readonly maxRate: number;
  readonly measDateS: number;
  readonly firstTalOnsetS: number;
  readonly annotations: [number, number, string][];
  /** per signal: worst error against numpy decoding at its own rate (1 = float32 rounding of the value) */
  readonly worstDecoded: number[];
  /** per signal at MNE's (highest) rate: worst error against MNE's own get_data(), or null when MNE resampled it */
  readonly worstMne: (number | null)[];
  readonly lengths: number[];
}

const CODE = `${MNE_HELPERS}
out = {}
for f in args['files']:
    path = args['dir'] + '/' + f
    raw = read_raw(path, preload=True)
    ex = raw._raw_extras[0]
    decoded = decode_signals(path, raw)
    mne_data = raw.get_data() * 1e6
    worst_dec, worst_mne, lengths = [], [], []
    for k in range(len(decoded)):
        ours = arrays[f + '__' + str(k)]
        allow = np.abs(decoded[k]) * 2.0 ** -23 + 1e-9
        lengths.append(len(ours))
        worst_dec.append(worst(ours, decoded[k], allow) if len(ours) == len(decoded[k]) else 1e9)
        same_rate = int(np.asarray(ex['n_samps'])[ex['sel']][k]) == int(ex['max_samp'])
        worst_mne.append(worst(ours, mne_data[k], np.abs(mne_data[k]) * 2.0 ** -23 + 1e-9) if same_rate else None)
    out[f] = {
        'chNames': raw.ch_names, 'rates': rates(raw), 'maxRate': raw.info['sfreq'],
        'measDateS': raw.info['meas_date'].timestamp(),
        'firstTalOnsetS': float(record_onsets(path, raw)[0]),
        'annotations': [[float(a['onset']), float(a['duration']), a['description']] for a in raw.annotations],
        'worstDecoded': worst_dec, 'worstMne': worst_mne, 'lengths': lengths,
    }
emit(out)
`;

describe('EDFbrowser fixtures: our reader against MNE', () => {
  const ours = new Map<string, EdfRecording>(FILES.map((f) => [f, readEdf(fixture(f))]));

  it('gives the same channels, rates, start, annotations and samples', async () => {
    const arrays: Record<string, Float32Array> = {};
    for (const [f, rec] of ours) rec.data.forEach((d, k) => (arrays[`${f}__${k}`] = d));
    const mne = await runPython<Record<string, MneView>>({
      code: CODE,
      args: { files: FILES, dir: path.resolve(FIXTURES) },
      arrays,
    });
    for (const f of FILES) {
      const rec = ours.get(f)!;
      const ref = mne[f]!;
      expect(
        rec.signals.map((s) => s.label),
        f,
      ).toEqual(ref.chNames);
      expect(
        rec.signals.map((s) => s.sampleRateHz),
        f,
      ).toEqual(ref.rates);
      expect(
        rec.data.map((d) => d.length),
        f,
      ).toEqual(ref.lengths);
      // Each value is the float32 of the exact physical value: within one float32 rounding of numpy's decode.
      for (const w of ref.worstDecoded) expect(w, f).toBeLessThanOrEqual(1);
      // Where MNE did not resample (signal at the file's highest rate), also against MNE's own samples.
      const direct = ref.worstMne.filter((w): w is number => w !== null);
      expect(direct.length, f).toBeGreaterThan(0);
      for (const w of direct) expect(w, f).toBeLessThanOrEqual(1);
      // MNE 1.3 keeps whole seconds in meas_date; the subsecond is the first record's TAL onset.
      expect(rec.header.start!.subsecondS, f).toBe(ref.firstTalOnsetS);
      expect(rec.header.start!.epochMs, f).toBeCloseTo((ref.measDateS + ref.firstTalOnsetS) * 1000, 3);
      // MNE counts annotation onsets from the first record's onset, as we do.
      expect(rec.annotations.length, f).toBe(ref.annotations.length);
      rec.annotations.forEach((a, i) => {
        const [onset, duration, text] = ref.annotations[i]!;
        expect(a.text).toBe(text);
        // MNE rounds annotation onsets to whole microseconds.
        expect(Math.abs(a.onsetS - onset)).toBeLessThanOrEqual(0.5e-6 + 1e-12);
        expect(a.durationS).toBeCloseTo(duration, 9);
      });
    }
    expect(ours.get('test_subsecond.edf')!.header.start!.subsecondS).toBeGreaterThan(0);
    expect(new Set(ours.get('test_generator.bdf')!.signals.map((s) => s.sampleRateHz)).size).toBe(5);
  });
});
