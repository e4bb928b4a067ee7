import { describe, expect, it } from 'vitest';
import { createPlaybackSource } from '../../../../src/engine/sources/playback';
import { createSyntheticSource, defaultSyntheticOptions } from '../../../../src/engine/sources/synthetic';

describe('synthetic source', () => {
  const source = createSyntheticSource(defaultSyntheticOptions({ seed: 42 }));

  it('is reproducible whatever the block boundaries', () => {
    const whole = source.read(1000, 300);
    const a = source.read(1000, 117);
    const b = source.read(1117, 183);
    for (let c = 0; c < 8; c++) {
      const joined = [...a.data.subarray(c * 117, (c + 1) * 117), ...b.data.subarray(c * 183, (c + 1) * 183)];
      expect(joined).toEqual([...whole.data.subarray(c * 300, (c + 1) * 300)]);
    }
  });

  it('changes with the seed and has the asked noise level', () => {
    const other = createSyntheticSource({ ...defaultSyntheticOptions({ seed: 43 }), sines: [] });
    const noiseOnly = createSyntheticSource({ ...defaultSyntheticOptions({ seed: 42 }), sines: [] });
    const x = noiseOnly.read(0, 20000).data.subarray(0, 20000);
    const y = other.read(0, 20000).data.subarray(0, 20000);
    expect(x).not.toEqual(y);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(sd).toBeGreaterThan(2.9);
    expect(sd).toBeLessThan(3.1);
  });

  it('refuses a sine above Nyquist or on a missing channel', () => {
    expect(() =>
      createSyntheticSource({
        ...defaultSyntheticOptions(),
        sines: [{ channel: 0, frequencyHz: 125, amplitudeUv: 1 }],
      }),
    ).toThrow(/Nyquist/);
    expect(() =>
      createSyntheticSource({
        ...defaultSyntheticOptions(),
        sines: [{ channel: 8, frequencyHz: 10, amplitudeUv: 1 }],
      }),
    ).toThrow(/channels 0..7/);
  });
});

describe('playback source', () => {
  const recording = {
    sampleRateHz: 250,
    channelLabels: ['A', 'B'],
    sampleCount: 5,
    data: Float32Array.from([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]),
  };

  it('loops across the end of the recording', () => {
    const block = createPlaybackSource(recording, { loop: true }).read(3, 6);
    expect([...block.data]).toEqual([3, 4, 0, 1, 2, 3, 13, 14, 10, 11, 12, 13]);
  });

  it('stops at the end when not looping', () => {
    const source = createPlaybackSource(recording, { loop: false });
    expect(source.read(3, 6).sampleCount).toBe(2);
    expect(source.read(9, 6).sampleCount).toBe(0);
  });
});
