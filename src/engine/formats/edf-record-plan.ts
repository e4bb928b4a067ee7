// Which data records an EDF+/BDF+ export holds and how long each is: records sit on a grid of the record
// duration from the first sample; a record entirely inside gaps is left out (EDF+D), a record partly inside one
// keeps its place and the missing samples are filled and annotated.
import { formatEdfNumberExact } from './edf-number';
import type { ExportGap, ExportSignal } from './export-source';
import { FormatError } from './format-error';

/** Durations tried when the caller does not choose one: the first that fits the rates and the gaps wins. */
const ALIGNED_CANDIDATES_S = [1, 0.5, 0.25, 0.2, 0.1];
const FALLBACK_CANDIDATES_S = [1, 2, 4, 5, 10, 0.5, 0.25, 0.2, 0.1, 20, 30, 60];
const EPS = 1e-9;

function isWhole(x: number): boolean {
  return Math.abs(x - Math.round(x)) < 1e-6 * Math.max(1, Math.abs(x));
}

function fitsRates(durationS: number, signals: readonly ExportSignal[]): boolean {
  return (
    formatEdfNumberExact(durationS, 8) !== null &&
    signals.every((s) => isWhole(s.sampleRateHz * durationS) && Math.round(s.sampleRateHz * durationS) >= 1)
  );
}

/** Every gap edge and every signal's end fall on the record grid: no filling needed. */
function fitsBoundaries(
  durationS: number,
  signals: readonly ExportSignal[],
  gaps: readonly ExportGap[],
): boolean {
  const edges = [
    ...gaps.flatMap((g) => [g.startS, g.startS + g.durationS]),
    ...signals.map((s) => s.sampleCount / s.sampleRateHz),
  ];
  return edges.every((t) => isWhole(t / durationS));
}

export function chooseRecordDuration(
  signals: readonly ExportSignal[],
  gaps: readonly ExportGap[],
  requestedS: number | undefined,
): number {
  if (requestedS !== undefined) {
    if (!(requestedS > 0) || !fitsRates(requestedS, signals)) {
      throw new FormatError(
        `record duration ${requestedS} s does not give a whole number of samples per record for every signal ` +
          `(${signals.map((s) => `${s.sampleRateHz} Hz`).join(', ')}) or does not fit 8 characters`,
      );
    }
    return requestedS;
  }
  const aligned = ALIGNED_CANDIDATES_S.find((d) => fitsRates(d, signals) && fitsBoundaries(d, signals, gaps));
  const chosen = aligned ?? FALLBACK_CANDIDATES_S.find((d) => fitsRates(d, signals));
  if (chosen === undefined) {
    throw new FormatError(
      `no data record duration up to 60 s holds a whole number of samples of every signal ` +
        `(${signals.map((s) => `${s.sampleRateHz} Hz`).join(', ')}); EDF needs one`,
    );
  }
  return chosen;
}

export interface RecordPlan {
  readonly recordDurationS: number;
  readonly samplesPerRecord: readonly number[];
  /** Grid indexes of the records written, ascending. */
  readonly records: readonly number[];
  /** Records on the grid from the first to the last written one. */
  readonly gridRecords: number;
  /** Seconds of timeline covered by data. */
  readonly durationS: number;
}

export function planRecords(
  signals: readonly ExportSignal[],
  gaps: readonly ExportGap[],
  recordDurationS: number,
): RecordPlan {
  const samplesPerRecord = signals.map((s) => Math.round(s.sampleRateHz * recordDurationS));
  const durationS = Math.max(...signals.map((s) => s.sampleCount / s.sampleRateHz));
  const gridRecords = Math.ceil(durationS / recordDurationS - EPS);
  if (!(gridRecords > 0)) throw new FormatError('nothing to export: every signal has 0 samples');
  const spans = mergeSpans(gaps);
  const records: number[] = [];
  let g = 0;
  for (let k = 0; k < gridRecords; k++) {
    const from = k * recordDurationS;
    const to = Math.min((k + 1) * recordDurationS, durationS);
    while (g < spans.length && spans[g]!.end <= from + EPS) g++;
    const span = spans[g];
    const covered = span !== undefined && span.start <= from + EPS && span.end >= to - EPS;
    if (!covered) records.push(k);
  }
  if (records.length === 0) throw new FormatError('nothing to export: the whole timeline is inside gaps');
  return { recordDurationS, samplesPerRecord, records, gridRecords, durationS };
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export function mergeSpans(gaps: readonly ExportGap[]): Span[] {
  const sorted = gaps
    .filter((g) => g.durationS > 0)
    .map((g) => ({ start: g.startS, end: g.startS + g.durationS }))
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end + EPS) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}
