// Importing a file into the store: the format is found from the first bytes, the file is read and checked
// completely (an EDF/BDF header and every annotation signal before any sample) and then everything — samples
// of every signal at its own rate, annotations as markers, discontinuities as gaps — goes in ONE transaction.
// A truncated, corrupt or lying file is refused with what is wrong and where, and nothing of it stays.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  detectFormat,
  FormatError,
  GAP_ANNOTATION,
  openEdf,
  PADDING_ANNOTATION,
  parseCsv,
  parseOpenBciText,
  readRecordChunks,
  type ByteSource,
  type EdfReader,
  type ImportFormat,
} from '../../engine/formats';
import type { SampleGap } from '../../shared/samples';
import type { RecordingId } from '../../shared/units';
import { StorageError, toStorageError } from './errors';
import { ImportWriter, type ImportChannel, type NewImport } from './import-writer';
import type { GapReason } from './types';

export interface ImportFileOptions {
  /** Default: the file's name without its extension. */
  readonly label?: string;
  /** The name the person knows the file by (an upload is stored under another); default: its own name. */
  readonly displayName?: string;
  /** For a CSV without a time column. */
  readonly sampleRateHz?: number;
  /** 0..1 with what is being done. */
  readonly onProgress?: (fraction: number, stage: string) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Largest text file (OpenBCI GUI, CSV) read into memory. */
  readonly maxTextBytes?: number;
}

export interface ImportResult {
  readonly recordingId: RecordingId;
  readonly format: ImportFormat;
  readonly label: string;
  /** On the recording's clock (its fastest rate), gaps included. */
  readonly sampleCount: number;
  readonly sampleRateHz: number;
  readonly sampleRatesHz: readonly number[];
  readonly channelCount: number;
  readonly durationS: number;
  readonly markers: number;
  readonly gaps: number;
  readonly warnings: readonly string[];
}

/** The import was cancelled by the user; nothing was kept. */
export class ImportCancelled extends Error {
  override readonly name = 'ImportCancelled';
}

const DEFAULT_MAX_TEXT_BYTES = 512 * 1024 * 1024;
const KNOWN_REASONS: readonly GapReason[] = [
  'counter-jump',
  'corrupt-frame',
  'device-lost',
  'buffer-overrun',
  'file-gap',
];
const EPS = 1e-6;

/** Samples [from, to) of one stream's own clock. */
interface Stretch {
  readonly from: number;
  readonly to: number;
}

/** A stretch of the file's time (seconds from the first sample) without data, and why. */
interface Hole {
  readonly startS: number;
  readonly endS: number;
  readonly reason: GapReason;
}

interface PlannedImport {
  readonly format: ImportFormat;
  readonly meta: Omit<NewImport, 'label'> & { readonly defaultNotes: string };
  readonly warnings: string[];
  /** Writes the samples, markers and gaps; returns the clock length. */
  write(writer: ImportWriter, progress: (fraction: number) => Promise<void>, now: number): Promise<number>;
}

function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, offset + done);
        if (n === 0) {
          throw new FormatError(
            `the file ended at byte ${offset + done} while it was being read (it changed?)`,
          );
        }
        done += n;
      }
      return out;
    },
  };
}

/** The file's wall-clock start (local time, as EDF writes it) as epoch ms in this machine's time zone. */
function localWallClockMs(start: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  subsecondS: number;
}): number {
  return (
    new Date(start.year, start.month - 1, start.day, start.hour, start.minute, start.second).getTime() +
    Math.round(start.subsecondS * 1000)
  );
}

export async function importFile(
  db: Database,
  file: string,
  options: ImportFileOptions = {},
): Promise<ImportResult> {
  const now = options.now ?? Date.now;
  const report = options.onProgress ?? (() => undefined);
  const name = options.displayName ?? path.basename(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StorageError({
      code: code === 'ENOENT' ? 'not_found' : 'io',
      message:
        code === 'ENOENT'
          ? `There is no file ${file}.`
          : `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FormatError(`${file} is not a file`);
    const source = fileSource(fd, stat.size);
    if (stat.size === 0) throw new FormatError(`${name} is empty`);
    report(0, 'Checking the file');
    const detected = detectFormat(source.read(0, Math.min(4096, stat.size)) as Uint8Array, name);
    if (!detected.format) throw new FormatError(detected.reason);
    const fallbackStart = stat.mtimeMs;
    let plan: PlannedImport;
    try {
      plan =
        detected.format === 'edf' || detected.format === 'bdf'
          ? planEdf(await openEdf(source), detected.format, name, fallbackStart)
          : planText(
              readText(fd, stat.size, name, options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES),
              detected.format,
              name,
              fallbackStart,
              options.sampleRateHz,
            );
    } catch (error) {
      if (error instanceof FormatError) throw new FormatError(`${name}: ${error.message}`);
      throw error;
    }
    checkCancelled(options.signal);
    report(0.02, 'Saving samples');
    const label = (options.label ?? name.replace(/\.[^.]+$/, '')).trim() || name;
    const at = now();
    db.exec('BEGIN IMMEDIATE');
    try {
      const writer = new ImportWriter(
        db,
        { ...plan.meta, label, notes: plan.meta.notes ?? plan.meta.defaultNotes },
        at,
      );
      const clock = await plan.write(
        writer,
        async (fraction) => {
          report(0.02 + fraction * 0.96, 'Saving samples');
          // Let a cancel message in (the import runs in its own worker, this is its only chance to hear it).
          await new Promise((resolve) => setImmediate(resolve));
          checkCancelled(options.signal);
        },
        at,
      );
      const done = writer.finish(clock, at);
      report(0.99, 'Committing');
      db.exec('COMMIT');
      const rates = writer.streams.map((s) => s.sampleRateHz);
      return {
        recordingId: writer.recordingId,
        format: plan.format,
        label,
        sampleCount: done.sampleCount,
        sampleRateHz: rates[0]!,
        sampleRatesHz: rates,
        channelCount: plan.meta.channels.length,
        durationS: done.sampleCount / rates[0]!,
        markers: done.markers,
        gaps: done.gaps,
        warnings: plan.warnings,
      };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof FormatError) throw new FormatError(`${name}: ${error.message}`);
      if (error instanceof ImportCancelled) throw error;
      throw toStorageError(error, `importing ${name}`, db.name);
    }
  } finally {
    closeSync(fd);
  }
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelled('The import was cancelled; nothing was kept.');
}

function readText(fd: number, size: number, name: string, maxBytes: number): string {
  if (size > maxBytes) {
    throw new FormatError(
      `${name} is ${(size / 2 ** 20).toFixed(0)} MiB; text files up to ${(maxBytes / 2 ** 20).toFixed(0)} MiB can be imported (convert it to EDF+ or BDF+ first)`,
    );
  }
  const bytes = Buffer.alloc(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, bytes, done, size - done, done);
    if (n === 0) break;
    done += n;
  }
  return bytes.subarray(0, done).toString('utf8');
}

// ---- EDF / BDF -------------------------------------------------------------------------------------------

function gapAnnotationReason(text: string): GapReason | null {
  if (text === GAP_ANNOTATION) return 'file-gap';
  const m = new RegExp(`^${GAP_ANNOTATION} \\((.+)\\)$`).exec(text);
  if (!m) return null;
  const reason = m[1] as GapReason;
  return KNOWN_REASONS.includes(reason) ? reason : 'file-gap';
}

function planEdf(reader: EdfReader, format: 'edf' | 'bdf', name: string, fileTimeMs: number): PlannedImport {
  const { header, signals } = reader;
  if (signals.length === 0) {
    throw new FormatError('it holds annotations only (no signal with samples to import)');
  }
  const warnings = [...reader.warnings];
  const channels: ImportChannel[] = signals.map((s) => ({
    label: s.label,
    unit: s.unit,
    sampleRateHz: s.sampleRateHz,
  }));
  const rate0 = Math.max(...signals.map((s) => s.sampleRateHz));
  const recordS = header.recordDurationS;
  const onsets = reader.recordOnsetsS;

  // Stretches without data: discontinuities (EDF+D), and the filler a Clisonix export wrote and annotated.
  const holes: Hole[] = [];
  const markers: { onsetS: number; durationS: number; text: string }[] = [];
  for (const a of reader.annotations) {
    const reason = gapAnnotationReason(a.text);
    if (reason && a.durationS > 0) holes.push({ startS: a.onsetS, endS: a.onsetS + a.durationS, reason });
    else if (a.text === PADDING_ANNOTATION && a.durationS > 0)
      holes.push({ startS: a.onsetS, endS: a.onsetS + a.durationS, reason: 'file-gap' });
    else markers.push(a);
  }
  for (const d of reader.discontinuities) {
    if (!holes.some((h) => h.startS <= d.atS - d.gapS + EPS && h.endS >= d.atS - EPS)) {
      holes.push({ startS: d.atS - d.gapS, endS: d.atS, reason: 'file-gap' });
    }
  }
  holes.sort((a, b) => a.startS - b.startS);
  const paddingStartS = reader.annotations.find((a) => a.text === PADDING_ANNOTATION)?.onsetS ?? null;

  const start = header.start;
  if (!start) warnings.push('the start date or time in the header cannot be read; the file time stands in');
  const kind = `${header.format}${header.plus ? `+${header.plus}` : ''}`;
  const rates = [...new Set(signals.map((s) => s.sampleRateHz))].sort((a, b) => b - a);
  const defaultNotes = `Imported from ${name} (${kind}, ${signals.length} signals at ${rates.join('/')} Hz, ${header.recordCount} records of ${recordS} s).`;

  /** Sample positions [from, to) of a stream's own clock that fall inside a hole. */
  const holeStretches = (rate: number): (Stretch & { reason: GapReason })[] =>
    holes.map((h) => ({
      from: Math.max(0, Math.ceil(h.startS * rate - EPS)),
      to: Math.max(0, Math.ceil(h.endS * rate - EPS)),
      reason: h.reason,
    }));

  return {
    format,
    warnings,
    meta: {
      startedAt: start ? localWallClockMs(start) : fileTimeMs,
      subjectCode: header.patient?.code ?? null,
      technician: header.recording?.technician ?? null,
      firmware: header.recording?.equipment ?? null,
      channels,
      defaultNotes,
    },
    async write(writer, progress, now) {
      const excluded = writer.streams.map((s) => holeStretches(s.sampleRateHz));
      const written0: Stretch[] = [];
      for await (const block of readRecordChunks(reader, 1024 * 1024)) {
        for (const s of writer.streams) {
          const spr = Math.round(s.sampleRateHz * recordS);
          // Runs of records that continue each other on the file's time line.
          let r = block.firstRecord;
          const end = block.firstRecord + block.recordCount;
          while (r < end) {
            let last = r + 1;
            while (last < end && Math.abs(onsets[last]! - onsets[last - 1]! - recordS) < EPS) last++;
            const runFrom = Math.round(onsets[r]! * s.sampleRateHz);
            const runTo = runFrom + (last - r) * spr;
            const offset = (r - block.firstRecord) * spr;
            for (const piece of subtract({ from: runFrom, to: runTo }, excluded[s.index]!)) {
              const at = offset + piece.from - runFrom;
              writer.samples(
                s.index,
                piece.from,
                s.channels.map((c) => block.data[c]!.subarray(at, at + piece.to - piece.from)),
                piece.to - piece.from,
              );
              if (s.index === 0) written0.push(piece);
            }
            r = last;
          }
        }
        await progress(block.doneRecords / block.totalRecords);
      }
      for (const m of markers) {
        if (paddingStartS !== null && m.onsetS >= paddingStartS - EPS) continue;
        writer.marker(m.onsetS * rate0, m.durationS * rate0, m.text, now);
      }
      return writeHoles(writer, written0, excluded[0]!);
    },
  };
}

/** `run` minus the sorted `holes`. */
function subtract(run: Stretch, holes: readonly Stretch[]): Stretch[] {
  const out: Stretch[] = [];
  let from = run.from;
  for (const h of holes) {
    if (h.to <= from || h.from >= run.to) continue;
    if (h.from > from) out.push({ from, to: h.from });
    from = Math.max(from, h.to);
  }
  if (from < run.to) out.push({ from, to: run.to });
  return out;
}

/** Gap rows for every hole between the stretches written to stream 0; returns the clock length. */
function writeHoles(
  writer: ImportWriter,
  written: readonly Stretch[],
  reasons: readonly (Stretch & { reason: GapReason })[],
): number {
  const sorted = [...written].sort((a, b) => a.from - b.from);
  let at = 0;
  for (const piece of sorted) {
    if (piece.from > at) {
      const why = reasons.find((h) => h.from < piece.from && h.to > at)?.reason ?? 'file-gap';
      writer.gap(piece.from, piece.from - at, why);
    }
    at = Math.max(at, piece.to);
  }
  return at;
}

// ---- OpenBCI GUI text and CSV ----------------------------------------------------------------------------

function planText(
  text: string,
  format: 'openbci-text' | 'csv',
  name: string,
  fileTimeMs: number,
  sampleRateHz: number | undefined,
): PlannedImport {
  const warnings: string[] = [];
  let rate: number;
  let labels: readonly string[];
  let units: readonly string[];
  let data: Float32Array;
  let count: number;
  let gaps: readonly SampleGap[] = [];
  let markers: { sample: number; text: string }[] = [];
  let startMs: number | null = null;
  let firmware: string | null = null;
  let kind: string;
  if (format === 'openbci-text') {
    const rec = parseOpenBciText(text);
    warnings.push(...rec.warnings);
    rate = rec.sampleRateHz;
    labels = rec.channelLabels;
    units = labels.map(() => 'uV');
    data = rec.data;
    count = rec.sampleCount;
    markers = rec.markers.map((m) => ({ sample: m.sample, text: `Marker ${m.value}` }));
    const first = rec.timestampsMs?.[0];
    if (first !== undefined && first > 1e12) startMs = first;
    firmware = rec.board;
    kind = `OpenBCI GUI ${rec.generation}`;
  } else {
    const rec = parseCsv(text, sampleRateHz === undefined ? {} : { sampleRateHz });
    warnings.push(...rec.warnings);
    rate = rec.sampleRateHz;
    labels = rec.channelLabels;
    units = rec.units;
    data = rec.data;
    count = rec.sampleCount;
    gaps = rec.gaps;
    if (rec.firstTimeS !== null && rec.firstTimeS > 1e9) startMs = rec.firstTimeS * 1000;
    kind = 'CSV';
  }
  if (count === 0) throw new FormatError('it holds no samples');
  const missing = gaps.reduce((n, g) => n + g.missingSamples, 0);
  const clockSamples = count + missing;
  if (startMs === null) {
    warnings.push('the file has no start time; its modification time (minus the duration) stands in');
    startMs = fileTimeMs - (clockSamples / rate) * 1000;
  }
  const channels = labels.map((label, c) => ({ label, unit: units[c] ?? 'uV', sampleRateHz: rate }));
  return {
    format,
    warnings,
    meta: {
      startedAt: startMs,
      firmware,
      channels,
      defaultNotes: `Imported from ${name} (${kind}, ${labels.length} channels at ${rate} Hz).`,
    },
    async write(writer, progress, now) {
      const sorted = [...gaps].sort((a, b) => a.atSample - b.atSample);
      // Runs of recorded samples between the gaps, placed on the clock with the missing samples counted.
      const bounds = [0, ...sorted.map((g) => Math.min(count, Math.max(0, g.atSample))), count];
      let shift = 0;
      const step = Math.max(1, Math.round(rate) * 30);
      let done = 0;
      const recordedToClock: { recorded: number; clock: number }[] = [];
      for (let k = 0; k + 1 < bounds.length; k++) {
        if (k > 0) {
          const gap = sorted[k - 1]!;
          shift += gap.missingSamples;
          writer.gap(bounds[k]! + shift, gap.missingSamples, gap.reason);
        }
        recordedToClock.push({ recorded: bounds[k]!, clock: bounds[k]! + shift });
        for (let at = bounds[k]!; at < bounds[k + 1]!; at += step) {
          const n = Math.min(step, bounds[k + 1]! - at);
          writer.samples(
            0,
            at + shift,
            labels.map((_, c) => data.subarray(c * count + at, c * count + at + n)),
            n,
          );
          done += n;
          await progress(done / count);
        }
      }
      const toClock = (recorded: number) => {
        let clock = recorded;
        for (const r of recordedToClock) if (r.recorded <= recorded) clock = recorded - r.recorded + r.clock;
        return clock;
      };
      for (const m of markers) writer.marker(toClock(m.sample), 0, m.text, now);
      return clockSamples;
    },
  };
}
