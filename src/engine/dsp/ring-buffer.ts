// Fixed-capacity float32 history per channel for live windows (rolling spectra, live view). `push` copies into
// storage made once; nothing is allocated while samples flow.
import type { SampleBlock } from '../../shared/samples';

export class ChannelRingBuffer {
  /** Channel-major storage: channel c occupies [c * capacity, (c + 1) * capacity). */
  private readonly store: Float32Array;
  /** Index (within a channel) where the next sample goes. */
  private head = 0;
  private filled = 0;
  private pushed = 0;

  constructor(
    readonly channelCount: number,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(channelCount) || channelCount < 1) {
      throw new RangeError(`ring buffer channel count must be a positive integer, got ${channelCount}`);
    }
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.store = new Float32Array(channelCount * capacity);
  }

  /** Samples currently held per channel (at most `capacity`). */
  get length(): number {
    return this.filled;
  }

  /** Samples pushed since construction or the last clear(). */
  get totalPushed(): number {
    return this.pushed;
  }

  /** Appends `sampleCount` samples of every channel from planar `data` (channel c at data[c * sampleCount + i]). */
  pushPlanar(data: Float32Array | Float64Array, sampleCount: number): void {
    if (data.length !== sampleCount * this.channelCount) {
      throw new RangeError(
        `planar block of ${data.length} values is not ${this.channelCount} channels x ${sampleCount} samples`,
      );
    }
    // Only the newest `capacity` samples can survive; skip the rest.
    const skip = Math.max(0, sampleCount - this.capacity);
    const count = sampleCount - skip;
    const firstPart = Math.min(count, this.capacity - this.head);
    const store = this.store;
    // Plain loops rather than set(subarray(...)): a subarray is an object, and push must not allocate.
    for (let ch = 0; ch < this.channelCount; ch++) {
      const src = ch * sampleCount + skip;
      const dst = ch * this.capacity;
      for (let i = 0, d = dst + this.head; i < firstPart; i++, d++) store[d] = data[src + i]!;
      for (let i = firstPart, d = dst; i < count; i++, d++) store[d] = data[src + i]!;
    }
    this.head = (this.head + count) % this.capacity;
    this.filled = Math.min(this.capacity, this.filled + count);
    this.pushed += sampleCount;
  }

  push(block: SampleBlock): void {
    if (block.channelCount !== this.channelCount) {
      throw new RangeError(`block has ${block.channelCount} channels, the ring buffer ${this.channelCount}`);
    }
    this.pushPlanar(block.data, block.sampleCount);
  }

  /** Copies the newest `count` samples of `channel`, oldest first, into `out` at `outOffset`. */
  copyLatest(channel: number, count: number, out: Float32Array | Float64Array, outOffset = 0): void {
    if (!(channel >= 0 && channel < this.channelCount)) {
      throw new RangeError(`channel ${channel} is outside 0..${this.channelCount - 1}`);
    }
    if (!(count >= 0 && count <= this.filled)) {
      throw new RangeError(`asked for the latest ${count} samples, the ring buffer holds ${this.filled}`);
    }
    if (outOffset + count > out.length) {
      throw new RangeError(`output of ${out.length} values cannot take ${count} samples at ${outOffset}`);
    }
    const base = channel * this.capacity;
    let start = this.head - count;
    if (start < 0) start += this.capacity;
    const firstPart = Math.min(count, this.capacity - start);
    const store = this.store;
    for (let i = 0; i < firstPart; i++) out[outOffset + i] = store[base + start + i]!;
    for (let i = firstPart; i < count; i++) out[outOffset + i] = store[base + i - firstPart]!;
  }

  clear(): void {
    this.head = 0;
    this.filled = 0;
    this.pushed = 0;
  }
}
