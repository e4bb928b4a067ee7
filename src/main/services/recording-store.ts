// Opening the app's recording store in its data folder, for the services and the CLI (`--db PATH`).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { RecordingStore, StorageError, type RecoveryReport } from '../storage';

export const STORE_FILE_NAME = 'recordings.db';

export function storePath(dataDir: string, dbOverride?: string): string {
  return dbOverride ? path.resolve(dbOverride) : path.join(dataDir, STORE_FILE_NAME);
}

export type StoreOpening =
  | { readonly ok: true; readonly store: RecordingStore; readonly file: string }
  | { readonly ok: false; readonly file: string; readonly problem: string };

/** Opens (creating the folder and migrating) or says in one sentence why it cannot. Never throws. */
export function openRecordingStore(file: string): StoreOpening {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    return { ok: true, store: RecordingStore.open(file), file };
  } catch (error) {
    const problem = error instanceof StorageError || error instanceof Error ? error.message : String(error);
    return { ok: false, file, problem };
  }
}

/** The sentence a technician reads after a crash: what was recovered, and what could not be closed yet. */
export function describeRecovery(report: RecoveryReport): string | null {
  const parts: string[] = [];
  if (report.recovered.length) {
    const labels = report.recovered.map((r) => `"${r.label}"`).join(', ');
    parts.push(
      `${report.recovered.length === 1 ? 'A recording was' : `${report.recovered.length} recordings were`} interrupted (the app or computer stopped while recording) and ${report.recovered.length === 1 ? 'has' : 'have'} been closed with everything committed: ${labels}.`,
    );
  }
  if (report.failed.length) {
    parts.push(
      `Could not close ${report.failed.length} interrupted recording(s) yet: ${report.failed.map((f) => f.message).join('; ')}`,
    );
  }
  return parts.length ? parts.join(' ') : null;
}
