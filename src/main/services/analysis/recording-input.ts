// A stored recording (or a time range of it) as analysis input: one Float32Array per channel, each on a buffer
// of its own so it can be transferred to the engine worker. better-sqlite3 reads synchronously, so by default the
// samples are gathered in a reader thread with its own connection and handed over (transferred); the main event
// loop only receives messages. The in-process reader (slices of a few chunks, yielding whenever a slice has taken
// `budgetMs`) is kept for comparison in the benchmark and for stores a thread cannot open.
import type { AnalyzeRecordingJson } from '../../../shared/analysis';
import { checkTimeRange, type TimeRangeS } from '../../../engine/brain/file-input';
import { boardAdcRangeUv } from '../../../engine/protocols/adc-range';
import type { AnalysisChannelWire } from '../../../engine/worker/analysis-protocol';
import { startWorker, workerModuleUrl } from '../../../engine/worker/start-worker';
import {
  asRecordingId,
  StorageError,
  type RecordingDetail,
  type RecordingStore,
  type StoredChannel,
} from '../../storage';
import type { SampleLayout } from '../../storage/repositories/samples';
import { cancelledError, yieldToEventLoop } from './control';
import { ChannelGatherer } from './sample-copy';
import type { ReaderReply, ReadRequest } from './sample-reader-protocol';

export type SampleReader = 'thread' | 'in-process';

export interface ReadOptions {
  readonly onProgress?: (doneSamples: number, totalSamples: number) => void;
  readonly signal?: AbortSignal;
  /** Where the store is read (default 'thread'). */
  readonly reader?: SampleReader;
  /** In-process reader: longest stretch of synchronous reading before the event loop gets a turn (default 8 ms). */
  readonly budgetMs?: number;
  /** Bytes read per store call (default 2 MiB: a few chunks of a 64-channel recording). */
  readonly stepBytes?: number;
}

export interface RecordingAnalysisInput {
  readonly detail: RecordingDetail;
  readonly channels: AnalysisChannelWire[];
  readonly fromSample: number;
  readonly toSample: number;
  readonly recording: Omit<AnalyzeRecordingJson, 'channels'>;
}

interface ReadPlan {
  readonly detail: RecordingDetail;
  /** Stream 0: the channels at the recording's own rate (the only stream unless an import mixed rates). */
  readonly layout: SampleLayout;
  readonly channels: readonly StoredChannel[];
  readonly fromS: number;
  readonly toS: number;
  readonly fromSample: number;
  readonly toSample: number;
  readonly gapCount: number;
  readonly capacity: number;
  readonly stepSamples: number;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Samples the gaps of [from, to) leave out. */
function missingIn(gaps: readonly { atSample: number; missingSamples: number }[], from: number, to: number) {
  let missing = 0;
  for (const g of gaps) {
    const start = Math.max(from, g.atSample - g.missingSamples);
    const end = Math.min(to, g.atSample);
    if (end > start) missing += end - start;
  }
  return missing;
}

function adcRangeWords(detail: RecordingDetail): string {
  if (detail.board === 'cyton' || detail.board === 'cyton-daisy') {
    const gains = new Set(detail.channels.map((c) => c.gain ?? null));
    const assumed = gains.has(null) ? ' (gain 24, the board default, where no gain was stored)' : '';
    return `Cyton ADS1299 full scale at each channel's gain: +-187500 uV at gain 24${assumed}`;
  }
  if (detail.board === 'thinkgear') return 'ThinkGear 16-bit raw counts at 0.22 uV per count';
  return 'unknown for this source: railed fractions are not computed';
}

function plan(store: RecordingStore, recordingId: string, range: TimeRangeS, stepBytes: number): ReadPlan {
  const detail = store.get(store.resolveId(recordingId));
  const rate = detail.sampleRateHz;
  if (detail.sampleCount === 0) throw new RangeError(`recording '${detail.label}' holds no samples yet`);
  const { fromS, toS } = checkTimeRange(range, detail.sampleCount / rate);
  const fromSample = Math.round(fromS * rate);
  const toSample = Math.max(fromSample + 1, Math.min(detail.sampleCount, Math.round(toS * rate)));
  const gaps = store.gaps(asRecordingId(detail.id), { fromSample, toSample });
  const stream = detail.streams[0];
  if (!stream) throw new RangeError(`recording '${detail.label}' has no stored signals`);
  const layout: SampleLayout = {
    id: detail.id,
    stream: stream.index,
    channelCount: stream.channels.length,
    sampleRateHz: stream.sampleRateHz,
    chunkSamples: stream.chunkSamples,
    sampleCount: stream.sampleCount,
  };
  const channels = stream.channels.map((index) => {
    const channel = detail.channels.find((ch) => ch.index === index);
    if (!channel) throw new RangeError(`recording '${detail.label}' lacks its channel ${index}`);
    return channel;
  });
  const chunks = Math.max(1, Math.floor(stepBytes / (4 * layout.channelCount) / layout.chunkSamples));
  return {
    detail,
    layout,
    channels,
    fromS,
    toS,
    fromSample,
    toSample,
    gapCount: gaps.length,
    capacity: toSample - fromSample - missingIn(gaps, fromSample, toSample),
    stepSamples: chunks * layout.chunkSamples,
  };
}

async function readInProcess(
  store: RecordingStore,
  p: ReadPlan,
  options: ReadOptions,
): Promise<{ channels: Float32Array[]; filled: number }> {
  const id = asRecordingId(p.detail.id);
  const total = p.toSample - p.fromSample;
  const gatherer = new ChannelGatherer(p.layout.channelCount, p.capacity, total);
  const budgetMs = options.budgetMs ?? 8;
  let sliceStart = performance.now();
  for (let at = p.fromSample; at < p.toSample; at += p.stepSamples) {
    const end = Math.min(p.toSample, at + p.stepSamples);
    for (const block of store.readBlocks(id, { fromSample: at, toSample: end }, p.layout.stream))
      gatherer.add(block);
    if (performance.now() - sliceStart >= budgetMs) {
      options.onProgress?.(end - p.fromSample, total);
      await yieldToEventLoop();
      if (options.signal?.aborted) throw cancelledError();
      sliceStart = performance.now();
    }
  }
  return { channels: gatherer.finish(), filled: gatherer.filled };
}

function readerWorkerUrl(): URL {
  return workerModuleUrl(
    import.meta.url,
    new URL('./sample-reader-worker.ts', import.meta.url),
    'analysis-reader-worker',
  );
}

function readInThread(
  store: RecordingStore,
  p: ReadPlan,
  options: ReadOptions,
): Promise<{ channels: Float32Array[]; filled: number }> {
  if (options.signal?.aborted) return Promise.reject(cancelledError());
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = startWorker(readerWorkerUrl());
  const request: ReadRequest = {
    file: store.file,
    layout: p.layout,
    range: { fromSample: p.fromSample, toSample: p.toSample },
    capacity: p.capacity,
    stepSamples: p.stepSamples,
    cancelFlag,
  };
  const onAbort = () => Atomics.store(cancelFlag, 0, 1);
  options.signal?.addEventListener('abort', onAbort);
  return new Promise<{ channels: Float32Array[]; filled: number }>((resolve, reject) => {
    worker.on('message', (reply: ReaderReply) => {
      if (reply.type === 'progress') options.onProgress?.(reply.done, reply.total);
      else if (reply.type === 'done') resolve({ channels: [...reply.channels], filled: reply.filled });
      else if (reply.type === 'cancelled') reject(cancelledError());
      else reject(new StorageError(reply.error));
    });
    worker.on('error', (error) => reject(error));
    worker.on('exit', (code) =>
      reject(
        new StorageError({
          code: 'io',
          message: `The sample reader stopped unexpectedly (exit code ${code}) while reading ${p.detail.label}; try again.`,
        }),
      ),
    );
    worker.postMessage(request);
  }).finally(() => {
    options.signal?.removeEventListener('abort', onAbort);
    void worker.terminate();
  });
}

export async function readRecordingForAnalysis(
  store: RecordingStore,
  recordingId: string,
  range: TimeRangeS,
  options: ReadOptions = {},
): Promise<RecordingAnalysisInput> {
  const p = plan(store, recordingId, range, options.stepBytes ?? 2 * 1024 * 1024);
  const { detail } = p;
  const rate = detail.sampleRateHz;
  const total = p.toSample - p.fromSample;
  const { channels, filled } =
    options.reader === 'in-process'
      ? await readInProcess(store, p, options)
      : await readInThread(store, p, options);
  options.onProgress?.(total, total);
  if (filled === 0) {
    throw new RangeError(`recording '${detail.label}' has no samples between ${p.fromS} s and ${p.toS} s`);
  }
  const notes: string[] = [];
  if (p.gapCount) {
    notes.push(
      `${p.gapCount} gap(s) in the range (${round3((total - filled) / rate)} s without samples) were joined end to end; nothing was filled in.`,
    );
  }
  const otherRates = detail.channels.length - p.channels.length;
  if (otherRates > 0) {
    notes.push(
      `${otherRates} channel(s) stored at other rates than ${rate} Hz (an imported file that mixed rates) are not in this report; analyse the original file to include them.`,
    );
  }
  if (detail.status === 'interrupted') {
    notes.push(`The recording was interrupted: ${detail.stopReason ?? 'it did not stop cleanly'}.`);
  }
  if (detail.status === 'recording') {
    notes.push('The recording was still in progress: analysed up to its last saved second.');
  }
  return {
    detail,
    fromSample: p.fromSample,
    toSample: p.toSample,
    channels: p.channels.map((ch, c) => ({
      label: ch.label,
      sampleRateHz: rate,
      physicalRange: boardAdcRangeUv(detail.board, ch.gain),
      data: channels[c]!,
    })),
    recording: {
      id: detail.id,
      label: detail.label,
      board: detail.board,
      sample_rates_hz: [rate],
      from_s: round3(p.fromSample / rate),
      to_s: round3(p.toSample / rate),
      duration_s: round3(filled / rate),
      gaps: p.gapCount,
      missing_s: round3((total - filled) / rate),
      adc_range: adcRangeWords(detail),
      notes,
    },
  };
}
