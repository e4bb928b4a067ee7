// The live view's memory: the last N seconds of every channel, with a display-only DC blocker so the raw
// offsets of an EEG amplifier (tens of millivolts on a Cyton) do not push the traces off screen.
// Gaps and new segments become NaN breaks: the view never draws a line across samples that do not exist.
// Frames the services already filtered for display (the Live page's band-pass) are kept as they come.
import type { SampleFrame } from '../../shared/frames';

/** First-order DC blocker y[n] = x[n] - x[n-1] + r*y[n-1]; r from the cutoff. Display only, never stored. */
export const DISPLAY_HIGHPASS_HZ = 0.5;

export class SampleRing {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly capacity: number;
  readonly #channels: Float32Array[];
  readonly #prevIn: Float64Array;
  readonly #prevOut: Float64Array;
  readonly #r: number;
  #primed = false;
  #dcBlocker = true;
  /** Index (stream clock) of the next sample expected; -1 before the first frame. */
  #nextSample = -1;
  #segment = -1;
  /** Samples written since the ring was created, including NaN gap fillers; the write head. */
  written = 0;
  /** Real samples received (not gap fillers). */
  samplesReceived = 0;
  framesReceived = 0;
  gapsSeen = 0;

  constructor(channelCount: number, sampleRateHz: number, seconds: number) {
    this.channelCount = channelCount;
    this.sampleRateHz = sampleRateHz;
    this.capacity = Math.max(1, Math.ceil(sampleRateHz * seconds));
    this.#channels = Array.from({ length: channelCount }, () =>
      new Float32Array(this.capacity).fill(Number.NaN),
    );
    this.#prevIn = new Float64Array(channelCount);
    this.#prevOut = new Float64Array(channelCount);
    this.#r = Math.exp((-2 * Math.PI * DISPLAY_HIGHPASS_HZ) / sampleRateHz);
  }

  /** Whether frames get the DC blocker: true for raw frames, false for frames the services filtered. */
  get dcBlocker(): boolean {
    return this.#dcBlocker;
  }

  /**
   * Forgets what is shown (the write head and the stream clock stay, so markers keep their places) and takes
   * the following frames with or without the DC blocker: after a change of display filter, old and new
   * samples would not share one scale.
   */
  blank(dcBlocker: boolean): void {
    for (const ring of this.#channels) ring.fill(Number.NaN);
    this.#dcBlocker = dcBlocker;
    this.#primed = false;
  }

  fits(frame: SampleFrame): boolean {
    return frame.channelCount === this.channelCount && frame.sampleRateHz === this.sampleRateHz;
  }

  /** Segment of the newest frame, and the index (its clock) of the next sample expected. */
  get segment(): number {
    return this.#segment;
  }

  get nextSample(): number {
    return this.#nextSample;
  }

  /** Stream time (s) of the newest sample. */
  get latestTimeS(): number {
    return this.#nextSample < 0 ? 0 : this.#nextSample / this.sampleRateHz;
  }

  push(frame: SampleFrame): void {
    this.framesReceived++;
    if (frame.segment !== this.#segment) {
      if (this.#segment !== -1) this.#writeBreak(Math.min(this.capacity, Math.round(this.sampleRateHz / 4)));
      this.#segment = frame.segment;
      this.#primed = false;
    } else if (this.#nextSample >= 0 && frame.firstSample > this.#nextSample) {
      this.gapsSeen++;
      this.#writeBreak(Math.min(this.capacity, frame.firstSample - this.#nextSample));
      this.#primed = false;
    }
    const n = frame.sampleCount;
    for (let c = 0; c < this.channelCount; c++) {
      const ring = this.#channels[c]!;
      const src = frame.data.subarray(c * n, (c + 1) * n);
      if (!this.#dcBlocker) {
        let at = this.written % this.capacity;
        for (let i = 0; i < n; i++) {
          ring[at] = src[i]!;
          if (++at === this.capacity) at = 0;
        }
        continue;
      }
      let prevIn = this.#primed ? this.#prevIn[c]! : (src[0] ?? 0);
      let prevOut = this.#primed ? this.#prevOut[c]! : 0;
      let at = this.written % this.capacity;
      for (let i = 0; i < n; i++) {
        const x = src[i]!;
        prevOut = x - prevIn + this.#r * prevOut;
        prevIn = x;
        ring[at] = prevOut;
        if (++at === this.capacity) at = 0;
      }
      this.#prevIn[c] = prevIn;
      this.#prevOut[c] = prevOut;
    }
    this.#primed = true;
    this.written += n;
    this.samplesReceived += n;
    this.#nextSample = frame.firstSample + n;
  }

  /** Copies the newest `count` samples of a channel, oldest first, into `out` (NaN where nothing was written). */
  latest(channel: number, count: number, out: Float32Array): void {
    const ring = this.#channels[channel];
    if (!ring) return;
    const n = Math.min(count, this.capacity, out.length);
    let at = (((this.written - n) % this.capacity) + this.capacity) % this.capacity;
    for (let i = 0; i < n; i++) {
      out[i] = this.written - n + i < 0 ? Number.NaN : ring[at]!;
      if (++at === this.capacity) at = 0;
    }
  }

  #writeBreak(count: number): void {
    for (let c = 0; c < this.channelCount; c++) {
      const ring = this.#channels[c]!;
      let at = this.written % this.capacity;
      for (let i = 0; i < count; i++) {
        ring[at] = Number.NaN;
        if (++at === this.capacity) at = 0;
      }
    }
    this.written += count;
  }
}
