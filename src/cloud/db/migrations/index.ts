// Every migration, in order. Add a schema change as the next numbered file and list it here; never edit one
// that has shipped.
import type { Migration } from 'kysely';
import type { DbKind } from '../kind';
import { migration0001 } from './0001-initial';

export function allMigrations(kind: DbKind): Record<string, Migration> {
  return {
    '0001-initial': migration0001(kind),
  };
}
