// Results of the brain engine kept with their recording, and rendered or captured audio (symphony, brainsync,
// microphone) as WAV bytes with a CRC-32.
import type { Migration } from './migration';

export const migration0002: Migration = {
  version: 2,
  name: 'analyses-audio',
  up(db) {
    db.exec(`
      CREATE TABLE analyses (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        from_sample INTEGER,
        to_sample INTEGER,
        params TEXT NOT NULL CHECK (json_valid(params)),
        result TEXT NOT NULL CHECK (json_valid(result)),
        engine_version TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX analyses_by_recording ON analyses (recording_id, created_at);

      -- A clip made from a recording outlives it (it is the user's output), so the link is cleared, not cascaded.
      CREATE TABLE audio_clips (
        id INTEGER PRIMARY KEY,
        recording_id TEXT REFERENCES recordings (id) ON DELETE SET NULL,
        kind TEXT NOT NULL CHECK (kind IN ('symphony', 'brainsync', 'input')),
        label TEXT NOT NULL,
        sample_rate_hz REAL NOT NULL CHECK (sample_rate_hz > 0),
        channel_count INTEGER NOT NULL CHECK (channel_count > 0),
        frame_count INTEGER NOT NULL CHECK (frame_count >= 0),
        format TEXT NOT NULL CHECK (format IN ('wav')),
        crc32 INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX audio_clips_by_recording ON audio_clips (recording_id);
    `);
  },
};
