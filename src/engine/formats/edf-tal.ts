// Time-stamped Annotation Lists (EDF+ section 2.2): "+onset[\x15duration]\x14text\x14[text\x14...]\x00",
// one after the other in an annotation signal, the unused rest of the signal filled with \x00.
import { formatSeconds } from './edf-number';
import { FormatError } from './format-error';
import { latin1, utf8Decode, utf8Encode } from './text-bytes';

export interface Tal {
  /** Seconds after the header's start time (whole second). */
  readonly onsetS: number;
  readonly durationS: number | null;
  /** The annotations of the TAL; the time-keeping TAL's first one is empty. */
  readonly texts: readonly string[];
}

const ONSET = /^[+-]\d+(\.\d*)?$/;
const DURATION = /^\d+(\.\d*)?$/;
const DURATION_MARK = 0x15;
const TEXT_END = 0x14;

/** All TALs in the bytes of one annotation signal of one data record. `where` names them in errors. */
export function parseTals(bytes: Uint8Array, where: string): Tal[] {
  const tals: Tal[] = [];
  let p = 0;
  while (p < bytes.length) {
    if (bytes[p] === 0) {
      p++;
      continue;
    }
    const end = bytes.indexOf(0, p);
    if (end < 0) throw new FormatError(`${where}: the TAL at byte ${p} is not terminated by 0x14 0x00`);
    if (bytes[end - 1] !== TEXT_END) {
      throw new FormatError(`${where}: the TAL at byte ${p} does not end with 0x14 before its 0x00`);
    }
    const first = bytes.indexOf(TEXT_END, p);
    const stamp = latin1(bytes.subarray(p, first));
    const mark = stamp.indexOf(String.fromCharCode(DURATION_MARK));
    const onsetText = mark < 0 ? stamp : stamp.slice(0, mark);
    const durationText = mark < 0 ? null : stamp.slice(mark + 1);
    if (!ONSET.test(onsetText)) {
      throw new FormatError(
        `${where}: the TAL at byte ${p} has onset "${printable(onsetText)}"; it must be "+" or "-" then seconds`,
      );
    }
    if (durationText !== null && !DURATION.test(durationText)) {
      throw new FormatError(
        `${where}: the TAL at byte ${p} has duration "${printable(durationText)}", not seconds`,
      );
    }
    const texts: string[] = [];
    for (let q = first + 1; q < end;) {
      const stop = bytes.indexOf(TEXT_END, q);
      const text = utf8Decode(bytes.subarray(q, stop));
      if (text === null)
        throw new FormatError(`${where}: an annotation of the TAL at byte ${p} is not valid UTF-8`);
      texts.push(text);
      q = stop + 1;
    }
    tals.push({
      onsetS: Number(onsetText),
      durationS: durationText === null ? null : Number(durationText),
      texts,
    });
    p = end + 1;
  }
  return tals;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Annotation text safe inside a TAL: the separators 0x00, 0x14 and 0x15 become spaces. */
export function talSafeText(text: string): string {
  let out = '';
  for (const ch of text) out += ch === '\x00' || ch === '\x14' || ch === '\x15' ? ' ' : ch;
  return out;
}

export function encodeTal(onsetS: number, durationS: number | null, texts: readonly string[]): Uint8Array {
  const sign = onsetS < 0 ? '-' : '+';
  const stamp = `${sign}${formatSeconds(Math.abs(onsetS))}${durationS === null ? '' : `\x15${formatSeconds(durationS)}`}`;
  const parts = [
    utf8Encode(stamp),
    ...texts.map((t) => utf8Encode(`\x14${talSafeText(t)}`)),
    Uint8Array.of(TEXT_END, 0),
  ];
  const out = new Uint8Array(parts.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The mandatory first TAL of each data record: "+onset\x14\x14\x00". */
export function encodeTimeKeepingTal(onsetS: number): Uint8Array {
  return encodeTal(onsetS, null, ['']);
}
