// Element-wise comparison with a relative tolerance and an absolute floor scaled to the largest reference value,
// so that bins many orders of magnitude below the peak (rounding noise in both implementations) do not fail.
import { expect } from 'vitest';

export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  relative: number,
  what: string,
  floorOfPeak = 1e-12,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let peak = 0;
  for (let i = 0; i < expected.length; i++) peak = Math.max(peak, Math.abs(expected[i]!));
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const excess = Math.abs(a - e) / (relative * Math.abs(e) + floorOfPeak * peak || Number.MIN_VALUE);
    if (!(excess <= worst)) {
      worst = excess;
      worstAt = i;
    }
  }
  expect(
    worst,
    `${what}: worst at [${worstAt}] actual ${actual[worstAt]} expected ${expected[worstAt]}`,
  ).toBeLessThanOrEqual(1);
}

/** Deterministic pseudo-random numbers (LCG), for test signals that python sees as the same bytes. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export interface SineSpec {
  readonly hz: number;
  readonly amplitudeUv: number;
  readonly phaseRad?: number;
}

/** Float32 microvolts: a sum of sines plus Gaussian noise (seeded), plus an offset. */
export function synthesize(
  sampleRateHz: number,
  sampleCount: number,
  sines: readonly SineSpec[],
  noiseUv = 0,
  seed = 1,
  offsetUv = 0,
): Float32Array {
  const rand = lcg(seed);
  const x = new Float32Array(sampleCount);
  for (let i = 0; i < sampleCount; i++) {
    const t = i / sampleRateHz;
    let v = offsetUv;
    for (const s of sines) v += s.amplitudeUv * Math.sin(2 * Math.PI * s.hz * t + (s.phaseRad ?? 0));
    if (noiseUv > 0) {
      const u1 = rand() || Number.MIN_VALUE;
      const u2 = rand();
      v += noiseUv * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    x[i] = v;
  }
  return x;
}
