// The engine's one FFT entry: forward transforms of real input of any length, into buffers the caller owns.
// Two backends give the same numbers (tests hold them to each other and to scipy):
//   'fftjs'       fft.js's radix-4 real transform for powers of two; Bluestein over fft.js for other lengths.
//   'mixed-radix' the in-house Stockham radix-2/3/4/5 plan (fft-complex.ts), on the half-length complex trick.
// 'auto' (default) takes the faster one for the length: see bench/engine.bench.ts for the figures behind it.
import FFT from 'fft.js';
import {
  createComplexFftPlan,
  isPowerOfTwo,
  loadWindowedPair,
  type ComplexFftPlan,
  type PowerOfTwoComplexFft,
  type WindowedPair,
} from './fft-complex';

export type FftBackend = 'fftjs' | 'mixed-radix';

export interface RealFftOptions {
  readonly backend?: FftBackend | 'auto';
}

/** Forward DFT of a real sequence of fixed length `size`: X[k] = sum_j x[j] exp(-2 pi i j k / size), k < binCount. */
export interface RealFft {
  readonly size: number;
  /** floor(size / 2) + 1: the one-sided spectrum, DC to Nyquist. */
  readonly binCount: number;
  readonly backend: FftBackend;
  /** One-sided spectrum of `input` (length `size`, left untouched) into `re`/`im` (length >= binCount). */
  forward(input: Float64Array, re: Float64Array, im: Float64Array): void;
  /** |X[k]|^2 into `out` (length >= binCount). */
  power(input: Float64Array, out: Float64Array): void;
  /** Adds |X[k]|^2 to `sum`, so that Welch averages segments without a second pass. */
  addPower(input: Float64Array, sum: Float64Array): void;
}

export function createRealFft(size: number, options: RealFftOptions = {}): RealFft {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`FFT size must be a positive integer, got ${size}`);
  }
  const backend = options.backend ?? 'auto';
  const chosen: FftBackend = backend === 'auto' ? preferredBackend(size) : backend;
  if (chosen === 'fftjs') {
    if (isPowerOfTwo(size) && size >= 4) return new FftJsRealFft(size);
    return realFftOverComplex(size, 'fftjs', (n) => createBluesteinOnly(n));
  }
  return realFftOverComplex(size, 'mixed-radix', (n) => createComplexFftPlan(n, fftJsComplex));
}

/**
 * Two real sequences of one length through one complex FFT: z = a + i b, then
 * A[k] = (Z[k] + conj Z[n-k]) / 2 and B[k] = (Z[k] - conj Z[n-k]) / 2i, and |A[k]|^2 + |B[k]|^2 =
 * (|Z[k]|^2 + |Z[n-k]|^2) / 2. Welch averages power over segments, so it can take its segments two by two.
 */
export interface RealFftPair {
  readonly size: number;
  readonly binCount: number;
  readonly backend: FftBackend;
  /** Where `addPowerOfInputs` reads a and b: fill them directly to save a copy (overwritten by each transform). */
  readonly inputA: Float64Array;
  readonly inputB: Float64Array;
  /** addPowerOfPair on the contents of inputA and inputB. */
  addPowerOfInputs(sum: Float64Array): void;
  /** addPowerOfPair on the two detrended, windowed segments of `pair` (see ComplexFftPlan.runWindowedPair). */
  addPowerOfWindowedPair(pair: WindowedPair, sum: Float64Array): void;
  /** Adds |A[k]|^2 + |B[k]|^2 to `sum` for k < binCount. */
  addPowerOfPair(a: Float64Array, b: Float64Array, sum: Float64Array): void;
  /** The one-sided spectra of both inputs. */
  forwardPair(
    a: Float64Array,
    b: Float64Array,
    reA: Float64Array,
    imA: Float64Array,
    reB: Float64Array,
    imB: Float64Array,
  ): void;
}

/** A pair transform for `size`, or null where two single real transforms are the faster way (fft.js, 2^k). */
export function createRealFftPair(size: number, options: RealFftOptions = {}): RealFftPair | null {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`FFT size must be a positive integer, got ${size}`);
  }
  const backend = options.backend ?? 'auto';
  const chosen: FftBackend = backend === 'auto' ? preferredBackend(size) : backend;
  if (chosen === 'fftjs' && isPowerOfTwo(size) && size >= 4) return null;
  const plan = chosen === 'fftjs' ? createBluesteinOnly(size) : createComplexFftPlan(size, fftJsComplex);
  return new PackedPairFft(size, chosen, plan);
}

class PackedPairFft implements RealFftPair {
  readonly binCount: number;
  readonly inputA: Float64Array;
  readonly inputB: Float64Array;

  constructor(
    readonly size: number,
    readonly backend: FftBackend,
    private readonly plan: ComplexFftPlan,
  ) {
    this.binCount = Math.floor(size / 2) + 1;
    this.inputA = plan.re;
    this.inputB = plan.im;
  }

  private transform(a: Float64Array, b: Float64Array): { re: Float64Array; im: Float64Array } {
    checkInput(a, this.size);
    checkInput(b, this.size);
    const re = this.plan.re;
    const im = this.plan.im;
    for (let j = 0; j < this.size; j++) {
      re[j] = a[j]!;
      im[j] = b[j]!;
    }
    return this.plan.run();
  }

  addPowerOfPair(a: Float64Array, b: Float64Array, sum: Float64Array): void {
    this.accumulate(this.transform(a, b), sum);
  }

  addPowerOfInputs(sum: Float64Array): void {
    this.accumulate(this.plan.run(), sum);
  }

  addPowerOfWindowedPair(pair: WindowedPair, sum: Float64Array): void {
    this.accumulate(this.plan.runWindowedPair(pair), sum);
  }

  private accumulate(z: { re: Float64Array; im: Float64Array }, sum: Float64Array): void {
    const n = this.size;
    const zr = z.re;
    const zi = z.im;
    sum[0] = sum[0]! + zr[0]! * zr[0]! + zi[0]! * zi[0]!;
    for (let k = 1; k < this.binCount; k++) {
      const r1 = zr[k]!;
      const i1 = zi[k]!;
      const r2 = zr[n - k]!;
      const i2 = zi[n - k]!;
      sum[k] = sum[k]! + 0.5 * (r1 * r1 + i1 * i1 + r2 * r2 + i2 * i2);
    }
  }

  forwardPair(
    a: Float64Array,
    b: Float64Array,
    reA: Float64Array,
    imA: Float64Array,
    reB: Float64Array,
    imB: Float64Array,
  ): void {
    const z = this.transform(a, b);
    const n = this.size;
    for (let k = 0; k < this.binCount; k++) {
      const r1 = z.re[k]!;
      const i1 = z.im[k]!;
      const m = k === 0 ? 0 : n - k;
      const r2 = z.re[m]!;
      const i2 = z.im[m]!;
      reA[k] = 0.5 * (r1 + r2);
      imA[k] = 0.5 * (i1 - i2);
      reB[k] = 0.5 * (i1 + i2);
      imB[k] = -0.5 * (r1 - r2);
    }
  }
}

/** The backend 'auto' picks for a length. */
export function preferredBackend(size: number): FftBackend {
  // fft.js's real radix-4 transform is the faster one for powers of two (bench/engine.bench.ts, FFT throughput);
  // it has nothing but Bluestein for other lengths, where the mixed-radix plan is several times faster.
  return isPowerOfTwo(size) && size >= 4 ? 'fftjs' : 'mixed-radix';
}

/** fft.js's complex transform as the power-of-two FFT Bluestein convolves with. */
export function fftJsComplex(size: number): PowerOfTwoComplexFft {
  const fft = new FFT(size);
  return {
    size,
    forward: (output, input) => {
      fft.transform(output, input);
    },
    inverse: (output, input) => {
      fft.inverseTransform(output, input);
    },
  };
}

function createBluesteinOnly(n: number): ComplexFftPlan {
  // A power of two still goes through fft.js directly (n = 2 in the half-length trick for size 4 is one).
  if (isPowerOfTwo(n) && n >= 2) return new FftJsComplexPlan(n);
  return createComplexFftPlan(n, fftJsComplex, { forceBluestein: true });
}

class FftJsComplexPlan implements ComplexFftPlan {
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly fft: FFT;
  private readonly input: Float64Array;
  private readonly output: Float64Array;

  constructor(readonly size: number) {
    this.fft = new FFT(size);
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.input = new Float64Array(2 * size);
    this.output = new Float64Array(2 * size);
  }

  runWindowedPair(pair: WindowedPair): { re: Float64Array; im: Float64Array } {
    loadWindowedPair(pair, this.re, this.im, this.size);
    return this.run();
  }

  run(): { re: Float64Array; im: Float64Array } {
    const n = this.size;
    for (let j = 0; j < n; j++) {
      this.input[2 * j] = this.re[j]!;
      this.input[2 * j + 1] = this.im[j]!;
    }
    this.fft.transform(this.output, this.input);
    for (let k = 0; k < n; k++) {
      this.re[k] = this.output[2 * k]!;
      this.im[k] = this.output[2 * k + 1]!;
    }
    return { re: this.re, im: this.im };
  }
}

class FftJsRealFft implements RealFft {
  readonly binCount: number;
  readonly backend = 'fftjs' as const;
  private readonly fft: FFT;
  private readonly out: Float64Array;

  constructor(readonly size: number) {
    this.binCount = size / 2 + 1;
    this.fft = new FFT(size);
    this.out = new Float64Array(2 * size);
  }

  forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    checkInput(input, this.size);
    this.fft.realTransform(this.out, input);
    const out = this.out;
    for (let k = 0; k < this.binCount; k++) {
      re[k] = out[2 * k]!;
      im[k] = out[2 * k + 1]!;
    }
  }

  power(input: Float64Array, out: Float64Array): void {
    out.fill(0, 0, this.binCount);
    this.addPower(input, out);
  }

  addPower(input: Float64Array, sum: Float64Array): void {
    checkInput(input, this.size);
    this.fft.realTransform(this.out, input);
    const out = this.out;
    for (let k = 0; k < this.binCount; k++) {
      const r = out[2 * k]!;
      const i = out[2 * k + 1]!;
      sum[k] = sum[k]! + r * r + i * i;
    }
  }
}

function realFftOverComplex(size: number, backend: FftBackend, plan: (n: number) => ComplexFftPlan): RealFft {
  return size % 2 === 0
    ? new HalfLengthRealFft(size, backend, plan(size / 2))
    : new OddLengthRealFft(size, backend, plan(size));
}

/**
 * Even length n through one complex FFT of n/2 points: z[j] = x[2j] + i x[2j+1], then
 * X[k] = E[k] + exp(-2 pi i k / n) O[k] with E, O the spectra of the even and odd samples, read off Z.
 */
class HalfLengthRealFft implements RealFft {
  readonly binCount: number;
  private readonly half: number;
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;

  constructor(
    readonly size: number,
    readonly backend: FftBackend,
    private readonly plan: ComplexFftPlan,
  ) {
    this.half = size / 2;
    this.binCount = this.half + 1;
    this.wRe = new Float64Array(this.binCount);
    this.wIm = new Float64Array(this.binCount);
    for (let k = 0; k < this.binCount; k++) {
      this.wRe[k] = Math.cos((-2 * Math.PI * k) / size);
      this.wIm[k] = Math.sin((-2 * Math.PI * k) / size);
    }
  }

  private transform(input: Float64Array): { re: Float64Array; im: Float64Array } {
    checkInput(input, this.size);
    const zr = this.plan.re;
    const zi = this.plan.im;
    for (let j = 0, h = this.half; j < h; j++) {
      zr[j] = input[2 * j]!;
      zi[j] = input[2 * j + 1]!;
    }
    return this.plan.run();
  }

  forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    const z = this.transform(input);
    const m = this.half;
    const zr = z.re;
    const zi = z.im;
    const wRe = this.wRe;
    const wIm = this.wIm;
    for (let k = 0; k <= m; k++) {
      const a = k === m ? 0 : k;
      const b = k === 0 ? 0 : m - k;
      const ar = zr[a]!;
      const ai = zi[a]!;
      const br = zr[b]!;
      const bi = zi[b]!;
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai - bi);
      const or = 0.5 * (ai + bi);
      const oi = -0.5 * (ar - br);
      const c = wRe[k]!;
      const s = wIm[k]!;
      re[k] = er + c * or - s * oi;
      im[k] = ei + c * oi + s * or;
    }
  }

  power(input: Float64Array, out: Float64Array): void {
    out.fill(0, 0, this.binCount);
    this.addPower(input, out);
  }

  addPower(input: Float64Array, sum: Float64Array): void {
    const z = this.transform(input);
    const m = this.half;
    const zr = z.re;
    const zi = z.im;
    const wRe = this.wRe;
    const wIm = this.wIm;
    for (let k = 0; k <= m; k++) {
      const a = k === m ? 0 : k;
      const b = k === 0 ? 0 : m - k;
      const ar = zr[a]!;
      const ai = zi[a]!;
      const br = zr[b]!;
      const bi = zi[b]!;
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai - bi);
      const or = 0.5 * (ai + bi);
      const oi = -0.5 * (ar - br);
      const c = wRe[k]!;
      const s = wIm[k]!;
      const xr = er + c * or - s * oi;
      const xi = ei + c * oi + s * or;
      sum[k] = sum[k]! + xr * xr + xi * xi;
    }
  }
}

/** Odd lengths (rare: 2 s of an odd sample rate is even) as a complex FFT with a zero imaginary part. */
class OddLengthRealFft implements RealFft {
  readonly binCount: number;

  constructor(
    readonly size: number,
    readonly backend: FftBackend,
    private readonly plan: ComplexFftPlan,
  ) {
    this.binCount = (size - 1) / 2 + 1;
  }

  private transform(input: Float64Array): { re: Float64Array; im: Float64Array } {
    checkInput(input, this.size);
    this.plan.re.set(input.subarray(0, this.size));
    this.plan.im.fill(0);
    return this.plan.run();
  }

  forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    const z = this.transform(input);
    for (let k = 0; k < this.binCount; k++) {
      re[k] = z.re[k]!;
      im[k] = z.im[k]!;
    }
  }

  power(input: Float64Array, out: Float64Array): void {
    out.fill(0, 0, this.binCount);
    this.addPower(input, out);
  }

  addPower(input: Float64Array, sum: Float64Array): void {
    const z = this.transform(input);
    for (let k = 0; k < this.binCount; k++) {
      const r = z.re[k]!;
      const i = z.im[k]!;
      sum[k] = sum[k]! + r * r + i * i;
    }
  }
}

function checkInput(input: Float64Array, size: number): void {
  if (input.length < size) {
    throw new RangeError(`FFT of size ${size} was given ${input.length} samples`);
  }
}
