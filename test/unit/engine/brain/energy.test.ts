import { describe, expect, it } from 'vitest';
import { analyze, energyCheck, toAnalyzeJson, type RecordingChannel } from '../../../../src/engine/brain';
import { synthesize } from '../../../helpers/compare';

const FS = 250;
const N = FS * 20;

function channel(label: string, data: Float32Array, extra: Partial<RecordingChannel> = {}): RecordingChannel {
  return { label, sampleRateHz: FS, data, ...extra };
}

describe('energy check', () => {
  const good = channel('good', synthesize(FS, N, [{ hz: 10, amplitudeUv: 20 }], 5, 1, 800), {
    physicalRange: { min: -187500, max: 187500 },
  });
  const flat = channel('flat', synthesize(FS, N, [], 0.1, 2, 300), {
    physicalRange: { min: -1000, max: 1000 },
  });
  const railedData = synthesize(FS, N, [{ hz: 10, amplitudeUv: 20 }], 5, 3);
  for (let i = 0; i < N / 2; i++) railedData[i] = 187400;
  const railed = channel('railed', railedData, { physicalRange: { min: -187500, max: 187500 } });
  const mains = channel(
    'mains',
    synthesize(
      FS,
      N,
      [
        { hz: 50, amplitudeUv: 40 },
        { hz: 10, amplitudeUv: 5 },
      ],
      3,
      4,
    ),
  );
  const noisy = channel('noisy', synthesize(FS, N, [], 200, 5));

  const report = energyCheck({ channels: [good, flat, railed, mains, noisy] });
  const byLabel = new Map(report.channels.map((c) => [c.label, c]));

  it('labels good, flat, railed, line-noise and noisy channels and says why', () => {
    expect(report.channels.map((c) => c.quality.label)).toEqual([
      'good',
      'flat',
      'railed',
      'line-noise',
      'noisy',
    ]);
    expect(byLabel.get('good')!.quality.reasons).toEqual([]);
    expect(byLabel.get('flat')!.quality.reasons[0]).toMatch(
      /^flat: 100\.0 % of 1 s windows have std < 0.5 uV/,
    );
    expect(byLabel.get('railed')!.quality.reasons[0]).toMatch(/^railed: 50\.0 % of samples within 1\.0 %/);
    expect(byLabel.get('mains')!.quality.reasons[0]).toMatch(
      /^line-noise: .* of 50\/60 Hz \(threshold 30\.0 %\)/,
    );
    expect(byLabel.get('noisy')!.quality.reasons[0]).toMatch(
      /^noisy: .* uV RMS in 0.5-45 Hz \(threshold 100 uV\)/,
    );
    expect(report.overall.qualityCounts).toEqual({ good: 1, flat: 1, railed: 1, 'line-noise': 1, noisy: 1 });
  });

  it('echoes the thresholds and parameters it used', () => {
    expect(report.params.quality).toEqual({
      flatFractionAtLeast: 0.5,
      railedFractionAtLeast: 0.1,
      lineNoiseRatioAtLeast: 0.3,
      noisyBandRmsUvAtLeast: 100,
    });
    expect(report.params.bands.map((b) => b.name)).toEqual(['delta', 'theta', 'alpha', 'beta', 'gamma']);
    expect(byLabel.get('good')!.welch).toMatchObject({ segmentLength: 500, overlap: 250, binWidthHz: 0.5 });
  });

  it('measures what the signals were made of', () => {
    const g = byLabel.get('good')!;
    expect(g.meanUv).toBeCloseTo(800, 0);
    // 20 uV sine (RMS 14.14) + 5 uV noise: sqrt(200 + 25) = 15.0
    expect(g.rmsUv).toBeGreaterThan(14.7);
    expect(g.rmsUv).toBeLessThan(15.3);
    expect(g.bandsUv2.alpha).toBeGreaterThan(190);
    expect(g.relative.alpha).toBeGreaterThan(0.85);
    expect(Math.abs(g.peakAlpha.hz! - 10)).toBeLessThan(0.5);
    expect(g.peakAlpha.resolutionHz).toBe(0.5);
    expect(g.railed.fraction).toBe(0);
    const m = byLabel.get('mains')!;
    // 40 uV at 50 Hz (800 uV^2) against 5 uV at 10 Hz (12.5) and 3 uV of white noise over 0.5-100 Hz (~7).
    expect(m.lineNoise.ratio).toBeGreaterThan(0.95);
    expect(m.lineNoise.frequenciesCountedHz).toEqual([50, 60]);
  });

  it('says when the ADC range is unknown instead of guessing', () => {
    const m = byLabel.get('mains')!;
    expect(m.railed.fraction).toBeNull();
    expect(m.railed.reason).toMatch(/ADC range unknown/);
    expect(m.quality.reasons).toContain(`railed fraction not computed: ${m.railed.reason}`);
  });

  it('is NaN-free on a constant channel, and its JSON has no NaN', () => {
    const constant = channel('const', new Float32Array(N).fill(42));
    const r = analyze({ channels: [constant, channel('const2', new Float32Array(N).fill(-3))] });
    const c = r.channels[0]!;
    expect(c.quality.label).toBe('flat');
    expect(c.rmsUv).toBe(0);
    expect(c.totalPowerUv2).toBe(0);
    expect(c.relative.alpha).toBeNull();
    expect(c.peakAlpha.hz).toBeNull();
    expect(c.peakAlpha.reason).toMatch(/no power/);
    expect(c.lineNoise.ratio).toBeNull();
    expect(c.harmonicScan.peaks).toEqual([]);
    expect(r.harmony!.index).toBeNull();
    expect(r.harmony!.pairs[0]!.reason).toMatch(/has no power in 8-13 Hz/);
    const json = JSON.stringify(toAnalyzeJson(r));
    expect(json).not.toMatch(/NaN|Infinity/);
  });

  it('handles odd lengths and signals shorter than one 2 s segment', () => {
    const short = channel('short', synthesize(FS, 301, [{ hz: 10, amplitudeUv: 20 }], 1, 6));
    const odd = channel('odd', synthesize(FS, 1001, [{ hz: 10, amplitudeUv: 20 }], 1, 7));
    const r = energyCheck({ channels: [short, odd] });
    expect(r.channels[0]!.welch).toMatchObject({
      segmentLength: 301,
      segmentCount: 1,
      segmentClippedToSignal: true,
    });
    expect(r.channels[1]!.welch).toMatchObject({
      segmentLength: 500,
      segmentCount: 3,
      segmentClippedToSignal: false,
    });
    for (const c of r.channels) {
      expect(Number.isFinite(c.totalPowerUv2)).toBe(true);
      expect(Math.abs(c.peakAlpha.hz! - 10)).toBeLessThanOrEqual(c.peakAlpha.resolutionHz);
    }
    expect(r.channels[0]!.flat).toMatchObject({ windowCount: 1, windowSamples: 250 });
  });

  it('refuses bad input with the channel and the problem named', () => {
    const bad = synthesize(FS, 1000, [], 1);
    bad[617] = Number.NaN;
    expect(() => energyCheck({ channels: [good, channel('Cz', bad)] })).toThrow(
      /channel 1 \('Cz'\): sample 617 is NaN, not a finite number/,
    );
    expect(() => energyCheck({ channels: [channel('empty', new Float32Array(0))] })).toThrow(
      /channel 0 \('empty'\): has no samples/,
    );
    expect(() => energyCheck({ channels: [{ ...good, sampleRateHz: 0 }] })).toThrow(
      /sample rate must be a positive/,
    );
    expect(() => energyCheck({ channels: [good] }, { bands: [] })).toThrow(/at least one band/);
    expect(() => energyCheck({ channels: [{ ...good, physicalRange: { min: 5, max: 5 } }] })).toThrow(
      /physical range must have finite min < max, got 5..5/,
    );
  });
});
