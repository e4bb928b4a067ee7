// A transfer worker: imports a file into the store, exports a recording to a file, or computes an overview, on
// its own SQLite connection, so a long import or export never holds up the main process that serves the UI.
import { parentPort } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { FormatError } from '../../engine/formats';
import { openDatabase } from './database';
import { StorageError, toStorageError } from './errors';
import { ExportCancelled, exportRecordingToFile } from './export-file';
import { ImportCancelled, importFile } from './import-file';
import { computeOverview } from './overview';
import type { FromTransfer, ToTransfer, TransferFailure, TransferRequest } from './transfer-protocol';

const port = parentPort;
if (!port) throw new Error('transfer-worker.ts runs as a worker thread (new Worker), not as a script');

const abort = new AbortController();

function send(message: FromTransfer, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function failureOf(error: unknown, file: string, request: TransferRequest): TransferFailure {
  if (error instanceof ImportCancelled || error instanceof ExportCancelled) {
    return { kind: 'cancelled', message: error.message };
  }
  if (error instanceof FormatError) return { kind: 'format', message: error.message };
  if (error instanceof StorageError) return { kind: 'storage', error: error.toBody() };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^(SQLITE_|E[A-Z]+$)/.test(code)) {
    const action = request.type === 'export' ? `writing ${request.path}` : `${request.type}ing`;
    return { kind: 'storage', error: toStorageError(error, action, file).toBody() };
  }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

async function run(message: Extract<ToTransfer, { type: 'start' }>): Promise<void> {
  const { request } = message;
  let db: Database | null = null;
  const progress = (fraction: number, stage: string) => send({ type: 'progress', fraction, stage });
  try {
    db = openDatabase(message.dbFile, {
      migrate: false,
      busyTimeoutMs: message.busyTimeoutMs,
      cacheKiB: 16384,
    }).db;
    if (request.type === 'import') {
      const result = await importFile(db, request.file, {
        ...(request.label !== undefined && { label: request.label }),
        ...(request.displayName !== undefined && { displayName: request.displayName }),
        ...(request.sampleRateHz !== undefined && { sampleRateHz: request.sampleRateHz }),
        onProgress: progress,
        signal: abort.signal,
      });
      send({ type: 'done', result });
    } else if (request.type === 'export') {
      const result = await exportRecordingToFile(db, request.recordingId, request.path, {
        format: request.format,
        deidentify: request.deidentify ?? false,
        onProgress: progress,
        signal: abort.signal,
      });
      send({ type: 'done', result });
    } else {
      const o = computeOverview(db, request.recordingId, request.columns, (f) => progress(f, 'Reading'));
      const envelope = o.envelope.buffer as ArrayBuffer;
      send({ type: 'done', result: { ...o, envelope } }, [envelope]);
    }
  } catch (error) {
    send({ type: 'failed', failure: failureOf(error, message.dbFile, request) });
  } finally {
    try {
      db?.close();
    } catch {
      // Closing only checkpoints; what was committed is in the WAL whatever happens here.
    }
    port!.close();
  }
}

port.on('message', (message: ToTransfer) => {
  if (message.type === 'cancel') abort.abort();
  else void run(message);
});
