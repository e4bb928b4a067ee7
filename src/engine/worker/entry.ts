// Entry of the engine worker thread: receives requests, runs the pure engine, answers with transferred buffers.
import { parentPort, threadId } from 'node:worker_threads';
import { createHandlers } from './handlers';
import {
  CancelledError,
  type HostToWorker,
  type WorkerCallContext,
  type WorkerToHost,
  transferablesOf,
} from './protocol';

const port = parentPort;
if (!port) throw new Error('the engine worker must run in a worker thread');

const handlers = createHandlers(threadId) as Record<
  string,
  (params: unknown, context: WorkerCallContext) => unknown
>;
const cancelled = new Set<number>();
const post = (message: WorkerToHost, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function contextFor(id: number): WorkerCallContext {
  let lastYield = performance.now();
  let lastProgress = 0;
  return {
    get cancelled() {
      return cancelled.has(id);
    },
    progress(done, total) {
      const now = performance.now();
      // At most ~10 progress messages a second: enough for a progress bar, cheap for the channel.
      if (now - lastProgress >= 100 || done >= total) {
        lastProgress = now;
        post({ kind: 'progress', id, done, total });
      }
    },
    async checkpoint() {
      if (performance.now() - lastYield >= 20) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (cancelled.has(id)) throw new CancelledError();
    },
  };
}

port.on('message', (message: HostToWorker) => {
  if (message.kind === 'cancel') {
    cancelled.add(message.id);
    return;
  }
  const { id, method, params } = message;
  const handler = handlers[method];
  void (async () => {
    try {
      if (!handler) throw new Error(`the engine has no method "${method}"`);
      const result = await handler(params, contextFor(id));
      post({ kind: 'response', id, ok: true, result }, transferablesOf(result));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ kind: 'response', id, ok: false, error: { name: e.name, message: e.message } });
    } finally {
      cancelled.delete(id);
    }
  })();
});

post({ kind: 'ready' });
