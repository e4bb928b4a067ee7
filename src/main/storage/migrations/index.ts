// Every migration, in order. A new schema change is a new file NNNN-name.ts added here (never an edit of an
// applied one); test/integration/storage/migrations checks that this list and the folder agree.
import { migration0001 } from './0001-recordings';
import { migration0002 } from './0002-analyses-audio';
import { migration0003 } from './0003-sync-outbox';
import { migration0004 } from './0004-streams';
import type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004];

/** The schema version this build of the app writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export type { Migration } from './migration';
