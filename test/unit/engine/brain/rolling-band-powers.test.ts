import { describe, expect, it } from 'vitest';
import { DEFAULT_BANDS, RollingBandPowers, bandPower } from '../../../../src/engine/brain';
import { welch } from '../../../../src/engine/dsp/welch';
import type { SampleBlock } from '../../../../src/shared/samples';
import { synthesize } from '../../../helpers/compare';

const FS = 250;

function blocks(channels: Float32Array[], first: number, size: number, count: number): SampleBlock[] {
  return Array.from({ length: count }, (_, b) => {
    const start = first + b * size;
    const data = new Float32Array(channels.length * size);
    channels.forEach((x, c) => data.set(x.subarray(start, start + size), c * size));
    return { firstSample: start, sampleCount: size, channelCount: channels.length, sampleRateHz: FS, data };
  });
}

describe('RollingBandPowers', () => {
  const a = synthesize(FS, FS * 20, [{ hz: 10, amplitudeUv: 20 }], 2, 1);
  const b = synthesize(FS, FS * 20, [{ hz: 20, amplitudeUv: 10 }], 2, 2);

  it('answers four times a second once a segment is held, with the Welch band powers of the last window', () => {
    const rolling = new RollingBandPowers({ channelCount: 2, sampleRateHz: FS });
    const updates = blocks([a, b], 0, 25, 200).map((blk) => rolling.push(blk));
    const given = updates.flatMap((u, i) => (u ? [i] : []));
    // First answer after 2 s (one segment, 20 blocks of 25 samples), then every 250 ms (63 samples: 3 blocks).
    expect(given[0]).toBe(19);
    expect(given.slice(1, 4)).toEqual([22, 25, 28]);
    const last = updates[199]!;
    expect(last.windowSamples).toBe(1000);
    expect(last.endSample).toBe(5000);
    const ref = welch(b.subarray(4000, 5000), { sampleRateHz: FS });
    const beta = DEFAULT_BANDS.findIndex((band) => band.name === 'beta');
    expect(last.powersUv2[1 * DEFAULT_BANDS.length + beta]).toBeCloseTo(bandPower(ref, 13, 30), 9);
    expect(Array.from(last.psd.subarray(last.frequenciesHz.length))).toEqual(Array.from(ref.psd));
    const alphaOfA = last.powersUv2[2]!;
    expect(alphaOfA).toBeGreaterThan(150);
  });

  it('starts afresh after a gap instead of bridging it', () => {
    const rolling = new RollingBandPowers({ channelCount: 2, sampleRateHz: FS });
    for (const blk of blocks([a, b], 0, 50, 30)) rolling.push(blk);
    const afterGap = blocks([a, b], 2000, 50, 10).map((blk) => rolling.push(blk));
    expect(afterGap.slice(0, 9).every((u) => u === null)).toBe(true);
    expect(afterGap[9]!.windowSamples).toBe(500);
    expect(() => rolling.push({ ...blocks([a, b], 2500, 50, 1)[0]!, sampleRateHz: 500 })).toThrow(
      /block at 500 Hz fed to rolling band powers at 250 Hz/,
    );
  });
});
