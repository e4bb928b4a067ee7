import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designButterworthBandPass, designNotch, sosFromRows } from '../../../../src/engine/dsp/iir-design';
import { SosFilter, sosfilt, sosfiltfilt, sosfiltZi } from '../../../../src/engine/dsp/sos-filter';

function noisySignal(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return 40 * Math.sin((2 * Math.PI * 10 * i) / 250) + (s / 2147483648 - 0.5) * 20 + 300;
  });
}

describe('causal SOS filtering', () => {
  const bandPass = designButterworthBandPass(250).sos;

  it('gives identical output whatever the block split (state carried across blocks)', () => {
    const x = noisySignal(1500, 7);
    const whole = sosfilt(bandPass, x).y;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }), (sizes) => {
        const filter = new SosFilter(bandPass, 2);
        const out = new Float64Array(x.length);
        let at = 0;
        for (let b = 0; at < x.length; b++) {
          const size = Math.min(sizes[b % sizes.length]!, x.length - at);
          filter.process(x.subarray(at, at + size), out.subarray(at, at + size), 1);
          at += size;
        }
        expect(out).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps channels apart and filters planar blocks in place', () => {
    const a = noisySignal(600, 1);
    const b = noisySignal(600, 2);
    const filter = new SosFilter(bandPass, 2);
    for (let at = 0; at < 600; at += 150) {
      const planar = new Float32Array(300);
      planar.set(a.subarray(at, at + 150), 0);
      planar.set(b.subarray(at, at + 150), 150);
      filter.processPlanar(planar, 150);
      const ya = sosfilt(bandPass, a).y.subarray(at, at + 150);
      const yb = sosfilt(bandPass, b).y.subarray(at, at + 150);
      for (let i = 0; i < 150; i++) {
        expect(planar[i]).toBeCloseTo(ya[i]!, 3);
        expect(planar[150 + i]).toBeCloseTo(yb[i]!, 3);
      }
    }
    filter.reset();
    const again = new Float64Array(600);
    filter.process(a, again, 0);
    expect(again).toEqual(sosfilt(bandPass, a).y);
  });

  it('settles on a constant input: the steady state of sosfilt_zi leaves a DC level untouched by a notch', () => {
    const notch = designNotch(50, 250).sos;
    const filter = new SosFilter(notch, 1);
    filter.settle(0, 123.5);
    const out = new Float64Array(100);
    filter.process(new Float64Array(100).fill(123.5), out);
    for (const v of out) expect(v).toBeCloseTo(123.5, 9);
    expect(sosfiltZi(notch)).toHaveLength(2);
  });

  it('says what is wrong with bad sections, channels and short signals', () => {
    expect(() => sosFromRows([[1, 0, 0, 2, 0, 0]])).toThrow(/a0 = 2, expected 1/);
    expect(() => sosFromRows([[1, 0, 0, 1, 0]])).toThrow(/has 5 coefficients, not 6/);
    expect(() => new SosFilter(bandPass, 1).process(new Float64Array(4), new Float64Array(4), 1)).toThrow(
      /channel 1 is outside 0..0/,
    );
    expect(() => sosfiltfilt(bandPass, new Float64Array(27))).toThrow(
      /more than 27 samples \(the pad length\)/,
    );
    expect(() => designButterworthBandPass(100, 1, 50)).toThrow(/0 < low < high < Nyquist \(50 Hz\)/);
    expect(() => designNotch(60, 100)).toThrow(/between 0 and Nyquist \(50 Hz\), got 60 Hz/);
  });
});
