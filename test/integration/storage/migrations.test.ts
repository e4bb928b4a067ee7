import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase } from '../../../src/main/storage/database';
import { migrate, schemaVersionOf } from '../../../src/main/storage/migrate';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../src/main/storage/migrations';
import { RecordingStore, StorageError } from '../../../src/main/storage';
import { ROOT, tempDir } from './helpers';

const MIGRATIONS_DIR = path.join(ROOT, 'src/main/storage/migrations');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function freshDb(): { db: Database; file: string } {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'store.db');
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  cleanups.push(() => {
    if (db.open) db.close();
    cleanup();
  });
  return { db, file };
}

function columns(db: Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

function tables(db: Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

function indexes(db: Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

function schemaDump(db: Database): string[] {
  return (
    db
      .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as {
      type: string;
      name: string;
      sql: string;
    }[]
  ).map((r) => `${r.type} ${r.name}: ${r.sql}`);
}

/** A recording with a segment, two chunks, a marker and a gap, written with plain SQL of schema 1. */
function seedVersion1(db: Database): void {
  db.exec(`
    INSERT INTO recordings (id, label, channel_count, sample_rate_hz, chunk_samples, started_at, status,
      sample_count, created_at, updated_at)
      VALUES ('r1', 'Baseline', 2, 250, 250, 1000, 'complete', 500, 1000, 2000);
    INSERT INTO channels (recording_id, channel_index, label) VALUES ('r1', 0, 'Fp1'), ('r1', 1, 'Fp2');
    INSERT INTO segments (id, recording_id, seq, first_sample, source_first_sample, sample_count, started_at)
      VALUES (1, 'r1', 0, 0, 0, 500, 1000);
    INSERT INTO chunks (recording_id, segment_id, first_sample, sample_count, crc32, data)
      VALUES ('r1', 1, 0, 250, 1, zeroblob(2000)), ('r1', 1, 250, 250, 2, zeroblob(2000));
    INSERT INTO markers (recording_id, at_sample, label, source, created_at) VALUES ('r1', 10, 'eyes closed', 'user', 1500);
    INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES ('r1', 1, 300, 4, 'counter-jump');
  `);
}

describe('the migrations folder', () => {
  it('holds exactly the listed migrations, numbered 1, 2, 3 ... after their file names', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{4}-.+\.ts$/.test(f))
      .sort();
    expect(files.length).toBe(MIGRATIONS.length);
    files.forEach((file, i) => {
      const m = MIGRATIONS[i]!;
      expect(file).toBe(`${String(m.version).padStart(4, '0')}-${m.name}.ts`);
      expect(m.version).toBe(i + 1);
    });
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)!.version);
  });

  it('gives the same schema applied in one go as applied one step at a time', () => {
    const a = freshDb().db;
    migrate(a, MIGRATIONS, 'a');
    const b = freshDb().db;
    for (let v = 1; v <= SCHEMA_VERSION; v++) migrate(b, MIGRATIONS, 'b', { toVersion: v });
    expect(schemaDump(b)).toEqual(schemaDump(a));
    expect(schemaVersionOf(b)).toBe(SCHEMA_VERSION);
  });
});

describe('migration 0001-recordings', () => {
  it('creates the recording tables on an empty database', () => {
    const { db } = freshDb();
    expect(migrate(db, MIGRATIONS, 'x', { toVersion: 1, now: () => 42 })).toEqual([
      { version: 1, name: 'recordings' },
    ]);
    expect(schemaVersionOf(db)).toBe(1);
    expect(tables(db)).toEqual([
      'channels',
      'chunks',
      'gaps',
      'markers',
      'recordings',
      'schema_migrations',
      'segments',
    ]);
    expect(columns(db, 'recordings')).toEqual([
      'id',
      'label',
      'subject_code',
      'technician',
      'source_kind',
      'board',
      'firmware',
      'montage',
      'channel_count',
      'sample_rate_hz',
      'chunk_samples',
      'started_at',
      'ended_at',
      'status',
      'stop_reason',
      'notes',
      'sample_count',
      'writer_pid',
      'writer_host',
      'heartbeat_at',
      'trashed_at',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'chunks')).toEqual([
      'id',
      'recording_id',
      'segment_id',
      'first_sample',
      'sample_count',
      'crc32',
      'data',
    ]);
    expect(columns(db, 'segments')).toEqual([
      'id',
      'recording_id',
      'seq',
      'first_sample',
      'source_first_sample',
      'sample_count',
      'started_at',
    ]);
    expect(columns(db, 'markers')).toEqual([
      'id',
      'recording_id',
      'at_sample',
      'label',
      'source',
      'created_at',
    ]);
    expect(columns(db, 'gaps')).toEqual([
      'id',
      'recording_id',
      'segment_id',
      'at_sample',
      'missing_samples',
      'reason',
    ]);
    expect(indexes(db)).toEqual([
      'chunks_by_position',
      'chunks_by_segment',
      'gaps_by_position',
      'gaps_by_segment',
      'markers_by_position',
      'recordings_by_start',
      'recordings_open',
    ]);
    expect(db.prepare('SELECT version, name, applied_at FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'recordings', applied_at: 42 },
    ]);
  });

  it('enforces what the rows may hold: status, positive counts, known gap reasons, cascading deletes', () => {
    const { db } = freshDb();
    migrate(db, MIGRATIONS, 'x', { toVersion: 1 });
    seedVersion1(db);
    expect(() => db.exec("UPDATE recordings SET status = 'paused'")).toThrow(/CHECK/);
    expect(() =>
      db.exec(
        "INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES ('r1', 1, 5, 0, 'counter-jump')",
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      db.exec(
        "INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES ('r1', 1, 5, 1, 'cosmic')",
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      db.exec(
        "INSERT INTO chunks (recording_id, segment_id, first_sample, sample_count, crc32, data) VALUES ('r1', 99, 9000, 1, 0, x'00')",
      ),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.exec(
        "INSERT INTO chunks (recording_id, segment_id, first_sample, sample_count, crc32, data) VALUES ('r1', 1, 0, 1, 0, x'00')",
      ),
    ).toThrow(/UNIQUE/);
    db.exec("DELETE FROM recordings WHERE id = 'r1'");
    for (const t of ['channels', 'segments', 'chunks', 'markers', 'gaps']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
  });
});

describe('migration 0002-analyses-audio', () => {
  it('applies on schema 1, adds analyses and audio clips, and keeps every recording, chunk and marker', () => {
    const { db } = freshDb();
    migrate(db, MIGRATIONS, 'x', { toVersion: 1 });
    seedVersion1(db);
    const before = db.prepare('SELECT * FROM chunks ORDER BY id').all();
    migrate(db, MIGRATIONS, 'x', { toVersion: 2 });
    expect(schemaVersionOf(db)).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['analyses', 'audio_clips']));
    expect(columns(db, 'analyses')).toEqual([
      'id',
      'recording_id',
      'kind',
      'from_sample',
      'to_sample',
      'params',
      'result',
      'engine_version',
      'created_at',
    ]);
    expect(columns(db, 'audio_clips')).toEqual([
      'id',
      'recording_id',
      'kind',
      'label',
      'sample_rate_hz',
      'channel_count',
      'frame_count',
      'format',
      'crc32',
      'data',
      'created_at',
    ]);
    expect(db.prepare('SELECT * FROM chunks ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT label FROM markers').all()).toEqual([{ label: 'eyes closed' }]);
    expect(db.prepare('SELECT label, status FROM recordings').all()).toEqual([
      { label: 'Baseline', status: 'complete' },
    ]);
    expect(() =>
      db.exec(
        "INSERT INTO analyses (recording_id, kind, params, result, engine_version, created_at) VALUES ('r1', 'report', '{', '{}', '1', 0)",
      ),
    ).toThrow(/CHECK/);
    // A clip outlives the recording it was made from.
    db.exec(`INSERT INTO audio_clips (recording_id, kind, label, sample_rate_hz, channel_count, frame_count, format, crc32, data, created_at)
             VALUES ('r1', 'symphony', 'take 1', 44100, 2, 0, 'wav', 0, x'', 0)`);
    db.exec("DELETE FROM recordings WHERE id = 'r1'");
    expect(db.prepare('SELECT recording_id, label FROM audio_clips').all()).toEqual([
      { recording_id: null, label: 'take 1' },
    ]);
  });
});

describe('migration 0003-sync-outbox', () => {
  it('applies on schema 2, adds the outbox and the cloud columns, and keeps the rows', () => {
    const { db } = freshDb();
    migrate(db, MIGRATIONS, 'x', { toVersion: 2 });
    seedVersion1(db);
    db.exec(
      "INSERT INTO analyses (recording_id, kind, params, result, engine_version, created_at) VALUES ('r1', 'report', '{\"a\":1}', '[1,2]', '0.1', 5)",
    );
    const recordingBefore = db.prepare("SELECT * FROM recordings WHERE id = 'r1'").get() as Record<
      string,
      unknown
    >;
    migrate(db, MIGRATIONS, 'x', { toVersion: 3 });
    expect(schemaVersionOf(db)).toBe(3);
    expect(columns(db, 'sync_outbox')).toEqual([
      'id',
      'recording_id',
      'kind',
      'payload',
      'state',
      'attempts',
      'last_error',
      'next_attempt_at',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'recordings').slice(-2)).toEqual(['cloud_id', 'synced_at']);
    expect(db.prepare("SELECT * FROM recordings WHERE id = 'r1'").get()).toEqual({
      ...recordingBefore,
      cloud_id: null,
      synced_at: null,
    });
    expect(db.prepare('SELECT params, result FROM analyses').all()).toEqual([
      { params: '{"a":1}', result: '[1,2]' },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM chunks').get()).toEqual({ n: 2 });
    // The outbox outlives the recording: the cloud must still hear about a deletion.
    db.exec(
      "INSERT INTO sync_outbox (recording_id, kind, next_attempt_at, created_at, updated_at) VALUES ('r1', 'delete', 0, 0, 0)",
    );
    db.exec("DELETE FROM recordings WHERE id = 'r1'");
    expect(db.prepare('SELECT recording_id, state FROM sync_outbox').all()).toEqual([
      { recording_id: 'r1', state: 'queued' },
    ]);
  });
});

describe('migration 0004-streams', () => {
  it('applies on schema 3: streams, per-stream chunks, marker durations, wider gap reasons; keeps every row', () => {
    const { db } = freshDb();
    migrate(db, MIGRATIONS, 'x', { toVersion: 3 });
    seedVersion1(db);
    const gapsBefore = db.prepare('SELECT * FROM gaps').all();
    const chunksBefore = db.prepare('SELECT id, first_sample, crc32 FROM chunks ORDER BY id').all();
    expect(() =>
      db.exec(
        "INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES ('r1', 1, 400, 1, 'file-gap')",
      ),
    ).toThrow(/CHECK/);
    expect(migrate(db, MIGRATIONS, 'x', { toVersion: 4 })).toEqual([{ version: 4, name: 'streams' }]);
    expect(tables(db)).toContain('streams');
    expect(columns(db, 'streams')).toEqual([
      'recording_id',
      'stream',
      'sample_rate_hz',
      'channel_count',
      'chunk_samples',
      'sample_count',
    ]);
    expect(columns(db, 'channels').at(-1)).toBe('stream');
    expect(columns(db, 'chunks').at(-1)).toBe('stream');
    expect(columns(db, 'markers').at(-1)).toBe('duration_samples');
    expect(db.prepare('SELECT * FROM gaps').all()).toEqual(gapsBefore);
    expect(db.prepare('SELECT id, first_sample, crc32 FROM chunks ORDER BY id').all()).toEqual(chunksBefore);
    expect(db.prepare('SELECT DISTINCT stream FROM chunks').all()).toEqual([{ stream: 0 }]);
    expect(db.prepare('SELECT duration_samples FROM markers').all()).toEqual([{ duration_samples: 0 }]);
    expect(indexes(db)).toContain('chunks_by_position');
    expect(indexes(db)).toContain('gaps_by_segment');
    // The new reasons are accepted, unknown ones still refused; a chunk position is unique per stream.
    db.exec(`INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES
      ('r1', 1, 400, 1, 'file-gap'), ('r1', 1, 420, 1, 'corrupt-frame')`);
    expect(() =>
      db.exec(
        "INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES ('r1', 1, 450, 1, 'gremlins')",
      ),
    ).toThrow(/CHECK/);
    db.exec(`INSERT INTO streams (recording_id, stream, sample_rate_hz, channel_count, chunk_samples) VALUES ('r1', 1, 125, 1, 125);
      INSERT INTO chunks (recording_id, segment_id, stream, first_sample, sample_count, crc32, data) VALUES ('r1', 1, 1, 0, 125, 3, zeroblob(500))`);
    expect(() =>
      db.exec(
        "INSERT INTO chunks (recording_id, segment_id, stream, first_sample, sample_count, crc32, data) VALUES ('r1', 1, 1, 0, 125, 3, zeroblob(500))",
      ),
    ).toThrow(/UNIQUE/);
    // Deleting the recording still takes everything with it, streams and rebuilt gaps included.
    db.exec("DELETE FROM recordings WHERE id = 'r1'");
    for (const table of ['streams', 'chunks', 'gaps', 'markers', 'channels']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
  });
});

describe('the migration runner', () => {
  it('leaves the database at the last whole step when a migration fails half-way', () => {
    const { db } = freshDb();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('power cut');
      },
    };
    expect(() => migrate(db, [MIGRATIONS[0]!, broken], 'x')).toThrow(/power cut/);
    expect(schemaVersionOf(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
  });

  it('refuses migrations that are not numbered 1, 2, 3 ...', () => {
    const { db } = freshDb();
    expect(() => migrate(db, [MIGRATIONS[1]!], 'x')).toThrow(/expected 1/);
  });
});

describe('opening a database', () => {
  it('refuses a database from a newer app and leaves it unchanged', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'future.db');
    RecordingStore.open(file).close();
    const raw = new Sqlite(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const error = (() => {
      try {
        RecordingStore.open(file);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('newer_schema');
    expect((error as StorageError).message).toMatch(
      new RegExp(`schema ${SCHEMA_VERSION + 1}.*knows up to ${SCHEMA_VERSION}`),
    );
    const after = new Sqlite(file, { readonly: true });
    expect(schemaVersionOf(after)).toBe(SCHEMA_VERSION + 1);
    after.close();
  });

  it('upgrades a database of an older version, keeping its recordings', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'old.db');
    const old = new Sqlite(file);
    old.pragma('journal_mode = WAL');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(old, MIGRATIONS, file, { toVersion: 1 });
    seedVersion1(old);
    old.close();
    const store = RecordingStore.open(file);
    expect(store.migrated).toEqual([
      { version: 2, name: 'analyses-audio' },
      { version: 3, name: 'sync-outbox' },
      { version: 4, name: 'streams' },
    ]);
    const r = store.get('r1');
    expect(r).toMatchObject({
      label: 'Baseline',
      status: 'complete',
      sampleCount: 500,
      markerCount: 1,
      gapCount: 1,
    });
    expect(r.channels.map((c) => c.label)).toEqual(['Fp1', 'Fp2']);
    expect(store.list().map((s) => [s.id, s.syncState])).toEqual([['r1', 'local']]);
    store.close();
  });

  it('refuses an SQLite file of another program and a file that is not SQLite', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const foreign = path.join(dir, 'other.db');
    const other = new Sqlite(foreign);
    other.exec('CREATE TABLE invoices (n INTEGER)');
    other.close();
    expect(() => RecordingStore.open(foreign)).toThrow(expect.objectContaining({ code: 'not_a_store' }));
    const notSqlite = path.join(dir, 'notes.db');
    writeFileSync(notSqlite, 'Dear diary, '.repeat(1000));
    expect(() => RecordingStore.open(notSqlite)).toThrow(expect.objectContaining({ code: 'not_a_store' }));
  });

  it('marks a new file as a Clisonix store with WAL, full sync and foreign keys', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const { db } = openDatabase(path.join(dir, 'new.db'));
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
    db.close();
  });
});
