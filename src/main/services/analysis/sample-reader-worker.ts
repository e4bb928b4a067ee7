// The sample reader thread: opens its own read connection to the recordings database (WAL lets it read while a
// recording is written), gathers a range of a recording into one Float32Array per channel and hands them over
// (transferred). Reading hundreds of megabytes costs the main process nothing but the messages.
import { parentPort } from 'node:worker_threads';
import { openDatabase } from '../../storage/database';
import { toStorageError } from '../../storage/errors';
import { SamplesRepository } from '../../storage/repositories/samples';
import type { ReaderReply, ReadRequest } from './sample-reader-protocol';
import { ChannelGatherer } from './sample-copy';

const port = parentPort;
if (!port) throw new Error('sample-reader-worker.ts runs as a worker thread');

const PROGRESS_INTERVAL_MS = 100;

function reply(message: ReaderReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

port.once('message', (request: ReadRequest) => {
  let db: ReturnType<typeof openDatabase>['db'] | null = null;
  try {
    db = openDatabase(request.file, { migrate: false }).db;
    const samples = new SamplesRepository(db);
    const { fromSample, toSample } = request.range;
    const gatherer = new ChannelGatherer(
      request.layout.channelCount,
      request.capacity,
      toSample - fromSample,
    );
    let lastProgress = 0;
    for (let at = fromSample; at < toSample; at += request.stepSamples) {
      if (Atomics.load(request.cancelFlag, 0) === 1) {
        reply({ type: 'cancelled' });
        return;
      }
      const range = { fromSample: at, toSample: Math.min(toSample, at + request.stepSamples) };
      for (const block of samples.read(request.layout, range)) gatherer.add(block);
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = now;
        reply({ type: 'progress', done: range.toSample - fromSample, total: toSample - fromSample });
      }
    }
    const channels = gatherer.finish();
    reply(
      { type: 'done', channels, filled: gatherer.filled },
      channels.map((c) => c.buffer as ArrayBuffer),
    );
  } catch (error) {
    const e = toStorageError(error, 'reading samples for an analysis', request.file);
    reply({ type: 'error', error: { code: e.code, message: e.message } });
  } finally {
    db?.close();
  }
});
