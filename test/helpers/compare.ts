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
