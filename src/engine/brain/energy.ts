// Energy check of one channel (ENGINE.md): RMS, total and band powers, peak alpha frequency, line-noise ratio,
// flat and railed fractions and the quality label with the reasons that decided it.
import type { WelchSettings } from '../dsp/welch';
import { firstNonFinite, type PhysicalRange, type RecordingChannel } from './input';
import type { AnalysisParams } from './params';
import { bandBins, bandPower, type ChannelSpectrum } from './spectrum';

export type QualityLabel = 'good' | 'noisy' | 'flat' | 'railed' | 'line-noise';

export interface PeakAlpha {
  /** Interpolated frequency of the PSD maximum in the search range, or null when there is no peak there. */
  readonly hz: number | null;
  /** The bin the maximum fell on. */
  readonly binHz: number | null;
  readonly psdUv2PerHz: number | null;
  /** Bin width of the PSD: the interpolated value refines but is not more trustworthy than this. */
  readonly resolutionHz: number;
  readonly interpolation: 'parabolic' | 'none';
  readonly reason: string | null;
}

export interface ChannelEnergy {
  /** Index of the channel in the recording. */
  readonly index: number;
  readonly label: string;
  readonly sampleRateHz: number;
  readonly sampleCount: number;
  readonly durationSeconds: number;
  /** Mean of the samples (the DC offset), uV. */
  readonly meanUv: number;
  /** RMS about the mean (population standard deviation), uV: a DC offset does not count as signal. */
  readonly rmsUv: number;
  /** Power in the total-power band (default 0.5-45 Hz), uV^2. */
  readonly totalPowerUv2: number;
  readonly bandsUv2: Readonly<Record<string, number>>;
  /** Band / sum of the bands; null when the bands hold no power at all. */
  readonly relative: Readonly<Record<string, number | null>>;
  readonly peakAlpha: PeakAlpha;
  readonly lineNoise: {
    readonly ratio: number | null;
    readonly linePowerUv2: number;
    readonly referencePowerUv2: number;
    /** The line frequencies that lie below Nyquist and were counted. */
    readonly frequenciesCountedHz: readonly number[];
  };
  readonly flat: { readonly fraction: number; readonly windowCount: number; readonly windowSamples: number };
  readonly railed: {
    readonly fraction: number | null;
    readonly range: PhysicalRange | null;
    readonly reason: string | null;
  };
  readonly quality: { readonly label: QualityLabel; readonly reasons: readonly string[] };
  readonly welch: WelchSettings;
}

interface TimeStats {
  meanUv: number;
  rmsUv: number;
  flatFraction: number;
  flatWindows: number;
  windowSamples: number;
  railedFraction: number | null;
}

function timeDomainStats(channel: RecordingChannel, index: number, params: AnalysisParams): TimeStats {
  const x = channel.data;
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  if (!Number.isFinite(sum)) {
    const at = firstNonFinite(x);
    throw new RangeError(
      `channel ${index} ('${channel.label}'): sample ${at} is ${x[at]}, not a finite number`,
    );
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    squares += d * d;
  }
  // Flat: whole windows of windowSeconds; a signal shorter than one window is one window.
  const windowSamples = Math.max(1, Math.round(params.flat.windowSeconds * channel.sampleRateHz));
  const windows = Math.max(1, Math.floor(n / windowSamples));
  const width = n < windowSamples ? n : windowSamples;
  let flatWindows = 0;
  for (let w = 0; w < windows; w++) {
    const start = w * width;
    let s = 0;
    for (let i = start; i < start + width; i++) s += x[i]!;
    const m = s / width;
    let q = 0;
    for (let i = start; i < start + width; i++) q += (x[i]! - m) * (x[i]! - m);
    if (Math.sqrt(q / width) < params.flat.stdBelowUv) flatWindows++;
  }
  let railedFraction: number | null = null;
  const range = channel.physicalRange;
  if (range) {
    const margin = params.railed.marginFraction * (range.max - range.min);
    const low = range.min + margin;
    const high = range.max - margin;
    let railed = 0;
    for (let i = 0; i < n; i++) if (x[i]! <= low || x[i]! >= high) railed++;
    railedFraction = railed / n;
  }
  return {
    meanUv: mean,
    rmsUv: Math.sqrt(squares / n),
    flatFraction: flatWindows / windows,
    flatWindows: windows,
    windowSamples: width,
    railedFraction,
  };
}

/** Frequency of the PSD maximum with lowHz <= f <= highHz, refined by a parabola through it and its neighbours. */
export function peakAlphaFrequency(spectrum: ChannelSpectrum, lowHz: number, highHz: number): PeakAlpha {
  const f = spectrum.frequenciesHz;
  const p = spectrum.psd;
  const resolutionHz = spectrum.settings.binWidthHz;
  const none = (reason: string): PeakAlpha => ({
    hz: null,
    binHz: null,
    psdUv2PerHz: null,
    resolutionHz,
    interpolation: 'none',
    reason,
  });
  let best = -1;
  for (let k = 0; k < f.length; k++) {
    if (f[k]! >= lowHz && f[k]! <= highHz && (best < 0 || p[k]! > p[best]!)) best = k;
  }
  if (best < 0) return none(`no PSD bin lies in ${lowHz}-${highHz} Hz (bin width ${resolutionHz} Hz)`);
  if (!(p[best]! > 0)) return none(`no power in ${lowHz}-${highHz} Hz`);
  const left = p[best - 1];
  const right = p[best + 1];
  if (left === undefined || right === undefined || !(p[best]! > left && p[best]! >= right)) {
    return none(
      `no local maximum in ${lowHz}-${highHz} Hz: the spectrum is highest at the edge of the range`,
    );
  }
  const curvature = left - 2 * p[best]! + right;
  const delta = curvature === 0 ? 0 : (0.5 * (left - right)) / curvature;
  return {
    hz: f[best]! + delta * resolutionHz,
    binHz: f[best]!,
    psdUv2PerHz: p[best]!,
    resolutionHz,
    interpolation: 'parabolic',
    reason: null,
  };
}

export function lineNoise(spectrum: ChannelSpectrum, params: AnalysisParams): ChannelEnergy['lineNoise'] {
  const { frequenciesHz: f, psd, settings } = spectrum;
  const nyquist = settings.sampleRateHz / 2;
  const ln = params.lineNoise;
  const counted = ln.frequenciesHz.filter((hz) => hz - ln.halfWidthHz <= nyquist);
  let line = 0;
  for (let k = 0; k < f.length; k++) {
    if (counted.some((hz) => Math.abs(f[k]! - hz) <= ln.halfWidthHz)) line += psd[k]!;
  }
  const linePowerUv2 = line * settings.binWidthHz;
  // Past Nyquist there are no bins: the reference band is clipped there by construction.
  const [first, end] = bandBins(f, ln.referenceLowHz, ln.referenceHighHz);
  let reference = 0;
  for (let k = first; k < end; k++) reference += psd[k]!;
  const referencePowerUv2 = reference * settings.binWidthHz;
  return {
    ratio: referencePowerUv2 > 0 ? linePowerUv2 / referencePowerUv2 : null,
    linePowerUv2,
    referencePowerUv2,
    frequenciesCountedHz: counted,
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

export function energyOfChannel(
  channel: RecordingChannel,
  index: number,
  spectrum: ChannelSpectrum,
  params: AnalysisParams,
): ChannelEnergy {
  const stats = timeDomainStats(channel, index, params);
  const bandsUv2: Record<string, number> = {};
  let bandSum = 0;
  for (const band of params.bands) {
    const power = bandPower(spectrum, band.lowHz, band.highHz);
    bandsUv2[band.name] = power;
    bandSum += power;
  }
  const relative: Record<string, number | null> = {};
  for (const band of params.bands) relative[band.name] = bandSum > 0 ? bandsUv2[band.name]! / bandSum : null;
  const totalPowerUv2 = bandPower(spectrum, params.totalPower.lowHz, params.totalPower.highHz);
  const noise = lineNoise(spectrum, params);
  const railedReason =
    channel.physicalRange == null
      ? 'ADC range unknown: give the channel a physicalRange (from the board or the file header)'
      : null;

  const q = params.quality;
  const reasons: string[] = [];
  const labels: QualityLabel[] = [];
  // Railed first: a channel stuck at the rail is flat too, and the rail is the more telling diagnosis.
  if (stats.railedFraction !== null && stats.railedFraction >= q.railedFractionAtLeast) {
    labels.push('railed');
    reasons.push(
      `railed: ${percent(stats.railedFraction)} of samples within ${percent(params.railed.marginFraction)} of the ` +
        `ADC range (threshold ${percent(q.railedFractionAtLeast)})`,
    );
  }
  if (stats.flatFraction >= q.flatFractionAtLeast) {
    labels.push('flat');
    reasons.push(
      `flat: ${percent(stats.flatFraction)} of ${params.flat.windowSeconds} s windows have std < ` +
        `${params.flat.stdBelowUv} uV (threshold ${percent(q.flatFractionAtLeast)})`,
    );
  }
  if (noise.ratio !== null && noise.ratio >= q.lineNoiseRatioAtLeast) {
    labels.push('line-noise');
    reasons.push(
      `line-noise: ${percent(noise.ratio)} of ${params.lineNoise.referenceLowHz}-${params.lineNoise.referenceHighHz} Hz ` +
        `power lies within +-${params.lineNoise.halfWidthHz} Hz of ${noise.frequenciesCountedHz.join('/')} Hz ` +
        `(threshold ${percent(q.lineNoiseRatioAtLeast)})`,
    );
  }
  const bandRmsUv = Math.sqrt(totalPowerUv2);
  if (bandRmsUv >= q.noisyBandRmsUvAtLeast) {
    labels.push('noisy');
    reasons.push(
      `noisy: ${bandRmsUv.toPrecision(4)} uV RMS in ${params.totalPower.lowHz}-${params.totalPower.highHz} Hz ` +
        `(threshold ${q.noisyBandRmsUvAtLeast} uV)`,
    );
  }
  if (railedReason) reasons.push(`railed fraction not computed: ${railedReason}`);

  return {
    index,
    label: channel.label,
    sampleRateHz: channel.sampleRateHz,
    sampleCount: channel.data.length,
    durationSeconds: channel.data.length / channel.sampleRateHz,
    meanUv: stats.meanUv,
    rmsUv: stats.rmsUv,
    totalPowerUv2,
    bandsUv2,
    relative,
    peakAlpha: peakAlphaFrequency(spectrum, params.peakAlpha.lowHz, params.peakAlpha.highHz),
    lineNoise: noise,
    flat: {
      fraction: stats.flatFraction,
      windowCount: stats.flatWindows,
      windowSamples: stats.windowSamples,
    },
    railed: { fraction: stats.railedFraction, range: channel.physicalRange ?? null, reason: railedReason },
    quality: { label: labels[0] ?? 'good', reasons },
    welch: spectrum.settings,
  };
}
