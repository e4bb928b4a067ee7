// Signals that keep their own rate, annotations with a duration, and every gap reason the sources report.
//  - streams: an imported EDF/BDF file may mix rates (256 Hz EEG beside 1 Hz oximetry). The recording's own row
//    stays stream 0, its fastest signals, whose rate is the recording's clock (durations, markers, gaps); every
//    other rate is a stream here with its own chunks. Nothing is resampled.
//  - markers.duration_samples: EDF+ annotations have a duration (0 = a point in time).
//  - gaps.reason: 'corrupt-frame' (a ThinkGear frame that failed its checksum) and 'file-gap' (an imported file
//    has no samples there: an EDF+D discontinuity). SQLite cannot change a CHECK in place: the table is rebuilt.
import type { Migration } from './migration';

export const migration0004: Migration = {
  version: 4,
  name: 'streams',
  up(db) {
    db.exec(`
      CREATE TABLE streams (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        stream INTEGER NOT NULL CHECK (stream > 0),
        sample_rate_hz REAL NOT NULL CHECK (sample_rate_hz > 0),
        channel_count INTEGER NOT NULL CHECK (channel_count > 0),
        chunk_samples INTEGER NOT NULL CHECK (chunk_samples > 0),
        sample_count INTEGER NOT NULL DEFAULT 0 CHECK (sample_count >= 0),
        PRIMARY KEY (recording_id, stream)
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE channels ADD COLUMN stream INTEGER NOT NULL DEFAULT 0 CHECK (stream >= 0);
      ALTER TABLE chunks ADD COLUMN stream INTEGER NOT NULL DEFAULT 0 CHECK (stream >= 0);
      DROP INDEX chunks_by_position;
      CREATE UNIQUE INDEX chunks_by_position ON chunks (recording_id, stream, first_sample);

      ALTER TABLE markers ADD COLUMN duration_samples INTEGER NOT NULL DEFAULT 0 CHECK (duration_samples >= 0);

      CREATE TABLE gaps_v4 (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
        at_sample INTEGER NOT NULL CHECK (at_sample >= 0),
        missing_samples INTEGER NOT NULL CHECK (missing_samples > 0),
        reason TEXT NOT NULL CHECK (reason IN ('counter-jump', 'corrupt-frame', 'device-lost', 'buffer-overrun', 'file-gap'))
      ) STRICT;
      INSERT INTO gaps_v4 (id, recording_id, segment_id, at_sample, missing_samples, reason)
        SELECT id, recording_id, segment_id, at_sample, missing_samples, reason FROM gaps;
      DROP TABLE gaps;
      ALTER TABLE gaps_v4 RENAME TO gaps;
      CREATE INDEX gaps_by_position ON gaps (recording_id, at_sample);
      CREATE INDEX gaps_by_segment ON gaps (segment_id);
    `);
  },
};
