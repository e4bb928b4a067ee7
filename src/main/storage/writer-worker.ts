// The writer worker: owns one SQLite connection and one SessionWriter, commits at least every commitIntervalMs,
// and reports. A slow or failing disk stalls only this thread, never the main process that serves the UI.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { openDatabase } from './database';
import { StorageError, toStorageError } from './errors';
import { SessionWriter } from './session-writer';
import type { FromWriter, ToWriter, WriterWorkerConfig } from './writer-protocol';

const port = parentPort;
if (!port) throw new Error('writer-worker.ts runs as a worker thread (new Worker), not as a script');

let db: Database | null = null;
let writer: SessionWriter | null = null;
let config: WriterWorkerConfig | null = null;
let timer: NodeJS.Timeout | null = null;
let lastCommitStart = 0;
let receivedBytes = 0;
let stopped = false;

function send(message: FromWriter): void {
  port!.postMessage(message);
}

function action(): string {
  return `saving recording ${config?.recordingId ?? ''}`;
}

function commit(): void {
  if (!writer || stopped) return;
  lastCommitStart = performance.now();
  if (!writer.commitDue()) return;
  const result = writer.commit();
  send({
    type: 'commit',
    committedSamples: result.committedSamples,
    committedAt: result.committedAt,
    committedBytesTotal: receivedBytes,
    durationMs: result.durationMs,
    workerHeapBytes: getHeapStatistics().used_heap_size,
  });
}

function schedule(): void {
  if (stopped || !config) return;
  const wait = Math.max(0, lastCommitStart + config.commitIntervalMs - performance.now());
  timer = setTimeout(() => {
    guarded(commit);
    schedule();
  }, wait);
}

/** Stops on a storage failure: tries to close the recording as interrupted, keeps whatever is committed. */
function fail(error: unknown): void {
  if (stopped) return;
  stopped = true;
  if (timer) clearTimeout(timer);
  const storageError = toStorageError(error, action(), config?.file ?? 'the database');
  let closed = false;
  if (db && config) {
    try {
      const at = Date.now();
      closed =
        db
          .prepare(
            `UPDATE recordings SET status = 'interrupted', ended_at = ?, stop_reason = ?, writer_pid = NULL,
               writer_host = NULL, updated_at = ? WHERE id = ? AND status = 'recording'`,
          )
          .run(at, storageError.message, at, config.recordingId).changes === 1;
    } catch {
      // Cannot write even that (disk full, lock): the next open of the store closes it as interrupted.
    }
  }
  const committedSamples = writer?.committed ?? 0;
  closeDb();
  send({ type: 'failed', error: storageError.toBody(), committedSamples, closed });
  port!.close();
}

function closeDb(): void {
  try {
    db?.close();
  } catch {
    // Closing only checkpoints; committed data is in the WAL whatever happens here.
  }
  db = null;
}

function guarded(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    fail(error);
  }
}

/** Input the writer refuses (a bad block) is reported and skipped; anything else stops the writer. */
function take(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof StorageError && error.code === 'invalid_input') {
      send({ type: 'rejected', error: error.toBody() });
      return;
    }
    fail(error);
  }
}

function handle(message: ToWriter): void {
  if (stopped) return;
  switch (message.type) {
    case 'open': {
      config = message.config;
      guarded(() => {
        const options = {
          migrate: false,
          busyTimeoutMs: message.config.busyTimeoutMs,
          synchronous: message.config.synchronous,
          cacheKiB: 4096,
        };
        db = openDatabase(
          message.config.file,
          message.config.maxPageCount === undefined
            ? options
            : { ...options, maxPageCount: message.config.maxPageCount },
        ).db;
        writer = new SessionWriter(db, message.config.recordingId, {
          heartbeatMs: message.config.heartbeatMs,
        });
        lastCommitStart = performance.now();
        send({ type: 'ready', committedSamples: writer.committed, chunkSamples: writer.chunkSamples });
        schedule();
      });
      return;
    }
    case 'block': {
      const w = writer;
      if (!w) return;
      receivedBytes += message.buffer.byteLength;
      take(() =>
        w.block({
          firstSample: message.firstSample,
          sampleCount: message.sampleCount,
          channelCount: message.channelCount,
          sampleRateHz: message.sampleRateHz,
          data: new Float32Array(message.buffer),
        }),
      );
      break;
    }
    case 'gap':
      take(() => writer?.gap(message.gap));
      break;
    case 'marker':
      take(() => writer?.marker(message.marker));
      break;
    case 'segment':
      take(() => writer?.startSegment(message.startedAt));
      break;
    case 'finish': {
      const w = writer;
      if (!w) return;
      guarded(() => {
        const result = w.finish(message.status, message.reason);
        stopped = true;
        if (timer) clearTimeout(timer);
        closeDb();
        send({ type: 'finished', committedSamples: result.committedSamples, status: message.status });
        port!.close();
      });
      return;
    }
  }
  // A flood of messages can hold back the timer: keep the commit cadence from here too, and commit early
  // when much is waiting, so throughput is not capped at one backlog window per interval.
  if (
    config &&
    (performance.now() - lastCommitStart >= config.commitIntervalMs ||
      (writer?.pendingBytes ?? 0) >= config.commitBytes)
  ) {
    guarded(commit);
  }
}

port.on('message', (message: ToWriter) => handle(message));
