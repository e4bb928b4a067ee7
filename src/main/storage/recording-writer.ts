// The main-thread face of a recording being written: takes blocks from the acquisition pipeline without ever
// blocking on the disk (the writer worker commits), keeps the live counters for the status bar, and stops the
// recording with a clear error instead of buffering without limit when the disk cannot keep up.
import type { Worker } from 'node:worker_threads';
import type { RecordingStatus } from '../../shared/recordings';
import type { SampleBlock, SampleGap } from '../../shared/samples';
import type { RecordingId } from '../../shared/units';
import { startWorker, workerModuleUrl } from '../../engine/worker/start-worker';
import { DEFAULT_BUSY_TIMEOUT_MS, type SynchronousMode } from './database';
import { StorageError, type StorageErrorBody } from './errors';
import type { NewMarker } from './types';
import type { FromWriter, ToWriter, WriterWorkerConfig } from './writer-protocol';

export interface RecordingWriterOptions {
  /** Commit cadence; 200 ms keeps commits within the promised 250 ms despite timer jitter. */
  readonly commitIntervalMs?: number;
  /** Commit before the interval is up once this many sample bytes wait (default 8 MiB). */
  readonly commitBytes?: number;
  /** Uncommitted bytes beyond which recording stops with a `backlog` error; default max(32 MiB, 60 s of data). */
  readonly maxPendingBytes?: number;
  readonly busyTimeoutMs?: number;
  readonly synchronous?: SynchronousMode;
  readonly heartbeatMs?: number;
  /** Test stand-in for a full disk: the writer's connection refuses to grow the database past this many pages. */
  readonly maxPageCount?: number;
}

export type WriterState = 'starting' | 'recording' | 'finishing' | 'finished' | 'failed';

/** Live counters for the status bar. */
export interface WriterStats {
  readonly recordingId: RecordingId;
  readonly state: WriterState;
  /** Length of the recording's clock that is in the database, in samples. */
  readonly committedSamples: number;
  readonly sampleRateHz: number;
  /** Epoch ms of the last commit, null before the first. */
  readonly lastCommitAt: number | null;
  /** Sample bytes handed over and not yet committed. */
  readonly pendingBytes: number;
  readonly maxPendingBytes: number;
  readonly commits: number;
  readonly lastCommitMs: number;
  readonly maxCommitMs: number;
  /** Blocks, gaps or markers the writer refused as invalid (each also raised a `rejected` event). */
  readonly rejected: number;
  readonly workerHeapBytes: number;
  readonly error: StorageErrorBody | null;
}

export interface WriterResult {
  readonly recordingId: RecordingId;
  /** `recording` only when a failure left it open for the next start's recovery to close. */
  readonly status: RecordingStatus;
  readonly committedSamples: number;
  readonly durationS: number;
  readonly error: StorageError | null;
}

export interface WriterEvents {
  commit: WriterStats;
  /** The recording stopped on a storage failure or a backlog; committed data is kept. */
  error: StorageError;
  /** Something the writer refused; recording goes on. */
  rejected: StorageError;
  state: WriterState;
}

type Listener<E extends keyof WriterEvents> = (payload: WriterEvents[E]) => void;

export interface WriterTarget {
  readonly file: string;
  readonly recordingId: RecordingId;
  readonly channelCount: number;
  readonly sampleRateHz: number;
}

export class RecordingWriter {
  readonly recordingId: RecordingId;
  /** Resolves once the writer has ended, cleanly or not. Never rejects. */
  readonly done: Promise<WriterResult>;
  private readonly worker: Worker;
  private readonly channelCount: number;
  private readonly sampleRateHz: number;
  private readonly maxPendingBytes: number;
  private state: WriterState = 'starting';
  private sentBytes = 0;
  private committedBytes = 0;
  private committedSamples = 0;
  private lastCommitAt: number | null = null;
  private commits = 0;
  private lastCommitMs = 0;
  private maxCommitMs = 0;
  private rejected = 0;
  private workerHeapBytes = 0;
  private error: StorageError | null = null;
  private readonly listeners = new Map<keyof WriterEvents, Set<(payload: never) => void>>();
  private resolveDone!: (result: WriterResult) => void;
  private resolveReady!: () => void;
  private rejectReady!: (error: StorageError) => void;
  private readonly ready: Promise<void>;

  private constructor(target: WriterTarget, options: RecordingWriterOptions, onEnd: () => void) {
    this.recordingId = target.recordingId;
    this.channelCount = target.channelCount;
    this.sampleRateHz = target.sampleRateHz;
    const bytesPerSecond = target.channelCount * target.sampleRateHz * 4;
    this.maxPendingBytes = options.maxPendingBytes ?? Math.max(32 * 1024 * 1024, 60 * bytesPerSecond);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    void this.done.then(onEnd);
    const config: WriterWorkerConfig = {
      file: target.file,
      recordingId: target.recordingId,
      commitIntervalMs: options.commitIntervalMs ?? 200,
      commitBytes: options.commitBytes ?? 8 * 1024 * 1024,
      heartbeatMs: options.heartbeatMs ?? 2000,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      synchronous: options.synchronous ?? 'FULL',
      ...(options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount }),
    };
    const entry = workerModuleUrl(
      import.meta.url,
      new URL('./writer-worker.ts', import.meta.url),
      'writer-worker',
    );
    this.worker = startWorker(entry, {
      name: `recording-writer ${target.recordingId}`,
    });
    this.worker.on('message', (message: FromWriter) => this.onMessage(message));
    this.worker.on('error', (error) =>
      this.end(
        new StorageError({
          code: 'io',
          message: `The recording writer stopped unexpectedly: ${error.message}`,
        }),
        'recording',
      ),
    );
    this.worker.on('exit', () => {
      if (this.state !== 'finished' && this.state !== 'failed') {
        this.end(
          new StorageError({ code: 'io', message: 'The recording writer stopped unexpectedly.' }),
          'recording',
        );
      }
    });
    this.post({ type: 'open', config });
  }

  /** Starts a writer for a recording in progress; resolves once its worker holds the database. */
  static async start(
    target: WriterTarget,
    options: RecordingWriterOptions = {},
    onEnd: () => void = () => undefined,
  ): Promise<RecordingWriter> {
    const writer = new RecordingWriter(target, options, onEnd);
    await writer.ready;
    return writer;
  }

  /**
   * Hands a block over (source clock of the current segment). Copies its samples, or with `transfer` moves the
   * block's own buffer (it must hold exactly this block's samples; the caller's array is detached).
   * Returns false when the writer no longer takes samples (it failed or is finishing): see `stats().error`.
   */
  append(block: SampleBlock, { transfer = false }: { transfer?: boolean } = {}): boolean {
    if (!this.accepting()) return false;
    if (block.channelCount !== this.channelCount || block.sampleRateHz !== this.sampleRateHz) {
      throw new StorageError({
        code: 'invalid_input',
        message: `a block of ${block.channelCount} channels at ${block.sampleRateHz} Hz cannot go into recording ${this.recordingId} (${this.channelCount} channels at ${this.sampleRateHz} Hz)`,
      });
    }
    if (block.data.length !== block.channelCount * block.sampleCount) {
      throw new StorageError({
        code: 'invalid_input',
        message: `a block of ${block.channelCount} x ${block.sampleCount} samples holds ${block.data.length} values`,
      });
    }
    if (block.sampleCount === 0) return true;
    const whole =
      transfer &&
      block.data.byteOffset === 0 &&
      block.data.byteLength === block.data.buffer.byteLength &&
      block.data.buffer instanceof ArrayBuffer;
    const buffer = whole ? block.data.buffer : block.data.slice().buffer;
    this.sentBytes += buffer.byteLength;
    this.post(
      {
        type: 'block',
        firstSample: block.firstSample,
        sampleCount: block.sampleCount,
        channelCount: block.channelCount,
        sampleRateHz: block.sampleRateHz,
        buffer,
      },
      [buffer],
    );
    if (this.pendingBytes() > this.maxPendingBytes) {
      const seconds = this.pendingBytes() / (this.channelCount * this.sampleRateHz * 4);
      this.stopWith(
        new StorageError({
          code: 'backlog',
          message: `The disk cannot keep up with recording ${this.recordingId}: ${seconds.toFixed(0)} s of samples are waiting to be saved. Recording stopped; everything received is being saved.`,
        }),
      );
    }
    return true;
  }

  gap(gap: SampleGap): boolean {
    if (!this.accepting()) return false;
    this.post({ type: 'gap', gap });
    return true;
  }

  /** A marker at a sample of the current segment's source clock. */
  marker(marker: NewMarker): boolean {
    if (!this.accepting()) return false;
    this.post({ type: 'marker', marker });
    return true;
  }

  /** The source reconnected; the blocks that follow start a new segment (their clock restarts). */
  startSegment(startedAt: number = Date.now()): boolean {
    if (!this.accepting()) return false;
    this.post({ type: 'segment', startedAt });
    return true;
  }

  /** Saves everything handed over and closes the recording as complete. */
  finish(): Promise<WriterResult> {
    if (this.accepting()) {
      this.setState('finishing');
      this.post({ type: 'finish', status: 'complete', reason: null });
    }
    return this.done;
  }

  /** Saves everything handed over and closes the recording as interrupted, with the reason shown to the user. */
  stop(reason: string): Promise<WriterResult> {
    if (this.accepting()) {
      this.setState('finishing');
      this.post({ type: 'finish', status: 'interrupted', reason });
    }
    return this.done;
  }

  /**
   * Resolves once at most `belowBytes` (default half the limit) wait to be committed, or the writer has ended.
   * A producer faster than real time (an import) awaits it between blocks instead of hitting the backlog limit.
   */
  drained(belowBytes = this.maxPendingBytes / 2): Promise<void> {
    const settled = () =>
      this.pendingBytes() <= belowBytes || this.state === 'finished' || this.state === 'failed';
    if (settled()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!settled()) return;
        offCommit();
        offState();
        resolve();
      };
      const offCommit = this.on('commit', check);
      const offState = this.on('state', check);
    });
  }

  stats(): WriterStats {
    return {
      recordingId: this.recordingId,
      state: this.state,
      committedSamples: this.committedSamples,
      sampleRateHz: this.sampleRateHz,
      lastCommitAt: this.lastCommitAt,
      pendingBytes: this.pendingBytes(),
      maxPendingBytes: this.maxPendingBytes,
      commits: this.commits,
      lastCommitMs: this.lastCommitMs,
      maxCommitMs: this.maxCommitMs,
      rejected: this.rejected,
      workerHeapBytes: this.workerHeapBytes,
      error: this.error ? this.error.toBody() : null,
    };
  }

  on<E extends keyof WriterEvents>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit<E extends keyof WriterEvents>(event: E, payload: WriterEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<E>)(payload);
  }

  private accepting(): boolean {
    return this.state === 'recording';
  }

  private pendingBytes(): number {
    return this.sentBytes - this.committedBytes;
  }

  private post(message: ToWriter, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private setState(state: WriterState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  /** Stops taking samples on an error of the main side (backlog); the worker saves what it has. */
  private stopWith(error: StorageError): void {
    this.error = error;
    this.setState('finishing');
    this.post({ type: 'finish', status: 'interrupted', reason: error.message });
    this.emit('error', error);
  }

  private onMessage(message: FromWriter): void {
    switch (message.type) {
      case 'ready':
        this.committedSamples = message.committedSamples;
        this.setState('recording');
        this.resolveReady();
        return;
      case 'commit':
        this.commits++;
        this.committedSamples = message.committedSamples;
        this.lastCommitAt = message.committedAt;
        this.committedBytes = message.committedBytesTotal;
        this.lastCommitMs = message.durationMs;
        this.maxCommitMs = Math.max(this.maxCommitMs, message.durationMs);
        this.workerHeapBytes = message.workerHeapBytes;
        this.emit('commit', this.stats());
        return;
      case 'rejected': {
        this.rejected++;
        this.emit('rejected', new StorageError(message.error));
        return;
      }
      case 'failed': {
        this.committedSamples = message.committedSamples;
        const error = new StorageError(message.error);
        this.end(error, message.closed ? 'interrupted' : 'recording');
        return;
      }
      case 'finished':
        this.committedSamples = message.committedSamples;
        this.committedBytes = this.sentBytes;
        this.end(null, message.status);
        return;
    }
  }

  private end(error: StorageError | null, status: RecordingStatus): void {
    if (this.state === 'finished' || this.state === 'failed') return;
    const wasStarting = this.state === 'starting';
    const alreadyReported = this.error !== null;
    const finalError = error ?? this.error;
    this.error = finalError;
    this.setState(finalError ? 'failed' : 'finished');
    if (finalError && !alreadyReported) this.emit('error', finalError);
    if (wasStarting) {
      this.rejectReady(
        finalError ??
          new StorageError({ code: 'io', message: 'The recording writer ended before it started.' }),
      );
    }
    void this.worker.terminate();
    this.resolveDone({
      recordingId: this.recordingId,
      status,
      committedSamples: this.committedSamples,
      durationS: this.committedSamples / this.sampleRateHz,
      error: finalError,
    });
  }
}
