import { describe, expect, it } from 'vitest';
import type { SampleFrame } from '../../../src/shared/frames';
import { SampleRing } from '../../../src/renderer/live/sample-ring';

function frame(firstSample: number, values: number[][], segment = 1): SampleFrame {
  const sampleCount = values[0]!.length;
  return {
    seq: 0,
    segment,
    firstSample,
    sampleRateHz: 100,
    channelCount: values.length,
    sampleCount,
    data: Float32Array.from(values.flat()),
  };
}

describe('live sample ring', () => {
  it('removes the amplifier offset for display and keeps the signal', () => {
    const ring = new SampleRing(1, 100, 10);
    const n = 1000;
    const sine = Array.from({ length: n }, (_, i) => 40_000 + 20 * Math.sin((2 * Math.PI * 10 * i) / 100));
    ring.push(frame(0, [sine]));
    const out = new Float32Array(200);
    ring.latest(0, 200, out);
    const max = Math.max(...out);
    const min = Math.min(...out);
    expect(max).toBeGreaterThan(17);
    expect(max).toBeLessThan(23);
    expect(min).toBeLessThan(-17);
    expect(min).toBeGreaterThan(-23);
  });

  it('returns the newest samples oldest first across the wrap-around', () => {
    const ring = new SampleRing(1, 100, 0.05); // capacity 5
    ring.push(frame(0, [[1, 2, 3, 4]]));
    ring.push(frame(4, [[5, 6, 7]]));
    const out = new Float32Array(5);
    ring.latest(0, 5, out);
    // The DC blocker turns a ramp into a decaying step; the order is what matters here: strictly the last 5.
    expect(ring.written).toBe(7);
    expect(ring.samplesReceived).toBe(7);
    const again = new SampleRing(1, 100, 0.05);
    again.push(frame(0, [[1, 2, 3, 4, 5, 6, 7]]));
    const reference = new Float32Array(5);
    again.latest(0, 5, reference);
    expect([...out]).toEqual([...reference]);
  });

  it('draws a break (NaN) for a gap of missing samples and for a new segment, never a line across them', () => {
    const ring = new SampleRing(2, 100, 1);
    ring.push(
      frame(0, [
        [0, 0, 0],
        [1, 1, 1],
      ]),
    );
    ring.push(
      frame(5, [
        [0, 0],
        [1, 1],
      ]),
    ); // samples 3 and 4 were lost
    expect(ring.gapsSeen).toBe(1);
    expect(ring.samplesReceived).toBe(5);
    const out = new Float32Array(7);
    ring.latest(1, 7, out);
    expect([...out].map(Number.isNaN)).toEqual([false, false, false, true, true, false, false]);
    ring.push(frame(0, [[0], [1]], 2));
    expect(ring.written).toBe(7 + 25 + 1); // a quarter second of break marks the new segment
  });

  it('reports NaN where nothing was ever written', () => {
    const ring = new SampleRing(1, 100, 1);
    ring.push(frame(0, [[1, 2]]));
    const out = new Float32Array(4);
    ring.latest(0, 4, out);
    expect([...out].slice(0, 2).every(Number.isNaN)).toBe(true);
  });
});
