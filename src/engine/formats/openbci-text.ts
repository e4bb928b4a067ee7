// OpenBCI GUI text recordings (v5 and v6 "OpenBCI Raw EXG/EEG Data" files): `%` header lines, a line of column
// names, then one comma-separated line per sample. Values of the EXG columns are already in microvolts.
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
}

const HEADER_RATE = /^%\s*Sample Rate\s*=\s*([\d.]+)\s*Hz/i;
const HEADER_CHANNELS = /^%\s*Number of channels\s*=\s*(\d+)/i;
const HEADER_BOARD = /^%\s*Board\s*=\s*(.+)$/i;

export function parseOpenBciText(text: string): OpenBciTextRecording {
  const lines = text.split(/\r?\n/);
  if (!lines[0]?.startsWith('%OpenBCI Raw')) {
    throw new FormatError('not an OpenBCI GUI text file: the first line should start with "%OpenBCI Raw"');
  }
  let sampleRateHz = Number.NaN;
  let declaredChannels = Number.NaN;
  let board: string | null = null;
  let row = 0;
  for (; row < lines.length && lines[row]?.startsWith('%'); row++) {
    const line = lines[row] ?? '';
    sampleRateHz = Number(HEADER_RATE.exec(line)?.[1] ?? sampleRateHz);
    declaredChannels = Number(HEADER_CHANNELS.exec(line)?.[1] ?? declaredChannels);
    board = HEADER_BOARD.exec(line)?.[1]?.trim() ?? board;
  }
  if (!(sampleRateHz > 0)) throw new FormatError('OpenBCI header has no valid "%Sample Rate = N Hz" line');
  if (!(declaredChannels > 0))
    throw new FormatError('OpenBCI header has no valid "%Number of channels = N" line');

  const columns = (lines[row] ?? '').split(',').map((c) => c.trim());
  const hasNames = columns.some((c) => /[A-Za-z]/.test(c));
  const exgColumns = hasNames
    ? columns.flatMap((c, i) => (/^EXG Channel \d+$|^EEG Channel \d+$/i.test(c) ? [i] : []))
    : Array.from({ length: declaredChannels }, (_, i) => i + 1);
  if (exgColumns.length !== declaredChannels) {
    throw new FormatError(
      `OpenBCI header declares ${declaredChannels} channels but the column line names ${exgColumns.length} EXG columns`,
    );
  }
  const counterColumn = hasNames ? columns.findIndex((c) => /^Sample Index$/i.test(c)) : 0;
  const timestampColumn = hasNames ? columns.findIndex((c) => /^Timestamp$/i.test(c)) : -1;
  if (hasNames) row++;

  const body = lines.slice(row).filter((l) => l.trim() !== '');
  const sampleCount = body.length;
  const data = new Float32Array(declaredChannels * sampleCount);
  const sampleCounter = counterColumn >= 0 ? new Uint16Array(sampleCount) : null;
  const timestampsMs = timestampColumn >= 0 ? new Float64Array(sampleCount) : null;
  // Only the columns we keep are cut out of each line (a v6 line has 24 fields; 10 are needed).
  const lastWanted = Math.max(...exgColumns, counterColumn, timestampColumn);
  const fieldStart = new Int32Array(lastWanted + 1);
  const fieldEnd = new Int32Array(lastWanted + 1);
  for (let i = 0; i < sampleCount; i++) {
    const line = body[i] ?? '';
    let start = 0;
    for (let f = 0; f <= lastWanted; f++) {
      const comma = start <= line.length ? line.indexOf(',', start) : -1;
      const end = comma < 0 ? line.length : comma;
      fieldStart[f] = Math.min(start, line.length);
      fieldEnd[f] = end;
      start = comma < 0 ? line.length + 1 : comma + 1;
    }
    const field = (column: number) => line.slice(fieldStart[column], fieldEnd[column]);
    for (let c = 0; c < declaredChannels; c++) {
      const text = field(exgColumns[c]!);
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) {
        throw new FormatError(`line ${row + i + 1}: EXG channel ${c} is not a number ("${text.trim()}")`);
      }
      data[c * sampleCount + i] = value;
    }
    if (sampleCounter) sampleCounter[i] = Number(field(counterColumn)) || 0;
    if (timestampsMs) timestampsMs[i] = Number(field(timestampColumn));
  }
  return {
    board,
    sampleRateHz,
    channelLabels: exgColumns.map((_, c) => `Ch${c + 1}`),
    sampleCount,
    data,
    sampleCounter,
    timestampsMs,
  };
}
