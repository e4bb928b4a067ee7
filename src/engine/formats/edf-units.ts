// Voltages are returned in microvolts whatever the file's physical dimension; other units pass through.

export interface VoltageScale {
  /** Multiply file values by this to get microvolts. */
  readonly scale: number;
  /** e.g. "mV -> uV (x1000)"; null when the file is already in microvolts. */
  readonly conversion: string | null;
}

const VOLTAGES: Record<string, number> = { nv: 1e-3, uv: 1, µv: 1, μv: 1, mv: 1e3, v: 1e6 };

/** How a physical dimension converts to microvolts, or null when it is not a voltage. */
export function voltageScale(dimension: string): VoltageScale | null {
  const key = dimension.trim().toLowerCase();
  const scale = VOLTAGES[key];
  if (scale === undefined) return null;
  return { scale, conversion: scale === 1 ? null : `${dimension.trim()} -> uV (x${scale})` };
}
