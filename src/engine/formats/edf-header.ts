// Parsing and checking of the EDF/BDF header record: the 256-byte fixed part, then 256 bytes per signal.
// Everything structural is checked here, before a single sample is read, so a lying file is rejected whole.
import { parseEdfInteger, parseEdfNumber } from './edf-number';
import { isValidDate, parsePatientField, parseRecordingField, yearFromYy } from './edf-identity';
import type { CalendarDate, EdfFileHeader, EdfFormat, EdfSignal } from './edf-types';
import { voltageScale } from './edf-units';
import { FormatError } from './format-error';
import { isPrintableAscii, latin1 } from './text-bytes';

export const FIXED_HEADER_BYTES = 256;
export const SIGNAL_HEADER_BYTES = 256;

/** Field widths of the per-signal header, in file order. */
export const SIGNAL_FIELDS = [
  ['label', 16],
  ['transducer', 80],
  ['physicalDimension', 8],
  ['physicalMin', 8],
  ['physicalMax', 8],
  ['digitalMin', 8],
  ['digitalMax', 8],
  ['prefilter', 80],
  ['samplesPerRecord', 8],
  ['reserved', 32],
] as const;

type SignalField = (typeof SIGNAL_FIELDS)[number][0];

export const ANNOTATION_LABELS = ['EDF Annotations', 'BDF Annotations'];

/** The fixed part, read before the size of the rest is known. */
export interface FixedHeader {
  readonly format: EdfFormat;
  readonly patientField: string;
  readonly recordingField: string;
  readonly startDateField: string;
  readonly startTimeField: string;
  readonly headerBytes: number;
  readonly reserved: string;
  /** -1 when the writer did not know it (a recording that was never closed). */
  readonly recordCountField: number;
  readonly recordDurationS: number;
  readonly signalCount: number;
  readonly warnings: string[];
}

/** Header plus where each signal's samples sit inside a data record. */
export interface EdfLayout {
  readonly header: EdfFileHeader;
  readonly signals: readonly EdfSignal[];
  /** File indexes of the annotation signals, in order (the first one holds the time-keeping TALs). */
  readonly annotationSignals: readonly number[];
  readonly bytesPerSample: 2 | 3;
  readonly recordBytes: number;
  /** Byte offset of each file signal inside a record. */
  readonly signalOffsets: readonly number[];
  /** samplesPerRecord of each file signal. */
  readonly samplesPerRecord: readonly number[];
  readonly warnings: readonly string[];
}

function field(bytes: Uint8Array, offset: number, width: number): Uint8Array {
  return bytes.subarray(offset, offset + width);
}

function describeByte(bytes: Uint8Array): string {
  const i = bytes.findIndex((b) => b < 32 || b > 126);
  return `byte 0x${(bytes[i] ?? 0).toString(16).padStart(2, '0').toUpperCase()} at position ${i + 1}`;
}

/** A field that must be printable ASCII (numbers, labels, the reserved field). */
function strictAscii(bytes: Uint8Array, what: string): string {
  if (!isPrintableAscii(bytes))
    throw new FormatError(`${what} is not printable ASCII (${describeByte(bytes)})`);
  return latin1(bytes);
}

/** A free-text field: non-ASCII is tolerated (read as Latin-1) with a warning, as many real files have it. */
function lenientAscii(bytes: Uint8Array, what: string, warnings: string[]): string {
  if (!isPrintableAscii(bytes)) {
    warnings.push(`${what} is not printable ASCII (${describeByte(bytes)}); read as Latin-1`);
  }
  return latin1(bytes);
}

export function parseFixedHeader(bytes: Uint8Array, fileSize: number): FixedHeader {
  if (bytes.length < FIXED_HEADER_BYTES) {
    throw new FormatError(
      `file is too short for an EDF/BDF header: ${fileSize} bytes, the fixed header alone takes ${FIXED_HEADER_BYTES}`,
    );
  }
  const warnings: string[] = [];
  const version = field(bytes, 0, 8);
  let format: EdfFormat;
  if (version[0] === 0xff && latin1(version.subarray(1)) === 'BIOSEMI') format = 'BDF';
  else if (isPrintableAscii(version) && latin1(version).trim() === '0') format = 'EDF';
  else {
    throw new FormatError(
      `not an EDF or BDF file: the version field is "${latin1(version).replace(/[^\x20-\x7e]/g, '?')}" ` +
        `(EDF starts with "0" and spaces, BDF with byte 0xFF and "BIOSEMI")`,
    );
  }
  const patientField = lenientAscii(field(bytes, 8, 80), 'patient field', warnings).trimEnd();
  const recordingField = lenientAscii(field(bytes, 88, 80), 'recording field', warnings).trimEnd();
  const startDateField = strictAscii(field(bytes, 168, 8), 'start date field');
  const startTimeField = strictAscii(field(bytes, 176, 8), 'start time field');
  const headerBytesText = strictAscii(field(bytes, 184, 8), 'header size field');
  const reserved = strictAscii(field(bytes, 192, 44), 'reserved field').trimEnd();
  const recordsText = strictAscii(field(bytes, 236, 8), 'number of data records field');
  const durationText = strictAscii(field(bytes, 244, 8), 'data record duration field');
  const signalsText = strictAscii(field(bytes, 252, 4), 'number of signals field');

  const signalCount = parseEdfInteger(signalsText);
  if (signalCount === null)
    throw new FormatError(`number of signals is not an integer: "${signalsText.trim()}"`);
  if (signalCount <= 0)
    throw new FormatError(`the header declares ${signalCount} signals; a file needs at least 1`);
  const headerBytes = parseEdfInteger(headerBytesText);
  const expectedHeaderBytes = FIXED_HEADER_BYTES + signalCount * SIGNAL_HEADER_BYTES;
  if (headerBytes !== expectedHeaderBytes) {
    throw new FormatError(
      `header size field says "${headerBytesText.trim()}" bytes but ${signalCount} signals need ` +
        `${expectedHeaderBytes} (256 + 256 per signal)`,
    );
  }
  const recordCountField = parseEdfInteger(recordsText);
  if (recordCountField === null || recordCountField < -1) {
    throw new FormatError(
      `number of data records must be an integer >= 0 (or -1), got "${recordsText.trim()}"`,
    );
  }
  if (recordCountField === 0)
    throw new FormatError('the header declares 0 data records: the file holds no data');
  const recordDurationS = parseEdfNumber(durationText);
  if (recordDurationS === null || recordDurationS < 0) {
    throw new FormatError(`data record duration must be a number >= 0 seconds, got "${durationText.trim()}"`);
  }
  return {
    format,
    patientField,
    recordingField,
    startDateField,
    startTimeField,
    headerBytes: expectedHeaderBytes,
    reserved,
    recordCountField,
    recordDurationS,
    signalCount,
    warnings,
  };
}

function plusKind(format: EdfFormat, reserved: string, warnings: string[]): 'C' | 'D' | null {
  const m = /^(EDF|BDF)\+([CD])/.exec(reserved);
  if (!m) return null;
  if (m[1] !== format)
    warnings.push(`reserved field says "${m[0]}" in a ${format} file; read as ${format}+${m[2]}`);
  return m[2] as 'C' | 'D';
}

function parseStart(
  fixed: FixedHeader,
  recordingStartDate: CalendarDate | null,
  warnings: string[],
): Omit<EdfFileHeader['start'] & object, 'subsecondS' | 'epochMs'> | null {
  const d = /^(\d{2})\.(\d{2})\.(\d{2}|yy)$/.exec(fixed.startDateField.trim());
  const t = /^(\d{2})\.(\d{2})\.(\d{2})$/.exec(fixed.startTimeField.trim());
  if (!d || !t) {
    warnings.push(
      `start date/time "${fixed.startDateField.trim()} ${fixed.startTimeField.trim()}" is not "dd.mm.yy hh.mm.ss"; start unknown`,
    );
    return null;
  }
  let year: number;
  if (d[3] === 'yy') {
    if (!recordingStartDate) {
      warnings.push(
        'start year is "yy" (after 2084) but the recording field has no Startdate; start unknown',
      );
      return null;
    }
    year = recordingStartDate.year;
  } else {
    year = yearFromYy(Number(d[3]));
    // The EDF+ recording field carries all four digits; it wins when it agrees with the two in the header.
    if (recordingStartDate && recordingStartDate.year % 100 === Number(d[3])) year = recordingStartDate.year;
  }
  const date = { year, month: Number(d[2]), day: Number(d[1]) };
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (!isValidDate(date) || hour > 23 || minute > 59 || second > 59) {
    warnings.push(
      `start date/time "${fixed.startDateField.trim()} ${fixed.startTimeField.trim()}" is not a real date; start unknown`,
    );
    return null;
  }
  if (
    recordingStartDate &&
    (recordingStartDate.day !== date.day ||
      recordingStartDate.month !== date.month ||
      recordingStartDate.year !== year)
  ) {
    warnings.push(
      "the recording field's Startdate differs from the header's start date; the header was used",
    );
  }
  return { ...date, hour, minute, second };
}

/** Parses the signal headers and checks the whole header against the file size. */
export function parseLayout(fixed: FixedHeader, signalBytes: Uint8Array, fileSize: number): EdfLayout {
  const warnings = [...fixed.warnings];
  const ns = fixed.signalCount;
  if (fileSize < fixed.headerBytes) {
    throw new FormatError(
      `file is truncated inside its header: ${fileSize} bytes, the header of ${ns} signals takes ${fixed.headerBytes}`,
    );
  }
  const raw = new Map<SignalField, Uint8Array[]>();
  let offset = 0;
  for (const [name, width] of SIGNAL_FIELDS) {
    raw.set(
      name,
      Array.from({ length: ns }, (_, i) => field(signalBytes, offset + i * width, width)),
    );
    offset += width * ns;
  }
  const get = (name: SignalField, i: number) => raw.get(name)![i]!;
  const bytesPerSample = fixed.format === 'BDF' ? 3 : 2;
  const digitalLimit = fixed.format === 'BDF' ? 8388608 : 32768;

  const labels = Array.from({ length: ns }, (_, i) =>
    strictAscii(get('label', i), `signal ${i + 1} label`).trim(),
  );
  const annotationSignals = labels.flatMap((l, i) => (ANNOTATION_LABELS.includes(l) ? [i] : []));
  const samplesPerRecord: number[] = [];
  const signals: EdfSignal[] = [];
  for (let i = 0; i < ns; i++) {
    const label = labels[i]!;
    const what = `signal ${i + 1} ("${label}")`;
    const sprText = strictAscii(get('samplesPerRecord', i), `${what} samples per record`);
    const spr = parseEdfInteger(sprText);
    if (spr === null || spr <= 0) {
      throw new FormatError(
        `${what}: samples per data record must be a positive integer, got "${sprText.trim()}"`,
      );
    }
    samplesPerRecord.push(spr);
    if (annotationSignals.includes(i)) continue;

    const number = (name: SignalField, text: string, integer: boolean): number => {
      const value = integer ? parseEdfInteger(text) : parseEdfNumber(text);
      if (value === null) {
        throw new FormatError(
          `${what}: ${describeField(name)} is not ${integer ? 'an integer' : 'a number'}: "${text.trim()}"`,
        );
      }
      return value;
    };
    const text = (name: SignalField) => strictAscii(get(name, i), `${what} ${describeField(name)}`);
    const physicalMin = number('physicalMin', text('physicalMin'), false);
    const physicalMax = number('physicalMax', text('physicalMax'), false);
    const digitalMin = number('digitalMin', text('digitalMin'), true);
    const digitalMax = number('digitalMax', text('digitalMax'), true);
    if (physicalMin === physicalMax) {
      throw new FormatError(
        `${what}: physical minimum equals physical maximum (${physicalMin}), so its samples cannot be scaled`,
      );
    }
    if (digitalMin >= digitalMax) {
      throw new FormatError(
        `${what}: digital minimum (${digitalMin}) must be below digital maximum (${digitalMax})`,
      );
    }
    if (digitalMin < -digitalLimit || digitalMax > digitalLimit - 1) {
      throw new FormatError(
        `${what}: digital range ${digitalMin}..${digitalMax} does not fit ${bytesPerSample * 8}-bit ${fixed.format} samples`,
      );
    }
    const dimension = lenientAscii(
      get('physicalDimension', i),
      `${what} physical dimension`,
      warnings,
    ).trim();
    const voltage = voltageScale(dimension);
    if (fixed.recordDurationS === 0) {
      throw new FormatError(
        `data record duration is 0 but ${what} is an ordinary signal (only annotation files may do that)`,
      );
    }
    signals.push({
      fileIndex: i,
      label,
      transducer: lenientAscii(get('transducer', i), `${what} transducer`, warnings).trim(),
      physicalDimension: dimension,
      physicalMin,
      physicalMax,
      digitalMin,
      digitalMax,
      prefilter: lenientAscii(get('prefilter', i), `${what} prefilter`, warnings).trim(),
      samplesPerRecord: spr,
      sampleRateHz: spr / fixed.recordDurationS,
      reserved: lenientAscii(get('reserved', i), `${what} reserved field`, warnings).trim(),
      unit: voltage ? 'uV' : dimension,
      unitScale: voltage?.scale ?? 1,
      unitConversion: voltage?.conversion ?? null,
    });
  }

  const plus = plusKind(fixed.format, fixed.reserved, warnings);
  if (plus && annotationSignals.length === 0) {
    throw new FormatError(
      `the reserved field says ${fixed.format}+${plus} but there is no "${fixed.format} Annotations" signal`,
    );
  }
  const signalOffsets: number[] = [];
  let recordBytes = 0;
  for (const spr of samplesPerRecord) {
    signalOffsets.push(recordBytes);
    recordBytes += spr * bytesPerSample;
  }
  const dataBytes = fileSize - fixed.headerBytes;
  let recordCount = fixed.recordCountField;
  if (recordCount === -1) {
    recordCount = Math.floor(dataBytes / recordBytes);
    if (recordCount === 0)
      throw new FormatError(`the file holds no complete data record (${dataBytes} bytes of data)`);
    warnings.push(
      `number of data records is -1 (unknown); ${recordCount} complete records found in the file`,
    );
    const rest = dataBytes - recordCount * recordBytes;
    if (rest > 0) warnings.push(`the last ${rest} bytes do not make a whole data record and were not read`);
  } else if (dataBytes !== recordCount * recordBytes) {
    const expected = recordCount * recordBytes;
    const held = (dataBytes / recordBytes).toFixed(2);
    throw new FormatError(
      dataBytes < expected
        ? `file is truncated: the header declares ${recordCount} data records of ${recordBytes} bytes ` +
            `(${expected} bytes) but only ${dataBytes} bytes of data follow the header (${held} records)`
        : `the header declares ${recordCount} data records of ${recordBytes} bytes (${expected} bytes) but ` +
            `${dataBytes} bytes of data follow the header (${held} records): the record count is wrong or data was appended`,
    );
  }

  const recording = parseRecordingField(fixed.recordingField);
  const start = parseStart(fixed, recording?.startDate ?? null, warnings);
  const header: EdfFileHeader = {
    format: fixed.format,
    plus,
    patientField: fixed.patientField,
    recordingField: fixed.recordingField,
    patient: parsePatientField(fixed.patientField),
    recording,
    start: start
      ? {
          ...start,
          subsecondS: 0,
          epochMs: Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second),
        }
      : null,
    headerBytes: fixed.headerBytes,
    recordCount,
    recordDurationS: fixed.recordDurationS,
    signalCount: ns,
    reserved: fixed.reserved,
  };
  return {
    header,
    signals,
    annotationSignals,
    bytesPerSample,
    recordBytes,
    signalOffsets,
    samplesPerRecord,
    warnings,
  };
}

function describeField(name: SignalField): string {
  return {
    label: 'label',
    transducer: 'transducer',
    physicalDimension: 'physical dimension',
    physicalMin: 'physical minimum',
    physicalMax: 'physical maximum',
    digitalMin: 'digital minimum',
    digitalMax: 'digital maximum',
    prefilter: 'prefilter',
    samplesPerRecord: 'samples per record',
    reserved: 'reserved field',
  }[name];
}
