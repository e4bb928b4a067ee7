// Relative band powers hop by hop: for each hop, a Welch PSD (the engine's, as the reports and the Live page use)
// over a window of EEG centred on the hop, band powers as ENGINE.md defines them (bins lo <= f < hi times the bin
// width), relative to the sum of the bands, then the mean over channels. A hop whose window touches a missing
// sample (not finite) on every channel, or holds no power, is missing: the symphony is silent there.
import { bandBins } from '../brain/spectrum';
import type { RecordingChannel } from '../brain/input';
import type { BandDefinition } from '../brain/params';
import { WelchPlanner, type WelchPlan } from '../dsp/welch';

export interface HopBandPowersOptions {
  /** EEG time of the first hop's start (s). */
  readonly startSeconds: number;
  readonly hopSeconds: number;
  readonly hopCount: number;
  readonly windowSeconds: number;
  readonly segmentSeconds: number;
  readonly bands: readonly BandDefinition[];
}

export interface HopBandPowers {
  /** relative[band][hop]: mean over the channels with data of band power / sum of the bands; NaN when missing. */
  readonly relative: readonly Float64Array[];
  /** Channels that contributed to each hop. */
  readonly channelsPerHop: Uint16Array;
  /** Per channel: window and Welch segment actually used (clipped to a short recording), in samples. */
  readonly windows: readonly {
    readonly label: string;
    readonly windowSamples: number;
    readonly segmentSamples: number;
    readonly binWidthHz: number;
  }[];
}

interface ChannelPlan {
  readonly channel: RecordingChannel;
  readonly plan: WelchPlan;
  readonly windowSamples: number;
  readonly bandRanges: readonly [number, number][];
  readonly psd: Float64Array;
}

function planChannel(channel: RecordingChannel, options: HopBandPowersOptions): ChannelPlan {
  const fs = channel.sampleRateHz;
  const windowSamples = Math.min(channel.data.length, Math.max(1, Math.round(options.windowSeconds * fs)));
  const planner = new WelchPlanner({ sampleRateHz: fs, segmentSeconds: options.segmentSeconds });
  const { plan } = planner.planFor(windowSamples);
  return {
    channel,
    plan,
    windowSamples,
    bandRanges: options.bands.map((b) => bandBins(plan.frequenciesHz, b.lowHz, b.highHz)),
    psd: new Float64Array(plan.binCount),
  };
}

function windowIsFinite(data: Float32Array, start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) if (!Number.isFinite(data[i]!)) return false;
  return true;
}

export function hopBandPowers(
  channels: readonly RecordingChannel[],
  options: HopBandPowersOptions,
  onHop?: (done: number, total: number) => void,
): HopBandPowers {
  const bandCount = options.bands.length;
  const relative = options.bands.map(() => new Float64Array(options.hopCount));
  const channelsPerHop = new Uint16Array(options.hopCount);
  const plans = channels.map((c) => planChannel(c, options));
  const powers = new Float64Array(bandCount);
  for (let h = 0; h < options.hopCount; h++) {
    const centreSeconds = options.startSeconds + (h + 0.5) * options.hopSeconds;
    const sums = new Float64Array(bandCount);
    let contributing = 0;
    for (const p of plans) {
      const { data, sampleRateHz } = p.channel;
      const start = Math.min(
        data.length - p.windowSamples,
        Math.max(0, Math.round(centreSeconds * sampleRateHz) - Math.floor(p.windowSamples / 2)),
      );
      if (!windowIsFinite(data, start, p.windowSamples)) continue;
      p.plan.psdInto(data, p.psd, start, p.windowSamples);
      let total = 0;
      p.bandRanges.forEach(([first, end], b) => {
        let sum = 0;
        for (let k = first; k < end; k++) sum += p.psd[k]!;
        const power = sum * p.plan.binWidthHz;
        powers[b] = power;
        total += power;
      });
      if (!(total > 0)) continue;
      for (let b = 0; b < bandCount; b++) sums[b] = sums[b]! + powers[b]! / total;
      contributing++;
    }
    channelsPerHop[h] = contributing;
    for (let b = 0; b < bandCount; b++) relative[b]![h] = contributing ? sums[b]! / contributing : NaN;
    onHop?.(h + 1, options.hopCount);
  }
  return {
    relative,
    channelsPerHop,
    windows: plans.map((p) => ({
      label: p.channel.label,
      windowSamples: p.windowSamples,
      segmentSamples: p.plan.segmentLength,
      binWidthHz: p.plan.binWidthHz,
    })),
  };
}
