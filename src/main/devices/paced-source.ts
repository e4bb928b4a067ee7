// Turns a PullSource (synthetic headset, demo or playback) into a live AcquisitionSource: wall-clock time since
// start decides how many samples are due, so the stream keeps its true rate however late a timer fires.
import type { PullSource } from '../../engine/sources/pull-source';
import type { AcquisitionSource, SourceDescription, SourceSink } from './acquisition-source';

export interface PacedSourceOptions {
  readonly description: SourceDescription;
  readonly source: PullSource;
  /** How often samples are handed over; 20 ms keeps the live view smooth without waking the CPU needlessly. */
  readonly tickMs?: number;
  /** Injectable clock for tests. */
  readonly now?: () => number;
}

export class PacedSource implements AcquisitionSource {
  readonly description: SourceDescription;
  readonly #source: PullSource;
  readonly #tickMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #startedAt = 0;
  #delivered = 0;
  #sink: SourceSink | null = null;

  constructor(options: PacedSourceOptions) {
    this.description = options.description;
    this.#source = options.source;
    this.#tickMs = options.tickMs ?? 20;
    this.#now = options.now ?? (() => performance.now());
  }

  start(sink: SourceSink): Promise<void> {
    if (this.#timer) return Promise.resolve();
    this.#sink = sink;
    this.#startedAt = this.#now();
    this.#delivered = 0;
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
    const due = Math.floor(((this.#now() - this.#startedAt) / 1000) * this.#source.sampleRateHz);
    const end = Math.min(due, this.#source.sampleCount);
    if (end <= this.#delivered) {
      if (this.#delivered >= this.#source.sampleCount) {
        void this.stop();
        sink.lost('the recording has been played to its end', false);
      }
      return;
    }
    // Cap one hand-over at 2 s of samples: after a stall (a suspended laptop) the stream catches up in steps.
    const count = Math.min(end - this.#delivered, Math.ceil(this.#source.sampleRateHz * 2));
    const block = this.#source.read(this.#delivered, count);
    this.#delivered += block.sampleCount;
    sink.block(block);
    sink.stats({ samplesReceived: this.#delivered });
  }
}
