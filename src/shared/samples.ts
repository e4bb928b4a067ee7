// The one in-memory shape of EEG samples, shared by protocols, sources, storage, the engine and the UI.

/**
 * A block of consecutive samples from one source, planar (channel-major):
 * the value of channel `c` at offset `i` is `data[c * sampleCount + i]`, in microvolts.
 */
export interface SampleBlock {
  /** Index of the block's first sample in the source's clock; consecutive blocks continue it unless a gap says otherwise. */
  readonly firstSample: number;
  readonly sampleCount: number;
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly data: Float32Array;
}

/** Samples the source knows it lost: `missingSamples` samples are absent before sample `atSample`. Never filled in. */
export interface SampleGap {
  readonly atSample: number;
  readonly missingSamples: number;
  /**
   * `corrupt-frame`: a frame of a protocol without a sample counter (ThinkGear) arrived but failed its checksum.
   * `file-gap`: a file (an EDF+D import, a stored recording played back) has no samples there.
   */
  readonly reason: 'counter-jump' | 'corrupt-frame' | 'device-lost' | 'buffer-overrun' | 'file-gap';
}

/** Copy of one channel of a planar block (a view when possible). */
export function channelOf(block: SampleBlock, channel: number): Float32Array {
  const start = channel * block.sampleCount;
  return block.data.subarray(start, start + block.sampleCount);
}
