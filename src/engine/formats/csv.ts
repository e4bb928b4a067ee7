// CSV with a header line: one column per channel, an optional time column. Values are microvolts unless the
// column name carries a unit ("Fp1 (mV)", "Fp1 [V]"); the rate is given or derived from the time column, whose
// jumps become gaps (never filled). The writer emits a time column and one column per channel.
import type { SampleGap } from '../../shared/samples';
import { voltageScale } from './edf-units';
import type { ExportAnnotation, ExportSource, ExportWindow } from './export-source';
import { FormatError } from './format-error';
import { utf8Encode } from './text-bytes';

export interface CsvReadOptions {
  /** Samples per second; required when there is no time column. */
  readonly sampleRateHz?: number;
  /** Name of the time column; undefined: found by name (time, t, time_s, time_ms, timestamp, seconds); null: none. */
  readonly timeColumn?: string | null;
  /** Default: guessed from the header line (comma, semicolon or tab). */
  readonly delimiter?: ',' | ';' | '\t';
}

export interface CsvRecording {
  readonly sampleRateHz: number;
  readonly sampleRateSource: 'option' | 'time-column';
  readonly channelLabels: readonly string[];
  /** "uV" for voltage columns (and columns without a unit), else the unit in the column name. */
  readonly units: readonly string[];
  /** Per channel the conversion applied ("mV -> uV (x1000)") or null. */
  readonly unitConversions: readonly (string | null)[];
  readonly sampleCount: number;
  /** Planar: channel c, sample i at data[c * sampleCount + i]. */
  readonly data: Float32Array;
  /** Time of the first row in seconds (from the time column), or null without one. */
  readonly firstTimeS: number | null;
  /** Jumps in the time column: samples missing before sample `atSample`. */
  readonly gaps: readonly SampleGap[];
  readonly warnings: readonly string[];
}

const TIME_NAMES =
  /^(time|t|timestamp|seconds|secs?|elapsed|time_s|time_sec|time_ms|timestamp_ms|timestamp_s)$/i;

export function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** "Fp1 (mV)" -> { name: "Fp1", unit: "mV" } */
function splitUnit(column: string): { name: string; unit: string | null } {
  const m = /^(.*?)\s*[([]\s*([^()[\]]+?)\s*[)\]]$/.exec(column.trim());
  return m ? { name: m[1]!, unit: m[2]! } : { name: column.trim(), unit: null };
}

function guessDelimiter(header: string): ',' | ';' | '\t' {
  const counts = ([',', ';', '\t'] as const).map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export function parseCsv(text: string, options: CsvReadOptions = {}): CsvRecording {
  const lines = text.split(/\r?\n/);
  let row = 0;
  while (row < lines.length && lines[row]!.trim() === '') row++;
  const headerLine = (lines[row] ?? '').replace(/^\uFEFF/, '');
  const delimiter = options.delimiter ?? guessDelimiter(headerLine);
  const columns = splitCsvLine(headerLine, delimiter).map(splitUnit);
  if (columns.length === 0 || columns.every((c) => c.name === ''))
    throw new FormatError('CSV has no header line');
  if (columns.some((c) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c.name))) {
    throw new FormatError(
      `CSV line ${row + 1} should name the columns but holds numbers: "${headerLine.slice(0, 60)}"`,
    );
  }
  const timeIndex =
    options.timeColumn === null
      ? -1
      : options.timeColumn !== undefined
        ? columns.findIndex((c) => c.name === options.timeColumn)
        : columns.findIndex((c) => TIME_NAMES.test(c.name));
  if (options.timeColumn && timeIndex < 0) {
    throw new FormatError(
      `CSV has no time column "${options.timeColumn}" (columns: ${columns.map((c) => c.name).join(', ')})`,
    );
  }
  const channelIndexes = columns.flatMap((_, i) => (i === timeIndex ? [] : [i]));
  if (channelIndexes.length === 0) throw new FormatError('CSV has a time column but no channel column');
  const warnings: string[] = [];
  const scales = channelIndexes.map((i) => {
    const unit = columns[i]!.unit;
    if (unit === null) return { unit: 'uV', scale: 1, conversion: null };
    const v = voltageScale(unit);
    return v
      ? { unit: 'uV', scale: v.scale, conversion: v.conversion }
      : { unit, scale: 1, conversion: null };
  });
  if (channelIndexes.some((i) => columns[i]!.unit === null)) {
    warnings.push('columns without a unit in their name were read as microvolts');
  }

  const body: number[] = [];
  for (let i = row + 1; i < lines.length; i++) if (lines[i]!.trim() !== '') body.push(i);
  const sampleCount = body.length;
  const data = new Float32Array(channelIndexes.length * sampleCount);
  const times = timeIndex >= 0 ? new Float64Array(sampleCount) : null;
  body.forEach((lineIndex, s) => {
    const fields = splitCsvLine(lines[lineIndex]!, delimiter);
    if (fields.length !== columns.length) {
      throw new FormatError(
        `CSV line ${lineIndex + 1} has ${fields.length} fields, the header names ${columns.length}`,
      );
    }
    channelIndexes.forEach((col, c) => {
      const cell = fields[col]!.trim();
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new FormatError(
          `CSV line ${lineIndex + 1}, column "${columns[col]!.name}" is not a number: "${cell}"`,
        );
      }
      data[c * sampleCount + s] = value * scales[c]!.scale;
    });
    if (times) {
      const cell = fields[timeIndex]!.trim();
      const t = Number(cell);
      if (cell === '' || !Number.isFinite(t)) {
        throw new FormatError(`CSV line ${lineIndex + 1}: time "${cell}" is not a number`);
      }
      times[s] = t;
    }
  });

  const timeScale = times ? timeUnitScale(columns[timeIndex]!, times) : 1;
  if (times && timeScale !== 1) for (let i = 0; i < times.length; i++) times[i]! *= timeScale;
  const { sampleRateHz, gaps } = rateAndGaps(times, options.sampleRateHz, body, warnings);
  return {
    sampleRateHz,
    sampleRateSource: options.sampleRateHz ? 'option' : 'time-column',
    channelLabels: channelIndexes.map((i) => columns[i]!.name),
    units: scales.map((s) => s.unit),
    unitConversions: scales.map((s) => s.conversion),
    sampleCount,
    data,
    firstTimeS: times && times.length > 0 ? times[0]! : null,
    gaps,
    warnings,
  };
}

/** Factor to seconds: from the unit in the name, "_ms" names, or unix-millisecond magnitudes. */
function timeUnitScale(column: { name: string; unit: string | null }, times: Float64Array): number {
  const unit = (column.unit ?? /_(ms|s|sec)$/i.exec(column.name)?.[1] ?? '').toLowerCase();
  if (unit === 'ms') return 1e-3;
  if (unit === 's' || unit === 'sec') return 1;
  return /timestamp/i.test(column.name) && (times[0] ?? 0) > 1e11 ? 1e-3 : 1;
}

function rateAndGaps(
  times: Float64Array | null,
  givenRateHz: number | undefined,
  lineOf: readonly number[],
  warnings: string[],
): { sampleRateHz: number; gaps: SampleGap[] } {
  if (givenRateHz !== undefined && !(givenRateHz > 0)) {
    throw new FormatError(`sample rate must be a positive number of Hz, got ${givenRateHz}`);
  }
  if (!times) {
    if (givenRateHz === undefined) {
      throw new FormatError('CSV has no time column; give the sample rate (e.g. --rate 250)');
    }
    return { sampleRateHz: givenRateHz, gaps: [] };
  }
  const diffs: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const d = times[i]! - times[i - 1]!;
    if (!(d > 0)) {
      throw new FormatError(
        `CSV line ${lineOf[i]! + 1}: time ${times[i]} does not come after ${times[i - 1]} on the line before`,
      );
    }
    diffs.push(d);
  }
  if (diffs.length === 0) {
    if (givenRateHz === undefined)
      throw new FormatError('CSV has fewer than 2 rows: cannot derive a sample rate');
    return { sampleRateHz: givenRateHz, gaps: [] };
  }
  const sorted = [...diffs].sort((a, b) => a - b);
  const periodS = givenRateHz ? 1 / givenRateHz : sorted[Math.floor(sorted.length / 2)]!;
  // Refine from whole runs between gaps: the median of rounded time stamps is only approximate.
  const gaps: SampleGap[] = [];
  let runSamples = 0;
  let runSeconds = 0;
  for (let i = 0; i < diffs.length; i++) {
    const steps = diffs[i]! / periodS;
    if (steps > 1.5) {
      gaps.push({ atSample: i + 1, missingSamples: Math.round(steps) - 1, reason: 'counter-jump' });
    } else if (steps < 0.5) {
      throw new FormatError(
        `CSV line ${lineOf[i + 1]! + 1}: time step ${diffs[i]} s is under half the sample period ${periodS} s`,
      );
    } else {
      runSamples++;
      runSeconds += diffs[i]!;
    }
  }
  if (givenRateHz) return { sampleRateHz: givenRateHz, gaps };
  let rate = runSamples / runSeconds;
  const nearest = Math.round(rate);
  if (nearest > 0 && Math.abs(rate - nearest) / rate < 1e-3) rate = nearest;
  else warnings.push(`sample rate derived from the time column is ${rate} Hz (not a whole number)`);
  return { sampleRateHz: rate, gaps };
}

export interface CsvWriteOptions {
  /** Decimals of the values (default 4: 0.1 nV for microvolts). */
  readonly decimals?: number;
  readonly delimiter?: ',' | ';' | '\t';
  /** Rows per yielded chunk. */
  readonly rowsPerChunk?: number;
}

/** Decimals that print every multiple of 1/rate exactly (250 Hz -> 3, 256 Hz -> 8), at most 9. */
export function timeDecimals(sampleRateHz: number): number {
  for (let d = 0; d <= 9; d++) {
    const q = 10 ** d / sampleRateHz;
    if (Math.abs(q - Math.round(q)) < 1e-9) return d;
  }
  return 9;
}

function quote(text: string, delimiter: string): string {
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV of an export source, as UTF-8 chunks: "time_s,<label> (<unit>),...", one row per sample with data. */
export async function* writeCsv(
  source: ExportSource,
  options: CsvWriteOptions = {},
): AsyncGenerator<Uint8Array> {
  const { signals } = source;
  if (signals.length === 0) throw new FormatError('nothing to export: the recording has no signals');
  const rate = signals[0]!.sampleRateHz;
  if (signals.some((s) => s.sampleRateHz !== rate)) {
    throw new FormatError(
      `CSV holds one sample rate; this recording has ${[...new Set(signals.map((s) => s.sampleRateHz))].join(' Hz, ')} Hz`,
    );
  }
  const delimiter = options.delimiter ?? ',';
  const decimals = options.decimals ?? 4;
  const tDecimals = timeDecimals(rate);
  const length = Math.max(...signals.map((s) => s.sampleCount));
  const perChunk = options.rowsPerChunk ?? 4096;
  const header = ['time_s', ...signals.map((s) => `${s.label} (${s.unit})`)].map((c) => quote(c, delimiter));
  yield utf8Encode(`${header.join(delimiter)}\n`);
  for (let first = 0; first < length; first += perChunk) {
    const window: ExportWindow = {
      firstSample: signals.map(() => first),
      sampleCount: signals.map((s) => Math.max(0, Math.min(perChunk, s.sampleCount - first))),
    };
    const data = await source.read(window);
    const rows: string[] = [];
    const n = Math.min(perChunk, length - first);
    for (let i = 0; i < n; i++) {
      const cells: string[] = [((first + i) / rate).toFixed(tDecimals)];
      let missing = 0;
      for (let c = 0; c < signals.length; c++) {
        const v = data[c]![i];
        if (v === undefined || v !== v) missing++;
        else cells.push(v.toFixed(decimals));
      }
      if (missing === signals.length) continue;
      if (missing > 0) {
        throw new FormatError(
          `sample ${first + i} is missing in some channels only; CSV rows need every channel`,
        );
      }
      rows.push(cells.join(delimiter));
    }
    if (rows.length > 0) yield utf8Encode(`${rows.join('\n')}\n`);
  }
}

/** Markers as their own small CSV: "onset_s,duration_s,text". */
export function annotationsCsv(annotations: readonly ExportAnnotation[]): string {
  const rows = annotations.map((a) => `${a.onsetS},${a.durationS},${quote(a.text, ',')}`);
  return `onset_s,duration_s,text\n${rows.map((r) => `${r}\n`).join('')}`;
}
