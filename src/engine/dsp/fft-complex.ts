// Forward complex FFT of any length: a Stockham (autosort) mixed-radix plan with hand-written radix 2, 3, 4 and 5
// butterflies, a direct butterfly for other small primes, and Bluestein's chirp-z for lengths with a large prime.
// EEG segment lengths are 2 s of samples (500, 512, 1000, 2000 ...), mostly 2^a 5^b: fft.js only does 2^a.
// Split real/imaginary Float64Arrays; every buffer and twiddle is made once per plan, nothing per call.

/** Largest prime handled by the direct O(p^2) butterfly; lengths with a larger prime factor go through Bluestein. */
const MAX_DIRECT_PRIME = 61;

/** Complex transform of a fixed length. `re`/`im` are filled by the caller; `run()` says where the spectrum is. */
export interface ComplexFftPlan {
  readonly size: number;
  /** Input buffers, length `size`. They are overwritten by `run()`. */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** X[k] = sum_j x[j] exp(-2 pi i j k / n), unnormalised. Returns the buffers that hold it (owned by the plan). */
  run(): { readonly re: Float64Array; readonly im: Float64Array };
  /**
   * run() on z[j] = (a[aStart + j] - aOffset) w[j] + i (b[bStart + j] - bOffset) w[j], j < size: two detrended,
   * windowed real segments packed as one complex input. `re`/`im` are not read.
   */
  runWindowedPair(pair: WindowedPair): { readonly re: Float64Array; readonly im: Float64Array };
}

/** Real samples as they arrive: float32 from devices and files, float64 from filters. */
export type RealSamples = Float32Array | Float64Array;

/** Two segments of real signals, each less an offset (its mean, or 0) and times one window. */
export interface WindowedPair {
  readonly a: RealSamples;
  readonly aStart: number;
  readonly aOffset: number;
  readonly b: RealSamples;
  readonly bStart: number;
  readonly bOffset: number;
  readonly window: Float64Array;
}

/** Fills re/im with the packed pair as ComplexFftPlan.runWindowedPair defines it. */
export function loadWindowedPair(p: WindowedPair, re: Float64Array, im: Float64Array, size: number): void {
  const { a, b, aStart, bStart, aOffset, bOffset, window: w } = p;
  for (let j = 0; j < size; j++) {
    const wj = w[j]!;
    re[j] = (a[aStart + j]! - aOffset) * wj;
    im[j] = (b[bStart + j]! - bOffset) * wj;
  }
}

/** A complex power-of-two FFT supplied from outside (fft.js), used by Bluestein for its convolutions. */
export interface PowerOfTwoComplexFft {
  readonly size: number;
  /** Forward transform of interleaved complex `input` into interleaved `output` (length 2 * size). */
  forward(output: Float64Array, input: Float64Array): void;
  /** Inverse transform scaled by 1/size (as fft.js does), interleaved in and out. */
  inverse(output: Float64Array, input: Float64Array): void;
}

export function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    factors.push(4);
    rest /= 4;
  }
  while (rest % 2 === 0) {
    factors.push(2);
    rest /= 2;
  }
  for (let p = 3; p * p <= rest; p += 2) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  if (rest > 1) factors.push(rest);
  return factors;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/**
 * A plan for length `n`. `powerOfTwo` makes the power-of-two FFT Bluestein needs when `n` has a prime factor
 * above MAX_DIRECT_PRIME; without it such lengths are refused.
 */
export function createComplexFftPlan(
  n: number,
  powerOfTwo?: (size: number) => PowerOfTwoComplexFft,
  options: { readonly forceBluestein?: boolean } = {},
): ComplexFftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  const factors = factorize(n);
  if (options.forceBluestein === true || factors.some((p) => p > MAX_DIRECT_PRIME)) {
    if (!powerOfTwo) throw new RangeError(`FFT length ${n} has a prime factor above ${MAX_DIRECT_PRIME}`);
    return new BluesteinPlan(n, powerOfTwo);
  }
  return new StockhamPlan(n, factors);
}

interface Stage {
  readonly radix: number;
  readonly l1: number;
  readonly ido: number;
  /** exp(-2 pi i j i' / (radix * ido)) at [(j - 1) * ido + i'], j = 1..radix-1. */
  readonly twRe: Float64Array;
  readonly twIm: Float64Array;
}

class StockhamPlan implements ComplexFftPlan {
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly otherRe: Float64Array;
  private readonly otherIm: Float64Array;
  private readonly stages: Stage[] = [];
  /** Scratch and the exp(-2 pi i m / p) table of the direct butterfly for primes above 5. */
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;
  private readonly rootRe: Map<number, Float64Array> = new Map();
  private readonly rootIm: Map<number, Float64Array> = new Map();

  constructor(
    readonly size: number,
    factors: readonly number[],
  ) {
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.otherRe = new Float64Array(size);
    this.otherIm = new Float64Array(size);
    let l1 = 1;
    let maxRadix = 1;
    for (const radix of factors) {
      const ido = size / (l1 * radix);
      const twRe = new Float64Array((radix - 1) * ido);
      const twIm = new Float64Array((radix - 1) * ido);
      for (let j = 1; j < radix; j++) {
        for (let i = 0; i < ido; i++) {
          // Angle reduced modulo the stage length keeps the twiddles exact to the last bit for large n.
          const m = (j * i) % (radix * ido);
          const angle = (-2 * Math.PI * m) / (radix * ido);
          twRe[(j - 1) * ido + i] = Math.cos(angle);
          twIm[(j - 1) * ido + i] = Math.sin(angle);
        }
      }
      this.stages.push({ radix, l1, ido, twRe, twIm });
      if (radix > 5 && !this.rootRe.has(radix)) {
        const rRe = new Float64Array(radix);
        const rIm = new Float64Array(radix);
        for (let m = 0; m < radix; m++) {
          rRe[m] = Math.cos((-2 * Math.PI * m) / radix);
          rIm[m] = Math.sin((-2 * Math.PI * m) / radix);
        }
        this.rootRe.set(radix, rRe);
        this.rootIm.set(radix, rIm);
      }
      maxRadix = Math.max(maxRadix, radix);
      l1 *= radix;
    }
    this.scratchRe = new Float64Array(maxRadix);
    this.scratchIm = new Float64Array(maxRadix);
  }

  run(): { re: Float64Array; im: Float64Array } {
    return this.runStages(0, this.re, this.im, this.otherRe, this.otherIm);
  }

  runWindowedPair(pair: WindowedPair): { re: Float64Array; im: Float64Array } {
    const first = this.stages[0];
    if (first?.radix !== 4 || first.l1 !== 1 || pair.window.length < this.size) {
      loadWindowedPair(pair, this.re, this.im, this.size);
      return this.run();
    }
    // Detrend and window inside the first radix-4 pass: saves writing the segments out and reading them back.
    radix4FirstWindowed(first, pair, this.otherRe, this.otherIm);
    return this.runStages(1, this.otherRe, this.otherIm, this.re, this.im);
  }

  private runStages(
    from: number,
    firstInRe: Float64Array,
    firstInIm: Float64Array,
    firstOutRe: Float64Array,
    firstOutIm: Float64Array,
  ): { re: Float64Array; im: Float64Array } {
    let inRe = firstInRe;
    let inIm = firstInIm;
    let outRe = firstOutRe;
    let outIm = firstOutIm;
    for (let st = from; st < this.stages.length; st++) {
      const stage = this.stages[st]!;
      switch (stage.radix) {
        case 4:
          radix4(stage, inRe, inIm, outRe, outIm);
          break;
        case 2:
          radix2(stage, inRe, inIm, outRe, outIm);
          break;
        case 3:
          radix3(stage, inRe, inIm, outRe, outIm);
          break;
        case 5:
          radix5(stage, inRe, inIm, outRe, outIm);
          break;
        default:
          this.radixGeneric(stage, inRe, inIm, outRe, outIm);
      }
      const tRe = inRe;
      const tIm = inIm;
      inRe = outRe;
      inIm = outIm;
      outRe = tRe;
      outIm = tIm;
    }
    return { re: inRe, im: inIm };
  }

  private radixGeneric(
    stage: Stage,
    inRe: Float64Array,
    inIm: Float64Array,
    outRe: Float64Array,
    outIm: Float64Array,
  ): void {
    const { radix: p, l1, ido, twRe, twIm } = stage;
    const rootRe = this.rootRe.get(p)!;
    const rootIm = this.rootIm.get(p)!;
    const aRe = this.scratchRe;
    const aIm = this.scratchIm;
    for (let k = 0; k < l1; k++) {
      for (let i = 0; i < ido; i++) {
        for (let j = 0; j < p; j++) {
          const src = i + ido * (j + p * k);
          aRe[j] = inRe[src]!;
          aIm[j] = inIm[src]!;
        }
        for (let m = 0; m < p; m++) {
          let sRe = 0;
          let sIm = 0;
          for (let j = 0, r = 0; j < p; j++, r = (r + m) % p) {
            const wr = rootRe[r]!;
            const wi = rootIm[r]!;
            const xr = aRe[j]!;
            const xi = aIm[j]!;
            sRe += xr * wr - xi * wi;
            sIm += xr * wi + xi * wr;
          }
          const dst = i + ido * (k + l1 * m);
          if (m === 0 || i === 0) {
            outRe[dst] = sRe;
            outIm[dst] = sIm;
          } else {
            const t = (m - 1) * ido + i;
            const wr = twRe[t]!;
            const wi = twIm[t]!;
            outRe[dst] = sRe * wr - sIm * wi;
            outIm[dst] = sRe * wi + sIm * wr;
          }
        }
      }
    }
  }
}

// The butterflies below read input block j of sub-transform k at i + ido * (j + radix * k) and write output m at
// i + ido * (k + l1 * m), multiplied by the stage twiddle of (m, i); see the Stage comment.

function radix2(s: Stage, inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array) {
  const { l1, ido, twRe, twIm } = s;
  const outStride = ido * l1;
  for (let k = 0; k < l1; k++) {
    const src = ido * 2 * k;
    const dst = ido * k;
    for (let i = 0; i < ido; i++) {
      const a0r = inRe[src + i]!;
      const a0i = inIm[src + i]!;
      const a1r = inRe[src + ido + i]!;
      const a1i = inIm[src + ido + i]!;
      outRe[dst + i] = a0r + a1r;
      outIm[dst + i] = a0i + a1i;
      const dr = a0r - a1r;
      const di = a0i - a1i;
      const wr = twRe[i]!;
      const wi = twIm[i]!;
      outRe[dst + outStride + i] = dr * wr - di * wi;
      outIm[dst + outStride + i] = dr * wi + di * wr;
    }
  }
}

function radix4(s: Stage, inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array) {
  const { l1, ido, twRe, twIm } = s;
  const os = ido * l1;
  if (ido === 1) {
    for (let k = 0; k < l1; k++) {
      const src = 4 * k;
      const a0r = inRe[src]!;
      const a0i = inIm[src]!;
      const a1r = inRe[src + 1]!;
      const a1i = inIm[src + 1]!;
      const a2r = inRe[src + 2]!;
      const a2i = inIm[src + 2]!;
      const a3r = inRe[src + 3]!;
      const a3i = inIm[src + 3]!;
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      outRe[k] = t0r + t2r;
      outIm[k] = t0i + t2i;
      outRe[k + os] = t1r + t3i;
      outIm[k + os] = t1i - t3r;
      outRe[k + 2 * os] = t0r - t2r;
      outIm[k + 2 * os] = t0i - t2i;
      outRe[k + 3 * os] = t1r - t3i;
      outIm[k + 3 * os] = t1i + t3r;
    }
    return;
  }
  // Twiddle index outer, as in radix5: each column's three twiddles are loaded once for all sub-transforms.
  const inStride = 4 * ido;
  for (let i = 0; i < ido; i++) {
    const w1r = twRe[i]!;
    const w1i = twIm[i]!;
    const w2r = twRe[ido + i]!;
    const w2i = twIm[ido + i]!;
    const w3r = twRe[2 * ido + i]!;
    const w3i = twIm[2 * ido + i]!;
    for (let k = 0, s0 = i, d = i; k < l1; k++, s0 += inStride, d += ido) {
      const a0r = inRe[s0]!;
      const a0i = inIm[s0]!;
      const a1r = inRe[s0 + ido]!;
      const a1i = inIm[s0 + ido]!;
      const a2r = inRe[s0 + 2 * ido]!;
      const a2i = inIm[s0 + 2 * ido]!;
      const a3r = inRe[s0 + 3 * ido]!;
      const a3i = inIm[s0 + 3 * ido]!;
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      outRe[d] = t0r + t2r;
      outIm[d] = t0i + t2i;
      const y1r = t1r + t3i;
      const y1i = t1i - t3r;
      const y2r = t0r - t2r;
      const y2i = t0i - t2i;
      const y3r = t1r - t3i;
      const y3i = t1i + t3r;
      outRe[d + os] = y1r * w1r - y1i * w1i;
      outIm[d + os] = y1r * w1i + y1i * w1r;
      outRe[d + 2 * os] = y2r * w2r - y2i * w2i;
      outIm[d + 2 * os] = y2r * w2i + y2i * w2r;
      outRe[d + 3 * os] = y3r * w3r - y3i * w3i;
      outIm[d + 3 * os] = y3r * w3i + y3i * w3r;
    }
  }
}

/** radix4 on the first stage (l1 = 1) reading the packed windowed pair straight from the signals. */
function radix4FirstWindowed(s: Stage, p: WindowedPair, outRe: Float64Array, outIm: Float64Array) {
  const { ido, twRe, twIm } = s;
  const { a, b, aOffset, bOffset, window: w } = p;
  for (let i = 0, ja = p.aStart, jb = p.bStart; i < ido; i++, ja++, jb++) {
    const w0 = w[i]!;
    const w1 = w[i + ido]!;
    const w2 = w[i + 2 * ido]!;
    const w3 = w[i + 3 * ido]!;
    const a0r = (a[ja]! - aOffset) * w0;
    const a0i = (b[jb]! - bOffset) * w0;
    const a1r = (a[ja + ido]! - aOffset) * w1;
    const a1i = (b[jb + ido]! - bOffset) * w1;
    const a2r = (a[ja + 2 * ido]! - aOffset) * w2;
    const a2i = (b[jb + 2 * ido]! - bOffset) * w2;
    const a3r = (a[ja + 3 * ido]! - aOffset) * w3;
    const a3i = (b[jb + 3 * ido]! - bOffset) * w3;
    const t0r = a0r + a2r;
    const t0i = a0i + a2i;
    const t1r = a0r - a2r;
    const t1i = a0i - a2i;
    const t2r = a1r + a3r;
    const t2i = a1i + a3i;
    const t3r = a1r - a3r;
    const t3i = a1i - a3i;
    outRe[i] = t0r + t2r;
    outIm[i] = t0i + t2i;
    const y1r = t1r + t3i;
    const y1i = t1i - t3r;
    const y2r = t0r - t2r;
    const y2i = t0i - t2i;
    const y3r = t1r - t3i;
    const y3i = t1i + t3r;
    const w1r = twRe[i]!;
    const w1i = twIm[i]!;
    const w2r = twRe[ido + i]!;
    const w2i = twIm[ido + i]!;
    const w3r = twRe[2 * ido + i]!;
    const w3i = twIm[2 * ido + i]!;
    outRe[i + ido] = y1r * w1r - y1i * w1i;
    outIm[i + ido] = y1r * w1i + y1i * w1r;
    outRe[i + 2 * ido] = y2r * w2r - y2i * w2i;
    outIm[i + 2 * ido] = y2r * w2i + y2i * w2r;
    outRe[i + 3 * ido] = y3r * w3r - y3i * w3i;
    outIm[i + 3 * ido] = y3r * w3i + y3i * w3r;
  }
}

const SIN_60 = Math.sqrt(3) / 2;

function radix3(s: Stage, inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array) {
  const { l1, ido, twRe, twIm } = s;
  const os = ido * l1;
  for (let k = 0; k < l1; k++) {
    const src = ido * 3 * k;
    const dst = ido * k;
    for (let i = 0; i < ido; i++) {
      const s0 = src + i;
      const a0r = inRe[s0]!;
      const a0i = inIm[s0]!;
      const a1r = inRe[s0 + ido]!;
      const a1i = inIm[s0 + ido]!;
      const a2r = inRe[s0 + 2 * ido]!;
      const a2i = inIm[s0 + 2 * ido]!;
      const sr = a1r + a2r;
      const si = a1i + a2i;
      const mr = a0r - 0.5 * sr;
      const mi = a0i - 0.5 * si;
      const dr = SIN_60 * (a1r - a2r);
      const di = SIN_60 * (a1i - a2i);
      const d = dst + i;
      outRe[d] = a0r + sr;
      outIm[d] = a0i + si;
      const y1r = mr + di;
      const y1i = mi - dr;
      const y2r = mr - di;
      const y2i = mi + dr;
      const w1r = twRe[i]!;
      const w1i = twIm[i]!;
      const w2r = twRe[ido + i]!;
      const w2i = twIm[ido + i]!;
      outRe[d + os] = y1r * w1r - y1i * w1i;
      outIm[d + os] = y1r * w1i + y1i * w1r;
      outRe[d + 2 * os] = y2r * w2r - y2i * w2i;
      outIm[d + 2 * os] = y2r * w2i + y2i * w2r;
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

function radix5(s: Stage, inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array) {
  const { l1, ido, twRe, twIm } = s;
  const os = ido * l1;
  if (ido === 1) {
    radix5Last(l1, inRe, inIm, outRe, outIm);
    return;
  }
  // Twiddle index outer, sub-transform inner: the 2000- and 500-point plans run their radix-5 stages with few
  // twiddle columns (ido 25, 5) and many sub-transforms, so each twiddle pair is loaded once per column.
  const inStride = 5 * ido;
  for (let i = 0; i < ido; i++) {
    const w1r = twRe[i]!;
    const w1i = twIm[i]!;
    const w2r = twRe[ido + i]!;
    const w2i = twIm[ido + i]!;
    const w3r = twRe[2 * ido + i]!;
    const w3i = twIm[2 * ido + i]!;
    const w4r = twRe[3 * ido + i]!;
    const w4i = twIm[3 * ido + i]!;
    for (let k = 0, s0 = i, d = i; k < l1; k++, s0 += inStride, d += ido) {
      const a0r = inRe[s0]!;
      const a0i = inIm[s0]!;
      const a1r = inRe[s0 + ido]!;
      const a1i = inIm[s0 + ido]!;
      const a2r = inRe[s0 + 2 * ido]!;
      const a2i = inIm[s0 + 2 * ido]!;
      const a3r = inRe[s0 + 3 * ido]!;
      const a3i = inIm[s0 + 3 * ido]!;
      const a4r = inRe[s0 + 4 * ido]!;
      const a4i = inIm[s0 + 4 * ido]!;
      const p14r = a1r + a4r;
      const p14i = a1i + a4i;
      const m14r = a1r - a4r;
      const m14i = a1i - a4i;
      const p23r = a2r + a3r;
      const p23i = a2i + a3i;
      const m23r = a2r - a3r;
      const m23i = a2i - a3i;
      const c1r = a0r + C1 * p14r + C2 * p23r;
      const c1i = a0i + C1 * p14i + C2 * p23i;
      const c2r = a0r + C2 * p14r + C1 * p23r;
      const c2i = a0i + C2 * p14i + C1 * p23i;
      // y1 = c1 - i*s1, y4 = c1 + i*s1 with s1 = S1*m14 + S2*m23; y2 = c2 - i*s2, y3 = c2 + i*s2, s2 = S2*m14 - S1*m23.
      const s1r = S1 * m14r + S2 * m23r;
      const s1i = S1 * m14i + S2 * m23i;
      const s2r = S2 * m14r - S1 * m23r;
      const s2i = S2 * m14i - S1 * m23i;
      outRe[d] = a0r + p14r + p23r;
      outIm[d] = a0i + p14i + p23i;
      const y1r = c1r + s1i;
      const y1i = c1i - s1r;
      const y4r = c1r - s1i;
      const y4i = c1i + s1r;
      const y2r = c2r + s2i;
      const y2i = c2i - s2r;
      const y3r = c2r - s2i;
      const y3i = c2i + s2r;
      outRe[d + os] = y1r * w1r - y1i * w1i;
      outIm[d + os] = y1r * w1i + y1i * w1r;
      outRe[d + 2 * os] = y2r * w2r - y2i * w2i;
      outIm[d + 2 * os] = y2r * w2i + y2i * w2r;
      outRe[d + 3 * os] = y3r * w3r - y3i * w3i;
      outIm[d + 3 * os] = y3r * w3i + y3i * w3r;
      outRe[d + 4 * os] = y4r * w4r - y4i * w4i;
      outIm[d + 4 * os] = y4r * w4i + y4i * w4r;
    }
  }
}

/** The last radix-5 stage (ido = 1): every twiddle is 1. */
function radix5Last(
  l1: number,
  inRe: Float64Array,
  inIm: Float64Array,
  outRe: Float64Array,
  outIm: Float64Array,
) {
  for (let k = 0; k < l1; k++) {
    const s0 = 5 * k;
    const a0r = inRe[s0]!;
    const a0i = inIm[s0]!;
    const p14r = inRe[s0 + 1]! + inRe[s0 + 4]!;
    const p14i = inIm[s0 + 1]! + inIm[s0 + 4]!;
    const m14r = inRe[s0 + 1]! - inRe[s0 + 4]!;
    const m14i = inIm[s0 + 1]! - inIm[s0 + 4]!;
    const p23r = inRe[s0 + 2]! + inRe[s0 + 3]!;
    const p23i = inIm[s0 + 2]! + inIm[s0 + 3]!;
    const m23r = inRe[s0 + 2]! - inRe[s0 + 3]!;
    const m23i = inIm[s0 + 2]! - inIm[s0 + 3]!;
    const c1r = a0r + C1 * p14r + C2 * p23r;
    const c1i = a0i + C1 * p14i + C2 * p23i;
    const c2r = a0r + C2 * p14r + C1 * p23r;
    const c2i = a0i + C2 * p14i + C1 * p23i;
    const s1r = S1 * m14r + S2 * m23r;
    const s1i = S1 * m14i + S2 * m23i;
    const s2r = S2 * m14r - S1 * m23r;
    const s2i = S2 * m14i - S1 * m23i;
    outRe[k] = a0r + p14r + p23r;
    outIm[k] = a0i + p14i + p23i;
    outRe[k + l1] = c1r + s1i;
    outIm[k + l1] = c1i - s1r;
    outRe[k + 2 * l1] = c2r + s2i;
    outIm[k + 2 * l1] = c2i - s2r;
    outRe[k + 3 * l1] = c2r - s2i;
    outIm[k + 3 * l1] = c2i + s2r;
    outRe[k + 4 * l1] = c1r - s1i;
    outIm[k + 4 * l1] = c1i + s1r;
  }
}

/**
 * Bluestein: X[k] = w[k] * sum_j (x[j] w[j]) conj(w[k - j]) with w[j] = exp(-i pi j^2 / n), a circular
 * convolution done with power-of-two FFTs of length >= 2n - 1.
 */
class BluesteinPlan implements ComplexFftPlan {
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly outRe: Float64Array;
  private readonly outIm: Float64Array;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  /** FFT of the conjugate chirp, interleaved. */
  private readonly kernel: Float64Array;
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;
  private readonly fft: PowerOfTwoComplexFft;

  constructor(
    readonly size: number,
    powerOfTwo: (size: number) => PowerOfTwoComplexFft,
  ) {
    const n = size;
    // fft.js wants at least 4 points.
    let m = 4;
    while (m < 2 * n - 1) m *= 2;
    this.fft = powerOfTwo(m);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.outRe = new Float64Array(n);
    this.outIm = new Float64Array(n);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      // j^2 mod 2n keeps the angle small (and exact) for long transforms.
      const angle = (-Math.PI * ((j * j) % (2 * n))) / n;
      this.chirpRe[j] = Math.cos(angle);
      this.chirpIm[j] = Math.sin(angle);
    }
    this.bufA = new Float64Array(2 * m);
    this.bufB = new Float64Array(2 * m);
    const b = new Float64Array(2 * m);
    for (let j = 0; j < n; j++) {
      b[2 * j] = this.chirpRe[j]!;
      b[2 * j + 1] = -this.chirpIm[j]!;
      if (j > 0) {
        b[2 * (m - j)] = this.chirpRe[j]!;
        b[2 * (m - j) + 1] = -this.chirpIm[j]!;
      }
    }
    this.kernel = new Float64Array(2 * m);
    this.fft.forward(this.kernel, b);
  }

  runWindowedPair(pair: WindowedPair): { re: Float64Array; im: Float64Array } {
    loadWindowedPair(pair, this.re, this.im, this.size);
    return this.run();
  }

  run(): { re: Float64Array; im: Float64Array } {
    const n = this.size;
    const a = this.bufA;
    const spec = this.bufB;
    a.fill(0);
    for (let j = 0; j < n; j++) {
      const xr = this.re[j]!;
      const xi = this.im[j]!;
      const wr = this.chirpRe[j]!;
      const wi = this.chirpIm[j]!;
      a[2 * j] = xr * wr - xi * wi;
      a[2 * j + 1] = xr * wi + xi * wr;
    }
    this.fft.forward(spec, a);
    const kern = this.kernel;
    for (let q = 0; q < spec.length; q += 2) {
      const ar = spec[q]!;
      const ai = spec[q + 1]!;
      const br = kern[q]!;
      const bi = kern[q + 1]!;
      spec[q] = ar * br - ai * bi;
      spec[q + 1] = ar * bi + ai * br;
    }
    this.fft.inverse(a, spec);
    for (let k = 0; k < n; k++) {
      const cr = a[2 * k]!;
      const ci = a[2 * k + 1]!;
      const wr = this.chirpRe[k]!;
      const wi = this.chirpIm[k]!;
      this.outRe[k] = cr * wr - ci * wi;
      this.outIm[k] = cr * wi + ci * wr;
    }
    return { re: this.outRe, im: this.outIm };
  }
}
