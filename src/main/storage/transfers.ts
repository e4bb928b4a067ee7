// Runs one import, export or overview in a transfer worker and resolves with its result; progress comes back as
// it goes, an AbortSignal cancels (the worker rolls back or removes its partial file). Errors come back as the
// types they were: FormatError (the file), StorageError (the store or the disk), TransferCancelled.
import { FormatError } from '../../engine/formats';
import { startWorker, workerModuleUrl } from '../../engine/worker/start-worker';
import { DEFAULT_BUSY_TIMEOUT_MS } from './database';
import { StorageError } from './errors';
import type { FromTransfer, ToTransfer, TransferRequest, TransferResult } from './transfer-protocol';

export class TransferCancelled extends Error {
  override readonly name = 'TransferCancelled';
}

export interface TransferOptions {
  readonly onProgress?: (fraction: number, stage: string) => void;
  readonly signal?: AbortSignal;
  readonly busyTimeoutMs?: number;
}

export function runTransfer<R extends TransferRequest>(
  dbFile: string,
  request: R,
  options: TransferOptions = {},
): Promise<TransferResult<R>> {
  const entry = workerModuleUrl(
    import.meta.url,
    new URL('./transfer-worker.ts', import.meta.url),
    'transfer-worker',
  );
  const worker = startWorker(entry, { name: `transfer ${request.type}` });
  return new Promise<TransferResult<R>>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => worker.postMessage({ type: 'cancel' } satisfies ToTransfer);
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', (message: FromTransfer) => {
      if (message.type === 'progress') options.onProgress?.(message.fraction, message.stage);
      else if (message.type === 'done') settle(() => resolve(message.result as TransferResult<R>));
      else {
        const f = message.failure;
        settle(() =>
          reject(
            f.kind === 'format'
              ? new FormatError(f.message)
              : f.kind === 'storage'
                ? new StorageError(f.error)
                : f.kind === 'cancelled'
                  ? new TransferCancelled(f.message)
                  : new Error(f.message),
          ),
        );
      }
    });
    worker.on('error', (error) =>
      settle(() =>
        reject(
          new StorageError({
            code: 'io',
            message: `The ${request.type} stopped unexpectedly: ${error.message}`,
          }),
        ),
      ),
    );
    worker.on('exit', () =>
      settle(() =>
        reject(new StorageError({ code: 'io', message: `The ${request.type} stopped before it finished.` })),
      ),
    );
    worker.postMessage({
      type: 'start',
      dbFile,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      request,
    } satisfies ToTransfer);
    if (options.signal?.aborted) onAbort();
  });
}
