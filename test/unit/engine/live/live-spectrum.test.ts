import { describe, expect, it } from 'vitest';
import { computeLiveSpectrum } from '../../../../src/engine/live/live-spectrum';
import { createSyntheticSource } from '../../../../src/engine/sources/synthetic';
import { runPython } from '../../../helpers/python';

const FS = 250;
const N = 4 * FS;
const CYTON_RANGE = { min: -187_500, max: 187_500 };

function window(): Float32Array {
  const data = createSyntheticSource({
    channelCount: 4,
    sampleRateHz: FS,
    seed: 5,
    noiseUv: 2,
    sines: [
      { channel: 0, frequencyHz: 10, amplitudeUv: 30 },
      { channel: 1, frequencyHz: 6, amplitudeUv: 20 },
      { channel: 1, frequencyHz: 60, amplitudeUv: 80 },
    ],
  }).read(0, N).data;
  data.fill(0, 2 * N, 3 * N); // channel 2: a disconnected input, flat
  data.fill(187_400, 3 * N, 4 * N); // channel 3: stuck at the ADC's rail
  return data;
}

describe('one live analysis update', () => {
  const result = computeLiveSpectrum({
    channelCount: 4,
    sampleCount: N,
    sampleRateHz: FS,
    data: window(),
    physicalRange: CYTON_RANGE,
    maxFrequencyHz: 60,
  });

  it('matches scipy: Welch PSD (2 s Hann segments) and band powers summed over lo <= f < hi', async () => {
    const data = window();
    const reference = await runPython<{ f: number[]; psd: number[][]; bands: number[][] }>({
      code: `
from scipy import signal
x = arrays['x'].reshape(4, -1)
f, p = signal.welch(x, fs=250, nperseg=500)
bands = [[0.5, 4], [4, 8], [8, 13], [13, 30], [30, 45]]
emit({"f": f, "psd": p, "bands": [[float(p[c][(f >= lo) & (f < hi)].sum() * (f[1] - f[0])) for lo, hi in bands] for c in range(4)]})`,
      arrays: { x: data },
    });
    const bins = result.frequenciesHz.length;
    expect(Array.from(result.frequenciesHz)).toEqual(reference.f.filter((f) => f <= 60));
    for (const c of [0, 1]) {
      for (let k = 0; k < bins; k++) {
        const db = 10 * Math.log10(reference.psd[c]![k]!);
        expect(result.psdDb[c * bins + k]).toBeCloseTo(db, 6);
      }
      for (let b = 0; b < 5; b++) {
        expect(result.bandsUv2[c * 5 + b]! / reference.bands[c]![b]!).toBeCloseTo(1, 9);
      }
    }
  });

  it('gives each channel relative band powers and a quality label with its reasons', () => {
    const relative = (c: number) => Array.from(result.relative.subarray(c * 5, c * 5 + 5));
    expect(relative(0).indexOf(Math.max(...relative(0)))).toBe(2); // alpha
    expect(relative(1).indexOf(Math.max(...relative(1)))).toBe(1); // theta
    expect(relative(0).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(result.quality.map((q) => q.label)).toEqual(['good', 'line-noise', 'flat', 'railed']);
    expect(result.quality[1]!.reasons[0]).toMatch(/^line-noise: \d+\.\d % of 0\.5-100 Hz power/);
    expect(result.quality[3]!.reasons[0]).toMatch(
      /^railed: 100\.0 % of samples within 1\.0 % of the ADC range/,
    );
    // A flat channel has no band power at all: relative powers are undefined, not zero.
    expect(relative(2).every(Number.isNaN)).toBe(true);
    expect(result.psdDb[2 * result.frequenciesHz.length + 20]).toBeNaN();
    expect(result.mainsSeenHz).toBe(60);
  });

  it('says the railed check is off when the ADC range is unknown', () => {
    const unknown = computeLiveSpectrum({
      channelCount: 4,
      sampleCount: N,
      sampleRateHz: FS,
      data: window(),
      physicalRange: null,
      maxFrequencyHz: 60,
    });
    expect(unknown.quality[3]!.label).not.toBe('railed');
    expect(unknown.quality[0]!.reasons).toEqual(["railed check off: this board's ADC range is unknown"]);
  });

  it('refuses a window whose size does not match its shape', () => {
    expect(() =>
      computeLiveSpectrum({
        channelCount: 2,
        sampleCount: 10,
        sampleRateHz: FS,
        data: new Float32Array(19),
        physicalRange: null,
        maxFrequencyHz: 60,
      }),
    ).toThrow('live window holds 19 values, expected 2 channels x 10 samples');
  });
});
