// Expected round-trip error of one written signal: half a digital step, plus float32 rounding of the value.
import type { EdfSignal } from '../../../../src/engine/formats/edf-types';

export function halfStepUv(s: EdfSignal): number {
  return (Math.abs(s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin)) * s.unitScale * 0.5;
}

/** Largest |a - b| relative to its allowance (<= 1 means within quantisation), NaN in `a` skipped. */
export function worstError(a: Float32Array, b: Float32Array, halfStep: number): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x !== x) continue;
    const allowed = halfStep * (1 + 1e-9) + Math.abs(x) * 2 ** -23;
    worst = Math.max(worst, Math.abs(x - b[i]!) / allowed);
  }
  return worst;
}
