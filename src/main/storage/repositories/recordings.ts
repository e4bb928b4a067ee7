// Recordings: create, find, list and search, edit, trash and restore, delete for good from the trash.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { BoardKind } from '../../../shared/api/acquisition';
import type { RecordingStatus, RecordingSummary, RecordingSyncState } from '../../../shared/recordings';
import { asRecordingId, type RecordingId } from '../../../shared/units';
import { chunkSamplesFor } from '../chunk-codec';
import { StorageError } from '../errors';
import type {
  ListQuery,
  NewRecording,
  RecordingDetail,
  StoredChannel,
  StoredSegment,
  StoredStream,
} from '../types';

interface RecordingRow {
  readonly id: string;
  readonly label: string;
  readonly subject_code: string | null;
  readonly technician: string | null;
  readonly source_kind: string | null;
  readonly board: string | null;
  readonly firmware: string | null;
  readonly montage: string | null;
  readonly channel_count: number;
  readonly sample_rate_hz: number;
  readonly chunk_samples: number;
  readonly started_at: number;
  readonly ended_at: number | null;
  readonly status: RecordingStatus;
  readonly stop_reason: string | null;
  readonly notes: string;
  readonly sample_count: number;
  readonly trashed_at: number | null;
  readonly cloud_id: string | null;
  readonly synced_at: number | null;
  readonly created_at: number;
  readonly updated_at: number;
  readonly sync_state: RecordingSyncState;
  /** Channels of the other streams (mixed-rate imports), 0 otherwise. */
  readonly extra_channels: number;
  /** Comma-separated rates of the other streams, null when there are none. */
  readonly extra_rates: string | null;
}

const SELECT_RECORDING = `
  SELECT r.*,
    CASE
      WHEN EXISTS (SELECT 1 FROM sync_outbox o WHERE o.recording_id = r.id AND o.state = 'failed') THEN 'needs_attention'
      WHEN EXISTS (SELECT 1 FROM sync_outbox o WHERE o.recording_id = r.id AND o.state = 'uploading') THEN 'uploading'
      WHEN EXISTS (SELECT 1 FROM sync_outbox o WHERE o.recording_id = r.id AND o.state = 'queued') THEN 'queued'
      WHEN r.synced_at IS NOT NULL THEN 'synced'
      ELSE 'local'
    END AS sync_state,
    coalesce((SELECT sum(s.channel_count) FROM streams s WHERE s.recording_id = r.id), 0) AS extra_channels,
    (SELECT group_concat(s.sample_rate_hz) FROM streams s WHERE s.recording_id = r.id) AS extra_rates
  FROM recordings r`;

const BOARDS: readonly BoardKind[] = ['cyton', 'cyton-daisy', 'thinkgear', 'text'];
const MAX_LABEL = 200;
const MAX_CHANNELS = 1024;

function invalid(message: string): StorageError {
  return new StorageError({ code: 'invalid_input', message });
}

export function notFound(id: string): StorageError {
  return new StorageError({ code: 'not_found', message: `There is no recording ${id}.` });
}

function cleanLabel(label: string, what = 'recording label'): string {
  const trimmed = label.trim();
  if (!trimmed) throw invalid(`the ${what} is empty`);
  if (trimmed.length > MAX_LABEL) throw invalid(`the ${what} is longer than ${MAX_LABEL} characters`);
  return trimmed;
}

function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function ratesOf(row: RecordingRow): number[] {
  const extra = row.extra_rates ? row.extra_rates.split(',').map(Number) : [];
  return [...new Set([row.sample_rate_hz, ...extra])].sort((a, b) => b - a);
}

function toSummary(row: RecordingRow): RecordingSummary {
  return {
    id: asRecordingId(row.id),
    label: row.label,
    board: BOARDS.includes(row.board as BoardKind) ? (row.board as BoardKind) : null,
    channelCount: row.channel_count + row.extra_channels,
    sampleRateHz: row.sample_rate_hz,
    sampleRatesHz: ratesOf(row),
    durationS: row.sample_count / row.sample_rate_hz,
    status: row.status,
    syncState: row.sync_state,
    subjectCode: row.subject_code,
    technician: row.technician,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    stopReason: row.stop_reason,
    trashedAt: row.trashed_at,
  };
}

export class RecordingsRepository {
  constructor(private readonly db: Database) {}

  /** Creates a recording in status `recording`, owned by this process until its writer finishes. */
  create(meta: NewRecording, now: number): RecordingId {
    const label = cleanLabel(meta.label);
    const rate = meta.sampleRateHz;
    if (!Number.isFinite(rate) || rate <= 0 || rate > 1_000_000) {
      throw invalid(`the sample rate must be a positive number of Hz (got ${rate})`);
    }
    const channels = meta.channels;
    if (channels.length === 0) throw invalid('a recording needs at least one channel');
    if (channels.length > MAX_CHANNELS) throw invalid(`a recording holds at most ${MAX_CHANNELS} channels`);
    channels.forEach((c, i) => {
      cleanLabel(c.label, `label of channel ${i + 1}`);
      if (c.gain !== undefined && c.gain !== null && !(Number.isFinite(c.gain) && c.gain > 0)) {
        throw invalid(`the gain of channel ${i + 1} (${c.label}) must be a positive number`);
      }
    });
    if (meta.board != null && !BOARDS.includes(meta.board)) throw invalid(`unknown board '${meta.board}'`);
    const startedAt = meta.startedAt ?? now;
    if (!Number.isFinite(startedAt)) throw invalid('the start time is not a valid time');
    const id = randomUUID();
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO recordings (id, label, subject_code, technician, source_kind, board, firmware, montage,
               channel_count, sample_rate_hz, chunk_samples, started_at, status, notes, writer_pid, writer_host,
               heartbeat_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'recording', ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            label,
            optionalText(meta.subjectCode),
            optionalText(meta.technician),
            meta.sourceKind ?? null,
            meta.board ?? null,
            optionalText(meta.firmware),
            optionalText(meta.montage),
            channels.length,
            rate,
            chunkSamplesFor(rate, channels.length),
            Math.round(startedAt),
            meta.notes ?? '',
            process.pid,
            hostname(),
            now,
            now,
            now,
          );
        const insertChannel = this.db.prepare(
          'INSERT INTO channels (recording_id, channel_index, label, unit, gain, reference) VALUES (?, ?, ?, ?, ?, ?)',
        );
        channels.forEach((c, i) =>
          insertChannel.run(id, i, c.label.trim(), c.unit ?? 'uV', c.gain ?? null, optionalText(c.reference)),
        );
      })
      .immediate();
    return asRecordingId(id);
  }

  find(id: string): RecordingDetail | null {
    const row = this.db.prepare(`${SELECT_RECORDING} WHERE r.id = ?`).get(id) as RecordingRow | undefined;
    if (!row) return null;
    const channels = (
      this.db
        .prepare(
          `SELECT c.channel_index, c.stream, coalesce(s.sample_rate_hz, ?) AS sample_rate_hz, c.label, c.unit,
             c.gain, c.reference
           FROM channels c LEFT JOIN streams s ON s.recording_id = c.recording_id AND s.stream = c.stream
           WHERE c.recording_id = ? ORDER BY c.channel_index`,
        )
        .all(row.sample_rate_hz, id) as {
        channel_index: number;
        stream: number;
        sample_rate_hz: number;
        label: string;
        unit: string;
        gain: number | null;
        reference: string | null;
      }[]
    ).map((c): StoredChannel => ({
      index: c.channel_index,
      stream: c.stream,
      sampleRateHz: c.sample_rate_hz,
      label: c.label,
      unit: c.unit,
      gain: c.gain,
      reference: c.reference,
    }));
    const segments = (
      this.db
        .prepare(
          `SELECT id, seq, first_sample, source_first_sample, sample_count, started_at
           FROM segments WHERE recording_id = ? ORDER BY seq`,
        )
        .all(id) as {
        id: number;
        seq: number;
        first_sample: number;
        source_first_sample: number;
        sample_count: number;
        started_at: number;
      }[]
    ).map((s): StoredSegment => ({
      id: s.id,
      seq: s.seq,
      firstSample: s.first_sample,
      sourceFirstSample: s.source_first_sample,
      sampleCount: s.sample_count,
      startedAt: s.started_at,
    }));
    const extraStreams = this.db
      .prepare(
        `SELECT stream, sample_rate_hz, chunk_samples, sample_count FROM streams WHERE recording_id = ?
         ORDER BY stream`,
      )
      .all(id) as { stream: number; sample_rate_hz: number; chunk_samples: number; sample_count: number }[];
    const channelsOf = (stream: number) => channels.filter((c) => c.stream === stream).map((c) => c.index);
    const streams: StoredStream[] = [
      {
        index: 0,
        sampleRateHz: row.sample_rate_hz,
        channels: channelsOf(0),
        chunkSamples: row.chunk_samples,
        sampleCount: row.sample_count,
      },
      ...extraStreams.map((s) => ({
        index: s.stream,
        sampleRateHz: s.sample_rate_hz,
        channels: channelsOf(s.stream),
        chunkSamples: s.chunk_samples,
        sampleCount: s.sample_count,
      })),
    ];
    const counts = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM markers WHERE recording_id = ?) AS markers,
                (SELECT count(*) FROM gaps WHERE recording_id = ?) AS gaps`,
      )
      .get(id, id) as { markers: number; gaps: number };
    return {
      ...toSummary(row),
      sourceKind: row.source_kind,
      firmware: row.firmware,
      montage: row.montage,
      notes: row.notes,
      channels,
      segments,
      streams,
      sampleCount: row.sample_count,
      chunkSamples: row.chunk_samples,
      markerCount: counts.markers,
      gapCount: counts.gaps,
      cloudId: row.cloud_id,
      syncedAt: row.synced_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  get(id: string): RecordingDetail {
    const found = this.find(id);
    if (!found) throw notFound(id);
    return found;
  }

  /** The recording whose id is `idOrPrefix` or starts with it (at least 4 characters, like git). */
  resolveId(idOrPrefix: string): RecordingId {
    const wanted = idOrPrefix.trim().toLowerCase();
    if (wanted.length < 4)
      throw invalid(
        `'${idOrPrefix}' is too short to name a recording (give at least 4 characters of its id)`,
      );
    const rows = this.db
      .prepare('SELECT id FROM recordings WHERE id = ? OR substr(id, 1, length(?)) = ? LIMIT 2')
      .all(wanted, wanted, wanted) as { id: string }[];
    const exact = rows.find((r) => r.id === wanted);
    if (exact) return asRecordingId(exact.id);
    if (rows.length === 0) throw notFound(idOrPrefix);
    if (rows.length > 1) {
      throw new StorageError({
        code: 'conflict',
        message: `'${idOrPrefix}' matches more than one recording; give more characters of the id.`,
      });
    }
    return asRecordingId(rows[0]!.id);
  }

  list(query: ListQuery = {}): RecordingSummary[] {
    const where: string[] = [query.trashed ? 'r.trashed_at IS NOT NULL' : 'r.trashed_at IS NULL'];
    const params: (string | number)[] = [];
    if (query.status) {
      where.push('r.status = ?');
      params.push(query.status);
    }
    const text = query.text?.trim();
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.push(
        `(r.label LIKE ? ESCAPE '\\' OR r.subject_code LIKE ? ESCAPE '\\' OR r.technician LIKE ? ESCAPE '\\'
          OR r.notes LIKE ? ESCAPE '\\' OR r.id LIKE ? ESCAPE '\\')`,
      );
      params.push(pattern, pattern, pattern, pattern, `${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    }
    const limit = Math.max(1, Math.min(10_000, Math.floor(query.limit ?? 1000)));
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const rows = this.db
      .prepare(
        `${SELECT_RECORDING} WHERE ${where.join(' AND ')} ORDER BY r.started_at DESC, r.id LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as RecordingRow[];
    return rows.map(toSummary);
  }

  update(
    id: string,
    patch: {
      readonly label?: string;
      readonly notes?: string;
      readonly subjectCode?: string | null;
      readonly technician?: string | null;
    },
    now: number,
  ): void {
    const sets: string[] = [];
    const params: (string | number | null)[] = [];
    if (patch.label !== undefined) {
      sets.push('label = ?');
      params.push(cleanLabel(patch.label));
    }
    if (patch.notes !== undefined) {
      sets.push('notes = ?');
      params.push(patch.notes);
    }
    if (patch.subjectCode !== undefined) {
      sets.push('subject_code = ?');
      params.push(optionalText(patch.subjectCode));
    }
    if (patch.technician !== undefined) {
      sets.push('technician = ?');
      params.push(optionalText(patch.technician));
    }
    if (sets.length === 0) return;
    const changed = this.db
      .prepare(`UPDATE recordings SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`)
      .run(...params, now, id).changes;
    if (changed === 0) throw notFound(id);
  }

  trash(id: string, now: number): void {
    const current = this.get(id);
    if (current.status === 'recording') {
      throw new StorageError({
        code: 'conflict',
        message: `Recording '${current.label}' is still being recorded; stop it before moving it to the trash.`,
      });
    }
    this.db
      .prepare('UPDATE recordings SET trashed_at = coalesce(trashed_at, ?), updated_at = ? WHERE id = ?')
      .run(now, now, id);
  }

  restore(id: string, now: number): void {
    this.get(id);
    this.db.prepare('UPDATE recordings SET trashed_at = NULL, updated_at = ? WHERE id = ?').run(now, id);
  }

  /**
   * Deletes trashed recordings for good (all, or those of `ids`, which must be in the trash). Samples go in
   * batches of small transactions so the WAL stays small; a crash mid-way leaves the rest in the trash.
   */
  emptyTrash(ids?: readonly string[]): RecordingId[] {
    const trashed = (
      this.db.prepare('SELECT id FROM recordings WHERE trashed_at IS NOT NULL').all() as { id: string }[]
    ).map((r) => r.id);
    const targets = ids ?? trashed;
    for (const id of targets) {
      if (!trashed.includes(id)) {
        this.get(id);
        throw new StorageError({
          code: 'conflict',
          message: `Recording ${id} is not in the trash; move it to the trash first.`,
        });
      }
    }
    const batch = this.db.prepare(
      'DELETE FROM chunks WHERE id IN (SELECT id FROM chunks WHERE recording_id = ? LIMIT 64)',
    );
    const remove = this.db.prepare('DELETE FROM recordings WHERE id = ? AND trashed_at IS NOT NULL');
    for (const id of targets) {
      while (this.db.transaction(() => batch.run(id).changes).immediate() > 0) {
        // Next batch.
      }
      this.db.transaction(() => remove.run(id)).immediate();
    }
    if (targets.length > 0) this.db.pragma('incremental_vacuum');
    return targets.map(asRecordingId);
  }
}
