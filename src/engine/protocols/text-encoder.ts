// Text-board lines from values: the inverse of the text parser, for tests and simulators.
export interface TextLineFormat {
  readonly separator?: ',' | '\t' | ';' | ' ';
  /** Digits after the decimal point (default: as many as needed, via String(value)). */
  readonly decimals?: number;
  readonly lineEnd?: '\n' | '\r\n' | '\r';
}

export function encodeTextLine(values: ArrayLike<number>, format: TextLineFormat = {}): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    parts.push(format.decimals === undefined ? String(v) : v.toFixed(format.decimals));
  }
  return parts.join(format.separator ?? ',') + (format.lineEnd ?? '\r\n');
}

/** ASCII bytes of a string made of ASCII characters (what encodeTextLine produces). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
