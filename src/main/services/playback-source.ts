// A stored recording played back as a live source (BrainFlow's playback board): wall-clock time since start
// decides how many samples are due, read from the store a tick at a time, so the stream keeps its true rate and
// an hour never sits in memory. A gap in the recording is a SampleGap here too, never filled in. A mixed-rate
// import plays its fastest signals (the recording's own clock).
import type { SampleGap } from '../../shared/samples';
import type { RecordingId, RecordingStore } from '../storage';
import type { AcquisitionSource, SourceDescription, SourceSink } from '../devices/acquisition-source';

export interface StorePlaybackOptions {
  /** How often samples are handed over (default 20 ms). */
  readonly tickMs?: number;
  readonly now?: () => number;
}

export class StorePlaybackSource implements AcquisitionSource {
  readonly description: SourceDescription;
  readonly #store: RecordingStore;
  readonly #id: RecordingId;
  readonly #sampleCount: number;
  readonly #rate: number;
  readonly #reasons: ReadonlyMap<number, SampleGap['reason']>;
  readonly #tickMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #sink: SourceSink | null = null;
  #startedAt = 0;
  /** Clock position up to which samples have been handed over (or found missing). */
  #delivered = 0;
  /** The position the next block should start at. */
  #expected = 0;
  #received = 0;

  constructor(store: RecordingStore, recordingId: string, options: StorePlaybackOptions = {}) {
    const r = store.get(recordingId);
    if (r.status === 'recording') {
      throw new RangeError(`"${r.label}" is still being recorded; play it back once it has stopped.`);
    }
    if (r.sampleCount === 0) throw new RangeError(`"${r.label}" holds no samples to play back.`);
    const main = r.streams[0]!;
    const labels = main.channels.map((i) => r.channels[i]!.label);
    const others = r.channelCount - labels.length;
    this.#store = store;
    this.#id = r.id;
    this.#sampleCount = r.sampleCount;
    this.#rate = r.sampleRateHz;
    this.#reasons = new Map(store.gaps(r.id).map((g) => [g.atSample, g.reason]));
    this.#tickMs = options.tickMs ?? 20;
    this.#now = options.now ?? (() => performance.now());
    const gains = main.channels.flatMap((i) => r.channels[i]?.gain ?? []);
    this.description = {
      kind: 'playback',
      label: `Playback of "${r.label}"${others > 0 ? ` (its ${labels.length} signals at ${r.sampleRateHz} Hz; ${others} at other rates are not played)` : ''}`,
      board: r.board,
      sampleRateHz: r.sampleRateHz,
      channelLabels: labels,
      detail: `recording ${r.id}`,
      ...(gains.length === labels.length && { gains }),
    };
  }

  start(sink: SourceSink): Promise<void> {
    if (this.#timer) return Promise.resolve();
    this.#sink = sink;
    this.#startedAt = this.#now();
    this.#timer = setInterval(() => this.#tick(), this.#tickMs);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#sink = null;
    return Promise.resolve();
  }

  #tick(): void {
    const sink = this.#sink;
    if (!sink) return;
    const due = Math.floor(((this.#now() - this.#startedAt) / 1000) * this.#rate);
    const end = Math.min(due, this.#sampleCount);
    if (end <= this.#delivered) {
      if (this.#delivered >= this.#sampleCount) {
        void this.stop();
        sink.lost('the recording has been played to its end', false);
      }
      return;
    }
    // At most 2 s per hand-over: after a stall the stream catches up in steps.
    const to = Math.min(end, this.#delivered + Math.ceil(this.#rate * 2));
    let blocks;
    try {
      blocks = this.#store.readBlocks(this.#id, {
        fromSample: this.#delivered,
        toSample: to,
      });
    } catch (error) {
      void this.stop();
      sink.lost(error instanceof Error ? error.message : String(error), false);
      return;
    }
    for (const block of blocks) {
      if (block.firstSample > this.#expected) {
        sink.gap({
          atSample: block.firstSample,
          missingSamples: block.firstSample - this.#expected,
          reason: this.#reasons.get(block.firstSample) ?? 'file-gap',
        });
      }
      sink.block(block);
      this.#expected = block.firstSample + block.sampleCount;
      this.#received += block.sampleCount;
    }
    this.#delivered = to;
    sink.stats({ samplesReceived: this.#received });
  }
}
