// Closing recordings whose writer died (crash, kill -9, power loss): status `interrupted`, ended at the last
// committed sample, with a reason. Their committed samples are kept as they are.
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { asRecordingId, type RecordingId } from '../../shared/units';
import { toStorageError } from './errors';
import { liveWriters } from './live-writers';
import type { RecoveredRecording, RecoveryReport } from './types';

export const CRASH_REASON =
  'Clisonix stopped while recording (crash, forced quit or power loss); everything saved up to then is kept.';

interface OpenRow {
  readonly id: string;
  readonly label: string;
  readonly sample_rate_hz: number;
  readonly sample_count: number;
  readonly started_at: number;
  readonly writer_pid: number | null;
  readonly writer_host: string | null;
  readonly heartbeat_at: number | null;
}

export interface RecoverOptions {
  readonly file: string;
  readonly now: () => number;
  /** A writer on another machine (shared folder) whose heartbeat is older than this is taken as dead. */
  readonly staleAfterMs: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writerAlive(row: OpenRow, options: RecoverOptions): boolean {
  if (liveWriters.has(row.id)) return true;
  const heartbeatFresh = row.heartbeat_at !== null && options.now() - row.heartbeat_at < options.staleAfterMs;
  if (row.writer_pid === null) return false;
  if (row.writer_host === hostname()) {
    if (row.writer_pid === process.pid) return false;
    // A live pid with a stale heartbeat is a reused pid (or a writer stuck for longer than staleAfterMs).
    return processAlive(row.writer_pid) && heartbeatFresh;
  }
  return heartbeatFresh;
}

export function recoverInterrupted(db: Database, options: RecoverOptions): RecoveryReport {
  const rows = db
    .prepare(
      `SELECT id, label, sample_rate_hz, sample_count, started_at, writer_pid, writer_host, heartbeat_at
       FROM recordings WHERE status = 'recording' ORDER BY started_at`,
    )
    .all() as OpenRow[];
  const recovered: RecoveredRecording[] = [];
  const stillRecording: RecordingId[] = [];
  const failed: { id: RecordingId; message: string }[] = [];
  const lastSegment = db.prepare(
    'SELECT started_at, sample_count FROM segments WHERE recording_id = ? ORDER BY seq DESC LIMIT 1',
  );
  const close = db.prepare(
    `UPDATE recordings SET status = 'interrupted', ended_at = ?, stop_reason = coalesce(stop_reason, ?),
       writer_pid = NULL, writer_host = NULL, updated_at = ?
     WHERE id = ? AND status = 'recording'`,
  );
  for (const row of rows) {
    const id = asRecordingId(row.id);
    if (writerAlive(row, options)) {
      stillRecording.push(id);
      continue;
    }
    try {
      const done = db
        .transaction(() => {
          const seg = lastSegment.get(row.id) as { started_at: number; sample_count: number } | undefined;
          const endedAt = Math.round(
            seg ? seg.started_at + (seg.sample_count / row.sample_rate_hz) * 1000 : row.started_at,
          );
          const changed = close.run(endedAt, CRASH_REASON, options.now(), row.id).changes === 1;
          return changed ? endedAt : null;
        })
        .immediate();
      if (done !== null) {
        recovered.push({
          id,
          label: row.label,
          sampleCount: row.sample_count,
          durationS: row.sample_count / row.sample_rate_hz,
          endedAt: done,
        });
      }
    } catch (error) {
      failed.push({
        id,
        message: toStorageError(error, `closing interrupted recording ${row.id}`, options.file).message,
      });
    }
  }
  return { recovered, stillRecording, failed };
}
