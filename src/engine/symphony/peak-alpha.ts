// The subject's peak alpha frequency over a stretch of recording, for the symphony's tempo and brainsync's
// personal beat. Per channel: the engine's Welch PSD (scipy's welch with 2 s segments when nothing is missing)
// and its peak alpha (brain/energy.ts); then the median over the channels that show one.
// Samples that are not finite mark missing data (a gap in a stored recording): Welch then averages only the
// segments that lie wholly within finite runs. Nothing is interpolated.
import { WelchPlanner, type WelchPlan } from '../dsp/welch';
import { peakAlphaFrequency, type PeakAlpha } from '../brain/energy';
import type { RecordingChannel } from '../brain/input';

export interface PeakAlphaOptions {
  readonly segmentSeconds: number;
  readonly lowHz: number;
  readonly highHz: number;
}

export interface ChannelPeakAlpha extends PeakAlpha {
  readonly label: string;
  /** Welch segments averaged (segments touching missing samples are left out). */
  readonly segmentCount: number;
}

export interface RecordingPeakAlpha {
  /** Median over the channels with a peak; null when none has one (`reason` says why). */
  readonly hz: number | null;
  readonly reason: string | null;
  readonly channels: readonly ChannelPeakAlpha[];
  readonly options: PeakAlphaOptions;
}

export const DEFAULT_PEAK_ALPHA_OPTIONS: PeakAlphaOptions = { segmentSeconds: 2, lowHz: 7, highHz: 14 };

/** [start, end) of every run of finite samples. */
export function finiteRuns(data: Float32Array): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < data.length; i++) {
    const finite = Number.isFinite(data[i]!);
    if (finite && start < 0) start = i;
    else if (!finite && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, data.length]);
  return runs;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function channelPeakAlpha(channel: RecordingChannel, options: PeakAlphaOptions): ChannelPeakAlpha {
  const runs = finiteRuns(channel.data);
  const planner = new WelchPlanner({
    sampleRateHz: channel.sampleRateHz,
    segmentSeconds: options.segmentSeconds,
  });
  const full = planner.planFor(channel.data.length);
  const none = (reason: string, resolutionHz: number): ChannelPeakAlpha => ({
    label: channel.label,
    hz: null,
    binHz: null,
    psdUv2PerHz: null,
    resolutionHz,
    interpolation: 'none',
    reason,
    segmentCount: 0,
  });
  if (runs.length === 0) return none('every sample is missing', full.plan.binWidthHz);
  let plan: WelchPlan = full.plan;
  let usable = runs.filter(([a, b]) => plan.segmentCount(b - a) > 0);
  if (usable.length === 0) {
    // No run holds a whole segment: the longest run is one segment of its own length (as scipy clips nperseg).
    const longest = runs.reduce((best, r) => (r[1] - r[0] > best[1] - best[0] ? r : best));
    plan = planner.planFor(longest[1] - longest[0]).plan;
    usable = [longest];
  }
  const psd = new Float64Array(plan.binCount);
  const part = new Float64Array(plan.binCount);
  let segments = 0;
  for (const [a, b] of usable) {
    const n = plan.psdInto(channel.data, part, a, b - a);
    for (let k = 0; k < psd.length; k++) psd[k] = psd[k]! + part[k]! * n;
    segments += n;
  }
  for (let k = 0; k < psd.length; k++) psd[k] = psd[k]! / segments;
  const peak = peakAlphaFrequency(
    { frequenciesHz: plan.frequenciesHz, psd, settings: plan.settings(channel.data.length) },
    options.lowHz,
    options.highHz,
  );
  return { ...peak, label: channel.label, segmentCount: segments };
}

export function recordingPeakAlpha(
  channels: readonly RecordingChannel[],
  options: PeakAlphaOptions = DEFAULT_PEAK_ALPHA_OPTIONS,
): RecordingPeakAlpha {
  const perChannel = channels.map((c) => channelPeakAlpha(c, options));
  const found = perChannel.flatMap((c) => (c.hz === null ? [] : [c.hz]));
  const hz = median(found);
  return {
    hz,
    reason:
      hz === null
        ? `no channel shows a peak in ${options.lowHz}-${options.highHz} Hz (${perChannel[0]?.reason ?? 'no channels'})`
        : null,
    channels: perChannel,
    options,
  };
}
