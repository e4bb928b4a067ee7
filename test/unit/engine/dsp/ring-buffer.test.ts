import { describe, expect, it } from 'vitest';
import { ChannelRingBuffer } from '../../../../src/engine/dsp/ring-buffer';

/** Planar block of `channels` x `count` samples whose value encodes (channel, absolute index). */
function block(channels: number, first: number, count: number): Float32Array {
  const data = new Float32Array(channels * count);
  for (let c = 0; c < channels; c++)
    for (let i = 0; i < count; i++) data[c * count + i] = c * 10000 + first + i;
  return data;
}

describe('ChannelRingBuffer', () => {
  it('keeps the newest samples of every channel across wrap-around, oldest first', () => {
    const ring = new ChannelRingBuffer(3, 100);
    let next = 0;
    for (const size of [30, 45, 1, 60, 7, 250, 13]) {
      ring.pushPlanar(block(3, next, size), size);
      next += size;
      const held = Math.min(100, next);
      expect(ring.length).toBe(held);
      expect(ring.totalPushed).toBe(next);
      for (let c = 0; c < 3; c++) {
        const out = new Float64Array(held);
        ring.copyLatest(c, held, out);
        expect(Array.from(out)).toEqual(Array.from({ length: held }, (_, i) => c * 10000 + next - held + i));
      }
    }
  });

  it('copies a shorter tail at an offset and takes SampleBlocks', () => {
    const ring = new ChannelRingBuffer(2, 8);
    ring.push({ firstSample: 0, sampleCount: 5, channelCount: 2, sampleRateHz: 250, data: block(2, 0, 5) });
    ring.push({ firstSample: 5, sampleCount: 5, channelCount: 2, sampleRateHz: 250, data: block(2, 5, 5) });
    const out = new Float32Array(6).fill(-1);
    ring.copyLatest(1, 3, out, 2);
    expect(Array.from(out)).toEqual([-1, -1, 10007, 10008, 10009, -1]);
    ring.clear();
    expect(ring.length).toBe(0);
  });

  it('says what is wrong with a bad request', () => {
    expect(() => new ChannelRingBuffer(0, 10)).toThrow(/channel count must be a positive integer/);
    expect(() => new ChannelRingBuffer(2, 0)).toThrow(/capacity must be a positive integer/);
    const ring = new ChannelRingBuffer(2, 10);
    expect(() => ring.pushPlanar(new Float32Array(7), 4)).toThrow(/7 values is not 2 channels x 4 samples/);
    ring.pushPlanar(block(2, 0, 4), 4);
    expect(() => ring.copyLatest(0, 5, new Float32Array(5))).toThrow(
      /latest 5 samples, the ring buffer holds 4/,
    );
    expect(() => ring.copyLatest(2, 1, new Float32Array(1))).toThrow(/channel 2 is outside 0..1/);
  });
});
