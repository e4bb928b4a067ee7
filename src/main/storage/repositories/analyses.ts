// Brain-engine results kept with their recording (params and result as JSON).
import type { Database } from 'better-sqlite3';
import { StorageError } from '../errors';

export interface NewAnalysis {
  readonly recordingId: string;
  /** 'report', 'harmonic-scan'... */
  readonly kind: string;
  readonly fromSample?: number | null;
  readonly toSample?: number | null;
  readonly params: unknown;
  readonly result: unknown;
  readonly engineVersion: string;
}

export interface StoredAnalysis {
  readonly id: number;
  readonly recordingId: string;
  readonly kind: string;
  readonly fromSample: number | null;
  readonly toSample: number | null;
  readonly params: unknown;
  readonly result: unknown;
  readonly engineVersion: string;
  readonly createdAt: number;
}

interface AnalysisRow {
  readonly id: number;
  readonly recording_id: string;
  readonly kind: string;
  readonly from_sample: number | null;
  readonly to_sample: number | null;
  readonly params: string;
  readonly result: string;
  readonly engine_version: string;
  readonly created_at: number;
}

const toAnalysis = (r: AnalysisRow): StoredAnalysis => ({
  id: r.id,
  recordingId: r.recording_id,
  kind: r.kind,
  fromSample: r.from_sample,
  toSample: r.to_sample,
  params: JSON.parse(r.params) as unknown,
  result: JSON.parse(r.result) as unknown,
  engineVersion: r.engine_version,
  createdAt: r.created_at,
});

function json(value: unknown, what: string): string {
  // JSON.stringify gives undefined (despite its type) for undefined, functions and symbols.
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined)
    throw new StorageError({ code: 'invalid_input', message: `the analysis ${what} is not JSON data` });
  return text;
}

export class AnalysesRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  add(analysis: NewAnalysis): StoredAnalysis {
    if (!analysis.kind.trim())
      throw new StorageError({ code: 'invalid_input', message: 'an analysis needs a kind' });
    const r = this.db
      .prepare(
        `INSERT INTO analyses (recording_id, kind, from_sample, to_sample, params, result, engine_version, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        analysis.recordingId,
        analysis.kind.trim(),
        analysis.fromSample ?? null,
        analysis.toSample ?? null,
        json(analysis.params, 'params'),
        json(analysis.result, 'result'),
        analysis.engineVersion,
        this.now(),
      );
    return this.get(Number(r.lastInsertRowid))!;
  }

  get(id: number): StoredAnalysis | null {
    const row = this.db.prepare('SELECT * FROM analyses WHERE id = ?').get(id) as AnalysisRow | undefined;
    return row ? toAnalysis(row) : null;
  }

  list(recordingId: string, kind?: string): StoredAnalysis[] {
    const rows = (
      kind === undefined
        ? this.db
            .prepare('SELECT * FROM analyses WHERE recording_id = ? ORDER BY created_at, id')
            .all(recordingId)
        : this.db
            .prepare('SELECT * FROM analyses WHERE recording_id = ? AND kind = ? ORDER BY created_at, id')
            .all(recordingId, kind)
    ) as AnalysisRow[];
    return rows.map(toAnalysis);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM analyses WHERE id = ?').run(id).changes === 1;
  }
}
