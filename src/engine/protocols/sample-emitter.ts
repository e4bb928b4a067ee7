// Collects decoded samples into one preallocated planar buffer and hands them out as reused SampleBlocks, so a
// parser allocates nothing per packet (or per block). It also owns the sample clock and the gap events.
import type { SampleGap } from '../../shared/samples';
import type { ParserSink, ParserStats } from './stream-parser';

interface ReusedBlock {
  firstSample: number;
  sampleCount: number;
  channelCount: number;
  sampleRateHz: number;
  data: Float32Array;
}

export class SampleEmitter {
  /**
   * Planar with a stride of `capacity`: while filling, channel c of pending sample i is at `buffer[c * capacity + i]`.
   * Parsers write straight into it between beginSample() and commitSample().
   */
  readonly buffer: Float32Array;
  /** Index of the next sample in the stream's clock (pending samples included). */
  nextSample = 0;
  private pending = 0;
  private readonly block: ReusedBlock;
  private readonly views: (Float32Array | undefined)[];

  constructor(
    readonly channelCount: number,
    readonly sampleRateHz: number,
    readonly capacity: number,
    private readonly sink: ParserSink,
    private readonly stats: ParserStats,
  ) {
    this.buffer = new Float32Array(channelCount * capacity);
    this.views = new Array<Float32Array | undefined>(capacity + 1);
    this.block = { firstSample: 0, sampleCount: 0, channelCount, sampleRateHz, data: this.buffer };
  }

  /** Column of the buffer to write the next sample into. */
  beginSample(): number {
    if (this.pending === this.capacity) this.flush();
    return this.pending;
  }

  commitSample(): void {
    this.pending++;
    this.nextSample++;
    this.stats.samples++;
  }

  /** `missing` samples were lost before the next one: flushes what came before, then reports the gap. */
  skip(missing: number, reason: SampleGap['reason']): void {
    if (missing <= 0) return;
    this.flush();
    this.nextSample += missing;
    this.stats.gaps++;
    this.stats.missingSamples += missing;
    this.sink.gap({ atSample: this.nextSample, missingSamples: missing, reason });
  }

  flush(): void {
    const count = this.pending;
    if (count === 0) return;
    const { buffer, capacity, channelCount } = this;
    if (count < capacity) {
      // Close up the rows in place so that the block is planar with a stride of `count` (rows only move down).
      for (let c = 1; c < channelCount; c++) buffer.copyWithin(c * count, c * capacity, c * capacity + count);
    }
    let view = this.views[count];
    if (view === undefined) {
      view = buffer.subarray(0, channelCount * count);
      this.views[count] = view;
    }
    const block = this.block;
    block.firstSample = this.nextSample - count;
    block.sampleCount = count;
    block.data = view;
    this.pending = 0;
    this.sink.samples(block);
  }

  /** Drops pending samples and restarts the clock (new segment). */
  reset(): void {
    this.pending = 0;
    this.nextSample = 0;
  }
}
