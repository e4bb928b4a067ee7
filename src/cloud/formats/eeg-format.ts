// Which EEG format an uploaded file is, from its first bytes (the name is the sender's claim, the bytes are not).
import type { EegFormat } from '../../shared/cloud';
import { hasControlCharacter } from '../http/validate';

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

/** The format the content declares, or null when it is none of EDF, BDF, OpenBCI GUI text or CSV. */
export function detectEegFormat(bytes: Uint8Array): EegFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0xff && ascii(bytes, 1, 8) === 'BIOSEMI') return 'bdf';
  if (bytes.length >= 256 && ascii(bytes, 0, 8) === '0       ') return 'edf';
  const head = ascii(bytes, 0, 4096);
  if (head.startsWith('%OpenBCI Raw')) return 'openbci-text';
  if (looksLikeCsv(head)) return 'csv';
  return null;
}

/** Printable text whose first non-comment line has at least two comma- or semicolon-separated fields. */
function looksLikeCsv(head: string): boolean {
  if (hasControlCharacter(head)) return false;
  const firstLine = head.split(/\r?\n/).find((line) => line.trim() !== '' && !line.startsWith('#'));
  return firstLine !== undefined && /[,;\t]/.test(firstLine);
}
