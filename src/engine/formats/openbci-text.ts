// OpenBCI GUI text recordings ("OpenBCI-RAW-*.txt"): `%` header lines, then comma-separated samples.
//  - v6: "%OpenBCI Raw EXG Data", channel count, rate, board, then a line of column names.
//  - v5: "%OpenBCI Raw EEG Data" with a "%Board = ..." line; column names, or (in the GUI's own v5 sample file)
//    none and a placeholder row of zeros before the first sample.
//  - v1-v4 (2014-2019): "%OpenBCI Raw EEG Data", "%Sample Rate", "%First Column = SampleIndex", maybe
//    "%Number of channels"; no column names: sample index, the EEG channels, 3 accelerometer/aux columns (when
//    the header says so), then the formatted and unix time stamps in either order.
// Values of the EXG/EEG columns are already in microvolts.
import { FormatError } from './format-error';

export interface OpenBciTextRecording {
  readonly board: string | null;
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  readonly sampleCount: number;
  /** Planar microvolts: channel c, sample i at data[c * sampleCount + i]. */
  readonly data: Float32Array;
  /** The board's packet counter per sample (0-255 on a Cyton), or null when the file has none. */
  readonly sampleCounter: Uint16Array | null;
  /** Wall-clock time of each sample (unix ms), or null when the file has none. */
  readonly timestampsMs: Float64Array | null;
  /** Which GUI generation wrote the file, from its header. */
  readonly generation: 'v6' | 'v5' | 'v1-v4';
  /** Non-zero values of the "Marker Channel" column (GUI v5/v6), at their sample. */
  readonly markers: readonly { readonly sample: number; readonly value: number }[];
  readonly warnings: readonly string[];
}

const HEADER_RATE = /^%\s*Sample Rate\s*=\s*([\d.]+)\s*Hz/i;
const HEADER_CHANNELS = /^%\s*Number of channels\s*=\s*(\d+)/i;
const HEADER_BOARD = /^%\s*Board\s*=\s*(.+)$/i;
const FORMATTED_TIME = /^(\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}:\d{2}(\.\d+)?$/;
const UNIX_TIME = /^\d{10}(\.\d+)?$|^\d{13}(\.\d+)?$/;
const EXG_NAME = /^(EXG|EEG) Channel \d+$/i;

interface Columns {
  readonly exg: readonly number[];
  readonly counter: number;
  readonly timestamp: number;
  readonly marker: number;
  readonly hasNameLine: boolean;
}

export function parseOpenBciText(text: string): OpenBciTextRecording {
  const lines = text.split(/\r?\n/);
  if (!lines[0]?.startsWith('%OpenBCI Raw')) {
    throw new FormatError('not an OpenBCI GUI text file: the first line should start with "%OpenBCI Raw"');
  }
  let sampleRateHz = Number.NaN;
  let declaredChannels: number | null = null;
  let board: string | null = null;
  let mentionsAux = false;
  let row = 0;
  for (; row < lines.length && lines[row]?.startsWith('%'); row++) {
    const line = lines[row] ?? '';
    sampleRateHz = Number(HEADER_RATE.exec(line)?.[1] ?? sampleRateHz);
    const channels = HEADER_CHANNELS.exec(line)?.[1];
    if (channels !== undefined) declaredChannels = Number(channels);
    board = HEADER_BOARD.exec(line)?.[1]?.trim() ?? board;
    if (/^%\s*Other Columns.*(Accel|Aux)/i.test(line)) mentionsAux = true;
  }
  if (!(sampleRateHz > 0)) throw new FormatError('OpenBCI header has no valid "%Sample Rate = N Hz" line');
  if (declaredChannels !== null && !(declaredChannels > 0)) {
    throw new FormatError('OpenBCI header has no valid "%Number of channels = N" line');
  }
  const generation = lines[0].startsWith('%OpenBCI Raw EXG') ? 'v6' : board !== null ? 'v5' : 'v1-v4';
  const warnings: string[] = [];

  const first = (lines[row] ?? '').split(',').map((c) => c.trim());
  const hasNameLine = first.some((c) => /[A-Za-z]/.test(c) && !FORMATTED_TIME.test(c));
  const columns = hasNameLine
    ? namedColumns(first, declaredChannels)
    : positionalColumns(firstDataFields(lines, row), declaredChannels, mentionsAux);
  if (hasNameLine) row++;
  const channelCount = columns.exg.length;

  let body = lines.slice(row).filter((l) => l.trim() !== '');
  const firstRow = body[0]?.split(',').map((c) => Number(c.trim()));
  if (!hasNameLine && columns.timestamp >= 0 && body.length > 1 && firstRow?.every((v) => v === 0)) {
    // The GUI's v5 sample file opens with a row of zeros (time stamp 0: no sample was ever taken then).
    warnings.push(`line ${row + 1} is a placeholder row of zeros (time stamp 0) and was skipped`);
    body = body.slice(1);
    row++;
  }
  const sampleCount = body.length;
  const data = new Float32Array(channelCount * sampleCount);
  const sampleCounter = columns.counter >= 0 ? new Uint16Array(sampleCount) : null;
  const timestampsMs = columns.timestamp >= 0 ? new Float64Array(sampleCount) : null;
  const markers: { sample: number; value: number }[] = [];
  for (let i = 0; i < sampleCount; i++) {
    const fields = (body[i] ?? '').split(',');
    for (let c = 0; c < channelCount; c++) {
      const value = Number(fields[columns.exg[c] ?? -1]);
      if (!Number.isFinite(value)) {
        throw new FormatError(
          `line ${row + i + 1}: EXG channel ${c} is not a number ("${fields[columns.exg[c] ?? -1] ?? ''}")`,
        );
      }
      data[c * sampleCount + i] = value;
    }
    if (sampleCounter) sampleCounter[i] = Number(fields[columns.counter]) || 0;
    if (timestampsMs) {
      const t = Number(fields[columns.timestamp]);
      // BrainFlow-era files write unix seconds with decimals, older ones unix milliseconds.
      timestampsMs[i] = t < 1e11 ? t * 1000 : t;
    }
    if (columns.marker >= 0) {
      const m = Number(fields[columns.marker]);
      if (Number.isFinite(m) && m !== 0) markers.push({ sample: i, value: m });
    }
  }
  return {
    board,
    sampleRateHz,
    channelLabels: columns.exg.map((_, c) => `Ch${c + 1}`),
    sampleCount,
    data,
    sampleCounter,
    timestampsMs,
    generation,
    markers,
    warnings,
  };
}

function namedColumns(names: readonly string[], declared: number | null): Columns {
  const exg = names.flatMap((c, i) => (EXG_NAME.test(c) ? [i] : []));
  if (declared !== null && exg.length !== declared) {
    throw new FormatError(
      `OpenBCI header declares ${declared} channels but the column line names ${exg.length} EXG columns`,
    );
  }
  if (exg.length === 0) throw new FormatError('OpenBCI column line names no "EXG Channel N" columns');
  return {
    exg,
    counter: names.findIndex((c) => /^Sample Index$/i.test(c)),
    timestamp: names.findIndex((c) => /^Timestamp$/i.test(c)),
    marker: names.findIndex((c) => /^Marker Channel$/i.test(c)),
    hasNameLine: true,
  };
}

/** Fields of the first line that looks like a real sample (the zero placeholder row has no time stamps). */
function firstDataFields(lines: readonly string[], row: number): string[] {
  const rows = lines.slice(row, row + 3).filter((l) => l.trim() !== '');
  const fields = rows.map((l) => l.split(',').map((c) => c.trim()));
  return fields.find((f) => f.some((c) => UNIX_TIME.test(c) || FORMATTED_TIME.test(c))) ?? fields[0] ?? [];
}

function positionalColumns(
  fields: readonly string[],
  declared: number | null,
  mentionsAux: boolean,
): Columns {
  if (fields.length < 2) throw new FormatError('OpenBCI file has no sample lines after its header');
  // Time stamps sit at the end: a formatted clock time and a unix time, in either order.
  let end = fields.length;
  let timestamp = -1;
  while (end > 1) {
    const last = fields[end - 1]!;
    if (FORMATTED_TIME.test(last)) end--;
    else if (UNIX_TIME.test(last) && timestamp < 0) timestamp = --end;
    else break;
  }
  const afterIndex = end - 1;
  let count: number;
  if (declared !== null) {
    if (declared > afterIndex) {
      throw new FormatError(
        `OpenBCI header declares ${declared} channels but sample lines hold only ${afterIndex} values after the sample index`,
      );
    }
    count = declared;
  } else {
    count = mentionsAux ? afterIndex - 3 : afterIndex;
    if (count <= 0)
      throw new FormatError('OpenBCI file has no "%Number of channels" line and too few columns to infer it');
  }
  return {
    exg: Array.from({ length: count }, (_, i) => i + 1),
    counter: 0,
    timestamp,
    marker: -1,
    hasNameLine: false,
  };
}
