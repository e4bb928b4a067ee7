// Imports, exports and overviews of stored recordings for the UI: each import or export is a job in its own
// worker, with progress events (at most ~10 a second), cancel, and an end state that says what happened. Exports
// go to the data folder's exports/ unless a path is given; uploads (browser mode) land in uploads/ and are removed
// once imported. An import holds the database's write lock for its whole length (one transaction), so it does not
// run while the app records, and recording does not start while an import runs.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  ApiError,
  type ExportRequest,
  type ImportRequest,
  type RecordingOverview,
  type TransferJob,
} from '../../shared/api';
import { FormatError } from '../../engine/formats';
import { StorageError, type RecordingStore } from '../storage';
import { runTransfer, TransferCancelled } from '../storage/transfers';
import type { EventHub } from './event-hub';
import { toApiError } from './storage-errors';

export interface RecordingTransfersOptions {
  readonly store: RecordingStore;
  readonly events: EventHub;
  readonly dataDir: string;
  /** Why an import cannot start now (a recording in progress), or null. */
  readonly importBlocked?: () => string | null;
  readonly now?: () => number;
  readonly progressIntervalMs?: number;
}

interface RunningJob {
  job: TransferJob;
  readonly abort: AbortController;
  readonly done: Promise<void>;
  lastEmitAt: number;
}

const EXTENSIONS = { edf: 'edf', bdf: 'bdf', csv: 'csv' } as const;
const MAX_JOBS_KEPT = 50;
const OVERVIEW_CACHE = 8;

/** A file name from a label: letters, digits, dash and underscore; nothing a shell or a file system minds. */
export function safeFileName(label: string): string {
  const base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return base || 'recording';
}

export class RecordingTransfers {
  readonly exportsDir: string;
  readonly uploadsDir: string;
  readonly #store: RecordingStore;
  readonly #events: EventHub;
  readonly #importBlocked: () => string | null;
  readonly #now: () => number;
  readonly #progressIntervalMs: number;
  readonly #jobs = new Map<string, RunningJob>();
  readonly #overviews = new Map<string, RecordingOverview>();

  constructor(options: RecordingTransfersOptions) {
    this.#store = options.store;
    this.#events = options.events;
    this.#importBlocked = options.importBlocked ?? (() => null);
    this.#now = options.now ?? Date.now;
    this.#progressIntervalMs = options.progressIntervalMs ?? 100;
    this.exportsDir = path.join(options.dataDir, 'exports');
    this.uploadsDir = path.join(options.dataDir, 'uploads');
    this.#removeStaleUploads();
  }

  /** Uploads a page sent but never imported (the page closed half-way) are removed a day later. */
  #removeStaleUploads(): void {
    if (!existsSync(this.uploadsDir)) return;
    const dayAgo = this.#now() - 24 * 3600 * 1000;
    for (const name of readdirSync(this.uploadsDir)) {
      const file = path.join(this.uploadsDir, name);
      try {
        if (statSync(file).mtimeMs < dayAgo) rmSync(file, { force: true });
      } catch {
        // Gone already, or not ours to remove: nothing is lost either way.
      }
    }
  }

  /** The running import, if any, for the recorder to refuse a start while it holds the database. */
  get runningImport(): TransferJob | null {
    for (const r of this.#jobs.values())
      if (r.job.kind === 'import' && r.job.state === 'running') return r.job;
    return null;
  }

  jobs(): TransferJob[] {
    return [...this.#jobs.values()].map((r) => r.job).sort((a, b) => b.startedAt - a.startedAt);
  }

  startImport(request: ImportRequest): TransferJob {
    const blocked = this.#importBlocked();
    if (blocked) throw new ApiError({ code: 'conflict', message: blocked });
    if (this.runningImport) {
      throw new ApiError({
        code: 'conflict',
        message: `"${this.runningImport.title}" is being imported; start the next import when it has finished.`,
      });
    }
    const file = path.resolve(request.path);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new ApiError({ code: 'not_found', message: `There is no file ${file} to import.` });
    }
    const upload = this.#isUpload(file);
    return this.#run(
      'import',
      upload ? path.basename(file).replace(/^[0-9a-f-]{36}-/, '') : path.basename(file),
      null,
      async (job, signal) => {
        try {
          const result = await runTransfer(
            this.#store.file,
            {
              type: 'import',
              file,
              displayName: job.title,
              ...(request.label !== undefined && { label: request.label }),
              ...(request.sampleRateHz !== undefined && { sampleRateHz: request.sampleRateHz }),
            },
            { signal, onProgress: (fraction, stage) => this.#progress(job.id, fraction, stage) },
          );
          this.#events.emit('recordings.changed', { at: this.#now() });
          return { recordingId: result.recordingId, warnings: result.warnings };
        } finally {
          if (upload) rmSync(file, { force: true });
        }
      },
    );
  }

  startExport(request: ExportRequest): TransferJob {
    const recording = this.#call(() => this.#store.get(request.id));
    if (recording.status === 'recording') {
      throw new ApiError({
        code: 'conflict',
        message: `"${recording.label}" is still being recorded; export it once it has stopped.`,
      });
    }
    const out = request.path
      ? path.resolve(request.path)
      : this.#exportPath(recording.label, recording.id, request.format);
    mkdirSync(path.dirname(out), { recursive: true });
    return this.#run('export', recording.label, recording.id, async (job, signal) => {
      const result = await runTransfer(
        this.#store.file,
        {
          type: 'export',
          recordingId: recording.id,
          path: out,
          format: request.format,
          deidentify: request.deidentify ?? false,
        },
        { signal, onProgress: (fraction, stage) => this.#progress(job.id, fraction, stage) },
      );
      return {
        recordingId: recording.id,
        warnings: [
          ...result.warnings,
          ...result.companions.map((c) => `Markers and gaps were written to ${path.basename(c)}.`),
        ],
        output: {
          path: result.path,
          fileName: path.basename(result.path),
          bytes: result.bytes,
          downloadable: path.dirname(result.path) === this.exportsDir,
        },
      };
    });
  }

  cancel(jobId: string): TransferJob {
    const running = this.#jobs.get(jobId);
    if (!running) throw new ApiError({ code: 'not_found', message: `There is no job ${jobId}.` });
    if (running.job.state === 'running') running.abort.abort();
    return running.job;
  }

  /** The min/max envelope of every channel over `columns` columns (cached while the recording is unchanged). */
  async overview(id: string, columns: number): Promise<RecordingOverview> {
    const recording = this.#call(() => this.#store.get(id));
    const key = `${recording.id}:${columns}:${recording.sampleCount}:${recording.status}`;
    const cached = this.#overviews.get(key);
    if (cached) return cached;
    let payload;
    try {
      payload = await runTransfer(this.#store.file, { type: 'overview', recordingId: recording.id, columns });
    } catch (error) {
      throw toApiError(error);
    }
    const overview: RecordingOverview = {
      id: recording.id,
      columns: payload.columns,
      durationS: payload.durationS,
      secondsPerColumn: payload.secondsPerColumn,
      channels: payload.channels,
      envelope: Buffer.from(payload.envelope).toString('base64'),
    };
    if (recording.status !== 'recording') {
      this.#overviews.set(key, overview);
      if (this.#overviews.size > OVERVIEW_CACHE) {
        this.#overviews.delete(this.#overviews.keys().next().value!);
      }
    }
    return overview;
  }

  /** Cancels what runs and waits for it (app quit). */
  async dispose(): Promise<void> {
    const running = [...this.#jobs.values()].filter((r) => r.job.state === 'running');
    for (const r of running) r.abort.abort();
    await Promise.all(running.map((r) => r.done));
  }

  /** Where an upload for import goes (browser mode); the services remove it after the import. */
  uploadPath(fileName: string): string {
    mkdirSync(this.uploadsDir, { recursive: true });
    const base =
      path
        .basename(fileName)
        .replace(/[^A-Za-z0-9._ -]+/g, '_')
        .slice(-120) || 'upload';
    return path.join(this.uploadsDir, `${randomUUID()}-${base}`);
  }

  #isUpload(file: string): boolean {
    return path.dirname(file) === this.uploadsDir;
  }

  #exportPath(label: string, id: string, format: ExportRequest['format']): string {
    const base = `${safeFileName(label)}-${id.slice(0, 8)}`;
    const ext = EXTENSIONS[format];
    let candidate = path.join(this.exportsDir, `${base}.${ext}`);
    for (let n = 2; existsSync(candidate); n++) candidate = path.join(this.exportsDir, `${base}-${n}.${ext}`);
    return candidate;
  }

  #call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw toApiError(error);
    }
  }

  #run(
    kind: TransferJob['kind'],
    title: string,
    recordingId: string | null,
    work: (
      job: TransferJob,
      signal: AbortSignal,
    ) => Promise<Pick<TransferJob, 'recordingId' | 'warnings'> & { output?: TransferJob['output'] }>,
  ): TransferJob {
    const abort = new AbortController();
    const job: TransferJob = {
      id: randomUUID(),
      kind,
      state: 'running',
      title,
      stage: 'Starting',
      progress: 0,
      message: null,
      recordingId,
      output: null,
      warnings: [],
      startedAt: this.#now(),
      endedAt: null,
    };
    const running: RunningJob = {
      job,
      abort,
      lastEmitAt: 0,
      done: Promise.resolve()
        .then(() => work(job, abort.signal))
        .then(
          (result) =>
            this.#update(job.id, {
              state: 'done',
              stage: 'Done',
              progress: 1,
              recordingId: result.recordingId,
              warnings: result.warnings,
              output: result.output ?? null,
              endedAt: this.#now(),
            }),
          (error: unknown) =>
            this.#update(job.id, {
              state: error instanceof TransferCancelled ? 'cancelled' : 'failed',
              stage: error instanceof TransferCancelled ? 'Cancelled' : 'Failed',
              message: describe(error),
              endedAt: this.#now(),
            }),
        ),
    };
    this.#jobs.set(job.id, running);
    if (this.#jobs.size > MAX_JOBS_KEPT) {
      const oldest = [...this.#jobs.values()].find((r) => r.job.state !== 'running');
      if (oldest) this.#jobs.delete(oldest.job.id);
    }
    this.#events.emit('recordings.job', job);
    return job;
  }

  #progress(jobId: string, fraction: number, stage: string): void {
    const running = this.#jobs.get(jobId);
    if (!running || running.job.state !== 'running') return;
    running.job = { ...running.job, progress: Math.max(0, Math.min(1, fraction)), stage };
    const now = this.#now();
    if (now - running.lastEmitAt >= this.#progressIntervalMs) {
      running.lastEmitAt = now;
      this.#events.emit('recordings.job', running.job);
    }
  }

  #update(jobId: string, patch: Partial<TransferJob>): void {
    const running = this.#jobs.get(jobId);
    if (!running) return;
    running.job = { ...running.job, ...patch };
    this.#events.emit('recordings.job', running.job);
  }
}

function describe(error: unknown): string {
  if (error instanceof FormatError || error instanceof StorageError || error instanceof TransferCancelled) {
    return error.message;
  }
  return `Something went wrong inside Clisonix: ${error instanceof Error ? error.message : String(error)}`;
}
