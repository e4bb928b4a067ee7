// The two database engines the cloud runs on and the column types that differ between them.
export type DbKind = 'sqlite' | 'postgres';

export function columnTypes(kind: DbKind) {
  return kind === 'postgres'
    ? ({ id: 'uuid', blob: 'bytea', real: 'double precision' } as const)
    : ({ id: 'text', blob: 'blob', real: 'real' } as const);
}
