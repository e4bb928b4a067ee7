// The overview's min/max envelope as the services send it (base64 float32), and the scale of each channel's row.

export interface Envelope {
  readonly channels: number;
  readonly columns: number;
  /** Channel-major: channel c, column k -> min at (c * columns + k) * 2, max at that + 1; NaN where no sample. */
  readonly values: Float32Array;
}

export function decodeEnvelope(base64: string, channels: number, columns: number): Envelope {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const values = new Float32Array(bytes.buffer, 0, Math.floor(bytes.length / 4));
  if (values.length !== channels * columns * 2) {
    throw new Error(`the overview holds ${values.length} values, expected ${channels} x ${columns} x 2`);
  }
  return { channels, columns, values };
}

/**
 * The range a channel's row shows: from the 2nd to the 98th percentile of its column minima and maxima, so one
 * artifact (a cable pulled) does not flatten the rest of the recording; values beyond are clipped at the row edge.
 */
export function rowRange(envelope: Envelope, channel: number): { lo: number; hi: number } | null {
  const { columns, values } = envelope;
  const mins: number[] = [];
  const maxs: number[] = [];
  for (let k = 0; k < columns; k++) {
    const at = (channel * columns + k) * 2;
    const lo = values[at]!;
    const hi = values[at + 1]!;
    if (lo === lo && hi === hi) {
      mins.push(lo);
      maxs.push(hi);
    }
  }
  if (mins.length === 0) return null;
  mins.sort((a, b) => a - b);
  maxs.sort((a, b) => a - b);
  const lo = mins[Math.floor((mins.length - 1) * 0.02)]!;
  const hi = maxs[Math.ceil((maxs.length - 1) * 0.98)]!;
  if (hi > lo) return { lo, hi };
  return { lo: lo - 1, hi: hi + 1 };
}
