// Brain engine results kept per user, so that /api/ask can answer about them and they can be looked up later.
import { randomUUID } from 'node:crypto';
import type { BrainAnalysisKind } from '../../shared/cloud';
import type { CloudDb } from '../db/connect';

export interface StoredAnalysis {
  readonly id: string;
  readonly recordingId: string | null;
  readonly kind: BrainAnalysisKind;
  readonly result: unknown;
  readonly createdAt: number;
}

export class AnalysisStore {
  constructor(
    private readonly db: CloudDb,
    private readonly now: () => number,
  ) {}

  async save(
    userId: string,
    recordingId: string | null,
    kind: BrainAnalysisKind,
    result: unknown,
  ): Promise<string> {
    const id = randomUUID();
    await this.db
      .insertInto('analyses')
      .values({
        id,
        user_id: userId,
        recording_id: recordingId,
        kind,
        result: JSON.stringify(result),
        created_at: this.now(),
      })
      .execute();
    return id;
  }

  async latest(userId: string, limit: number): Promise<StoredAnalysis[]> {
    const rows = await this.db
      .selectFrom('analyses')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      recordingId: r.recording_id,
      kind: r.kind as BrainAnalysisKind,
      result: JSON.parse(r.result) as unknown,
      createdAt: r.created_at,
    }));
  }
}
