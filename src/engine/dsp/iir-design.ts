// IIR designs as second-order sections, ported step by step from scipy.signal (1.10) so that the coefficients
// equal scipy's: butter(N, [lo, hi], btype='band', fs=fs, output='sos') is buttap -> lp2bp_zpk -> bilinear_zpk ->
// zpk2sos(pairing='nearest'), and iirnotch(w0, Q, fs) is the closed form of _design_notch_peak_filter.

/** Cascade of biquads: row s is [b0, b1, b2, a0, a1, a2] at coefficients[6 s ...], with a0 = 1. */
export interface SecondOrderSections {
  readonly sectionCount: number;
  readonly coefficients: Float64Array;
}

export interface BandPassDesign {
  readonly kind: 'butterworth-bandpass';
  readonly order: number;
  readonly lowHz: number;
  readonly highHz: number;
  readonly sampleRateHz: number;
}

export interface NotchDesign {
  readonly kind: 'notch';
  readonly frequencyHz: number;
  readonly quality: number;
  readonly sampleRateHz: number;
}

export const DEFAULT_BANDPASS = { order: 4, lowHz: 1, highHz: 45 } as const;
export const DEFAULT_NOTCH_QUALITY = 30;

export function sosFromRows(rows: readonly (readonly number[])[]): SecondOrderSections {
  const coefficients = new Float64Array(rows.length * 6);
  rows.forEach((row, s) => {
    if (row.length !== 6)
      throw new RangeError(`second-order section ${s} has ${row.length} coefficients, not 6`);
    if (row[3] !== 1) throw new RangeError(`second-order section ${s} has a0 = ${row[3]}, expected 1`);
    coefficients.set(row, 6 * s);
  });
  return { sectionCount: rows.length, coefficients };
}

export function sosRows(sos: SecondOrderSections): number[][] {
  return Array.from({ length: sos.sectionCount }, (_, s) =>
    Array.from(sos.coefficients.subarray(6 * s, 6 * s + 6)),
  );
}

/** scipy.signal.iirnotch(w0=frequencyHz, Q=quality, fs=sampleRateHz) as one section. */
export function designNotch(frequencyHz: number, sampleRateHz: number, quality = DEFAULT_NOTCH_QUALITY) {
  checkRate(sampleRateHz);
  if (!(frequencyHz > 0 && frequencyHz < sampleRateHz / 2)) {
    throw new RangeError(
      `notch frequency must be between 0 and Nyquist (${sampleRateHz / 2} Hz), got ${frequencyHz} Hz`,
    );
  }
  if (!(quality > 0)) throw new RangeError(`notch quality factor must be positive, got ${quality}`);
  const w0 = (2 * frequencyHz) / sampleRateHz;
  const bw = (w0 / quality) * Math.PI;
  const gb = 1 / Math.sqrt(2);
  const beta = (Math.sqrt(1 - gb ** 2) / gb) * Math.tan(bw / 2);
  const gain = 1 / (1 + beta);
  const c = Math.cos(w0 * Math.PI);
  const sos = sosFromRows([[gain, gain * -2 * c, gain, 1, -2 * gain * c, 2 * gain - 1]]);
  const design: NotchDesign = { kind: 'notch', frequencyHz, quality, sampleRateHz };
  return { sos, design };
}

/** scipy.signal.butter(order, [lowHz, highHz], btype='band', fs=sampleRateHz, output='sos'). */
export function designButterworthBandPass(
  sampleRateHz: number,
  lowHz: number = DEFAULT_BANDPASS.lowHz,
  highHz: number = DEFAULT_BANDPASS.highHz,
  order: number = DEFAULT_BANDPASS.order,
) {
  checkRate(sampleRateHz);
  if (!Number.isInteger(order) || order < 1) {
    throw new RangeError(`Butterworth order must be a positive integer, got ${order}`);
  }
  const nyquist = sampleRateHz / 2;
  if (!(lowHz > 0 && lowHz < highHz && highHz < nyquist)) {
    throw new RangeError(
      `band-pass edges must satisfy 0 < low < high < Nyquist (${nyquist} Hz), got ${lowHz}-${highHz} Hz`,
    );
  }
  // buttap
  const poles: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const a = (Math.PI * m) / (2 * order);
    poles.push(c(-Math.cos(a), -Math.sin(a)));
  }
  // iirfilter: pre-warp for fs = 2 after normalising by Nyquist
  const warpedLo = 4 * Math.tan((Math.PI * ((2 * lowHz) / sampleRateHz)) / 2);
  const warpedHi = 4 * Math.tan((Math.PI * ((2 * highHz) / sampleRateHz)) / 2);
  const bw = warpedHi - warpedLo;
  const wo = Math.sqrt(warpedLo * warpedHi);
  // lp2bp_zpk (no zeros, degree = order)
  const bpPoles: Complex[] = [];
  const plus: Complex[] = [];
  const minus: Complex[] = [];
  for (const p of poles) {
    const pl = scale(p, bw / 2);
    const root = csqrt(sub(mul(pl, pl), c(wo * wo, 0)));
    plus.push(add(pl, root));
    minus.push(sub(pl, root));
  }
  bpPoles.push(...plus, ...minus);
  const bpZeros: Complex[] = Array.from({ length: order }, () => c(0, 0));
  const bpGain = bw ** order;
  // bilinear_zpk with fs = 2
  const fs2 = 4;
  const zZeros = bpZeros.map((z) => div(add(c(fs2, 0), z), sub(c(fs2, 0), z)));
  const zPoles = bpPoles.map((p) => div(add(c(fs2, 0), p), sub(c(fs2, 0), p)));
  for (let i = 0; i < bpPoles.length - bpZeros.length; i++) zZeros.push(c(-1, 0));
  let num = c(1, 0);
  for (const z of bpZeros) num = mul(num, sub(c(fs2, 0), z));
  let den = c(1, 0);
  for (const p of bpPoles) den = mul(den, sub(c(fs2, 0), p));
  const gain = bpGain * div(num, den).re;
  const sos = zpk2sosNearest(zZeros, zPoles, gain);
  const design: BandPassDesign = { kind: 'butterworth-bandpass', order, lowHz, highHz, sampleRateHz };
  return { sos, design };
}

function checkRate(sampleRateHz: number): void {
  if (!(Number.isFinite(sampleRateHz) && sampleRateHz > 0)) {
    throw new RangeError(`sample rate must be a positive number, got ${sampleRateHz}`);
  }
}

// --- complex numbers, just enough for zpk work --------------------------------------------------------------

interface Complex {
  readonly re: number;
  readonly im: number;
}
const c = (re: number, im: number): Complex => ({ re, im });
const add = (a: Complex, b: Complex) => c(a.re + b.re, a.im + b.im);
const sub = (a: Complex, b: Complex) => c(a.re - b.re, a.im - b.im);
const mul = (a: Complex, b: Complex) => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const scale = (a: Complex, s: number) => c(a.re * s, a.im * s);
const conj = (a: Complex) => c(a.re, -a.im);
const abs = (a: Complex) => Math.hypot(a.re, a.im);
const isReal = (a: Complex) => a.im === 0;
function div(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
/** Principal square root, honouring the sign of a zero imaginary part as numpy does. */
function csqrt(a: Complex): Complex {
  const r = abs(a);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sqrt(Math.max(0, (r - a.re) / 2));
  const negative = a.im < 0 || Object.is(a.im, -0);
  return c(re, negative ? -im : im);
}

// --- zpk2sos(pairing='nearest', analog=False) -----------------------------------------------------------------

const EPS = 2.220446049250313e-16;

/** _cplxreal: one element (positive imaginary part) per conjugate pair, sorted; then the real ones, sorted. */
function cplxreal(values: readonly Complex[]): { pairs: Complex[]; reals: Complex[] } {
  const tol = 100 * EPS;
  const sorted = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const reals = sorted.filter((z) => Math.abs(z.im) <= tol * abs(z)).map((z) => c(z.re, 0));
  const complex = sorted.filter((z) => !(Math.abs(z.im) <= tol * abs(z)));
  const pos = complex.filter((z) => z.im > 0);
  const neg = complex.filter((z) => z.im < 0);
  if (pos.length !== neg.length) throw new RangeError('a complex root has no matching conjugate');
  // Runs of (nearly) the same real part are ordered by the size of their imaginary part.
  let start = 0;
  while (start < pos.length) {
    let stop = start;
    while (stop + 1 < pos.length && pos[stop + 1]!.re - pos[stop]!.re <= tol * abs(pos[stop]!)) stop++;
    for (const chunk of [pos, neg]) {
      const run = chunk.slice(start, stop + 1).sort((a, b) => Math.abs(a.im) - Math.abs(b.im));
      chunk.splice(start, run.length, ...run);
    }
    start = stop + 1;
  }
  const pairs = pos.map((p, i) => {
    const q = neg[i]!;
    if (abs(sub(p, conj(q))) > tol * abs(q)) throw new RangeError('a complex root has no matching conjugate');
    return scale(add(p, conj(q)), 0.5);
  });
  return { pairs, reals };
}

function argminBy(values: readonly Complex[], key: (z: Complex) => number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (key(values[i]!) < key(values[best]!)) best = i;
  return best;
}

/** Closest element of `from` to `to`, among the real, complex or any ones (_nearest_real_complex_idx). */
function nearestIndex(from: readonly Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  const order = from.map((z, i) => ({ i, d: abs(sub(z, to)) })).sort((a, b) => a.d - b.d || a.i - b.i);
  const hit = order.find(({ i }) => which === 'any' || (which === 'real') === isReal(from[i]!));
  if (!hit) throw new RangeError(`no ${which} root left to pair with`);
  return hit.i;
}

function poly(roots: readonly Complex[]): number[] {
  let coeffs: Complex[] = [c(1, 0)];
  for (const r of roots) {
    const next: Complex[] = [...coeffs, c(0, 0)];
    for (let i = 1; i < next.length; i++) next[i] = sub(next[i]!, mul(r, coeffs[i - 1]!));
    coeffs = next;
  }
  return coeffs.map((z) => z.re);
}

function singleSection(zeros: readonly Complex[], poles: readonly Complex[]): number[] {
  const b = poly(zeros);
  const a = poly(poles);
  const row = [0, 0, 0, 0, 0, 0];
  b.forEach((v, i) => (row[3 - b.length + i] = v));
  a.forEach((v, i) => (row[6 - a.length + i] = v));
  return row;
}

function zpk2sosNearest(zerosIn: readonly Complex[], polesIn: readonly Complex[], gain: number) {
  let p = [...polesIn];
  let z = [...zerosIn];
  while (p.length < z.length) p.push(c(0, 0));
  while (z.length < p.length) z.push(c(0, 0));
  const sectionCount = Math.floor((p.length + 1) / 2);
  if (p.length % 2 === 1) {
    p.push(c(0, 0));
    z.push(c(0, 0));
  }
  const zs = cplxreal(z);
  const ps = cplxreal(p);
  z = [...zs.pairs, ...zs.reals];
  p = [...ps.pairs, ...ps.reals];
  const worst = (list: readonly Complex[]) => argminBy(list, (q) => Math.abs(1 - abs(q)));
  const take = (list: Complex[], i: number): Complex => list.splice(i, 1)[0]!;
  const rows: number[][] = new Array<number[]>(sectionCount);
  for (let si = sectionCount - 1; si >= 0; si--) {
    const p1 = take(p, worst(p));
    const realPolesLeft = p.filter(isReal).length;
    if (isReal(p1) && realPolesLeft === 0) {
      const z1 = take(z, nearestIndex(z, p1, 'real'));
      rows[si] = singleSection([z1, c(0, 0)], [p1, c(0, 0)]);
    } else if (
      p.length + 1 === z.length &&
      !isReal(p1) &&
      realPolesLeft === 1 &&
      z.filter(isReal).length === 1
    ) {
      const z1 = take(z, nearestIndex(z, p1, 'complex'));
      rows[si] = singleSection([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.flatMap((q, i) => (isReal(q) ? [i] : []));
        const realPoles = realIdx.map((i) => p[i]!);
        p2 = take(p, realIdx[worst(realPoles)]!);
      } else {
        p2 = conj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIndex(z, p1, 'any'));
        if (!isReal(z1)) {
          rows[si] = singleSection([z1, conj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = take(z, nearestIndex(z, p1, 'real'));
          rows[si] = singleSection([z1, z2], [p1, p2]);
        } else {
          rows[si] = singleSection([z1], [p1, p2]);
        }
      } else {
        rows[si] = singleSection([], [p1, p2]);
      }
    }
  }
  const first = rows[0]!;
  for (let i = 0; i < 3; i++) first[i] = first[i]! * gain;
  return sosFromRows(rows);
}
