// The acquisition service: owns the current source, keeps its status and loss counters, and fans its blocks out
// to the UI (as binary frames, at most ~60 per second) and to in-process consumers (recording writer, engine).
import {
  ApiError,
  type ConnectRequest,
  type Marker,
  type Notice,
  type SourceStats,
  type SourceStatus,
} from '../../shared/api';
import { encodeFrame } from '../../shared/frames';
import type { SampleBlock, SampleGap } from '../../shared/samples';
import type { AcquisitionSource, SourceSink } from '../devices/acquisition-source';
import type { EventHub } from './event-hub';

export type SourceFactory = (request: ConnectRequest) => Promise<AcquisitionSource>;

export interface BlockConsumer {
  block(block: SampleBlock, segment: number): void;
  gap?(gap: SampleGap, segment: number): void;
  marker?(marker: Marker): void;
  segmentStarted?(segment: number, status: SourceStatus): void;
}

export const IDLE_STATUS: SourceStatus = {
  state: 'idle',
  kind: null,
  label: 'No source',
  board: null,
  sampleRateHz: 0,
  channelLabels: [],
  segment: 0,
  message: null,
};

export const ZERO_STATS: SourceStats = {
  samplesReceived: 0,
  droppedSamples: 0,
  gaps: 0,
  resyncs: 0,
  bytesDiscarded: 0,
  checksumFailures: 0,
  displayFramesSkipped: 0,
};

export interface AcquisitionServiceOptions {
  readonly events: EventHub;
  readonly createSource: SourceFactory;
  /** Tells the person at the bench (a toast in the UI). */
  readonly notify: (level: Notice['level'], message: string) => void;
  /** Minimum spacing of UI frames; blocks arriving faster are merged into one frame. */
  readonly minFrameIntervalMs?: number;
  readonly statsIntervalMs?: number;
}

export class AcquisitionService {
  readonly #events: EventHub;
  readonly #createSource: SourceFactory;
  readonly #notify: AcquisitionServiceOptions['notify'];
  readonly #minFrameIntervalMs: number;
  readonly #consumers = new Set<BlockConsumer>();
  #source: AcquisitionSource | null = null;
  #status: SourceStatus = IDLE_STATUS;
  #stats: SourceStats = ZERO_STATS;
  #statsDirty = false;
  #segment = 0;
  /** Index of the next sample expected in the current segment (= samples received in it when contiguous). */
  #nextSample = 0;
  #frameSeq = 0;
  #pending: SampleBlock[] = [];
  #flushTimer: NodeJS.Timeout | null = null;
  #lastFlushAt = 0;
  readonly #statsTimer: NodeJS.Timeout;

  constructor(options: AcquisitionServiceOptions) {
    this.#events = options.events;
    this.#createSource = options.createSource;
    this.#notify = options.notify;
    this.#minFrameIntervalMs = options.minFrameIntervalMs ?? 1000 / 60;
    this.#statsTimer = setInterval(() => this.#publishStats(), options.statsIntervalMs ?? 500);
    this.#statsTimer.unref();
  }

  get status(): SourceStatus {
    return this.#status;
  }

  get stats(): SourceStats {
    return this.#stats;
  }

  /** The source connected now (null while none is), for the controls that only some sources have. */
  get currentSource(): AcquisitionSource | null {
    return this.#source;
  }

  /** In-process consumers see every block, in order, before the UI does. */
  addConsumer(consumer: BlockConsumer): () => void {
    this.#consumers.add(consumer);
    return () => this.#consumers.delete(consumer);
  }

  async connect(request: ConnectRequest): Promise<SourceStatus> {
    await this.disconnect();
    this.#setStatus({
      ...IDLE_STATUS,
      state: 'connecting',
      kind: request.kind,
      label: `Connecting (${request.kind})`,
    });
    let source: AcquisitionSource;
    try {
      source = await this.#createSource(request);
    } catch (error) {
      this.#setStatus({ ...IDLE_STATUS, state: 'error', kind: request.kind, message: readable(error) });
      throw error instanceof ApiError
        ? error
        : new ApiError({ code: 'device_error', message: readable(error) });
    }
    this.#source = source;
    this.#stats = ZERO_STATS;
    this.#statsDirty = true;
    this.#startSegment(source, 'streaming');
    try {
      await source.start(this.#sinkFor(source));
    } catch (error) {
      this.#source = null;
      this.#setStatus({ ...this.#status, state: 'error', message: readable(error) });
      throw error instanceof ApiError
        ? error
        : new ApiError({ code: 'device_error', message: readable(error) });
    }
    return this.#status;
  }

  async disconnect(): Promise<SourceStatus> {
    const source = this.#source;
    this.#source = null;
    if (source) {
      await source.stop();
      this.#flushFrames();
      this.#setStatus({ ...this.#status, state: 'stopped', message: null });
    }
    return this.#status;
  }

  /** Puts a labelled marker at the newest sample received; refused when nothing is streaming. */
  addMarker(label: string, source: Marker['source']): Marker {
    if (!this.#source || this.#status.state !== 'streaming' || this.#nextSample === 0) {
      throw new ApiError({
        code: 'conflict',
        message: 'A marker needs a streaming source: connect one first.',
      });
    }
    const marker: Marker = {
      segment: this.#segment,
      sample: this.#nextSample - 1,
      label,
      source,
      atMs: Date.now(),
    };
    for (const c of this.#consumers) c.marker?.(marker);
    this.#events.emit('marker.added', marker);
    return marker;
  }

  /** A transport could not deliver some display frames (slow client); counted, never hidden. */
  noteDisplayFramesSkipped(count: number): void {
    this.#updateStats({ displayFramesSkipped: this.#stats.displayFramesSkipped + count });
  }

  async dispose(): Promise<void> {
    clearInterval(this.#statsTimer);
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    await this.disconnect();
  }

  #startSegment(source: AcquisitionSource, state: SourceStatus['state']): void {
    this.#segment += 1;
    this.#nextSample = 0;
    const d = source.description;
    this.#setStatus({
      state,
      kind: d.kind,
      label: d.label,
      board: d.board,
      sampleRateHz: d.sampleRateHz,
      channelLabels: d.channelLabels,
      segment: this.#segment,
      message: null,
    });
    for (const c of this.#consumers) c.segmentStarted?.(this.#segment, this.#status);
  }

  #sinkFor(source: AcquisitionSource): SourceSink {
    // Calls from a source that has since been replaced are ignored: its samples belong to no current segment.
    const live = () => this.#source === source;
    return {
      block: (block) => {
        if (!live()) return;
        this.#nextSample = block.firstSample + block.sampleCount;
        for (const c of this.#consumers) c.block(block, this.#segment);
        this.#queueFrame(block);
      },
      gap: (gap) => {
        if (!live()) return;
        for (const c of this.#consumers) c.gap?.(gap, this.#segment);
        this.#updateStats({
          gaps: this.#stats.gaps + 1,
          droppedSamples: this.#stats.droppedSamples + gap.missingSamples,
        });
      },
      lost: (reason, reconnecting) => {
        if (!live()) return;
        this.#flushFrames();
        this.#setStatus({ ...this.#status, state: reconnecting ? 'reconnecting' : 'lost', message: reason });
        this.#notify('warning', `${this.#status.label}: ${reason}`);
      },
      resumed: () => {
        if (!live()) return;
        this.#startSegment(source, 'streaming');
      },
      stats: (partial) => {
        if (live()) this.#updateStats(partial);
      },
    };
  }

  #queueFrame(block: SampleBlock): void {
    if (this.#events.frameListenerCount === 0) return;
    this.#pending.push(block);
    if (this.#flushTimer) return;
    const wait = Math.max(0, this.#lastFlushAt + this.#minFrameIntervalMs - performance.now());
    if (wait === 0) this.#flushFrames();
    else this.#flushTimer = setTimeout(() => this.#flushFrames(), wait);
  }

  #flushFrames(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    const blocks = this.#pending;
    this.#pending = [];
    if (blocks.length === 0) return;
    this.#lastFlushAt = performance.now();
    for (const run of contiguousRuns(blocks)) {
      this.#events.publishFrame(encodeFrame({ ...run, seq: this.#frameSeq++, segment: this.#segment }));
    }
  }

  #setStatus(status: SourceStatus): void {
    this.#status = status;
    this.#events.emit('source.status', status);
  }

  #updateStats(partial: Partial<SourceStats>): void {
    this.#stats = { ...this.#stats, ...partial };
    this.#statsDirty = true;
  }

  #publishStats(): void {
    if (!this.#statsDirty) return;
    this.#statsDirty = false;
    this.#events.emit('source.stats', this.#stats);
  }
}

/** Merges blocks that continue each other (same shape, next sample) so one frame carries them. */
export function contiguousRuns(blocks: readonly SampleBlock[]): SampleBlock[] {
  const runs: SampleBlock[][] = [];
  for (const block of blocks) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (
      run &&
      last &&
      last.channelCount === block.channelCount &&
      last.sampleRateHz === block.sampleRateHz &&
      last.firstSample + last.sampleCount === block.firstSample
    ) {
      run.push(block);
    } else {
      runs.push([block]);
    }
  }
  return runs.map((run) => {
    const first = run[0]!;
    if (run.length === 1) return first;
    const sampleCount = run.reduce((n, b) => n + b.sampleCount, 0);
    const data = new Float32Array(first.channelCount * sampleCount);
    let offset = 0;
    for (const b of run) {
      for (let c = 0; c < first.channelCount; c++) {
        data.set(b.data.subarray(c * b.sampleCount, (c + 1) * b.sampleCount), c * sampleCount + offset);
      }
      offset += b.sampleCount;
    }
    return {
      firstSample: first.firstSample,
      sampleCount,
      channelCount: first.channelCount,
      sampleRateHz: first.sampleRateHz,
      data,
    };
  });
}

function readable(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
