// Welch's method as scipy.signal.welch / csd / coherence with their defaults for EEG:
//   welch(x, fs, nperseg=2*fs)  ->  Hann (periodic), noverlap = nperseg // 2, detrend='constant',
//   one-sided 'density' scaling (uV^2/Hz), mean of the segments, nfft = nperseg, no padding or boundary extension.
// When the signal is shorter than nperseg, nperseg becomes its length (scipy does the same, with a warning).
// A WelchPlan holds the window, the FFT plan and the scratch buffers of one segment length: reuse it across
// channels and calls; nothing is allocated per segment.
import { detrendInPlace, type DetrendType } from './detrend';
import { createRealFft, createRealFftPair, type FftBackend, type RealFft, type RealFftPair } from './fft';
import type { WindowedPair } from './fft-complex';
import { getWindow, type WindowName } from './window';

/** Samples as they arrive: float32 from devices and files, float64 from filters. */
export type Samples = Float32Array | Float64Array;

export interface WelchOptions {
  readonly sampleRateHz: number;
  /** Samples per segment; default trunc(segmentSeconds * fs), clipped to the signal length. */
  readonly segmentLength?: number;
  /** Segment length in seconds when `segmentLength` is not given (default 2). */
  readonly segmentSeconds?: number;
  /** Overlap of consecutive segments in samples (default floor(segmentLength / 2)). */
  readonly overlap?: number;
  readonly window?: WindowName;
  readonly detrend?: DetrendType;
  readonly fftBackend?: FftBackend | 'auto';
}

/** The settings a spectrum was computed with, resolved for its signal (echoed in every report). */
export interface WelchSettings {
  readonly method: 'welch';
  readonly sampleRateHz: number;
  readonly segmentLength: number;
  readonly overlap: number;
  readonly fftLength: number;
  readonly window: WindowName;
  readonly detrend: DetrendType;
  readonly scaling: 'density';
  readonly average: 'mean';
  readonly onesided: true;
  /** Frequency step between bins, fs / fftLength. */
  readonly binWidthHz: number;
  readonly segmentCount: number;
  /** True when the signal was shorter than the asked segment length and the whole signal made one segment. */
  readonly segmentClippedToSignal: boolean;
}

export interface Psd {
  /** Bin frequencies as numpy.fft.rfftfreq(nfft, 1/fs). */
  readonly frequenciesHz: Float64Array;
  /** Power spectral density in (input unit)^2/Hz. */
  readonly psd: Float64Array;
  readonly settings: WelchSettings;
}

export interface CrossSpectrum {
  readonly frequenciesHz: Float64Array;
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly settings: WelchSettings;
}

/** Where psdAndSegmentSpectraInto keeps the per-segment spectra of a few bins. */
export interface SegmentCapture {
  readonly firstBin: number;
  readonly binCount: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export interface Coherence {
  readonly frequenciesHz: Float64Array;
  /** Magnitude-squared coherence |Pxy|^2 / (Pxx Pyy); NaN where a signal has no power (as scipy). */
  readonly coherence: Float64Array;
  readonly settings: WelchSettings;
}

/** Segment length asked for by the options, before clipping to the signal (scipy: int(nperseg)). */
export function requestedSegmentLength(options: WelchOptions): number {
  const fs = options.sampleRateHz;
  if (!(Number.isFinite(fs) && fs > 0))
    throw new RangeError(`sample rate must be a positive number, got ${fs}`);
  const n = options.segmentLength ?? Math.trunc((options.segmentSeconds ?? 2) * fs);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Welch segment length must be a positive integer number of samples, got ${n}`);
  }
  return n;
}

/** Frequencies of the one-sided spectrum exactly as numpy.fft.rfftfreq(n, 1/fs). */
export function rfftFrequencies(fftLength: number, sampleRateHz: number): Float64Array {
  const val = 1 / (fftLength * (1 / sampleRateHz));
  const f = new Float64Array(Math.floor(fftLength / 2) + 1);
  for (let k = 0; k < f.length; k++) f[k] = k * val;
  return f;
}

export class WelchPlan {
  readonly segmentLength: number;
  readonly overlap: number;
  readonly step: number;
  readonly binCount: number;
  readonly frequenciesHz: Float64Array;
  readonly binWidthHz: number;
  /** 1 / (fs * sum(w^2)) times 2 on the bins that fold the negative frequencies. */
  readonly binScale: Float64Array;
  private readonly window: Float64Array;
  private readonly fft: RealFft;
  /** Two segments per complex FFT where that is faster (see createRealFftPair); null otherwise. */
  private readonly pair: RealFftPair | null;
  private readonly segment: Float64Array;
  private readonly segmentB: Float64Array;
  private readonly sum: Float64Array;
  private readonly reA: Float64Array;
  private readonly imA: Float64Array;
  private readonly reB: Float64Array;
  private readonly imB: Float64Array;

  constructor(
    readonly sampleRateHz: number,
    segmentLength: number,
    overlap: number,
    readonly windowName: WindowName = 'hann',
    readonly detrend: DetrendType = 'constant',
    fftBackend: FftBackend | 'auto' = 'auto',
  ) {
    if (!(Number.isFinite(sampleRateHz) && sampleRateHz > 0)) {
      throw new RangeError(`sample rate must be a positive number, got ${sampleRateHz}`);
    }
    if (!Number.isInteger(segmentLength) || segmentLength < 1) {
      throw new RangeError(`Welch segment length must be a positive integer, got ${segmentLength}`);
    }
    if (!Number.isInteger(overlap) || overlap < 0 || overlap >= segmentLength) {
      throw new RangeError(`Welch overlap must be an integer in 0..${segmentLength - 1}, got ${overlap}`);
    }
    this.segmentLength = segmentLength;
    this.overlap = overlap;
    this.step = segmentLength - overlap;
    this.window = getWindow(windowName, segmentLength);
    this.fft = createRealFft(segmentLength, { backend: fftBackend });
    this.pair = createRealFftPair(segmentLength, { backend: fftBackend });
    this.binCount = this.fft.binCount;
    this.frequenciesHz = rfftFrequencies(segmentLength, sampleRateHz);
    this.binWidthHz = 1 / (segmentLength * (1 / sampleRateHz));
    let sumSquares = 0;
    for (const w of this.window) sumSquares += w * w;
    const scale = 1 / (sampleRateHz * sumSquares);
    this.binScale = new Float64Array(this.binCount).fill(scale);
    // One-sided: every bin but DC (and Nyquist for an even length) also stands for its negative frequency.
    const lastFolded = segmentLength % 2 === 0 ? this.binCount - 1 : this.binCount;
    for (let k = 1; k < lastFolded; k++) this.binScale[k] = 2 * scale;
    this.segment = new Float64Array(segmentLength);
    this.segmentB = new Float64Array(segmentLength);
    this.sum = new Float64Array(this.binCount);
    this.reA = new Float64Array(this.binCount);
    this.imA = new Float64Array(this.binCount);
    this.reB = new Float64Array(this.binCount);
    this.imB = new Float64Array(this.binCount);
  }

  get fftBackend(): FftBackend {
    return this.fft.backend;
  }

  /** Number of whole segments in `length` samples (scipy: (n - noverlap) // step). */
  segmentCount(length: number): number {
    return length < this.segmentLength ? 0 : Math.floor((length - this.overlap) / this.step);
  }

  settings(length: number, clipped = false): WelchSettings {
    return {
      method: 'welch',
      sampleRateHz: this.sampleRateHz,
      segmentLength: this.segmentLength,
      overlap: this.overlap,
      fftLength: this.segmentLength,
      window: this.windowName,
      detrend: this.detrend,
      scaling: 'density',
      average: 'mean',
      onesided: true,
      binWidthHz: this.binWidthHz,
      segmentCount: this.segmentCount(length),
      segmentClippedToSignal: clipped,
    };
  }

  /**
   * PSD of `x[start .. start + length)` into `out` (length >= binCount). Returns the number of segments.
   * Fewer samples than one segment is an error: make a plan for the shorter length (see welch()).
   */
  psdInto(x: Samples, out: Float64Array, start = 0, length = x.length - start): number {
    const segments = this.checkRange(x, start, length);
    const sum = this.sum;
    sum.fill(0);
    let s = 0;
    if (this.pair && this.detrend !== 'linear') {
      // The FFT's first pass detrends and windows the segments as it reads them from x.
      const pair: Mutable<WindowedPair> = {
        a: x,
        aStart: 0,
        aOffset: 0,
        b: x,
        bStart: 0,
        bOffset: 0,
        window: this.window,
      };
      const constant = this.detrend === 'constant';
      for (; s + 1 < segments; s += 2) {
        pair.aStart = start + s * this.step;
        pair.bStart = pair.aStart + this.step;
        if (constant) {
          pair.aOffset = meanOf(x, pair.aStart, this.segmentLength);
          pair.bOffset = meanOf(x, pair.bStart, this.segmentLength);
        }
        this.pair.addPowerOfWindowedPair(pair, sum);
      }
    } else if (this.pair) {
      // Windowed segments go straight into the FFT's input buffers: one copy less per segment.
      for (; s + 1 < segments; s += 2) {
        this.loadSegment(x, start + s * this.step, this.pair.inputA);
        this.loadSegment(x, start + (s + 1) * this.step, this.pair.inputB);
        this.pair.addPowerOfInputs(sum);
      }
    }
    for (; s < segments; s++) {
      this.loadSegment(x, start + s * this.step, this.segment);
      this.fft.addPower(this.segment, sum);
    }
    const scale = this.binScale;
    for (let k = 0; k < this.binCount; k++) out[k] = (sum[k]! * scale[k]!) / segments;
    return segments;
  }

  /**
   * PSD of the whole of `x` into `out`, and the complex spectra of every segment on bins
   * [capture.firstBin, capture.firstBin + capture.binCount) into capture.re/im at [segment * binCount + bin]:
   * the same segments then give coherence without a second FFT pass. Returns the number of segments.
   */
  psdAndSegmentSpectraInto(x: Samples, out: Float64Array, capture: SegmentCapture): number {
    const segments = this.checkRange(x, 0, x.length);
    const { firstBin, binCount } = capture;
    if (firstBin < 0 || firstBin + binCount > this.binCount) {
      throw new RangeError(`captured bins ${firstBin}+${binCount} are outside the ${this.binCount} bins`);
    }
    if (capture.re.length < segments * binCount || capture.im.length < segments * binCount) {
      throw new RangeError(`capture buffers hold fewer than ${segments} x ${binCount} values`);
    }
    const sum = this.sum;
    sum.fill(0);
    const { reA, imA, reB, imB } = this;
    const keep = (s: number, re: Float64Array, im: Float64Array) => {
      for (let k = 0; k < this.binCount; k++) sum[k] = sum[k]! + re[k]! * re[k]! + im[k]! * im[k]!;
      const at = s * binCount;
      for (let b = 0; b < binCount; b++) {
        capture.re[at + b] = re[firstBin + b]!;
        capture.im[at + b] = im[firstBin + b]!;
      }
    };
    let s = 0;
    if (this.pair) {
      for (; s + 1 < segments; s += 2) {
        this.loadSegment(x, s * this.step, this.segment);
        this.loadSegment(x, (s + 1) * this.step, this.segmentB);
        this.pair.forwardPair(this.segment, this.segmentB, reA, imA, reB, imB);
        keep(s, reA, imA);
        keep(s + 1, reB, imB);
      }
    }
    for (; s < segments; s++) {
      this.segmentSpectrum(x, s * this.step, reA, imA);
      keep(s, reA, imA);
    }
    const scale = this.binScale;
    for (let k = 0; k < this.binCount; k++) out[k] = (sum[k]! * scale[k]!) / segments;
    return segments;
  }

  /** One-sided spectrum of segment `s` of x (detrended and windowed, unscaled) into re/im. */
  segmentSpectrum(x: Samples, segmentStart: number, re: Float64Array, im: Float64Array): void {
    this.loadSegment(x, segmentStart, this.segment);
    this.fft.forward(this.segment, re, im);
  }

  /** Cross spectral density Pxy = mean(conj(X) Y) * scale, as scipy.signal.csd. Returns the segment count. */
  csdInto(x: Samples, y: Samples, outRe: Float64Array, outIm: Float64Array): number {
    if (x.length !== y.length) {
      throw new RangeError(`cross spectrum needs signals of one length, got ${x.length} and ${y.length}`);
    }
    const segments = this.checkRange(x, 0, x.length);
    outRe.fill(0, 0, this.binCount);
    outIm.fill(0, 0, this.binCount);
    const { reA, imA, reB, imB } = this;
    for (let s = 0; s < segments; s++) {
      this.segmentSpectrum(x, s * this.step, reA, imA);
      this.segmentSpectrum(y, s * this.step, reB, imB);
      for (let k = 0; k < this.binCount; k++) {
        const ar = reA[k]!;
        const ai = imA[k]!;
        const br = reB[k]!;
        const bi = imB[k]!;
        outRe[k] = outRe[k]! + ar * br + ai * bi;
        outIm[k] = outIm[k]! + ar * bi - ai * br;
      }
    }
    for (let k = 0; k < this.binCount; k++) {
      const f = this.binScale[k]! / segments;
      outRe[k] = outRe[k]! * f;
      outIm[k] = outIm[k]! * f;
    }
    return segments;
  }

  private checkRange(x: Samples, start: number, length: number): number {
    if (start < 0 || length < 0 || start + length > x.length) {
      throw new RangeError(`Welch range ${start}+${length} is outside a signal of ${x.length} samples`);
    }
    const segments = this.segmentCount(length);
    if (segments === 0) {
      throw new RangeError(
        `Welch needs at least ${this.segmentLength} samples for one segment, got ${length}`,
      );
    }
    return segments;
  }

  private loadSegment(x: Samples, start: number, seg: Float64Array): void {
    const n = this.segmentLength;
    const w = this.window;
    if (this.detrend === 'constant') {
      const mean = meanOf(x, start, n);
      for (let i = 0; i < n; i++) seg[i] = (x[start + i]! - mean) * w[i]!;
      return;
    }
    for (let i = 0; i < n; i++) seg[i] = x[start + i]!;
    detrendInPlace(seg, this.detrend, n);
    for (let i = 0; i < n; i++) seg[i] = seg[i]! * w[i]!;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Mean of x[start .. start + n), n >= 1. */
function meanOf(x: Samples, start: number, n: number): number {
  // Four partial sums: one chain of dependent additions made the mean a large part of Welch's time.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = start + n;
  const end4 = start + (n & ~3);
  let j = start;
  for (; j < end4; j += 4) {
    s0 += x[j]!;
    s1 += x[j + 1]!;
    s2 += x[j + 2]!;
    s3 += x[j + 3]!;
  }
  for (; j < end; j++) s0 += x[j]!;
  return (s0 + s1 + (s2 + s3)) / n;
}

/** Plans by segment length for one set of options, so that channels of one rate share window and FFT plan. */
export class WelchPlanner {
  private readonly plans = new Map<number, WelchPlan>();

  constructor(readonly options: WelchOptions) {
    requestedSegmentLength(options);
  }

  /** The plan for a signal of `length` samples (segment clipped to the signal as scipy does). */
  planFor(length: number): { plan: WelchPlan; clipped: boolean } {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`Welch needs at least one sample, got ${length}`);
    }
    const requested = requestedSegmentLength(this.options);
    const clipped = length < requested;
    const n = clipped ? length : requested;
    let plan = this.plans.get(n);
    if (!plan) {
      const overlap =
        clipped || this.options.overlap === undefined ? Math.floor(n / 2) : this.options.overlap;
      plan = new WelchPlan(
        this.options.sampleRateHz,
        n,
        overlap,
        this.options.window ?? 'hann',
        this.options.detrend ?? 'constant',
        this.options.fftBackend ?? 'auto',
      );
      this.plans.set(n, plan);
    }
    return { plan, clipped };
  }
}

export function welch(x: Samples, options: WelchOptions): Psd {
  const { plan, clipped } = new WelchPlanner(options).planFor(x.length);
  const psd = new Float64Array(plan.binCount);
  plan.psdInto(x, psd);
  return { frequenciesHz: plan.frequenciesHz.slice(), psd, settings: plan.settings(x.length, clipped) };
}

export function csd(x: Samples, y: Samples, options: WelchOptions): CrossSpectrum {
  const { plan, clipped } = new WelchPlanner(options).planFor(x.length);
  const re = new Float64Array(plan.binCount);
  const im = new Float64Array(plan.binCount);
  plan.csdInto(x, y, re, im);
  return { frequenciesHz: plan.frequenciesHz.slice(), re, im, settings: plan.settings(x.length, clipped) };
}

/** Magnitude-squared coherence as scipy.signal.coherence(x, y, fs, nperseg=...) with the same segments. */
export function coherence(x: Samples, y: Samples, options: WelchOptions): Coherence {
  const { plan, clipped } = new WelchPlanner(options).planFor(x.length);
  const pxx = new Float64Array(plan.binCount);
  const pyy = new Float64Array(plan.binCount);
  const re = new Float64Array(plan.binCount);
  const im = new Float64Array(plan.binCount);
  plan.psdInto(x, pxx);
  plan.psdInto(y, pyy);
  plan.csdInto(x, y, re, im);
  const c = new Float64Array(plan.binCount);
  for (let k = 0; k < c.length; k++) c[k] = (re[k]! * re[k]! + im[k]! * im[k]!) / pxx[k]! / pyy[k]!;
  return {
    frequenciesHz: plan.frequenciesHz.slice(),
    coherence: c,
    settings: plan.settings(x.length, clipped),
  };
}
