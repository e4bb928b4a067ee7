import { describe, expect, it } from 'vitest';
import type { LiveSpectrum } from '../../../src/shared/api';
import type { SampleFrame } from '../../../src/shared/frames';
import { SampleRing } from '../../../src/renderer/live/sample-ring';
import { dbRangeOf, peakFrequencies } from '../../../src/renderer/live/spectrum-renderer';

function frame(firstSample: number, values: number[], segment = 1): SampleFrame {
  return {
    seq: 0,
    segment,
    firstSample,
    sampleRateHz: 100,
    channelCount: 1,
    sampleCount: values.length,
    data: Float32Array.from(values),
  };
}

describe('sample ring with frames the services filtered', () => {
  it('keeps filtered frames as they come (no second DC blocker) and shows NaN as a break', () => {
    const ring = new SampleRing(1, 100, 1);
    ring.blank(false);
    ring.push(frame(0, [Number.NaN, 3, -2, 5]));
    const out = new Float32Array(4);
    ring.latest(0, 4, out);
    expect(Array.from(out)).toEqual([Number.NaN, 3, -2, 5]);
  });

  it('blanks what is shown when the display filter changes, keeping the write head for markers', () => {
    const ring = new SampleRing(1, 100, 1);
    ring.push(
      frame(
        0,
        Array.from({ length: 50 }, () => 40_000),
      ),
    );
    const written = ring.written;
    ring.blank(false);
    expect(ring.written).toBe(written);
    expect(ring.dcBlocker).toBe(false);
    const out = new Float32Array(50);
    ring.latest(0, 50, out);
    expect(out.every(Number.isNaN)).toBe(true);
    ring.push(frame(50, [7, 8]));
    ring.latest(0, 2, out);
    expect(Array.from(out.subarray(0, 2))).toEqual([7, 8]);
    expect(ring.nextSample).toBe(52);
  });
});

function spectrum(channels: (number | null)[][]): LiveSpectrum {
  const bins = channels[0]!.length;
  return {
    state: 'ready',
    segment: 1,
    endSample: 1000,
    sampleRateHz: 250,
    windowSeconds: 4,
    binWidthHz: 0.5,
    frequenciesHz: Array.from({ length: bins }, (_, k) => k * 0.5),
    bands: [],
    channels: channels.map((psdDb) => ({
      psdDb,
      bandsUv2: [],
      relative: [],
      quality: { label: 'good', reasons: [] },
    })),
    adcRangeUv: null,
    computeMs: 1,
    ticksSkipped: 0,
  };
}

describe('spectrum plot helpers', () => {
  it('finds each channel’s peak from 1 Hz on (the DC end of a raw spectrum is not a peak)', () => {
    const a = Array.from({ length: 121 }, (_, k) => (k === 20 ? 30 : k < 2 ? 60 : 0));
    const b = Array.from({ length: 121 }, (_, k) => (k === 120 ? 45 : 0));
    expect(peakFrequencies(spectrum([a, b]))).toEqual([10, 60]);
    expect(peakFrequencies(spectrum([Array.from({ length: 121 }, () => null)]))).toEqual([Number.NaN]);
  });

  it('scales the dB axis to 10 dB steps, at least 30 and at most 90 dB deep', () => {
    expect(dbRangeOf(spectrum([[null, 12, 3, -7]]))).toEqual({ lowDb: -10, highDb: 20 });
    expect(dbRangeOf(spectrum([[null, 2, 1]]))).toEqual({ lowDb: -20, highDb: 10 });
    expect(dbRangeOf(spectrum([[null, 55, -120]]))).toEqual({ lowDb: -30, highDb: 60 });
    expect(dbRangeOf(spectrum([[null, null]]))).toBeNull();
  });
});
