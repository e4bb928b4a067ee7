// Spawns and supervises the engine worker: typed requests with progress and cancellation, and a restart policy
// so a crash becomes a readable error and a fresh worker, never a hung UI.
import type { Worker } from 'node:worker_threads';
import type { EngineStatus } from '../../shared/api';
import type {
  EngineWorkerMethod,
  EngineWorkerMethods,
  HostToWorker,
  WorkerErrorBody,
  WorkerToHost,
} from '../../engine/worker/protocol';
import { startWorker, workerModuleUrl } from '../../engine/worker/start-worker';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    message: string,
    readonly kind: 'crashed' | 'failed' | 'cancelled' | 'unavailable',
  ) {
    super(message);
  }
}

export interface RequestOptions {
  readonly transfer?: readonly ArrayBuffer[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface EngineHostOptions {
  /** Worker entry; defaults to the engine worker (built bundle or TypeScript source). */
  readonly entry?: URL;
  readonly onStatus?: (status: EngineStatus) => void;
  /** Crashes tolerated within `restartWindowMs` before the host stops restarting and reports "failed". */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  readonly resourceLimits?: { maxOldGenerationSizeMb?: number };
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress: ((done: number, total: number) => void) | undefined;
  cleanup(): void;
}

export function defaultEngineEntry(): URL {
  return workerModuleUrl(
    import.meta.url,
    new URL('../../engine/worker/entry.ts', import.meta.url),
    'engine-worker',
  );
}

export class EngineHost {
  readonly #entry: URL;
  readonly #options: EngineHostOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #crashTimes: number[] = [];
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #nextId = 1;
  #disposed = false;
  #status: EngineStatus = { state: 'starting', restarts: 0, lastError: null };

  constructor(options: EngineHostOptions = {}) {
    this.#options = options;
    this.#entry = options.entry ?? defaultEngineEntry();
  }

  get status(): EngineStatus {
    return this.#status;
  }

  /** Starts the worker if it is not running; resolves when it has said it is ready. */
  start(): Promise<void> {
    if (this.#disposed)
      return Promise.reject(new EngineError('the engine has been shut down', 'unavailable'));
    this.#ready ??= this.#spawn();
    return this.#ready;
  }

  async request<M extends EngineWorkerMethod>(
    method: M,
    params: EngineWorkerMethods[M]['params'],
    options: RequestOptions = {},
  ): Promise<EngineWorkerMethods[M]['result']> {
    if (this.#status.state === 'failed') {
      throw new EngineError(
        `The analysis engine is unavailable: ${this.#status.lastError ?? 'it failed to start'}`,
        'unavailable',
      );
    }
    await this.start();
    const worker = this.#worker;
    if (!worker) throw new EngineError('The analysis engine is not running', 'unavailable');
    if (options.signal?.aborted) throw new EngineError('The analysis was cancelled', 'cancelled');
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => this.#post({ kind: 'cancel', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve,
        reject,
        onProgress: options.onProgress,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      });
      this.#post({ kind: 'request', id, method, params }, options.transfer);
    });
  }

  /** Restarts a failed (or running) engine on the user's request; the crash budget starts afresh. */
  async restart(): Promise<EngineStatus> {
    this.#crashTimes.length = 0;
    await this.#stopWorker(new EngineError('The analysis engine was restarted', 'crashed'));
    this.#setStatus({
      state: 'starting',
      restarts: this.#status.restarts,
      lastError: this.#status.lastError,
    });
    await this.start();
    return this.#status;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#stopWorker(new EngineError('The analysis engine has been shut down', 'unavailable'));
  }

  #post(message: HostToWorker, transfer: readonly ArrayBuffer[] = []): void {
    this.#worker?.postMessage(message, [...transfer]);
  }

  #spawn(): Promise<void> {
    const limits = this.#options.resourceLimits;
    const worker = startWorker(this.#entry, {
      ...(limits?.maxOldGenerationSizeMb && {
        resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb },
      }),
    });
    this.#worker = worker;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: WorkerToHost) => {
        if (message.kind === 'ready') {
          ready = true;
          this.#setStatus({
            state: 'ready',
            restarts: this.#status.restarts,
            lastError: this.#status.lastError,
          });
          resolve();
          return;
        }
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        if (message.kind === 'progress') {
          pending.onProgress?.(message.done, message.total);
          return;
        }
        this.#pending.delete(message.id);
        pending.cleanup();
        if (message.ok) pending.resolve(message.result);
        else pending.reject(toEngineError(message.error));
      });
      let errored: Error | null = null;
      worker.on('error', (error) => {
        errored = error;
      });
      worker.on('exit', (code) => {
        if (this.#worker !== worker) return;
        this.#worker = null;
        this.#ready = null;
        if (this.#disposed) return;
        const reason = errored ? `${errored.name}: ${errored.message}` : `it exited with code ${code}`;
        const crash = new EngineError(
          `The analysis engine stopped unexpectedly (${reason}). It is being restarted; please run the analysis again.`,
          'crashed',
        );
        this.#failPending(crash);
        if (!ready) reject(crash);
        this.#afterCrash(reason);
      });
    });
  }

  #afterCrash(reason: string): void {
    const now = Date.now();
    const windowMs = this.#options.restartWindowMs ?? 60_000;
    this.#crashTimes.push(now);
    while (this.#crashTimes.length && now - this.#crashTimes[0]! > windowMs) this.#crashTimes.shift();
    if (this.#crashTimes.length > (this.#options.maxRestarts ?? 3)) {
      this.#setStatus({
        state: 'failed',
        restarts: this.#status.restarts,
        lastError: `${reason}; it crashed ${this.#crashTimes.length} times within ${Math.round(windowMs / 1000)} s, so it was not restarted again`,
      });
      return;
    }
    this.#setStatus({ state: 'restarting', restarts: this.#status.restarts + 1, lastError: reason });
    const backoffMs = 100 * 2 ** (this.#crashTimes.length - 1);
    setTimeout(() => {
      if (this.#disposed || this.#worker) return;
      this.start().catch(() => undefined);
    }, backoffMs).unref();
  }

  #failPending(error: Error): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.cleanup();
      pending.reject(error);
    }
  }

  async #stopWorker(reason: Error): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#ready = null;
    this.#failPending(reason);
    if (worker) await worker.terminate();
  }

  #setStatus(status: EngineStatus): void {
    this.#status = status;
    this.#options.onStatus?.(status);
  }
}

function toEngineError(body: WorkerErrorBody): EngineError {
  if (body.name === 'CancelledError') return new EngineError('The analysis was cancelled', 'cancelled');
  return new EngineError(`The analysis failed: ${body.message}`, 'failed');
}
