import { describe, expect, it } from 'vitest';
import { detrendInPlace, removeLine } from '../../../../src/engine/dsp/detrend';
import { getWindow, hannPeriodic } from '../../../../src/engine/dsp/window';

describe('windows', () => {
  it('periodic Hann starts at 0, peaks at n/2 and is symmetric around it (DFT-even)', () => {
    const w = hannPeriodic(8);
    expect(w[0]).toBe(0);
    expect(w[4]).toBeCloseTo(1, 15);
    for (let i = 1; i < 8; i++) expect(w[i]).toBeCloseTo(w[8 - i]!, 15);
    expect(getWindow('boxcar', 3)).toEqual(new Float64Array([1, 1, 1]));
    expect(() => hannPeriodic(0)).toThrow(/positive integer, got 0/);
  });
});

describe('detrend', () => {
  it('linear removes any straight line exactly and constant the mean', () => {
    const x = Float64Array.from({ length: 101 }, (_, i) => 3 - 0.25 * i);
    removeLine(x);
    for (const v of x) expect(Math.abs(v)).toBeLessThan(1e-12);
    const y = new Float64Array([1, 2, 3, 10]);
    detrendInPlace(y, 'constant');
    expect(Array.from(y)).toEqual([-3, -2, -1, 6]);
    const z = new Float64Array([5]);
    detrendInPlace(z, 'linear');
    expect(z[0]).toBe(0);
  });
});
