// A worker thread of the parallel pool: runs a named pure engine function (brain/channel-tasks.ts) on the
// channels it is given, reports progress, honours the shared cancellation flag, and hands the sample buffers
// back together with the result (both transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { CHANNEL_TASKS, type ChannelTask } from '../brain/channel-tasks';
import type { RecordingChannel } from '../brain/input';
import type { RunMessage, WorkerReply } from './parallel-messages';

const port = parentPort;
if (!port) throw new Error('parallel-worker must run in a worker thread');

/** Progress messages at most this often: a message per channel of a 64-channel recording is fine, per segment not. */
const PROGRESS_INTERVAL_MS = 100;

function transferablesOf(data: readonly Float32Array[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const d of data) if (d.buffer instanceof ArrayBuffer) buffers.add(d.buffer);
  return [...buffers];
}

port.on('message', (message: RunMessage) => {
  const data = message.channels.map((c) => c.data);
  try {
    const channels: RecordingChannel[] = message.channels.map((c) => ({
      label: c.label,
      sampleRateHz: c.sampleRateHz,
      physicalRange: c.physicalRange,
      data: c.data,
    }));
    const task = CHANNEL_TASKS[message.task] as ChannelTask<unknown> | undefined;
    if (!task) throw new Error(`unknown engine task '${message.task}'`);
    let lastProgress = 0;
    const result = task.run(
      channels,
      message.params,
      {
        isCancelled: () => Atomics.load(message.cancelFlag, 0) === 1,
        onProgress: (done, total) => {
          const now = Date.now();
          if (done < total && now - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = now;
          const reply: WorkerReply = { type: 'progress', id: message.id, done, total };
          port.postMessage(reply);
        },
      },
      message.options,
    );
    const reply: WorkerReply = { type: 'done', id: message.id, result, data };
    port.postMessage(reply, [...task.transferables(result), ...transferablesOf(data)]);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const reply: WorkerReply = { type: 'error', id: message.id, name: e.name, message: e.message, data };
    port.postMessage(reply, transferablesOf(data));
  }
});
