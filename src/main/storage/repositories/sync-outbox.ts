// The cloud sync outbox: items survive restarts, are retried with the delay the sync work chooses, and end
// `done` or `failed` (needs the user's attention). A recording's sync state is derived from its items.
import type { Database } from 'better-sqlite3';
import { StorageError } from '../errors';

export type OutboxState = 'queued' | 'uploading' | 'done' | 'failed';

export interface OutboxItem {
  readonly id: number;
  readonly recordingId: string | null;
  readonly kind: string;
  readonly payload: unknown;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface OutboxRow {
  readonly id: number;
  readonly recording_id: string | null;
  readonly kind: string;
  readonly payload: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly next_attempt_at: number;
  readonly created_at: number;
  readonly updated_at: number;
}

const toItem = (r: OutboxRow): OutboxItem => ({
  id: r.id,
  recordingId: r.recording_id,
  kind: r.kind,
  payload: JSON.parse(r.payload) as unknown,
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class SyncOutboxRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  enqueue(item: {
    recordingId?: string | null;
    kind: string;
    payload?: unknown;
    notBefore?: number;
  }): OutboxItem {
    if (!item.kind.trim())
      throw new StorageError({ code: 'invalid_input', message: 'an outbox item needs a kind' });
    const now = this.now();
    const r = this.db
      .prepare(
        `INSERT INTO sync_outbox (recording_id, kind, payload, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        item.recordingId ?? null,
        item.kind.trim(),
        JSON.stringify(item.payload ?? {}),
        item.notBefore ?? now,
        now,
        now,
      );
    return this.get(Number(r.lastInsertRowid))!;
  }

  get(id: number): OutboxItem | null {
    const row = this.db.prepare('SELECT * FROM sync_outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return row ? toItem(row) : null;
  }

  /** Queued items whose time has come, oldest first. */
  due(limit = 20): OutboxItem[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM sync_outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
        )
        .all(this.now(), limit) as OutboxRow[]
    ).map(toItem);
  }

  list(state?: OutboxState): OutboxItem[] {
    const rows = (
      state === undefined
        ? this.db.prepare('SELECT * FROM sync_outbox ORDER BY id').all()
        : this.db.prepare('SELECT * FROM sync_outbox WHERE state = ? ORDER BY id').all(state)
    ) as OutboxRow[];
    return rows.map(toItem);
  }

  markUploading(id: number): void {
    this.set(id, "state = 'uploading', attempts = attempts + 1", []);
  }

  markDone(id: number): void {
    this.set(id, "state = 'done', last_error = NULL", []);
  }

  /** A failed attempt: queued again at `retryAt`, or `failed` for good (needs attention) when retryAt is null. */
  markFailed(id: number, error: string, retryAt: number | null): void {
    if (retryAt === null) this.set(id, "state = 'failed', last_error = ?", [error]);
    else this.set(id, "state = 'queued', last_error = ?, next_attempt_at = ?", [error, retryAt]);
  }

  /** After a restart, items left `uploading` by a crash go back to the queue. */
  requeueInterrupted(): number {
    return this.db
      .prepare("UPDATE sync_outbox SET state = 'queued', updated_at = ? WHERE state = 'uploading'")
      .run(this.now()).changes;
  }

  /** Records that a recording is in the cloud under `cloudId`. */
  markRecordingSynced(recordingId: string, cloudId: string): void {
    const now = this.now();
    this.db
      .prepare('UPDATE recordings SET cloud_id = ?, synced_at = ?, updated_at = ? WHERE id = ?')
      .run(cloudId, now, now, recordingId);
  }

  private set(id: number, assignments: string, params: (string | number)[]): void {
    const changed = this.db
      .prepare(`UPDATE sync_outbox SET ${assignments}, updated_at = ? WHERE id = ?`)
      .run(...params, this.now(), id).changes;
    if (changed === 0)
      throw new StorageError({ code: 'not_found', message: `There is no outbox item ${id}.` });
  }
}
