// A recording file (EDF/EDF+/BDF/BDF+, OpenBCI GUI text, CSV) as brain-engine input, without importing it: every
// voltage signal at its own rate (never resampled), the ADC range of each channel where the file or the board
// tells it (for the railed fraction), an optional time range, and what a reader of the report should know.
import type { AnalyzeRecordingJson } from '../../shared/analysis';
import { detectFormat, type ImportFormat } from '../formats/detect-format';
import { readEdf } from '../formats/edf-reader';
import { FormatError } from '../formats/format-error';
import { parseCsv } from '../formats/csv';
import { parseOpenBciText } from '../formats/openbci-text';
import { cytonAdcRangeUv } from '../protocols/adc-range';
import type { PhysicalRange, RecordingChannel, RecordingInput } from './input';

/** Seconds from the first sample; either end may be left out. */
export interface TimeRangeS {
  readonly fromS?: number;
  readonly toS?: number;
}

export interface FileAnalysisInput {
  readonly input: RecordingInput;
  /** The report's `recording` fields (format, board, rates, range, gaps, ADC range, notes). */
  readonly recording: Omit<AnalyzeRecordingJson, 'channels'>;
}

/** Text formats need decoding, which pure engine code cannot do: the caller passes a UTF-8 decoder. */
export type TextDecoderFn = (bytes: Uint8Array) => string;

interface WholeChannel {
  readonly label: string;
  readonly sampleRateHz: number;
  readonly data: Float32Array;
  readonly physicalRange: PhysicalRange | null;
}

interface WholeFile {
  readonly format: ImportFormat;
  readonly board: string | null;
  readonly channels: readonly WholeChannel[];
  readonly gaps: number;
  readonly missingS: number;
  readonly adcRange: string;
  readonly notes: readonly string[];
}

/** The sample range [first, end) of `range` in a channel of `sampleCount` samples at `sampleRateHz`. */
export function sampleWindow(
  range: TimeRangeS,
  sampleRateHz: number,
  sampleCount: number,
): { first: number; end: number } {
  const first = Math.min(sampleCount, Math.max(0, Math.round((range.fromS ?? 0) * sampleRateHz)));
  const end =
    range.toS === undefined
      ? sampleCount
      : Math.min(sampleCount, Math.max(first, Math.round(range.toS * sampleRateHz)));
  return { first, end };
}

/** Throws a RangeError a person can act on when `range` is not a usable part of `durationS` seconds. */
export function checkTimeRange(range: TimeRangeS, durationS: number): { fromS: number; toS: number } {
  const fromS = range.fromS ?? 0;
  const toS = range.toS ?? durationS;
  if (!(Number.isFinite(fromS) && fromS >= 0)) {
    throw new RangeError(`the range must start at 0 s or later, got ${fromS} s`);
  }
  if (fromS >= durationS) {
    throw new RangeError(
      `the range starts at ${fromS} s, but the recording is only ${round3(durationS)} s long`,
    );
  }
  if (!(Number.isFinite(toS) && toS > fromS)) {
    throw new RangeError(`the range must end after it starts: ${fromS} s to ${toS} s`);
  }
  return { fromS, toS: Math.min(toS, durationS) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function edfFile(bytes: Uint8Array, format: 'edf' | 'bdf'): WholeFile {
  const edf = readEdf(bytes);
  const notes = [...edf.warnings];
  const channels: WholeChannel[] = [];
  edf.signals.forEach((s, i) => {
    if (s.unit !== 'uV') {
      notes.push(`Signal '${s.label}' (${s.unit || 'no unit'}) is not a voltage and was left out.`);
      return;
    }
    const a = s.physicalMin * s.unitScale;
    const b = s.physicalMax * s.unitScale;
    channels.push({
      label: s.label,
      sampleRateHz: s.sampleRateHz,
      data: edf.data[i]!,
      // EDF allows physical min > max (inverted polarity); the range is the same either way.
      physicalRange: { min: Math.min(a, b), max: Math.max(a, b) },
    });
  });
  const missingS = edf.discontinuities.reduce((s, d) => s + d.gapS, 0);
  if (edf.discontinuities.length) {
    notes.push(
      `The file is discontinuous (EDF+D): ${edf.discontinuities.length} gap(s), ${round3(missingS)} s without data, joined end to end; times count data seconds.`,
    );
  }
  return {
    format,
    board: edf.header.recording?.equipment ?? null,
    channels,
    gaps: edf.discontinuities.length,
    missingS,
    adcRange: "each signal's physical minimum and maximum in the file header",
    notes,
  };
}

function openBciFile(text: string): WholeFile {
  const rec = parseOpenBciText(text);
  const notes = [...rec.warnings];
  const isCyton = rec.board !== null && /cyton|daisy/i.test(rec.board);
  const range = isCyton ? cytonAdcRangeUv() : null;
  return {
    format: 'openbci-text',
    board: rec.board,
    channels: rec.channelLabels.map((label, c) => ({
      label,
      sampleRateHz: rec.sampleRateHz,
      data: rec.data.subarray(c * rec.sampleCount, (c + 1) * rec.sampleCount),
      physicalRange: range,
    })),
    gaps: 0,
    missingS: 0,
    adcRange: isCyton
      ? 'Cyton ADS1299 full scale at gain 24 (+-187500 uV), the OpenBCI GUI default: the file does not record the gain'
      : 'unknown: the file does not name a board whose range is known',
    notes,
  };
}

function csvFile(text: string): WholeFile {
  const rec = parseCsv(text);
  const notes = [...rec.warnings];
  const channels: WholeChannel[] = [];
  rec.channelLabels.forEach((label, c) => {
    if (rec.units[c] !== 'uV') {
      notes.push(`Column '${label}' (${rec.units[c] ?? '?'}) is not a voltage and was left out.`);
      return;
    }
    channels.push({
      label,
      sampleRateHz: rec.sampleRateHz,
      data: rec.data.subarray(c * rec.sampleCount, (c + 1) * rec.sampleCount),
      physicalRange: null,
    });
  });
  const missing = rec.gaps.reduce((s, g) => s + g.missingSamples, 0);
  if (rec.gaps.length) {
    notes.push(
      `The time column jumps ${rec.gaps.length} time(s) (${missing} samples missing), joined end to end; times count data seconds.`,
    );
  }
  return {
    format: 'csv',
    board: null,
    channels,
    gaps: rec.gaps.length,
    missingS: missing / rec.sampleRateHz,
    adcRange: 'unknown: a CSV file does not say its ADC range',
    notes,
  };
}

function readWhole(bytes: Uint8Array, fileName: string, decodeText: TextDecoderFn): WholeFile {
  const detected = detectFormat(bytes.subarray(0, 4096), fileName);
  switch (detected.format) {
    case 'edf':
    case 'bdf':
      return edfFile(bytes, detected.format);
    case 'openbci-text':
      return openBciFile(decodeText(bytes));
    case 'csv':
      return csvFile(decodeText(bytes));
    default:
      throw new FormatError(detected.reason);
  }
}

/** Reads `bytes` (the whole file) as brain-engine input for `range`. Throws FormatError/RangeError with the reason. */
export function fileAnalysisInput(
  bytes: Uint8Array,
  fileName: string,
  decodeText: TextDecoderFn,
  range: TimeRangeS = {},
): FileAnalysisInput {
  const whole = readWhole(bytes, fileName, decodeText);
  if (whole.channels.length === 0) {
    throw new FormatError(`${fileName} holds no voltage signal to analyse`);
  }
  const durationS = Math.max(...whole.channels.map((c) => c.data.length / c.sampleRateHz));
  const { fromS, toS } = checkTimeRange(range, durationS);
  const channels: RecordingChannel[] = whole.channels.map((c) => {
    const { first, end } = sampleWindow({ fromS, toS }, c.sampleRateHz, c.data.length);
    return {
      label: c.label,
      sampleRateHz: c.sampleRateHz,
      physicalRange: c.physicalRange,
      data: first === 0 && end === c.data.length ? c.data : c.data.subarray(first, end),
    };
  });
  const empty = channels.find((c) => c.data.length === 0);
  if (empty) {
    throw new RangeError(
      `channel '${empty.label}' has no samples between ${fromS} s and ${toS} s; choose a longer range`,
    );
  }
  return {
    input: { channels },
    recording: {
      format: whole.format,
      board: whole.board,
      sample_rates_hz: [...new Set(channels.map((c) => c.sampleRateHz))].sort((a, b) => a - b),
      from_s: fromS,
      to_s: toS,
      duration_s: round3(toS - fromS),
      gaps: whole.gaps,
      missing_s: round3(whole.missingS),
      adc_range: whole.adcRange,
      notes: whole.notes,
    },
  };
}
