// Routes an import by its first bytes (at least 256 are best) and its file name.
import { isPrintableAscii, latin1 } from './text-bytes';

export type ImportFormat = 'edf' | 'bdf' | 'openbci-text' | 'csv';

export interface DetectedFormat {
  /** Null when the file is none of the formats this app reads. */
  readonly format: ImportFormat | null;
  /** Why, in a sentence a user can act on. */
  readonly reason: string;
}

const TEXT_EXTENSIONS = /\.(csv|tsv|txt)$/i;

export function detectFormat(firstBytes: Uint8Array, fileName: string): DetectedFormat {
  const head8 = firstBytes.subarray(0, 8);
  if (head8.length === 8 && head8[0] === 0xff && latin1(head8.subarray(1)) === 'BIOSEMI') {
    return { format: 'bdf', reason: 'starts with 0xFF "BIOSEMI" (BDF/BDF+)' };
  }
  if (head8.length === 8 && isPrintableAscii(head8) && latin1(head8) === '0       ') {
    return { format: 'edf', reason: 'starts with the EDF version "0" (EDF/EDF+)' };
  }
  const text = latin1(firstBytes.subarray(0, 4096)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (text.startsWith('%OpenBCI Raw')) {
    return { format: 'openbci-text', reason: 'starts with "%OpenBCI Raw" (OpenBCI GUI recording)' };
  }
  if (/\.(edf|bdf|rec)$/i.test(fileName)) {
    return {
      format: null,
      reason: `${fileName} is named like an EDF/BDF file but does not start with "0" or 0xFF "BIOSEMI"`,
    };
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  const firstRow = lines[1] ?? '';
  const delimiter = [',', ';', '\t'].find((d) => header.includes(d));
  const looksTabular =
    delimiter !== undefined &&
    /[A-Za-z]/.test(header) &&
    firstRow.split(delimiter).length === header.split(delimiter).length &&
    firstRow.split(delimiter).every((c) => c.trim() === '' || Number.isFinite(Number(c)));
  if (looksTabular && (TEXT_EXTENSIONS.test(fileName) || !/\.\w+$/.test(fileName))) {
    return { format: 'csv', reason: 'a header line of column names, then rows of numbers (CSV)' };
  }
  return {
    format: null,
    reason: `${fileName} is not EDF/EDF+, BDF/BDF+, an OpenBCI GUI recording or a CSV with a header line`,
  };
}
