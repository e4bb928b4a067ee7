// The per-channel engine functions a pool of worker threads may run by name over channel ranges (see
// src/engine/worker/parallel.ts). Each takes the channels of one range and returns a result whose typed arrays
// can be transferred back rather than copied.
import { analyzeChannels, type AnalysisOptions, type ChannelRangeResult } from './analyze';
import { CancelledError, type RunControl } from './control';
import { validateChannel, type RecordingChannel } from './input';
import type { AnalysisParams } from './params';
import { SpectrumCalculator, bandPower } from './spectrum';
import type { WelchSettings } from '../dsp/welch';

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

/** Band powers alone, for live views and benchmarks: the Welch PSD of each channel and its band sums. */
export interface ChannelBandPowers {
  readonly index: number;
  readonly label: string;
  readonly bandsUv2: Readonly<Record<string, number>>;
  readonly totalPowerUv2: number;
  readonly welch: WelchSettings;
  readonly psdUv2PerHz: Float64Array | null;
}

export function bandPowersOfChannels(
  channels: readonly RecordingChannel[],
  params: AnalysisParams,
  control: RunControl = {},
  options: AnalysisOptions = {},
): ChannelBandPowers[] {
  const firstIndex = options.firstIndex ?? 0;
  const calculator = new SpectrumCalculator(params);
  const total = channels.reduce((s, c) => s + c.data.length, 0);
  let done = 0;
  return channels.map((channel, i) => {
    if (control.isCancelled?.()) throw new CancelledError();
    validateChannel(channel, firstIndex + i);
    const { spectrum } = calculator.compute(channel.data, channel.sampleRateHz, firstIndex + i, null);
    const bandsUv2: Record<string, number> = {};
    for (const band of params.bands) bandsUv2[band.name] = bandPower(spectrum, band.lowHz, band.highHz);
    done += channel.data.length;
    control.onProgress?.(done, total);
    return {
      index: firstIndex + i,
      label: channel.label,
      bandsUv2,
      totalPowerUv2: bandPower(spectrum, params.totalPower.lowHz, params.totalPower.highHz),
      welch: spectrum.settings,
      psdUv2PerHz: options.includePsd ? spectrum.psd : null,
    };
  });
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
  /** Welch PSD and band powers per channel only. */
  'band-powers': {
    run: (channels, params, control, options) => bandPowersOfChannels(channels, params, control, options),
    transferables: (result) => buffersOf(result.map((c) => c.psdUv2PerHz)),
  } satisfies ChannelTask<ChannelBandPowers[]>,
};

export type ChannelTaskName = keyof typeof CHANNEL_TASKS;
export type ChannelTaskResult<N extends ChannelTaskName> = ReturnType<(typeof CHANNEL_TASKS)[N]['run']>;
