// Filtering with second-order sections as scipy.signal does: sosfilt (transposed direct form II per section),
// sosfilt_zi (steady state for a step), and sosfiltfilt (forward-backward, odd extension of 3 * ntaps samples).
// SosFilter carries the state of every channel from block to block, so live data filtered in blocks of any size
// gives the same output as the whole signal at once.
import type { SecondOrderSections } from './iir-design';
import type { Samples } from './welch';

/** Runs `x` through the cascade in place of `out`, updating `state` (2 values per section). */
function filterInto(
  sos: SecondOrderSections,
  state: Float64Array,
  stateOffset: number,
  x: Samples,
  out: Samples,
  step: 1 | -1 = 1,
): void {
  const coef = sos.coefficients;
  const sections = sos.sectionCount;
  const n = x.length;
  const first = step === 1 ? 0 : n - 1;
  if (sections === 1) {
    // The common notch case, kept free of the inner loop.
    const b0 = coef[0]!;
    const b1 = coef[1]!;
    const b2 = coef[2]!;
    const a1 = coef[4]!;
    const a2 = coef[5]!;
    let z0 = state[stateOffset]!;
    let z1 = state[stateOffset + 1]!;
    for (let j = 0, i = first; j < n; j++, i += step) {
      const xi = x[i]!;
      const yi = b0 * xi + z0;
      z0 = b1 * xi - a1 * yi + z1;
      z1 = b2 * xi - a2 * yi;
      out[i] = yi;
    }
    state[stateOffset] = z0;
    state[stateOffset + 1] = z1;
    return;
  }
  for (let j = 0, i = first; j < n; j++, i += step) {
    let v = x[i]!;
    for (let s = 0; s < sections; s++) {
      const c = 6 * s;
      const z = stateOffset + 2 * s;
      const y = coef[c]! * v + state[z]!;
      state[z] = coef[c + 1]! * v - coef[c + 4]! * y + state[z + 1]!;
      state[z + 1] = coef[c + 2]! * v - coef[c + 5]! * y;
      v = y;
    }
    out[i] = v;
  }
}

/** Stateful causal filter for live data: one state per channel, kept across `process` calls. */
export class SosFilter {
  private readonly state: Float64Array;

  constructor(
    readonly sos: SecondOrderSections,
    readonly channelCount = 1,
  ) {
    if (!Number.isInteger(channelCount) || channelCount < 1) {
      throw new RangeError(`filter channel count must be a positive integer, got ${channelCount}`);
    }
    this.state = new Float64Array(channelCount * sos.sectionCount * 2);
  }

  /** Filters one block of one channel into `out` (may be `input` itself, for in-place filtering). */
  process(input: Samples, out: Samples, channel = 0): void {
    if (!(channel >= 0 && channel < this.channelCount)) {
      throw new RangeError(`channel ${channel} is outside 0..${this.channelCount - 1}`);
    }
    if (out.length < input.length) {
      throw new RangeError(`filter output holds ${out.length} samples, input has ${input.length}`);
    }
    filterInto(this.sos, this.state, channel * this.sos.sectionCount * 2, input, out);
  }

  /** Filters a planar block (channel c at data[c * sampleCount ...]) in place. */
  processPlanar(data: Samples, sampleCount: number): void {
    if (data.length !== sampleCount * this.channelCount) {
      throw new RangeError(
        `planar block of ${data.length} values is not ${this.channelCount} channels x ${sampleCount} samples`,
      );
    }
    for (let ch = 0; ch < this.channelCount; ch++) {
      const part = data.subarray(ch * sampleCount, (ch + 1) * sampleCount);
      this.process(part, part, ch);
    }
  }

  /** Forget the past (after a gap): the next sample starts from rest. */
  reset(): void {
    this.state.fill(0);
  }

  /** Start from the steady state of a constant input `level` (sosfilt_zi * level) on one channel. */
  settle(channel: number, level: number): void {
    const zi = sosfiltZi(this.sos);
    const offset = channel * this.sos.sectionCount * 2;
    for (let i = 0; i < zi.length; i++) this.state[offset + i] = zi[i]! * level;
  }
}

/** scipy.signal.sosfilt(sos, x, zi=zi): returns the output and the final state. */
export function sosfilt(
  sos: SecondOrderSections,
  x: Samples,
  zi?: Float64Array,
): { y: Float64Array; zf: Float64Array } {
  const state = new Float64Array(sos.sectionCount * 2);
  if (zi) {
    if (zi.length !== state.length) {
      throw new RangeError(`initial state needs ${state.length} values (2 per section), got ${zi.length}`);
    }
    state.set(zi);
  }
  const y = new Float64Array(x.length);
  filterInto(sos, state, 0, x, y);
  return { y, zf: state };
}

/** scipy.signal.sosfilt_zi: state of each section after a unit step has settled, [z0, z1] per section. */
export function sosfiltZi(sos: SecondOrderSections): Float64Array {
  const zi = new Float64Array(sos.sectionCount * 2);
  let scale = 1;
  for (let s = 0; s < sos.sectionCount; s++) {
    const [b0, b1, b2, a0, a1, a2] = Array.from(sos.coefficients.subarray(6 * s, 6 * s + 6)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // lfilter_zi for a biquad: (I - companion(a)^T) zi = b[1:] - a[1:] b0, solved in closed form.
    const rhs0 = b1 - a1 * b0;
    const rhs1 = b2 - a2 * b0;
    const z0 = (rhs0 + rhs1) / (1 + a1 + a2);
    zi[2 * s] = scale * z0;
    zi[2 * s + 1] = scale * (rhs1 - a2 * z0);
    scale *= (b0 + b1 + b2) / (a0 + a1 + a2);
  }
  return zi;
}

/** Edge samples sosfiltfilt pads with by default: 3 * (2 * sections + 1 - trailing zero coefficients). */
export function defaultPadLength(sos: SecondOrderSections): number {
  let zeroB2 = 0;
  let zeroA2 = 0;
  for (let s = 0; s < sos.sectionCount; s++) {
    if (sos.coefficients[6 * s + 2] === 0) zeroB2++;
    if (sos.coefficients[6 * s + 5] === 0) zeroA2++;
  }
  return 3 * (2 * sos.sectionCount + 1 - Math.min(zeroB2, zeroA2));
}

/** scipy.signal.sosfiltfilt(sos, x) with padtype='odd' and its default (or the given) pad length. */
export function sosfiltfilt(
  sos: SecondOrderSections,
  x: Samples,
  padLength = defaultPadLength(sos),
): Float64Array {
  const n = x.length;
  const edge = padLength;
  if (n <= edge) {
    throw new RangeError(
      `zero-phase filtering needs more than ${edge} samples (the pad length), the signal has ${n}`,
    );
  }
  // Odd extension: 2 x[0] - x[edge..1] before, 2 x[n-1] - x[n-2..n-1-edge] after.
  const ext = new Float64Array(n + 2 * edge);
  const x0 = x[0]!;
  const xn = x[n - 1]!;
  for (let i = 0; i < edge; i++) ext[i] = 2 * x0 - x[edge - i]!;
  for (let i = 0; i < n; i++) ext[edge + i] = x[i]!;
  for (let i = 0; i < edge; i++) ext[edge + n + i] = 2 * xn - x[n - 2 - i]!;
  const zi = sosfiltZi(sos);
  const state = new Float64Array(zi.length);
  const startForward = ext[0]!;
  for (let i = 0; i < zi.length; i++) state[i] = zi[i]! * startForward;
  filterInto(sos, state, 0, ext, ext, 1);
  const startBackward = ext[ext.length - 1]!;
  for (let i = 0; i < zi.length; i++) state[i] = zi[i]! * startBackward;
  filterInto(sos, state, 0, ext, ext, -1);
  return ext.slice(edge, edge + n);
}
