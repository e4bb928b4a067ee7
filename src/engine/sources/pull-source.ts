import type { SampleBlock } from '../../shared/samples';

/**
 * A source that makes samples on demand by sample index, so it is reproducible and block boundaries do not
 * matter. Whoever owns the clock (main/devices' pacer) asks for the samples that wall time says are due.
 */
export interface PullSource {
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  /** Total samples available, or Infinity for endless sources. */
  readonly sampleCount: number;
  read(firstSample: number, count: number): SampleBlock;
}
