import { describe, expect, it } from 'vitest';
import { harmonicScan, harmonicFamilies, type SpectralPeak } from '../../../../src/engine/brain';
import { synthesize } from '../../../helpers/compare';

describe('harmonic scan', () => {
  it.each([
    { fs: 250, hz: 10 },
    { fs: 250, hz: 17.3 },
    { fs: 250, hz: 50 },
    { fs: 1000, hz: 123.45 },
    { fs: 256, hz: 7.9 },
    { fs: 173, hz: 31 },
  ])('reports a pure sine of $hz Hz at $fs Hz within one bin', ({ fs, hz }) => {
    const data = synthesize(fs, fs * 30, [{ hz, amplitudeUv: 10 }]);
    const report = harmonicScan({ channels: [{ label: 'X', sampleRateHz: fs, data }] });
    const scan = report.channels[0]!;
    expect(scan.peaks.length).toBeGreaterThan(0);
    const strongest = [...scan.peaks].sort((a, b) => b.snrDb - a.snrDb)[0]!;
    expect(Math.abs(strongest.hz - hz)).toBeLessThanOrEqual(scan.binWidthHz);
    expect(strongest.snrDb).toBeGreaterThan(30);
  });

  it('finds the sine among noise, with the background fit and SNR, and the harmonic family of a fundamental', () => {
    const fs = 250;
    const data = synthesize(
      fs,
      fs * 60,
      [
        { hz: 6, amplitudeUv: 12 },
        { hz: 12, amplitudeUv: 6 },
        { hz: 18, amplitudeUv: 4 },
        { hz: 24, amplitudeUv: 3 },
        { hz: 41, amplitudeUv: 3 },
      ],
      4,
      9,
    );
    const scan = harmonicScan({ channels: [{ label: 'X', sampleRateHz: fs, data }] }).channels[0]!;
    for (const hz of [6, 12, 18, 24, 41]) {
      expect(
        scan.peaks.some((p) => Math.abs(p.hz - hz) <= scan.binWidthHz),
        `peak at ${hz} Hz`,
      ).toBe(true);
    }
    const family = scan.families.find((f) => Math.abs(f.f0Hz - 6) <= scan.binWidthHz)!;
    expect(family.harmonics.map((h) => h.k)).toEqual([2, 3, 4]);
    expect(scan.families.some((f) => Math.abs(f.f0Hz - 41) < 1)).toBe(false);
    expect(scan.background!.binsUsed).toBeGreaterThan(100);
    // White noise: a flat background, exponent near 0.
    expect(Math.abs(scan.background!.exponent)).toBeLessThan(0.2);
  });

  it('makes the prominence configurable', () => {
    const fs = 250;
    const data = synthesize(
      fs,
      fs * 60,
      [
        { hz: 10, amplitudeUv: 8 },
        { hz: 33, amplitudeUv: 0.6 },
      ],
      3,
      4,
    );
    const input = { channels: [{ label: 'X', sampleRateHz: fs, data }] };
    const low = harmonicScan(input, { harmonicScan: { prominenceDb: 3 } }).channels[0]!;
    const high = harmonicScan(input, { harmonicScan: { prominenceDb: 20 } }).channels[0]!;
    const weak = (p: SpectralPeak) => Math.abs(p.hz - 33) <= 0.5;
    expect(low.peaks.some(weak)).toBe(true);
    expect(high.peaks.some(weak)).toBe(false);
    expect(high.peaks.some((p) => Math.abs(p.hz - 10) <= 0.5)).toBe(true);
  });

  it('groups families from peaks lowest first and never reuses a harmonic as a root', () => {
    const peak = (hz: number): SpectralPeak => ({ hz, binHz: hz, psdUv2PerHz: 1, snrDb: 10 });
    const families = harmonicFamilies([peak(5), peak(10.2), peak(15), peak(20), peak(40), peak(7)], 5, 0.5);
    expect(families).toEqual([
      {
        f0Hz: 5,
        harmonics: [
          { k: 2, hz: 10.2, snrDb: 10 },
          { k: 3, hz: 15, snrDb: 10 },
          { k: 4, hz: 20, snrDb: 10 },
        ],
      },
    ]);
  });
});
