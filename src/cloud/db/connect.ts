// Opens the cloud store: SQLite (better-sqlite3, WAL) by default, PostgreSQL (pg pool) when a URL is given.
// Both answer the same Kysely queries; numbers come back as numbers on both (pg's int8 parser is replaced).
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DbKind } from './kind';
import { allMigrations } from './migrations/index';
import type { CloudTables } from './schema';

export type CloudDb = Kysely<CloudTables>;

export interface CloudDatabase {
  readonly db: CloudDb;
  readonly kind: DbKind;
  /** Round trip of a trivial query in ms; rejects when the database is unreachable. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

const PG_INT8 = 20;

/** pg returns int8 as strings (values may exceed 2^53); ours are epoch ms and byte counts, far below. */
function pgTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(PG_INT8, 'text', Number);
  return types;
}

export async function openDatabase(
  target: DatabaseTarget,
  onBackgroundError: (error: Error) => void = () => undefined,
): Promise<CloudDatabase> {
  if (target.kind === 'sqlite') {
    const sqlite = new Database(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<CloudTables>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, 'sqlite');
    return wrap(db, 'sqlite');
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    types: pgTypes(),
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', onBackgroundError);
  const db = new Kysely<CloudTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return wrap(db, 'postgres');
}

async function migrate(db: CloudDb, kind: DbKind): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(allMigrations(kind)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `database migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
}

function wrap(db: CloudDb, kind: DbKind): CloudDatabase {
  let closed = false;
  return {
    db,
    kind,
    async ping() {
      const started = performance.now();
      await sql`select 1`.execute(db);
      return performance.now() - started;
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** A unique constraint refused the write (SQLite and PostgreSQL spellings). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A foreign key refused the write: what it pointed at was deleted meanwhile (e.g. by DELETE /user). */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The database cannot be reached or is shutting down: a 503 to retry, not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = 'code' in error ? error.code : undefined;
  // A socket that cannot reach the server: ENOENT for a Unix socket whose server is gone, ECONNREFUSED for TCP.
  if ('syscall' in error && error.syscall === 'connect') return true;
  const message = error instanceof Error ? error.message : '';
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'SQLITE_BUSY'].includes(code))
      return true;
    // PostgreSQL classes 08 (connection exception), 53 (insufficient resources), 57P (operator intervention).
    if (/^(08|53|57P)/.test(code)) return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end/i.test(
    message,
  );
}
