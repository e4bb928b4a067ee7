// A small client of the engine worker for callers outside the desktop's main process (the cloud server): typed
// requests with progress and cancellation, a fresh worker after a crash, and the worker's error names kept so a
// caller can tell bad input from a fault. The desktop supervises its worker with src/main/engine-host instead.
import type { Worker } from 'node:worker_threads';
import type { EngineWorkerMethod, EngineWorkerMethods, HostToWorker, WorkerToHost } from './protocol';
import { startWorker, workerModuleUrl } from './start-worker';

export function engineWorkerEntry(): URL {
  return workerModuleUrl(import.meta.url, new URL('./entry.ts', import.meta.url), 'engine-worker');
}

/** A failure inside the worker, with the name of the error thrown there (SoundInputError, CancelledError...). */
export class EngineWorkerError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress: ((done: number, total: number) => void) | undefined;
  cleanup(): void;
}

export interface ClientRequestOptions {
  readonly transfer?: readonly ArrayBuffer[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export class EngineWorkerClient {
  readonly #entry: URL;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | null = null;
  #ready: Promise<Worker> | null = null;
  #nextId = 1;
  #closed = false;

  constructor(entry: URL = engineWorkerEntry()) {
    this.#entry = entry;
  }

  async request<M extends EngineWorkerMethod>(
    method: M,
    params: EngineWorkerMethods[M]['params'],
    options: ClientRequestOptions = {},
  ): Promise<EngineWorkerMethods[M]['result']> {
    const worker = await this.#start();
    if (options.signal?.aborted) throw new EngineWorkerError('CancelledError', 'cancelled');
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => worker.postMessage({ kind: 'cancel', id } satisfies HostToWorker);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve,
        reject,
        onProgress: options.onProgress,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      });
      worker.postMessage({ kind: 'request', id, method, params } satisfies HostToWorker, [
        ...(options.transfer ?? []),
      ]);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#ready = null;
    this.#failPending(new Error('the engine worker was closed'));
    if (worker) await worker.terminate();
  }

  #start(): Promise<Worker> {
    if (this.#closed) return Promise.reject(new Error('the engine worker client is closed'));
    this.#ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = startWorker(this.#entry);
      // An idle engine thread must not keep a server's process alive after it was asked to stop.
      worker.unref();
      this.#worker = worker;
      let errored: Error | null = null;
      worker.on('message', (message: WorkerToHost) => {
        if (message.kind === 'ready') {
          resolve(worker);
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
        else pending.reject(new EngineWorkerError(message.error.name, message.error.message));
      });
      worker.on('error', (error) => {
        errored = error;
      });
      worker.on('exit', (code) => {
        if (this.#worker !== worker) return;
        this.#worker = null;
        this.#ready = null;
        const crash = new Error(
          `the engine worker stopped (${errored ? errored.message : `exit code ${code}`}); the next request starts a new one`,
        );
        this.#failPending(crash);
        reject(crash);
      });
    });
    return this.#ready;
  }

  #failPending(error: Error): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.cleanup();
      pending.reject(error);
    }
  }
}
