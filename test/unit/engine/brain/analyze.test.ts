import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  analyze,
  analyzeChannelRange,
  assembleAnalysis,
  resolveParams,
  toAnalyzeJson,
  type RecordingInput,
} from '../../../../src/engine/brain';
import { synthesize } from '../../../helpers/compare';

const FS = 250;
const input: RecordingInput = {
  channels: ['F3', 'F4', 'C3', 'C4', 'O1', 'O2'].map((label, i) => ({
    label,
    sampleRateHz: FS,
    data: synthesize(
      FS,
      FS * 30,
      [
        { hz: 10, amplitudeUv: 10 + i },
        { hz: 50, amplitudeUv: 1 },
      ],
      4,
      i + 1,
    ),
    physicalRange: { min: -187500, max: 187500 },
  })),
};

describe('analyze', () => {
  const whole = analyze(input);

  it('gives the same report when assembled from channel ranges in any order', () => {
    const params = resolveParams();
    const parts = [
      analyzeChannelRange(input, { start: 4, end: 6 }, params),
      analyzeChannelRange(input, { start: 0, end: 1 }, params),
      analyzeChannelRange(input, { start: 1, end: 4 }, params),
    ];
    const assembled = assembleAnalysis(input, params, parts);
    expect(assembled).toEqual(whole);
    expect(() => assembleAnalysis(input, params, parts.slice(1))).toThrow(
      /cover channels \[0, 1, 2, 3\], not 0..5/,
    );
    expect(() => analyzeChannelRange(input, { start: 2, end: 9 }, params)).toThrow(/2..9 is not within 0..6/);
  });

  it('reports progress in samples up to the total and stops when cancelled', () => {
    const seen: [number, number][] = [];
    analyze(input, {}, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toHaveLength(6);
    expect(seen.at(-1)).toEqual([6 * FS * 30, 6 * FS * 30]);
    expect(seen.every(([d], i) => i === 0 || d > seen[i - 1]![0])).toBe(true);
    let calls = 0;
    expect(() => analyze(input, {}, { isCancelled: () => ++calls > 2 })).toThrow(CancelledError);
  });

  it('produces the analyze --json shape of docs/design/CLI.md', () => {
    const json = toAnalyzeJson(whole, { id: 'rec-1', label: 'demo' });
    expect(json.recording).toEqual({ channels: 6, id: 'rec-1', label: 'demo' });
    expect(json.params).toMatchObject({
      welch: { segment_seconds: 2, window: 'hann', detrend: 'constant' },
      bands: { delta: [0.5, 4], theta: [4, 8], alpha: [8, 13], beta: [13, 30], gamma: [30, 45] },
    });
    const c = json.channels[0]!;
    for (const key of ['label', 'rms_uv', 'total_power_uv2', 'bands', 'relative', 'peak_alpha_hz']) {
      expect(c).toHaveProperty(key);
    }
    expect(c).toHaveProperty('line_noise_ratio');
    expect(c.quality).toBe('good');
    expect(Object.keys(c.bands as object)).toEqual(['delta', 'theta', 'alpha', 'beta', 'gamma']);
    const peaks = c.peaks as { hz: number; power: number; snr_db: number }[];
    expect(peaks.some((p) => Math.abs(p.hz - 10) <= 0.5 && p.power > 0 && p.snr_db > 3)).toBe(true);
    expect(json.harmony).toMatchObject({ index: expect.any(Number) });
    expect((json.harmony!.pairs as unknown[]).length).toBe(15);
    expect(json.harmony!.asymmetry).toEqual([
      expect.objectContaining({ left: 'F3', right: 'F4', band: 'alpha' }),
      expect.objectContaining({ left: 'C3', right: 'C4' }),
      expect.objectContaining({ left: 'O1', right: 'O2' }),
    ]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('says in its params when the samples were filtered first, and can include the PSD', () => {
    const r = analyze({ ...input, preprocessing: 'notch 50 Hz (iirnotch Q 30), zero-phase' }, {}, undefined, {
      includePsd: true,
    });
    expect(r.preprocessing).toBe('notch 50 Hz (iirnotch Q 30), zero-phase');
    expect(toAnalyzeJson(r).params.preprocessing).toBe('notch 50 Hz (iirnotch Q 30), zero-phase');
    expect(r.channels[0]!.psd!.psdUv2PerHz).toHaveLength(251);
    expect(whole.channels[0]!.psd).toBeNull();
  });
});
