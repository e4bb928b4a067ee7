// Writes the EDF/BDF header record: fixed-width, space-padded, printable ASCII fields.
import { ANNOTATION_LABELS, FIXED_HEADER_BYTES, SIGNAL_HEADER_BYTES } from './edf-header';
import type { EdfFormat } from './edf-types';
import { asciiBytes, isPrintableAscii } from './text-bytes';

export interface SignalHeaderFields {
  readonly label: string;
  readonly transducer: string;
  readonly physicalDimension: string;
  /** Already formatted to fit 8 characters. */
  readonly physicalMin: string;
  readonly physicalMax: string;
  readonly digitalMin: number;
  readonly digitalMax: number;
  readonly prefilter: string;
  readonly samplesPerRecord: number;
}

export interface HeaderFields {
  readonly format: EdfFormat;
  readonly patientField: string;
  readonly recordingField: string;
  /** "dd.mm.yy" and "hh.mm.ss" */
  readonly startDate: string;
  readonly startTime: string;
  readonly reserved: string;
  readonly recordCount: number;
  /** Already formatted to fit 8 characters. */
  readonly recordDuration: string;
  readonly signals: readonly SignalHeaderFields[];
}

export function annotationSignalFields(format: EdfFormat, samplesPerRecord: number): SignalHeaderFields {
  const bdf = format === 'BDF';
  return {
    label: ANNOTATION_LABELS[bdf ? 1 : 0]!,
    transducer: '',
    physicalDimension: '',
    physicalMin: '-1',
    physicalMax: '1',
    digitalMin: bdf ? -8388608 : -32768,
    digitalMax: bdf ? 8388607 : 32767,
    prefilter: '',
    samplesPerRecord,
  };
}

export function encodeHeader(h: HeaderFields): Uint8Array {
  const ns = h.signals.length;
  const out = new Uint8Array(FIXED_HEADER_BYTES + ns * SIGNAL_HEADER_BYTES).fill(0x20);
  let at = 0;
  const put = (text: string, width: number) => {
    const bytes = asciiBytes(text);
    if (bytes.length > width || !isPrintableAscii(bytes)) {
      throw new RangeError(`header field "${text}" is not printable ASCII of at most ${width} characters`);
    }
    out.set(bytes, at);
    at += width;
  };
  if (h.format === 'BDF') {
    out[0] = 0xff;
    out.set(asciiBytes('BIOSEMI'), 1);
    at = 8;
  } else {
    put('0', 8);
  }
  put(h.patientField, 80);
  put(h.recordingField, 80);
  put(h.startDate, 8);
  put(h.startTime, 8);
  put(String(out.length), 8);
  put(h.reserved, 44);
  put(String(h.recordCount), 8);
  put(h.recordDuration, 8);
  put(String(ns), 4);
  const each = (width: number, value: (s: SignalHeaderFields) => string) => {
    for (const s of h.signals) put(value(s), width);
  };
  each(16, (s) => s.label);
  each(80, (s) => s.transducer);
  each(8, (s) => s.physicalDimension);
  each(8, (s) => s.physicalMin);
  each(8, (s) => s.physicalMax);
  each(8, (s) => String(s.digitalMin));
  each(8, (s) => String(s.digitalMax));
  each(80, (s) => s.prefilter);
  each(8, (s) => String(s.samplesPerRecord));
  each(32, () => '');
  return out;
}
