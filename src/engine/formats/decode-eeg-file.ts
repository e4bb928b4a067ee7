// Any supported EEG file, whole, into per-channel samples in microvolts at each channel's own rate: the one
// conversion the cloud's uploads, `clisonix analyze FILE` and the brain endpoints share. Text decoding is passed
// in (this room has no TextDecoder); files too large to hold whole go through openEdf/readRecordChunks instead.
import type { SampleGap } from '../../shared/samples';
import { parseCsv } from './csv';
import { detectFormat, type ImportFormat } from './detect-format';
import { readEdf } from './edf-reader';
import { FormatError } from './format-error';
import { parseOpenBciText } from './openbci-text';

export interface DecodedChannel {
  readonly label: string;
  readonly sampleRateHz: number;
  /** "uV" for every voltage; the file's own unit otherwise (then the values are not microvolts). */
  readonly unit: string;
  readonly data: Float32Array;
  /** The ADC's range in `unit` (EDF physical min/max, the board's range), or null when the file does not say. */
  readonly physicalRange: { readonly min: number; readonly max: number } | null;
}

export interface DecodedEegFile {
  readonly format: ImportFormat;
  readonly channels: readonly DecodedChannel[];
  readonly annotations: readonly {
    readonly onsetS: number;
    readonly durationS: number;
    readonly text: string;
  }[];
  /** Samples known missing (CSV time-column jumps); EDF+D discontinuities are in `discontinuitiesS`. */
  readonly gaps: readonly SampleGap[];
  readonly discontinuitiesS: readonly { readonly atS: number; readonly gapS: number }[];
  readonly durationS: number;
  readonly warnings: readonly string[];
}

export interface DecodeOptions {
  readonly fileName: string;
  /** UTF-8 (or Latin-1) text of the bytes, for the text formats; throw FormatError when it is not text. */
  readonly decodeText: (bytes: Uint8Array) => string;
  /** Needed for a CSV without a time column. */
  readonly csvSampleRateHz?: number;
}

/** ±4.5 V reference over the default gain of 24, as the OpenBCI Cyton's ADS1299 measures (OpenBCI docs). */
const CYTON_RANGE_UV = (4.5 / 24) * 1e6;

export function decodeEegFile(bytes: Uint8Array, options: DecodeOptions): DecodedEegFile {
  if (bytes.length === 0) throw new FormatError(`${options.fileName} is empty`);
  const detected = detectFormat(bytes.subarray(0, 4096), options.fileName);
  if (detected.format === null) throw new FormatError(detected.reason);
  switch (detected.format) {
    case 'edf':
    case 'bdf': {
      const file = readEdf(bytes);
      const channels = file.signals.map((s, i) => ({
        label: s.label,
        sampleRateHz: s.sampleRateHz,
        unit: s.unit,
        data: file.data[i] ?? new Float32Array(0),
        physicalRange: {
          min: Math.min(s.physicalMin, s.physicalMax) * s.unitScale,
          max: Math.max(s.physicalMin, s.physicalMax) * s.unitScale,
        },
      }));
      return {
        format: detected.format,
        channels,
        annotations: file.annotations,
        gaps: [],
        discontinuitiesS: file.discontinuities.map((d) => ({ atS: d.atS, gapS: d.gapS })),
        durationS: longestDuration(channels),
        warnings: file.warnings,
      };
    }
    case 'openbci-text': {
      const recording = parseOpenBciText(options.decodeText(bytes));
      const range = /cyton/i.test(recording.board ?? '')
        ? { min: -CYTON_RANGE_UV, max: CYTON_RANGE_UV }
        : null;
      const channels = planarChannels(
        recording.data,
        recording.sampleCount,
        recording.sampleRateHz,
        recording.channelLabels,
        range,
      );
      return {
        format: 'openbci-text',
        channels,
        annotations: [],
        gaps: [],
        discontinuitiesS: [],
        durationS: longestDuration(channels),
        warnings: [],
      };
    }
    case 'csv': {
      const recording = parseCsv(options.decodeText(bytes), {
        ...(options.csvSampleRateHz !== undefined && { sampleRateHz: options.csvSampleRateHz }),
      });
      const channels = planarChannels(
        recording.data,
        recording.sampleCount,
        recording.sampleRateHz,
        recording.channelLabels,
        null,
      ).map((c, i) => ({ ...c, unit: recording.units[i] ?? 'uV' }));
      return {
        format: 'csv',
        channels,
        annotations: [],
        gaps: recording.gaps,
        discontinuitiesS: [],
        durationS: longestDuration(channels),
        warnings: recording.warnings,
      };
    }
  }
}

function planarChannels(
  data: Float32Array,
  sampleCount: number,
  sampleRateHz: number,
  labels: readonly string[],
  physicalRange: DecodedChannel['physicalRange'],
): DecodedChannel[] {
  return labels.map((label, c) => ({
    label,
    sampleRateHz,
    unit: 'uV',
    data: data.subarray(c * sampleCount, (c + 1) * sampleCount),
    physicalRange,
  }));
}

function longestDuration(channels: readonly DecodedChannel[]): number {
  return channels.reduce((d, c) => Math.max(d, c.sampleRateHz > 0 ? c.data.length / c.sampleRateHz : 0), 0);
}
