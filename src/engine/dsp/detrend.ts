// Detrending as scipy.signal.detrend: 'constant' removes the mean, 'linear' the least-squares line.
// In place on float64 buffers so that Welch can use them per segment without allocating.

export type DetrendType = 'constant' | 'linear' | 'none';

export function detrendInPlace(x: Float64Array, type: DetrendType, length = x.length): void {
  if (type === 'constant') removeMean(x, length);
  else if (type === 'linear') removeLine(x, length);
}

export function removeMean(x: Float64Array, length = x.length): void {
  if (length === 0) return;
  let sum = 0;
  for (let i = 0; i < length; i++) sum += x[i]!;
  const mean = sum / length;
  for (let i = 0; i < length; i++) x[i] = x[i]! - mean;
}

/** Least-squares fit of a + b * i over i = 0..length-1, subtracted. The sums of i and i^2 are closed forms. */
export function removeLine(x: Float64Array, length = x.length): void {
  if (length < 2) {
    removeMean(x, length);
    return;
  }
  const n = length;
  // Centre the abscissa: with t = i - (n - 1) / 2, sum t = 0 and the fit decouples into mean and slope.
  const tMid = (n - 1) / 2;
  let sumY = 0;
  let sumTY = 0;
  for (let i = 0; i < n; i++) {
    const y = x[i]!;
    sumY += y;
    sumTY += (i - tMid) * y;
  }
  const sumTT = (n * (n * n - 1)) / 12;
  const mean = sumY / n;
  const slope = sumTY / sumTT;
  for (let i = 0; i < n; i++) x[i] = x[i]! - mean - slope * (i - tMid);
}
