import type { Database } from 'better-sqlite3';

/**
 * One step of the schema. `version` is the number of the file (0001-name.ts -> 1); the runner applies the
 * steps in order inside one transaction each and records them in PRAGMA user_version and schema_migrations.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
