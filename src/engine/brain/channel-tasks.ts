// The per-channel engine functions a pool of worker threads may run by name over channel ranges (see
// src/engine/worker/parallel.ts). Each takes the channels of one range and returns a result whose typed arrays
// can be transferred back rather than copied.
import { analyzeChannels, type AnalysisOptions, type ChannelRangeResult } from './analyze';
import type { RunControl } from './control';
import type { RecordingChannel } from './input';
import type { AnalysisParams } from './params';

export interface ChannelTask<R> {
  run(
    channels: readonly RecordingChannel[],
    params: AnalysisParams,
    control: RunControl,
    options: AnalysisOptions,
  ): R;
  /** The ArrayBuffers of a result that may be moved to the receiving thread. */
  transferables(result: R): ArrayBuffer[];
}

function buffersOf(arrays: readonly (Float64Array | null | undefined)[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (a && a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) {
      seen.add(a.buffer);
    }
  }
  return [...seen];
}

export const CHANNEL_TASKS = {
  /** Energy check + harmonic scan per channel, and the harmony band spectra: assembleAnalysis() merges them. */
  'analyze-channels': {
    run: (channels, params, control, options) => analyzeChannels(channels, params, control, options),
    transferables: (result) =>
      buffersOf([
        ...result.bandSpectra.flatMap((s) => [s.re, s.im]),
        ...result.channels.flatMap((c) => [c.psd?.frequenciesHz, c.psd?.psdUv2PerHz]),
      ]),
  } satisfies ChannelTask<ChannelRangeResult>,
};

export type ChannelTaskName = keyof typeof CHANNEL_TASKS;
export type ChannelTaskResult<N extends ChannelTaskName> = ReturnType<(typeof CHANNEL_TASKS)[N]['run']>;
