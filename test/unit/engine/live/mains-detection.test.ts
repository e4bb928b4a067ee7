import { describe, expect, it } from 'vitest';
import { welch } from '../../../../src/engine/dsp/welch';
import {
  MainsDetector,
  detectMainsInSpectrum,
  lineProminenceDb,
} from '../../../../src/engine/live/mains-detection';
import { createSyntheticSource, type SyntheticSine } from '../../../../src/engine/sources/synthetic';

/** Channel-major Welch PSD (2 s segments) of 4 s of synthetic channels with the given sines over 5 uV noise. */
function spectrum(channelCount: number, sines: SyntheticSine[], sampleRateHz = 250) {
  const n = 4 * sampleRateHz;
  const block = createSyntheticSource({ channelCount, sampleRateHz, seed: 11, noiseUv: 5, sines }).read(0, n);
  let frequenciesHz: Float64Array = new Float64Array(0);
  const parts: Float64Array[] = [];
  for (let c = 0; c < channelCount; c++) {
    const psd = welch(block.data.subarray(c * n, (c + 1) * n), { sampleRateHz });
    frequenciesHz = psd.frequenciesHz;
    parts.push(psd.psd);
  }
  const psd = new Float64Array(parts.length * frequenciesHz.length);
  parts.forEach((p, c) => psd.set(p, c * frequenciesHz.length));
  return { frequenciesHz, psd, channelCount };
}

const detect = (s: ReturnType<typeof spectrum>) =>
  detectMainsInSpectrum(s.frequenciesHz, s.psd, s.channelCount);

describe('mains detection', () => {
  it('finds 60 Hz hum, and 50 Hz hum', () => {
    expect(detect(spectrum(2, [{ channel: 0, frequencyHz: 60, amplitudeUv: 30 }]))).toBe(60);
    expect(detect(spectrum(2, [{ channel: 1, frequencyHz: 50, amplitudeUv: 30 }]))).toBe(50);
  });

  it('finds hum on one channel of many (one loose electrode fills the screen with it)', () => {
    expect(detect(spectrum(8, [{ channel: 5, frequencyHz: 50, amplitudeUv: 8 }]))).toBe(50);
  });

  it('finds nothing in clean EEG-like signals or broadband noise', () => {
    expect(
      detect(
        spectrum(2, [
          { channel: 0, frequencyHz: 10, amplitudeUv: 30 },
          { channel: 1, frequencyHz: 21, amplitudeUv: 10 },
        ]),
      ),
    ).toBeNull();
    expect(detect(spectrum(2, []))).toBeNull();
  });

  it('does not choose when both lines hum about as much', () => {
    expect(
      detect(
        spectrum(1, [
          { channel: 0, frequencyHz: 50, amplitudeUv: 30 },
          { channel: 0, frequencyHz: 60, amplitudeUv: 30 },
        ]),
      ),
    ).toBeNull();
    expect(
      detect(
        spectrum(1, [
          { channel: 0, frequencyHz: 50, amplitudeUv: 5 },
          { channel: 0, frequencyHz: 60, amplitudeUv: 60 },
        ]),
      ),
    ).toBe(60);
  });

  it('cannot judge a line the spectrum does not reach (100 Hz sampling ends at 50 Hz)', () => {
    const s = spectrum(1, [{ channel: 0, frequencyHz: 49, amplitudeUv: 30 }], 100);
    expect(lineProminenceDb(s.frequenciesHz, s.psd, 50)).toBeNull();
    expect(lineProminenceDb(s.frequenciesHz, s.psd, 60)).toBeNull();
    expect(detect(s)).toBeNull();
  });

  it('measures prominence against the median background either side of the line', () => {
    const f = Float64Array.from({ length: 141 }, (_, k) => k * 0.5);
    const psd = new Float64Array(141).fill(2);
    psd[120] = 200; // 60 Hz
    expect(lineProminenceDb(f, psd, 60)).toBeCloseTo(20, 10);
    expect(lineProminenceDb(f, psd, 50)).toBeCloseTo(0, 10);
    expect(lineProminenceDb(f, new Float64Array(141), 60)).toBeNull();
  });
});

describe('mains detector (hysteresis over successive spectra)', () => {
  it('needs four agreeing spectra to decide, and as many to change its mind', () => {
    const detector = new MainsDetector();
    expect([60, 60, 60].map((hz) => detector.update(hz as 60))).toEqual([false, false, false]);
    expect(detector.detectedHz).toBeNull();
    expect(detector.update(60)).toBe(true);
    expect(detector.detectedHz).toBe(60);
    // A run of 50s broken by a 60 starts counting again.
    for (const hz of [50, 50, 50, 60, 50, 50, 50] as const) expect(detector.update(hz)).toBe(false);
    expect(detector.detectedHz).toBe(60);
    expect(detector.update(50)).toBe(true);
    expect(detector.detectedHz).toBe(50);
  });

  it('keeps a detection through spectra without hum, until reset', () => {
    const detector = new MainsDetector({ confirmUpdates: 2 });
    detector.update(50);
    detector.update(50);
    for (let i = 0; i < 10; i++) detector.update(null);
    expect(detector.detectedHz).toBe(50);
    detector.reset();
    expect(detector.detectedHz).toBeNull();
  });
});
