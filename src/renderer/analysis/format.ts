// Numbers of the analysis report as a technician reads them: a few significant digits, units always written.

/** `digits` significant digits; an exponent only for very large or very small values. */
export function sig(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) return x.toExponential(digits - 1).replace('e+', 'e');
  if (abs >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return x.toFixed(decimals);
}

export function percent(x: number | null | undefined, decimals = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(decimals)} %`;
}

export function hz(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : `${sig(x, 4)} Hz`;
}

/** 250, 0.5, 89.96: rates and times without padding zeros. */
export function compact(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export function seconds(s: number): string {
  if (s < 120) return `${compact(Math.round(s * 100) / 100)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return m < 60 ? `${m} min ${rest} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 10 to the power `k` with superscript digits ("10³", "10⁻²"). */
export function powerOfTen(k: number): string {
  const digits = String(Math.abs(k))
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');
  return `10${k < 0 ? '⁻' : ''}${digits}`;
}
