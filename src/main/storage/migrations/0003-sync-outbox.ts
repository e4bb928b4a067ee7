// The cloud sync outbox: work to send, retried with backoff, surviving restarts; and where each recording
// stands with the cloud. recording_id has no foreign key on purpose: telling the cloud about a recording that
// was deleted here must outlive the recording.
import type { Migration } from './migration';

export const migration0003: Migration = {
  version: 3,
  name: 'sync-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY,
        recording_id TEXT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'uploading', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error TEXT,
        next_attempt_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sync_outbox_due ON sync_outbox (state, next_attempt_at);
      CREATE INDEX sync_outbox_by_recording ON sync_outbox (recording_id, state);

      ALTER TABLE recordings ADD COLUMN cloud_id TEXT;
      ALTER TABLE recordings ADD COLUMN synced_at INTEGER;
    `);
  },
};
