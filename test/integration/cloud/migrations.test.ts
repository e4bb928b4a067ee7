// The numbered migrations on both engines: they make at least the seeds' tables, run once, and undo cleanly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type CloudDatabase } from '../../../src/cloud/db/connect';
import { allMigrations } from '../../../src/cloud/db/migrations/index';
import { BACKENDS } from '../../helpers/cloud';
import { acquirePostgres, releasePostgres } from '../../helpers/postgres';

/** The seeds' schema (docs/seeds/002), with the secret columns stored as hashes. */
const SEED_TABLES: Record<string, string[]> = {
  users: ['id', 'email', 'password_hash', 'created_at', 'updated_at'],
  refresh_tokens: ['id', 'user_id', 'token_hash', 'expires_at', 'created_at'],
  api_keys: ['id', 'user_id', 'key_hash', 'label', 'created_at', 'revoked_at'],
  audit_logs: ['id', 'user_id', 'action', 'endpoint', 'status_code', 'created_at'],
};

describe.each(BACKENDS)('migrations on %s', (backend) => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    if (backend === 'postgres') await releasePostgres();
  });

  async function open(): Promise<CloudDatabase> {
    if (backend === 'postgres')
      return openDatabase({ kind: 'postgres', url: await (await acquirePostgres()).createDatabase() });
    const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-migrate-'));
    dirs.push(dir);
    return openDatabase({ kind: 'sqlite', file: path.join(dir, 'cloud.sqlite') });
  }

  it('creates at least the seeds’ tables, is idempotent, and undoes to nothing', async () => {
    const database = await open();
    try {
      const tables = await database.db.introspection.getTables();
      const columns = new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
      for (const [table, needed] of Object.entries(SEED_TABLES)) {
        expect(columns.get(table), table).toEqual(expect.arrayContaining(needed));
      }
      const db = database.db as unknown as Kysely<unknown>;
      const migrator = new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve(allMigrations(database.kind)) },
      });
      const again = await migrator.migrateToLatest();
      expect(again.error).toBeUndefined();
      expect(again.results).toEqual([]);
      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([['0001-initial', 'Success']]);
      const left = (await database.db.introspection.getTables()).map((t) => t.name);
      expect(left.filter((t) => !t.startsWith('kysely_'))).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    } finally {
      await database.close();
    }
  });
});
