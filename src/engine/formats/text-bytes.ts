// Byte <-> text without TextEncoder/TextDecoder (engine code has neither DOM nor Node types).

/** True when every byte is printable US-ASCII (32..126), as EDF header fields must be. */
export function isPrintableAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 32 || b > 126) return false;
  return true;
}

/** Each byte as one character (ISO 8859-1); lossless for any byte. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  }
  return s;
}

/** UTF-8 decode; null when the bytes are not valid UTF-8 (so the caller can say where). */
export function utf8Decode(bytes: Uint8Array): string | null {
  const points: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let need: number;
    let cp: number;
    if (b < 0x80) {
      points.push(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
    } else {
      return null;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    points.push(cp);
    i += need + 1;
  }
  let s = '';
  for (let i = 0; i < points.length; i += 4096) s += String.fromCodePoint(...points.slice(i, i + 4096));
  return s;
}

export function utf8Encode(text: string): Uint8Array {
  if (isAsciiText(text)) return asciiBytes(text);
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

function isAsciiText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Bytes of a string known to be ASCII (or Latin-1): one byte per character. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/**
 * Printable ASCII approximation of any text for EDF header fields: accents dropped (é -> e), anything else
 * that is not printable ASCII becomes `replacement`.
 */
export function toPrintableAscii(text: string, replacement = '_'): string {
  const stripped = text
    .replace(/[\u00b5\u03bc]/g, 'u')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  let out = '';
  for (const ch of stripped) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 32 && cp <= 126 ? ch : replacement;
  }
  return out;
}
