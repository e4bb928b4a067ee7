// Markers (events on the recording's clock: user, device, import, analysis) and gaps (samples the source lost).
import type { Database } from 'better-sqlite3';
import { StorageError } from '../errors';
import type { GapReason, MarkerSource, NewMarker, SampleRange, StoredGap, StoredMarker } from '../types';

const MARKER_SOURCES: readonly MarkerSource[] = ['user', 'device', 'import', 'analysis'];

interface MarkerRow {
  readonly id: number;
  readonly at_sample: number;
  readonly duration_samples: number;
  readonly label: string;
  readonly source: MarkerSource;
  readonly created_at: number;
}

interface GapRow {
  readonly id: number;
  readonly seq: number;
  readonly at_sample: number;
  readonly missing_samples: number;
  readonly reason: GapReason;
}

const toMarker = (r: MarkerRow): StoredMarker => ({
  id: r.id,
  atSample: r.at_sample,
  durationSamples: r.duration_samples,
  label: r.label,
  source: r.source,
  createdAt: r.created_at,
});

function bounds(range: SampleRange | undefined): [number, number] {
  return range ? [range.fromSample, range.toSample] : [0, Number.MAX_SAFE_INTEGER];
}

export class AnnotationsRepository {
  constructor(private readonly db: Database) {}

  markers(recordingId: string, range?: SampleRange): StoredMarker[] {
    const [from, to] = bounds(range);
    return (
      this.db
        .prepare(
          `SELECT id, at_sample, duration_samples, label, source, created_at FROM markers
           WHERE recording_id = ? AND at_sample >= ? AND at_sample < ? ORDER BY at_sample, id`,
        )
        .all(recordingId, from, to) as MarkerRow[]
    ).map(toMarker);
  }

  /** A marker on the recording's clock (after the fact: the Recordings view, an import, an analysis). */
  addMarker(recordingId: string, marker: NewMarker, now: number): StoredMarker {
    const label = marker.label.trim();
    if (!label) throw new StorageError({ code: 'invalid_input', message: 'a marker needs a label' });
    if (!Number.isSafeInteger(marker.atSample) || marker.atSample < 0) {
      throw new StorageError({
        code: 'invalid_input',
        message: `a marker needs a sample index >= 0 (got ${marker.atSample})`,
      });
    }
    if (!MARKER_SOURCES.includes(marker.source)) {
      throw new StorageError({ code: 'invalid_input', message: `unknown marker source '${marker.source}'` });
    }
    const durationSamples = marker.durationSamples ?? 0;
    if (!Number.isSafeInteger(durationSamples) || durationSamples < 0) {
      throw new StorageError({
        code: 'invalid_input',
        message: `a marker's duration must be a whole number of samples >= 0 (got ${durationSamples})`,
      });
    }
    const r = this.db
      .prepare(
        `INSERT INTO markers (recording_id, at_sample, duration_samples, label, source, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(recordingId, marker.atSample, durationSamples, label, marker.source, now);
    return {
      id: Number(r.lastInsertRowid),
      atSample: marker.atSample,
      durationSamples,
      label,
      source: marker.source,
      createdAt: now,
    };
  }

  removeMarker(recordingId: string, markerId: number): boolean {
    return (
      this.db.prepare('DELETE FROM markers WHERE id = ? AND recording_id = ?').run(markerId, recordingId)
        .changes === 1
    );
  }

  gaps(recordingId: string, range?: SampleRange): StoredGap[] {
    const [from, to] = bounds(range);
    return (
      this.db
        .prepare(
          `SELECT g.id, s.seq, g.at_sample, g.missing_samples, g.reason
           FROM gaps g JOIN segments s ON s.id = g.segment_id
           WHERE g.recording_id = ? AND g.at_sample > ? AND g.at_sample - g.missing_samples < ?
           ORDER BY g.at_sample, g.id`,
        )
        .all(recordingId, from, to) as GapRow[]
    ).map((r) => ({
      id: r.id,
      segmentSeq: r.seq,
      atSample: r.at_sample,
      missingSamples: r.missing_samples,
      reason: r.reason,
    }));
  }
}
