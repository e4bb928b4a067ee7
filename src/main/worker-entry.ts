// The one place that knows where a worker's code is: a sibling .js of the calling module once built (electron-vite
// emits each worker as its own entry next to the main bundle), a sibling .ts run through tsx in tests and dev.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` (no extension) that sits next to the module whose `import.meta.url` is
 * `callerUrl`. Messages are the caller's business; `workerData` is reserved for the TypeScript bootstrap.
 */
export function startSiblingWorker(
  callerUrl: string,
  name: string,
  options: Omit<WorkerOptions, 'workerData'> = {},
): Worker {
  if (new URL(callerUrl).pathname.endsWith('.ts')) {
    const entry = new URL(`./${name}.ts`, callerUrl).href;
    return new Worker(new URL('./ts-worker-bootstrap.mjs', import.meta.url), {
      ...options,
      workerData: { tsWorkerEntry: entry },
    });
  }
  return new Worker(new URL(`./${name}.js`, callerUrl), options);
}
