// Opening the recordings database: WAL, synchronous=FULL, foreign keys, a busy timeout, the file's identity
// (application_id) and its schema version, then the migrations. See docs/storage.md for why each setting.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { StorageError, toStorageError } from './errors';
import { migrate, newerSchemaError, schemaVersionOf, type MigrationStep } from './migrate';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

/** 'CLXS' as a big-endian u32: marks the file as a Clisonix store (PRAGMA application_id). */
export const APPLICATION_ID = 0x434c5853;

/**
 * SQLite's default 4 KiB pages. Bigger pages ingest faster in bulk (see `npm run bench`) but every commit of a
 * real-time recording rewrites whole pages: 16 KiB pages double what a 16 ch x 250 Hz take writes to disk per
 * second, and real-time recording is what the store is for. 4 KiB also packs chunks tightest (~4.05 B/value).
 */
export const PAGE_SIZE = 4096;

export type SynchronousMode = 'NORMAL' | 'FULL';

export interface OpenDatabaseOptions {
  /** How long a statement waits for another connection's write lock before failing as `locked`. */
  readonly busyTimeoutMs?: number;
  /** FULL (default) makes every commit durable across power loss, not only across a crash of the app. */
  readonly synchronous?: SynchronousMode;
  /** Apply pending migrations (the app's store); false for the writer worker, which needs the schema as it is. */
  readonly migrate?: boolean;
  /** Caps the database at this many pages (SQLITE_FULL beyond): a stand-in for a full disk in tests. */
  readonly maxPageCount?: number;
  /** Page cache per connection in KiB (SQLite's default is 2000). */
  readonly cacheKiB?: number;
  /** Page size of a NEW database file (default PAGE_SIZE); an existing file keeps its own. For the bench. */
  readonly pageSize?: number;
}

export interface OpenedDatabase {
  readonly db: Database;
  readonly migrated: MigrationStep[];
  readonly created: boolean;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

function folderProblem(file: string): StorageError | null {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return toStorageError(error, `creating the folder ${dir}`, file);
  }
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
  } catch (error) {
    return toStorageError(error, 'opening it for writing', file);
  }
  return null;
}

function isEmptyDatabase(db: Database): boolean {
  const row = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number };
  return row.n === 0 && schemaVersionOf(db) === 0;
}

/** Opens (creating if needed) the recordings database at `file`; throws a StorageError a technician can act on. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const problem = folderProblem(file);
  if (problem) throw problem;
  const existed = existsSync(file) && statSync(file).size > 0;
  let db: Database;
  try {
    db = new Sqlite(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  } catch (error) {
    throw toStorageError(error, 'opening it', file);
  }
  try {
    const created = !existed && isEmptyDatabase(db);
    if (created) {
      // Only possible before the first table exists; INCREMENTAL lets emptying the trash give space back.
      db.pragma(`page_size = ${options.pageSize ?? PAGE_SIZE}`);
      db.pragma('auto_vacuum = INCREMENTAL');
    }
    const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (mode !== 'wal') {
      throw new StorageError({
        code: 'io',
        message: `${file} cannot use write-ahead logging (journal mode stays '${mode}'); put the data folder on a local disk.`,
      });
    }
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    if (options.cacheKiB !== undefined) db.pragma(`cache_size = -${options.cacheKiB}`);
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${options.maxPageCount}`);
    // The WAL is reset after checkpoints but keeps its size; cap what stays on disk.
    db.pragma('journal_size_limit = 67108864');

    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID && !isEmptyDatabase(db)) {
      throw new StorageError({
        code: 'not_a_store',
        message: `${file} is an SQLite database of another program, not a Clisonix recordings database; it was not changed.`,
      });
    }
    const version = schemaVersionOf(db);
    if (version > SCHEMA_VERSION) throw newerSchemaError(file, version, SCHEMA_VERSION);
    let migrated: MigrationStep[] = [];
    if (options.migrate === false) {
      if (version !== SCHEMA_VERSION) {
        throw new StorageError({
          code: 'io',
          message: `${file} has database schema ${version}, this version of Clisonix needs ${SCHEMA_VERSION}; open it in the app first.`,
        });
      }
    } else {
      if (appId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
      migrated = migrate(db, MIGRATIONS, file);
    }
    return { db, migrated, created };
  } catch (error) {
    db.close();
    throw toStorageError(error, 'opening it', file);
  }
}
