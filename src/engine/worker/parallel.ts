// A tiny pool of worker threads that runs a named pure engine function (brain/channel-tasks.ts) over channel
// ranges, one range per thread, and merges the results. Sample buffers are transferred to the workers and handed
// back with the result (or shared, when they already live in a SharedArrayBuffer); results come back transferred.
// Self-contained: the app's engine worker (entry.ts/protocol.ts) may own a pool and call `analyze` from it.
import type { Worker } from 'node:worker_threads';
import { assembleAnalysis, workOf, type AnalysisOptions, type AnalysisReport } from '../brain/analyze';
import type { ChannelTaskName, ChannelTaskResult } from '../brain/channel-tasks';
import { CancelledError } from '../brain/control';
import type { RecordingChannel, RecordingInput } from '../brain/input';
import { resolveParams, type AnalysisParams, type AnalysisParamsInput } from '../brain/params';
import type { RunMessage, WireChannel, WorkerReply } from './parallel-messages';
import { startWorker, workerModuleUrl } from './start-worker';

export interface ParallelPoolOptions {
  /** Worker threads (default 2: the app's target machines have two cores or more). */
  readonly threads?: number;
  /** The worker script; default parallel-worker.ts/.js next to this file (a .ts file runs through tsx). */
  readonly workerUrl?: URL;
}

/**
 * What happens to the caller's sample buffers:
 * - 'transfer' (default): a channel whose Float32Array spans its whole ArrayBuffer is moved to the worker, not
 *   copied, and comes back in the result's `channels`; the caller's own array is detached meanwhile.
 * - 'copy': every channel is copied into a fresh buffer first; the caller's arrays stay usable.
 * Channels that view part of a larger buffer (planar blocks) are always copied; SharedArrayBuffer-backed ones
 * are always shared.
 */
export type InputOwnership = 'transfer' | 'copy';

export interface ParallelRunOptions {
  /** Samples analysed so far over all threads, and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  readonly ownership?: InputOwnership;
  readonly analysis?: Omit<AnalysisOptions, 'firstIndex'>;
}

/** The input channels handed back with an error of a run (the moved buffers are not lost), if any. */
export function channelsHandedBack(error: unknown): RecordingChannel[] | null {
  if (error instanceof Error && 'channels' in error && Array.isArray(error.channels)) {
    return error.channels as RecordingChannel[];
  }
  return null;
}

export interface ParallelRun<R> {
  /** One result per channel range, in channel order. */
  readonly parts: R[];
  readonly ranges: readonly { readonly start: number; readonly end: number }[];
  /** The input channels, with usable sample arrays (the transferred ones handed back). */
  readonly channels: RecordingChannel[];
}

/** Splits channels into at most `count` contiguous ranges of about equal sample counts. */
export function splitChannels(
  channels: readonly RecordingChannel[],
  count: number,
): { start: number; end: number }[] {
  const total = workOf(channels);
  const ranges: { start: number; end: number }[] = [];
  let start = 0;
  let done = 0;
  for (let r = 0; r < count && start < channels.length; r++) {
    const target = (total * (r + 1)) / count;
    let end = start + 1;
    done += channels[start]!.data.length;
    while (end < channels.length && r < count - 1) {
      const next = channels[end]!.data.length;
      // Take the next channel while that leaves us closer to this range's share.
      if (Math.abs(done + next - target) > Math.abs(done - target)) break;
      done += next;
      end++;
    }
    if (r === count - 1) end = channels.length;
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

type FinalReply = Extract<WorkerReply, { type: 'done' | 'error' }>;

interface Pending {
  readonly resolve: (reply: FinalReply) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: (done: number) => void;
}

function defaultWorkerUrl(): URL {
  return workerModuleUrl(
    import.meta.url,
    new URL('./parallel-worker.ts', import.meta.url),
    'parallel-worker',
  );
}

export class ParallelPool {
  readonly threads: number;
  private readonly workerUrl: URL;
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(options: ParallelPoolOptions = {}) {
    const threads = options.threads ?? 2;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`thread count must be a positive integer, got ${threads}`);
    }
    this.threads = threads;
    this.workerUrl = options.workerUrl ?? defaultWorkerUrl();
  }

  /** Runs `task` over channel ranges, one per thread, and returns the parts in channel order. */
  async runChannelTask<N extends ChannelTaskName>(
    task: N,
    input: RecordingInput,
    params: AnalysisParams,
    options: ParallelRunOptions = {},
  ): Promise<ParallelRun<ChannelTaskResult<N>>> {
    if (this.closed) throw new Error('the parallel pool is closed');
    if (options.signal?.aborted) throw new CancelledError();
    const ranges = splitChannels(input.channels, this.threads);
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const onAbort = () => Atomics.store(cancelFlag, 0, 1);
    options.signal?.addEventListener('abort', onAbort);
    const total = workOf(input.channels);
    const doneByRange = ranges.map(() => 0);
    const channels = [...input.channels];
    const runRange = async (range: { start: number; end: number }, r: number) => {
      const slice = input.channels.slice(range.start, range.end);
      const { wire, transfer, moved } = toWire(slice, options.ownership ?? 'transfer');
      const message: RunMessage = {
        type: 'run',
        id: this.nextId++,
        task,
        params,
        options: { ...options.analysis, firstIndex: range.start },
        channels: wire,
        cancelFlag,
      };
      const reply = await this.send(message, transfer, (done) => {
        doneByRange[r] = done;
        options.onProgress?.(
          doneByRange.reduce((s, v) => s + v, 0),
          total,
        );
      });
      // Hand back the buffers that were moved: the caller's arrays are detached, these are their contents.
      reply.data.forEach((data, i) => {
        if (moved[i]) channels[range.start + i] = { ...slice[i]!, data };
      });
      if (reply.type === 'error') {
        throw reply.name === 'CancelledError'
          ? new CancelledError(reply.message)
          : Object.assign(new Error(reply.message), { name: reply.name });
      }
      return reply.result as ChannelTaskResult<N>;
    };
    try {
      const settled = await Promise.allSettled(
        ranges.map(async (range, r) => {
          try {
            return await runRange(range, r);
          } catch (error) {
            // One range failed: the others need not finish.
            Atomics.store(cancelFlag, 0, 1);
            throw error;
          }
        }),
      );
      const failure = settled.find((s) => s.status === 'rejected');
      if (failure) {
        // The samples are not lost with the run: whatever was moved is handed back on the error too.
        const error = failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
        throw Object.assign(error, { channels });
      }
      return {
        parts: settled.map((s) => (s as PromiseFulfilledResult<ChannelTaskResult<N>>).value),
        ranges,
        channels,
      };
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The full analysis (ENGINE.md) with channels split over the threads; harmony is assembled here. */
  async analyze(
    input: RecordingInput,
    params: AnalysisParamsInput | AnalysisParams = {},
    options: ParallelRunOptions = {},
  ): Promise<{ report: AnalysisReport; channels: RecordingChannel[] }> {
    const resolved = resolveParams(params);
    const run = await this.runChannelTask('analyze-channels', input, resolved, options);
    const signal = options.signal;
    try {
      const report = assembleAnalysis({ ...input, channels: run.channels }, resolved, run.parts, {
        isCancelled: () => signal?.aborted ?? false,
      });
      return { report, channels: run.channels };
    } catch (error) {
      // Cancelled (or failed) while joining the parts: the samples still go back to the caller.
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
        channels: run.channels,
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error('the parallel pool was closed'));
    this.pending.clear();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private send(
    message: RunMessage,
    transfer: ArrayBuffer[],
    onProgress: (done: number) => void,
  ): Promise<FinalReply> {
    const slot = this.freeSlot();
    slot.busy = true;
    // A busy worker keeps the process alive until its answer is in; an idle one must not (see freeSlot).
    slot.worker.ref();
    return new Promise<FinalReply>((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, onProgress });
      slot.worker.postMessage(message, transfer);
    }).finally(() => {
      slot.busy = false;
      slot.worker.unref();
      this.pending.delete(message.id);
    });
  }

  private freeSlot(): Slot {
    const idle = this.slots.find((s) => !s.busy);
    if (idle) return idle;
    const worker = startWorker(this.workerUrl);
    const slot: Slot = { worker, busy: false };
    worker.on('message', (reply: WorkerReply) => this.receive(reply));
    const fail = (error: Error) => {
      // A crashed worker fails whatever it was running and leaves the pool; the next run starts a new one.
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`an engine worker thread exited (code ${code})`));
    });
    // Idle workers must not keep a CLI process alive.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private receive(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === 'progress') {
      pending.onProgress(reply.done);
    } else {
      pending.resolve(reply);
    }
  }
}

function toWire(
  channels: readonly RecordingChannel[],
  ownership: InputOwnership,
): { wire: WireChannel[]; transfer: ArrayBuffer[]; moved: boolean[] } {
  const transfer: ArrayBuffer[] = [];
  const moved: boolean[] = [];
  const wire = channels.map((c) => {
    const d = c.data;
    let data: Float32Array;
    if (d.buffer instanceof SharedArrayBuffer) {
      data = d;
      moved.push(false);
    } else if (
      ownership === 'transfer' &&
      d.byteOffset === 0 &&
      d.byteLength === d.buffer.byteLength &&
      !transfer.includes(d.buffer)
    ) {
      data = d;
      transfer.push(d.buffer);
      moved.push(true);
    } else {
      data = d.slice();
      transfer.push(data.buffer as ArrayBuffer);
      moved.push(false);
    }
    return { label: c.label, sampleRateHz: c.sampleRateHz, physicalRange: c.physicalRange ?? null, data };
  });
  return { wire, transfer, moved };
}
