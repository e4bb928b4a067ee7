// EDF numeric header fields: ASCII, left-aligned, space-padded, at most 8 (or 4) characters, no exponent.

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** The number in an EDF field, or null when the field is not a decimal number. */
export function parseEdfNumber(field: string): number | null {
  const text = field.trim();
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function parseEdfInteger(field: string): number | null {
  const text = field.trim();
  return INTEGER.test(text) ? Number(text) : null;
}

export type Rounding = 'down' | 'up' | 'nearest';

/**
 * The shortest decimal text of at most `width` characters for `value`, rounded in the asked direction so that a
 * physical minimum never rises and a maximum never falls (nothing clips). Null when no such text exists.
 */
export function formatEdfNumber(value: number, width: number, rounding: Rounding = 'nearest'): string | null {
  if (!Number.isFinite(value)) return null;
  for (let decimals = width - 1; decimals >= 0; decimals--) {
    const scale = 10 ** decimals;
    const scaled = value * scale;
    if (Math.abs(scaled) > 1e15) continue;
    const units =
      rounding === 'down' ? Math.floor(scaled) : rounding === 'up' ? Math.ceil(scaled) : Math.round(scaled);
    let text = tidy((units / scale).toFixed(decimals));
    // Binary floating point can push the text across the value; step one unit back when it does.
    if (rounding === 'down' && Number(text) > value) text = tidy(((units - 1) / scale).toFixed(decimals));
    if (rounding === 'up' && Number(text) < value) text = tidy(((units + 1) / scale).toFixed(decimals));
    if (text.length <= width) return text;
  }
  return null;
}

/** `value` as exact decimal text of at most `width` characters, or null when it has no such exact form. */
export function formatEdfNumberExact(value: number, width: number): string | null {
  const text = formatEdfNumber(value, width, 'nearest');
  return text !== null && Number(text) === value ? text : null;
}

function tidy(text: string): string {
  let t = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  if (t === '-0') t = '0';
  return t;
}

/** Seconds as TAL text: up to 9 decimals, no trailing zeros, no exponent ("12", "0.3945312"). */
export function formatSeconds(seconds: number): string {
  return tidy(seconds.toFixed(9));
}
