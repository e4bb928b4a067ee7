// Recordings and their samples: channels, segments (one per connection), ~1 s chunks of planar float32 with a
// CRC-32, markers and gaps. Every position is a sample index on the recording's clock: the segments end to end.
import type { Migration } from './migration';

export const migration0001: Migration = {
  version: 1,
  name: 'recordings',
  up(db) {
    db.exec(`
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE recordings (
        id TEXT PRIMARY KEY NOT NULL,
        label TEXT NOT NULL,
        subject_code TEXT,
        technician TEXT,
        source_kind TEXT,
        board TEXT,
        firmware TEXT,
        montage TEXT,
        channel_count INTEGER NOT NULL CHECK (channel_count > 0),
        sample_rate_hz REAL NOT NULL CHECK (sample_rate_hz > 0),
        chunk_samples INTEGER NOT NULL CHECK (chunk_samples > 0),
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted')),
        stop_reason TEXT,
        notes TEXT NOT NULL DEFAULT '',
        sample_count INTEGER NOT NULL DEFAULT 0 CHECK (sample_count >= 0),
        writer_pid INTEGER,
        writer_host TEXT,
        heartbeat_at INTEGER,
        trashed_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX recordings_by_start ON recordings (started_at);
      CREATE INDEX recordings_open ON recordings (status) WHERE status = 'recording';

      CREATE TABLE channels (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        channel_index INTEGER NOT NULL CHECK (channel_index >= 0),
        label TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT 'uV',
        gain REAL,
        reference TEXT,
        PRIMARY KEY (recording_id, channel_index)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        first_sample INTEGER NOT NULL CHECK (first_sample >= 0),
        source_first_sample INTEGER NOT NULL,
        sample_count INTEGER NOT NULL DEFAULT 0 CHECK (sample_count >= 0),
        started_at INTEGER NOT NULL,
        UNIQUE (recording_id, seq)
      ) STRICT;

      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
        first_sample INTEGER NOT NULL CHECK (first_sample >= 0),
        sample_count INTEGER NOT NULL CHECK (sample_count > 0),
        crc32 INTEGER NOT NULL,
        data BLOB NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX chunks_by_position ON chunks (recording_id, first_sample);
      CREATE INDEX chunks_by_segment ON chunks (segment_id);

      CREATE TABLE markers (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        at_sample INTEGER NOT NULL CHECK (at_sample >= 0),
        label TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('user', 'device', 'import', 'analysis')),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX markers_by_position ON markers (recording_id, at_sample);

      CREATE TABLE gaps (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
        at_sample INTEGER NOT NULL CHECK (at_sample >= 0),
        missing_samples INTEGER NOT NULL CHECK (missing_samples > 0),
        reason TEXT NOT NULL CHECK (reason IN ('counter-jump', 'device-lost', 'buffer-overrun'))
      ) STRICT;
      CREATE INDEX gaps_by_position ON gaps (recording_id, at_sample);
      CREATE INDEX gaps_by_segment ON gaps (segment_id);
    `);
  },
};
