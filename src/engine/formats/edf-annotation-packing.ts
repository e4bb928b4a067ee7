// Places TALs into the annotation signal of the written records. Each annotation goes into the record that
// holds its onset, or the next one with room (EDF+ lets a TAL sit in any record; onsets are absolute), and the
// annotation signal is made just large enough for the fullest record. Only records that receive an annotation
// are remembered, so a day-long file with short records costs no memory per record.
import { encodeTal, encodeTimeKeepingTal } from './edf-tal';
import type { ExportAnnotation } from './export-source';

export interface AnnotationLayout {
  /** Bytes of the annotation signal in every record (time-keeping TAL included). */
  readonly bytesPerRecord: number;
  /** The TAL bytes of written record n: its time-keeping TAL, then the annotations placed in it. */
  talsOf(n: number): Uint8Array;
}

/**
 * @param records grid indexes of the written records
 * @param startOffsetS subsecond of the start: TAL onsets count from the header's whole second
 */
export function packAnnotations(
  annotations: readonly ExportAnnotation[],
  records: readonly number[],
  recordDurationS: number,
  startOffsetS: number,
  bytesPerSample: number,
): AnnotationLayout {
  // Onsets count from the first written record, which the header's start time (plus subsecond) points at.
  const originS = records[0]! * recordDurationS;
  const timeKeeping = (n: number) =>
    encodeTimeKeepingTal(startOffsetS + records[n]! * recordDurationS - originS);
  let fixed = 0;
  for (let n = 0; n < records.length; n++) fixed = Math.max(fixed, timeKeeping(n).length);
  const items = [...annotations]
    .sort((a, b) => a.onsetS - b.onsetS)
    .map((a) => ({
      home: homeIndex(records, Math.floor(a.onsetS / recordDurationS)),
      tal: encodeTal(startOffsetS + a.onsetS - originS, a.durationS > 0 ? a.durationS : null, [a.text]),
    }));
  const total = items.reduce((n, i) => n + i.tal.length, 0);
  let room = Math.max(0, ...items.map((i) => i.tal.length), Math.ceil(total / records.length));
  for (;;) {
    const placed = tryPlace(items, records.length, room);
    if (placed) {
      return {
        bytesPerRecord: Math.ceil((fixed + room) / bytesPerSample) * bytesPerSample,
        talsOf: (n) => concat([timeKeeping(n), ...(placed.get(n) ?? [])]),
      };
    }
    room = Math.ceil(room * 1.5) + 1;
  }
}

function homeIndex(records: readonly number[], gridRecord: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid]! < gridRecord) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, records.length - 1);
}

function tryPlace(
  items: readonly { home: number; tal: Uint8Array }[],
  recordCount: number,
  room: number,
): Map<number, Uint8Array[]> | null {
  const placed = new Map<number, Uint8Array[]>();
  const used = new Map<number, number>();
  let cursor = 0;
  for (const item of items) {
    let at = Math.max(item.home, cursor);
    while (at < recordCount && (used.get(at) ?? 0) + item.tal.length > room) at++;
    if (at >= recordCount) return null;
    const list = placed.get(at);
    if (list) list.push(item.tal);
    else placed.set(at, [item.tal]);
    used.set(at, (used.get(at) ?? 0) + item.tal.length);
    cursor = at;
  }
  return placed;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
