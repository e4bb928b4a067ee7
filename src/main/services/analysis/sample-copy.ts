// Gathering a recording's stored blocks into one Float32Array per channel (planar blocks in, channel rows out),
// shared by the reader thread and the in-process reader.
import type { SampleBlock } from '../../../shared/samples';

export class ChannelGatherer {
  data: Float32Array[];
  filled = 0;

  constructor(
    readonly channelCount: number,
    private capacity: number,
    /** The most the range can hold (no gap at all): the capacity grows to it if the gap records were short. */
    private readonly rangeSamples: number,
  ) {
    this.data = Array.from({ length: channelCount }, () => new Float32Array(Math.max(1, capacity)));
  }

  add(block: SampleBlock): void {
    const n = block.sampleCount;
    if (this.filled + n > this.capacity) {
      // The gap records promised fewer samples than are stored: grow to the whole range (rare, so copy).
      this.capacity = Math.max(this.rangeSamples, this.filled + n);
      this.data = this.data.map((old) => {
        const grown = new Float32Array(this.capacity);
        grown.set(old.subarray(0, this.filled));
        return grown;
      });
    }
    for (let c = 0; c < this.channelCount; c++) {
      this.data[c]!.set(block.data.subarray(c * n, (c + 1) * n), this.filled);
    }
    this.filled += n;
  }

  /** Each channel on a buffer of exactly its samples (so it can be transferred whole). */
  finish(): Float32Array[] {
    return this.filled === this.capacity ? this.data : this.data.map((d) => d.slice(0, this.filled));
  }
}
