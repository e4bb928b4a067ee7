import { describe, expect, it } from 'vitest';
import { factorize } from '../../../../src/engine/dsp/fft-complex';
import {
  createRealFft,
  createRealFftPair,
  preferredBackend,
  type FftBackend,
} from '../../../../src/engine/dsp/fft';

const BACKENDS: readonly FftBackend[] = ['fftjs', 'mixed-radix'];

/** The definition itself, O(n^2), as the yardstick. */
function naiveDft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const bins = Math.floor(n / 2) + 1;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    let r = 0;
    let i = 0;
    for (let j = 0; j < n; j++) {
      const angle = (-2 * Math.PI * ((j * k) % n)) / n;
      r += x[j]! * Math.cos(angle);
      i += x[j]! * Math.sin(angle);
    }
    re[k] = r;
    im[k] = i;
  }
  return { re, im };
}

function signal(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, j) => Math.sin(j * 1.3) + 0.01 * j + (j % 7) + 1);
}

// Powers of two, the 2 s EEG lengths (250, 256, 500, 1000 Hz ...), odd lengths, small and large primes.
const LENGTHS = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 49, 97, 100, 125, 173, 256, 346, 500, 512, 1000, 1024, 2000,
];

describe.each(BACKENDS)('real FFT, %s backend', (backend) => {
  it.each(LENGTHS)('equals the DFT definition at n = %i', (n) => {
    const x = signal(n);
    const fft = createRealFft(n, { backend });
    expect(fft.binCount).toBe(Math.floor(n / 2) + 1);
    const re = new Float64Array(fft.binCount);
    const im = new Float64Array(fft.binCount);
    fft.forward(x, re, im);
    const ref = naiveDft(x);
    let peak = 0;
    for (let k = 0; k < fft.binCount; k++) peak = Math.max(peak, Math.hypot(ref.re[k]!, ref.im[k]!));
    for (let k = 0; k < fft.binCount; k++) {
      expect(Math.abs(re[k]! - ref.re[k]!) / peak).toBeLessThan(1e-12);
      expect(Math.abs(im[k]! - ref.im[k]!) / peak).toBeLessThan(1e-12);
    }
  });

  it('power and addPower agree with the spectrum, leave the input alone and accumulate', () => {
    const n = 500;
    const x = signal(n);
    const copy = x.slice();
    const fft = createRealFft(n, { backend });
    const re = new Float64Array(fft.binCount);
    const im = new Float64Array(fft.binCount);
    fft.forward(x, re, im);
    const power = new Float64Array(fft.binCount);
    fft.power(x, power);
    const twice = new Float64Array(fft.binCount);
    fft.addPower(x, twice);
    fft.addPower(x, twice);
    for (let k = 0; k < fft.binCount; k++) {
      const expected = re[k]! * re[k]! + im[k]! * im[k]!;
      expect(power[k]).toBeCloseTo(expected, 8);
      expect(twice[k]! / 2).toBeCloseTo(expected, 8);
    }
    expect(x).toEqual(copy);
  });

  it('refuses a size that is not a positive integer and input that is too short', () => {
    expect(() => createRealFft(0, { backend })).toThrow(/positive integer, got 0/);
    expect(() => createRealFft(10.5, { backend })).toThrow(/positive integer, got 10.5/);
    const fft = createRealFft(64, { backend });
    expect(() => fft.power(new Float64Array(63), new Float64Array(33))).toThrow(
      /size 64 was given 63 samples/,
    );
  });
});

describe.each(BACKENDS)('two real segments through one complex FFT, %s backend', (backend) => {
  it.each([1, 2, 5, 12, 173, 500, 1000, 2000])('equal two single transforms at n = %i', (n) => {
    const pair = createRealFftPair(n, { backend });
    if (backend === 'fftjs' && n >= 4 && (n & (n - 1)) === 0) {
      expect(pair).toBeNull();
      return;
    }
    const single = createRealFft(n, { backend });
    const a = signal(n);
    const b = Float64Array.from({ length: n }, (_, j) => Math.cos(j * 0.7) * 5 - (j % 3));
    const sa = { re: new Float64Array(single.binCount), im: new Float64Array(single.binCount) };
    const sb = { re: new Float64Array(single.binCount), im: new Float64Array(single.binCount) };
    single.forward(a, sa.re, sa.im);
    single.forward(b, sb.re, sb.im);
    const p = {
      reA: new Float64Array(single.binCount),
      imA: new Float64Array(single.binCount),
      reB: new Float64Array(single.binCount),
      imB: new Float64Array(single.binCount),
    };
    pair!.forwardPair(a, b, p.reA, p.imA, p.reB, p.imB);
    const power = new Float64Array(single.binCount);
    pair!.addPowerOfPair(a, b, power);
    const viaInputs = new Float64Array(single.binCount);
    pair!.inputA.set(a);
    pair!.inputB.set(b);
    pair!.addPowerOfInputs(viaInputs);
    let peak = 1;
    for (let k = 0; k < single.binCount; k++) peak = Math.max(peak, Math.hypot(sa.re[k]!, sa.im[k]!));
    for (let k = 0; k < single.binCount; k++) {
      for (const [x, y] of [
        [p.reA[k]!, sa.re[k]!],
        [p.imA[k]!, sa.im[k]!],
        [p.reB[k]!, sb.re[k]!],
        [p.imB[k]!, sb.im[k]!],
      ] as const) {
        expect(Math.abs(x - y) / peak).toBeLessThan(1e-12);
      }
      const expected = sa.re[k]! ** 2 + sa.im[k]! ** 2 + sb.re[k]! ** 2 + sb.im[k]! ** 2;
      expect(Math.abs(power[k]! - expected) / (peak * peak)).toBeLessThan(1e-12);
      expect(viaInputs[k]).toBe(power[k]);
    }
  });
});

describe.each(BACKENDS)('detrended, windowed pair read straight from the signals, %s backend', (backend) => {
  // 2000 and 500 start with a radix-4 pass (detrend and window fused into it), 6 and 173 do not.
  it.each([6, 173, 500, 2000])('gives the bits of loading the segments first at n = %i', (n) => {
    const pair = createRealFftPair(n, { backend });
    if (!pair) return;
    const x32 = Float32Array.from({ length: 3 * n }, (_, j) => 40 * Math.sin(j * 0.11) + (j % 13) + 200);
    const x64 = Float64Array.from(signal(3 * n), (v) => v * 3 - 50);
    const window = Float64Array.from({ length: n }, (_, j) => 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / n));
    for (const [a, b] of [
      [x32, x32],
      [x64, x32],
    ] as const) {
      const aStart = 7;
      const bStart = n + 3;
      const aOffset = 1.25;
      const bOffset = -0.5;
      const fused = new Float64Array(pair.binCount);
      pair.addPowerOfWindowedPair({ a, aStart, aOffset, b, bStart, bOffset, window }, fused);
      const loaded = new Float64Array(pair.binCount);
      for (let j = 0; j < n; j++) {
        pair.inputA[j] = (a[aStart + j]! - aOffset) * window[j]!;
        pair.inputB[j] = (b[bStart + j]! - bOffset) * window[j]!;
      }
      pair.addPowerOfInputs(loaded);
      expect(fused).toEqual(loaded);
      expect(loaded[1]).toBeGreaterThan(0);
    }
  });
});

describe('FFT backends', () => {
  it('give the same numbers within 1e-9 relative on EEG-like lengths', () => {
    for (const n of [256, 500, 512, 1000, 2000, 2048]) {
      const x = Float64Array.from({ length: n }, (_, j) => 30 * Math.sin(j * 0.25) + Math.cos(j * j * 0.001));
      const [a, b] = BACKENDS.map((backend) => {
        const fft = createRealFft(n, { backend });
        const out = new Float64Array(fft.binCount);
        fft.power(x, out);
        return out;
      });
      let peak = 0;
      for (const v of a!) peak = Math.max(peak, v);
      for (let k = 0; k < a!.length; k++) expect(Math.abs(a![k]! - b![k]!) / peak).toBeLessThan(1e-9);
    }
  });

  it('auto takes fft.js for powers of two and the mixed-radix plan for other lengths', () => {
    expect(preferredBackend(1024)).toBe('fftjs');
    expect(preferredBackend(500)).toBe('mixed-radix');
    expect(createRealFft(2000).backend).toBe('mixed-radix');
    expect(createRealFft(512).backend).toBe('fftjs');
  });

  it('factorizes with radix 4 first, then 2 and odd primes', () => {
    expect(factorize(2000)).toEqual([4, 4, 5, 5, 5]);
    expect(factorize(1000)).toEqual([4, 2, 5, 5, 5]);
    expect(factorize(346)).toEqual([2, 173]);
    expect(factorize(1)).toEqual([]);
  });
});
