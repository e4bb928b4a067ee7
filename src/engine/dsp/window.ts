// Spectral windows, sampled as scipy.signal.get_window does (periodic, "DFT-even", for spectral analysis).

export type WindowName = 'hann' | 'boxcar';

/** Periodic Hann: w[i] = 0.5 - 0.5 cos(2 pi i / n), i < n, as scipy `get_window('hann', n)`. */
export function hannPeriodic(n: number): Float64Array {
  checkLength(n);
  const w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
    return w;
  }
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

export function getWindow(name: WindowName, n: number): Float64Array {
  if (name === 'boxcar') {
    checkLength(n);
    return new Float64Array(n).fill(1);
  }
  return hannPeriodic(n);
}

function checkLength(n: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`window length must be a positive integer, got ${n}`);
}
