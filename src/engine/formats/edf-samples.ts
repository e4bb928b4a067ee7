// Digital <-> physical sample values: EDF stores 16-bit, BDF 24-bit little-endian two's complement integers,
// mapped linearly from [digitalMin, digitalMax] to [physicalMin, physicalMax].

export interface LinearScale {
  /** value = digital * gain + offset */
  readonly gain: number;
  readonly offset: number;
}

export interface ScaleFields {
  readonly physicalMin: number;
  readonly physicalMax: number;
  readonly digitalMin: number;
  readonly digitalMax: number;
}

/** The linear map of a signal, with `unitScale` (e.g. 1000 for mV -> uV) folded in. */
export function linearScale(s: ScaleFields, unitScale = 1): LinearScale {
  const gain = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
  return { gain: gain * unitScale, offset: (s.physicalMin - s.digitalMin * gain) * unitScale };
}

/**
 * Decodes `count` samples starting at byte `at` of `bytes` into `out` from index `outAt`.
 * 2 bytes per sample for EDF, 3 for BDF.
 */
export function decodeSamples(
  bytes: Uint8Array,
  at: number,
  count: number,
  bytesPerSample: 2 | 3,
  scale: LinearScale,
  out: Float32Array,
  outAt: number,
): void {
  const { gain, offset } = scale;
  if (bytesPerSample === 2) {
    for (let i = 0, p = at; i < count; i++, p += 2) {
      const d = ((bytes[p + 1]! << 24) >> 16) | bytes[p]!;
      out[outAt + i] = d * gain + offset;
    }
  } else {
    for (let i = 0, p = at; i < count; i++, p += 3) {
      const d = ((bytes[p + 2]! << 24) >> 8) | (bytes[p + 1]! << 8) | bytes[p]!;
      out[outAt + i] = d * gain + offset;
    }
  }
}

/**
 * Encodes `count` physical values (already in the file's unit) into bytes at `at`. Values are rounded to the
 * nearest digital step; NaN (no data) becomes `fillDigital`. Returns how many values fell outside the physical
 * range (they are clipped to it), so the caller can refuse a range that was promised but not kept.
 */
export function encodeSamples(
  values: Float32Array,
  from: number,
  count: number,
  bytesPerSample: 2 | 3,
  s: ScaleFields,
  fillDigital: number,
  bytes: Uint8Array,
  at: number,
): number {
  const stepsPerUnit = (s.digitalMax - s.digitalMin) / (s.physicalMax - s.physicalMin);
  const { digitalMin, digitalMax, physicalMin } = s;
  // Rounding can step half a unit past the end when a value sits exactly on the range's edge: not an outlier.
  const low = digitalMin - 0.5;
  const high = digitalMax + 0.5;
  let outside = 0;
  for (let i = 0, p = at; i < count; i++, p += bytesPerSample) {
    const v = values[from + i]!;
    let d: number;
    if (v !== v) d = fillDigital;
    else {
      let exact = (v - physicalMin) * stepsPerUnit + digitalMin;
      if (exact < low || exact > high) outside++;
      if (exact < digitalMin) exact = digitalMin;
      else if (exact > digitalMax) exact = digitalMax;
      // Round half up through a positive bias and integer truncation: several times faster than Math.round.
      d = ((exact + ROUNDING_BIAS + 0.5) | 0) - ROUNDING_BIAS;
    }
    bytes[p] = d & 0xff;
    bytes[p + 1] = (d >> 8) & 0xff;
    if (bytesPerSample === 3) bytes[p + 2] = (d >> 16) & 0xff;
  }
  return outside;
}

/** Larger than any 24-bit digital minimum is negative, so exact + bias is never negative. */
const ROUNDING_BIAS = 8388608;
