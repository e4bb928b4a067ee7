// Streaming EDF+/BDF+ writer. `prepareEdfExport` settles everything that goes into the header first (record
// duration, which records exist, physical ranges from the data so nothing clips, annotation signal size), then
// `chunks()` yields the file as byte chunks of bounded size that the caller writes to its sink.
import {
  formatHeaderDate,
  formatPatientField,
  formatRecordingField,
  pad2,
  parsePatientField,
  parseRecordingField,
  type PatientInput,
  type RecordingInput,
} from './edf-identity';
import { formatEdfNumber, formatEdfNumberExact } from './edf-number';
import { type AnnotationLayout, packAnnotations } from './edf-annotation-packing';
import { annotationSignalFields, encodeHeader, type SignalHeaderFields } from './edf-header-encode';
import { chooseRecordDuration, mergeSpans, planRecords, type RecordPlan, type Span } from './edf-record-plan';
import { encodeSamples, type ScaleFields } from './edf-samples';
import type { CalendarDate, EdfFileHeader, EdfFormat, EdfSignal } from './edf-types';
import { voltageScale } from './edf-units';
import type { ExportAnnotation, ExportSource, ExportWindow } from './export-source';
import { FormatError } from './format-error';
import { toPrintableAscii } from './text-bytes';

/** Annotation text of a stretch without data, and of the filler after the last sample of the last record. */
export const GAP_ANNOTATION = 'Data gap';
export const PADDING_ANNOTATION = 'No data (record padding)';

export interface EdfExportOptions {
  readonly format: 'edf' | 'bdf';
  /** Wall-clock time of the first sample (unix ms) and the local offset to write it in; null: unknown. */
  readonly start?: { readonly epochMs: number; readonly utcOffsetMinutes?: number } | null;
  readonly patient?: PatientInput;
  readonly recording?: RecordingInput;
  /** Replace every patient subfield, the admin code and the technician with X (unknown). */
  readonly deidentify?: boolean;
  /** Also hide the start date and time (header 01.01.85 00.00.00, "Startdate X"). */
  readonly hideStartDate?: boolean;
  /** Data record duration; by default the longest of 1, 0.5, 0.25, 0.2, 0.1 s that needs no filling. */
  readonly recordDurationS?: number;
  /** Upper bound of one yielded chunk (at least one record). */
  readonly chunkBytes?: number;
}

export interface EdfExport {
  /** The header as written; `start` is null when unknown or hidden (the file then says 01.01.85 00.00.00). */
  readonly header: EdfFileHeader;
  /** Ordinary signals as written, with the chosen physical ranges. */
  readonly signals: readonly EdfSignal[];
  /** Annotations as written (onsets from the file's first sample): the source's, one per gap, one for end padding. */
  readonly annotations: readonly ExportAnnotation[];
  /** Seconds of gap before the first written record, by which the file's start is later than the source's. */
  readonly leadingGapS: number;
  readonly totalBytes: number;
  readonly warnings: readonly string[];
  /** The file, header first; each chunk is a fresh array the caller may keep. */
  chunks(): AsyncGenerator<Uint8Array>;
}

interface StoredSignal {
  readonly header: SignalHeaderFields;
  readonly info: EdfSignal;
  /** Range and digital map in the source's unit (what `read` returns). */
  readonly scale: ScaleFields;
  readonly fillDigital: number;
}

const EPS = 1e-9;

export async function prepareEdfExport(source: ExportSource, options: EdfExportOptions): Promise<EdfExport> {
  const format: EdfFormat = options.format === 'bdf' ? 'BDF' : 'EDF';
  const bytesPerSample = format === 'BDF' ? 3 : 2;
  const warnings: string[] = [];
  const { signals } = source;
  if (signals.length === 0) throw new FormatError('nothing to export: the recording has no signals');
  signals.forEach((s, i) => {
    if (!(s.sampleRateHz > 0) || !Number.isInteger(s.sampleCount) || s.sampleCount < 0) {
      throw new FormatError(
        `signal ${i + 1} ("${s.label}") has rate ${s.sampleRateHz} Hz and ${s.sampleCount} samples`,
      );
    }
  });
  const recordDurationS = chooseRecordDuration(signals, source.gaps, options.recordDurationS);
  const plan = planRecords(signals, source.gaps, recordDurationS);
  const spans = mergeSpans(source.gaps);
  const chunkBytes = options.chunkBytes ?? 4 * 1024 * 1024;
  const ranges =
    source.ranges ?? (await measureRanges(source, plan, spans, Math.floor(chunkBytes / bytesPerSample)));
  const stored = signals.map((s, i) => storeSignal(s, i, ranges[i]!, format, plan, warnings));

  // A file starts with its first record: a gap before it moves the start instead of leaving "+1" onsets.
  const leadingGapS = plan.records[0]! * recordDurationS;
  const start = wallClock(options, leadingGapS);
  const startOffsetS = start ? start.subsecondS : 0;
  const annotations = exportAnnotations(source, plan);
  const packed = packAnnotations(annotations, plan.records, recordDurationS, startOffsetS, bytesPerSample);
  const annotationSpr = packed.bytesPerRecord / bytesPerSample;
  const plus = plan.records.length === plan.gridRecords ? 'C' : 'D';
  const patientField = fitField(
    formatPatientField(options.deidentify ? {} : (options.patient ?? {})),
    'patient field',
    warnings,
  );
  const recordingInput = options.deidentify
    ? { equipment: options.recording?.equipment ?? null }
    : (options.recording ?? {});
  const recordingField = fitField(
    formatRecordingField(start?.date ?? null, recordingInput),
    'recording field',
    warnings,
  );
  const durationText = formatEdfNumberExact(recordDurationS, 8)!;
  const headerSignals = [...stored.map((s) => s.header), annotationSignalFields(format, annotationSpr)];
  const headerBytes = encodeHeader({
    format,
    patientField,
    recordingField,
    startDate: start ? formatHeaderDate(start.date) : '01.01.85',
    startTime: start ? `${pad2(start.hour)}.${pad2(start.minute)}.${pad2(start.second)}` : '00.00.00',
    reserved: `${format}+${plus}`,
    recordCount: plan.records.length,
    recordDuration: durationText,
    signals: headerSignals,
  });
  const recordBytes =
    stored.reduce((n, s) => n + s.header.samplesPerRecord * bytesPerSample, 0) + packed.bytesPerRecord;
  const header: EdfFileHeader = {
    format,
    plus,
    patientField,
    recordingField,
    patient: parsePatientField(patientField),
    recording: parseRecordingField(recordingField),
    start: start
      ? {
          ...start.date,
          hour: start.hour,
          minute: start.minute,
          second: start.second,
          subsecondS: start.subsecondS,
          epochMs: start.localMs,
        }
      : null,
    headerBytes: headerBytes.length,
    recordCount: plan.records.length,
    recordDurationS,
    signalCount: headerSignals.length,
    reserved: `${format}+${plus}`,
  };
  return {
    header,
    signals: stored.map((s) => s.info),
    annotations: annotations.map((a) => ({ ...a, onsetS: a.onsetS - leadingGapS })),
    leadingGapS,
    totalBytes: headerBytes.length + plan.records.length * recordBytes,
    warnings,
    chunks: () =>
      writeChunks(source, plan, stored, packed, {
        headerBytes,
        recordBytes,
        bytesPerSample,
        recordsPerChunk: Math.max(1, Math.floor(chunkBytes / recordBytes)),
      }),
  };
}

/** The whole file in one array: for tests and small recordings. */
export async function writeEdfBytes(source: ExportSource, options: EdfExportOptions): Promise<Uint8Array> {
  const exp = await prepareEdfExport(source, options);
  const out = new Uint8Array(exp.totalBytes);
  let at = 0;
  for await (const chunk of exp.chunks()) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function fitField(text: string, what: string, warnings: string[]): string {
  if (text.length <= 80) return text;
  warnings.push(`${what} was cut to 80 characters: "${text}"`);
  return text.slice(0, 80);
}

interface WallClock {
  readonly date: CalendarDate;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly subsecondS: number;
  /** The local wall-clock time as if it were UTC, ms, subsecond included. */
  readonly localMs: number;
}

function wallClock(options: EdfExportOptions, leadingGapS: number): WallClock | null {
  if (!options.start || options.hideStartDate) return null;
  const localMs =
    options.start.epochMs +
    (options.start.utcOffsetMinutes ?? 0) * 60_000 +
    Math.round(leadingGapS * 1e6) / 1e3;
  const whole = Math.floor(localMs / 1000) * 1000;
  const d = new Date(whole);
  return {
    date: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    subsecondS: (localMs - whole) / 1000,
    localMs,
  };
}

function exportAnnotations(source: ExportSource, plan: RecordPlan): ExportAnnotation[] {
  const out: ExportAnnotation[] = [...source.annotations];
  for (const gap of source.gaps) {
    if (gap.durationS <= 0) continue;
    const text = gap.reason ? `${GAP_ANNOTATION} (${gap.reason})` : GAP_ANNOTATION;
    out.push({ onsetS: gap.startS, durationS: gap.durationS, text });
  }
  const endS = plan.gridRecords * plan.recordDurationS;
  if (endS - plan.durationS > EPS) {
    out.push({ onsetS: plan.durationS, durationS: endS - plan.durationS, text: PADDING_ANNOTATION });
  }
  return out.sort((a, b) => a.onsetS - b.onsetS);
}

/** Consecutive runs of written records, cut to at most `max` records each. */
function* recordBatches(
  records: readonly number[],
  max: number,
): Generator<{ first: number; count: number; at: number }> {
  let i = 0;
  while (i < records.length) {
    let n = 1;
    while (n < max && i + n < records.length && records[i + n] === records[i]! + n) n++;
    yield { first: records[i]!, count: n, at: i };
    i += n;
  }
}

function windowOf(source: ExportSource, plan: RecordPlan, first: number, count: number) {
  const firstSample = plan.samplesPerRecord.map((spr) => first * spr);
  const window: ExportWindow = {
    firstSample,
    sampleCount: plan.samplesPerRecord.map((spr, i) =>
      Math.max(0, Math.min(count * spr, source.signals[i]!.sampleCount - firstSample[i]!)),
    ),
  };
  return window;
}

/** First pass: min and max of every signal, and a check that NaN appears only inside declared gaps. */
async function measureRanges(
  source: ExportSource,
  plan: RecordPlan,
  spans: readonly Span[],
  maxSamples: number,
): Promise<{ min: number; max: number }[]> {
  const ranges = source.signals.map(() => ({ min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }));
  const perBatch = Math.max(1, Math.floor(maxSamples / plan.samplesPerRecord.reduce((a, b) => a + b, 0)));
  for (const batch of recordBatches(plan.records, perBatch)) {
    const window = windowOf(source, plan, batch.first, batch.count);
    const data = await source.read(window);
    source.signals.forEach((s, i) => {
      const values = data[i]!;
      const range = ranges[i]!;
      const expected = window.sampleCount[i]!;
      if (values.length !== expected) {
        throw new FormatError(
          `source returned ${values.length} samples of "${s.label}" where ${expected} were asked`,
        );
      }
      for (let j = 0; j < values.length; j++) {
        const v = values[j]!;
        if (v < range.min) range.min = v;
        if (v > range.max) range.max = v;
        if (v !== v || v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
          const t = (window.firstSample[i]! + j) / s.sampleRateHz;
          if (v === v || !insideSpans(spans, t)) {
            throw new FormatError(
              `"${s.label}" sample ${window.firstSample[i]! + j} (${t.toFixed(6)} s) is ${v}: only samples inside gaps may be missing`,
            );
          }
        }
      }
    });
  }
  return ranges.map((r) => (r.min <= r.max ? r : { min: 0, max: 0 }));
}

function insideSpans(spans: readonly Span[], t: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= t + EPS) lo = mid + 1;
    else hi = mid;
  }
  const s = spans[lo];
  return s !== undefined && s.start <= t + EPS;
}

/** Physical dimension and range of one signal: the data's own min/max, rounded outwards to 8 characters. */
function storeSignal(
  s: { label: string; sampleRateHz: number; unit: string; transducer?: string; prefilter?: string },
  index: number,
  range: { min: number; max: number },
  format: EdfFormat,
  plan: RecordPlan,
  warnings: string[],
): StoredSignal {
  const digitalMin = format === 'BDF' ? -8388608 : -32768;
  const digitalMax = format === 'BDF' ? 8388607 : 32767;
  let { min, max } = range;
  if (min === max) {
    min -= 1;
    max += 1;
  }
  // Voltages too large for 8 characters in their unit move to a larger one (uV -> mV -> V).
  const voltage = voltageScale(s.unit);
  const candidates: { dimension: string; perUnit: number }[] = voltage
    ? [
        { dimension: voltage.scale === 1 ? 'uV' : s.unit, perUnit: 1 },
        { dimension: 'mV', perUnit: 1e3 / voltage.scale },
        { dimension: 'V', perUnit: 1e6 / voltage.scale },
      ].filter((c) => c.perUnit >= 1)
    : [{ dimension: toPrintableAscii(s.unit), perUnit: 1 }];
  for (const c of candidates) {
    const pmin = formatEdfNumber(min / c.perUnit, 8, 'down');
    const pmax = formatEdfNumber(max / c.perUnit, 8, 'up');
    if (pmin === null || pmax === null || Number(pmin) >= Number(pmax)) continue;
    const label = signalLabel(s.label, index, warnings);
    const scale: ScaleFields = {
      physicalMin: Number(pmin) * c.perUnit,
      physicalMax: Number(pmax) * c.perUnit,
      digitalMin,
      digitalMax,
    };
    const steps = (digitalMax - digitalMin) / (scale.physicalMax - scale.physicalMin);
    const zero = Math.round((0 - scale.physicalMin) * steps + digitalMin);
    const header: SignalHeaderFields = {
      label,
      transducer: toPrintableAscii(s.transducer ?? '').slice(0, 80),
      physicalDimension: c.dimension.slice(0, 8),
      physicalMin: pmin,
      physicalMax: pmax,
      digitalMin,
      digitalMax,
      prefilter: toPrintableAscii(s.prefilter ?? '').slice(0, 80),
      samplesPerRecord: plan.samplesPerRecord[index]!,
    };
    const readBack = voltageScale(c.dimension);
    return {
      header,
      scale,
      fillDigital: Math.min(digitalMax, Math.max(digitalMin, zero)),
      info: {
        fileIndex: index,
        label,
        transducer: header.transducer,
        physicalDimension: header.physicalDimension,
        physicalMin: Number(pmin),
        physicalMax: Number(pmax),
        digitalMin,
        digitalMax,
        prefilter: header.prefilter,
        samplesPerRecord: header.samplesPerRecord,
        sampleRateHz: s.sampleRateHz,
        reserved: '',
        unit: readBack ? 'uV' : header.physicalDimension,
        unitScale: readBack?.scale ?? 1,
        unitConversion: readBack?.conversion ?? null,
      },
    };
  }
  throw new FormatError(
    `"${s.label}" ranges from ${range.min} to ${range.max} ${s.unit}, which EDF cannot write in 8 characters`,
  );
}

function signalLabel(label: string, index: number, warnings: string[]): string {
  const ascii = toPrintableAscii(label.trim() || `Ch${index + 1}`);
  if (ascii.length > 16) warnings.push(`label "${label}" was cut to 16 characters: "${ascii.slice(0, 16)}"`);
  else if (ascii !== label)
    warnings.push(`label "${label}" was written as "${ascii}" (EDF labels are ASCII)`);
  return ascii.slice(0, 16);
}

async function* writeChunks(
  source: ExportSource,
  plan: RecordPlan,
  stored: readonly StoredSignal[],
  annotations: AnnotationLayout,
  f: { headerBytes: Uint8Array; recordBytes: number; bytesPerSample: 2 | 3; recordsPerChunk: number },
): AsyncGenerator<Uint8Array> {
  yield f.headerBytes;
  const offsets: number[] = [];
  let at = 0;
  for (const s of stored) {
    offsets.push(at);
    at += s.header.samplesPerRecord * f.bytesPerSample;
  }
  const annotationOffset = at;
  for (const batch of recordBatches(plan.records, f.recordsPerChunk)) {
    const window = windowOf(source, plan, batch.first, batch.count);
    const data = await source.read(window);
    const out = new Uint8Array(batch.count * f.recordBytes);
    stored.forEach((s, i) => {
      const values = data[i]!;
      const spr = s.header.samplesPerRecord;
      for (let r = 0; r < batch.count; r++) {
        const from = r * spr;
        const have = Math.max(0, Math.min(spr, values.length - from));
        const base = r * f.recordBytes + offsets[i]!;
        const outside = encodeSamples(
          values,
          from,
          have,
          f.bytesPerSample,
          s.scale,
          s.fillDigital,
          out,
          base,
        );
        if (outside > 0) throwOutside(values.subarray(from, from + have), s, source.signals[i]!.label);
        // Past the signal's last sample (end of the last record): filler, annotated as padding.
        if (have < spr) {
          const filler = new Float32Array(spr - have).fill(Number.NaN);
          encodeSamples(
            filler,
            0,
            spr - have,
            f.bytesPerSample,
            s.scale,
            s.fillDigital,
            out,
            base + have * f.bytesPerSample,
          );
        }
      }
    });
    for (let r = 0; r < batch.count; r++) {
      out.set(annotations.talsOf(batch.at + r), r * f.recordBytes + annotationOffset);
    }
    yield out;
  }
}

/** With caller-given ranges the first pass is skipped, so a broken promise shows up while encoding. */
function throwOutside(values: Float32Array, s: StoredSignal, label: string): never {
  const lo = Math.min(s.scale.physicalMin, s.scale.physicalMax);
  const hi = Math.max(s.scale.physicalMin, s.scale.physicalMax);
  const v = values.find((x) => x < lo || x > hi);
  throw new FormatError(`"${label}" value ${v} lies outside its declared range ${lo}..${hi}`);
}
