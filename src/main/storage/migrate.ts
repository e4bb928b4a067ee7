// Applies the numbered migrations in order, one transaction each, and refuses a database from a newer app.
import type { Database } from 'better-sqlite3';
import { StorageError } from './errors';
import type { Migration } from './migrations';

export function schemaVersionOf(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function newerSchemaError(file: string, found: number, known: number): StorageError {
  return new StorageError({
    code: 'newer_schema',
    message: `${file} was written by a newer version of Clisonix (database schema ${found}; this version knows up to ${known}). Update Clisonix to open it; the file was not changed.`,
  });
}

export interface MigrationStep {
  readonly version: number;
  readonly name: string;
}

/**
 * Brings `db` to `toVersion` (default: the last migration). Each step commits with its version, so a crash
 * mid-way leaves the database at the last whole step and the next open continues from there.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[],
  file: string,
  { toVersion, now = Date.now }: { toVersion?: number; now?: () => number } = {},
): MigrationStep[] {
  const target = toVersion ?? migrations.at(-1)?.version ?? 0;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `migration '${m.name}' has version ${m.version}, expected ${i + 1} (numbers must run 1, 2, 3 ...)`,
      );
    }
  });
  const current = schemaVersionOf(db);
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) throw newerSchemaError(file, current, known);
  const applied: MigrationStep[] = [];
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (schemaVersionOf(db) >= m.version) return;
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        now(),
      );
      db.pragma(`user_version = ${m.version}`);
      applied.push({ version: m.version, name: m.name });
    }).immediate();
  }
  return applied;
}
