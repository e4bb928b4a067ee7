// The brain engine's entry points. Per-channel work (one Welch pass per channel, every figure read from it) is
// `analyzeChannels`/`analyzeChannelRange`, which a pool of workers can split by channel ranges; harmony needs
// every channel of a rate and is assembled afterwards from the per-segment band spectra those passes kept.
import { throwIfCancelled, type RunControl } from './control';
import { energyOfChannel, type ChannelEnergy, type QualityLabel } from './energy';
import { harmonicScanOfSpectrum, type ChannelHarmonicScan } from './harmonic-scan';
import { harmonyReport, type ChannelIdentity, type HarmonyReport } from './harmony';
import { validateChannel, type RecordingChannel, type RecordingInput } from './input';
import { resolveParams, type AnalysisParams, type AnalysisParamsInput } from './params';
import { SpectrumCalculator, type BandSegmentSpectra } from './spectrum';

export const REPORT_VERSION = 1;

export interface ChannelPsd {
  readonly frequenciesHz: Float64Array;
  readonly psdUv2PerHz: Float64Array;
}

export interface ChannelAnalysis extends ChannelEnergy {
  readonly harmonicScan: ChannelHarmonicScan;
  /** The PSD itself, when asked for with `includePsd` (for plots). */
  readonly psd: ChannelPsd | null;
}

export interface ChannelRangeResult {
  readonly channels: ChannelAnalysis[];
  /** Per-segment spectra on the harmony band, one per channel; empty when harmony is off. */
  readonly bandSpectra: BandSegmentSpectra[];
}

export interface AnalysisOptions {
  /** Index of the first given channel in the recording (a worker analysing channels 8..15 passes 8). */
  readonly firstIndex?: number;
  readonly includePsd?: boolean;
  /** Keep the harmony band spectra (default: when params.harmony.enabled). */
  readonly keepBandSpectra?: boolean;
}

export interface OverallSummary {
  readonly channelCount: number;
  readonly qualityCounts: Readonly<Record<QualityLabel, number>>;
  /** Mean over channels of the relative band powers that are defined. */
  readonly meanRelative: Readonly<Record<string, number | null>>;
  readonly meanPeakAlphaHz: number | null;
}

interface ReportHeader {
  readonly version: number;
  readonly params: AnalysisParams;
  /** How the samples were filtered before analysis, or null: the PSD is then the raw signal's, as scipy's. */
  readonly preprocessing: string | null;
}

export interface AnalysisReport extends ReportHeader {
  readonly kind: 'analysis';
  readonly channels: readonly ChannelAnalysis[];
  readonly overall: OverallSummary;
  readonly harmony: HarmonyReport | null;
}

export interface EnergyReport extends ReportHeader {
  readonly kind: 'energy-check';
  readonly channels: readonly ChannelEnergy[];
  readonly overall: OverallSummary;
}

export interface HarmonicScanReport extends ReportHeader {
  readonly kind: 'harmonic-scan';
  readonly channels: readonly (ChannelHarmonicScan & {
    readonly index: number;
    readonly label: string;
    readonly sampleRateHz: number;
  })[];
}

export interface StandaloneHarmonyReport extends ReportHeader, HarmonyReport {}

/** Work units of a set of channels for progress reports: their samples. */
export function workOf(channels: readonly RecordingChannel[]): number {
  return channels.reduce((sum, c) => sum + c.data.length, 0);
}

/** Energy check and harmonic scan of each channel, plus the band spectra harmony needs. Pure; splittable. */
export function analyzeChannels(
  channels: readonly RecordingChannel[],
  params: AnalysisParams,
  control?: RunControl,
  options: AnalysisOptions = {},
): ChannelRangeResult {
  const firstIndex = options.firstIndex ?? 0;
  channels.forEach((c, i) => validateChannel(c, firstIndex + i));
  const keepSpectra = options.keepBandSpectra ?? params.harmony.enabled;
  const calculator = new SpectrumCalculator(params);
  const total = workOf(channels);
  let done = 0;
  const results: ChannelAnalysis[] = [];
  const bandSpectra: BandSegmentSpectra[] = [];
  for (let i = 0; i < channels.length; i++) {
    throwIfCancelled(control);
    const channel = channels[i]!;
    const index = firstIndex + i;
    const { spectrum, bandSpectra: spectra } = calculator.compute(
      channel.data,
      channel.sampleRateHz,
      index,
      keepSpectra ? params.harmony.band : null,
    );
    results.push({
      ...energyOfChannel(channel, index, spectrum, params),
      harmonicScan: harmonicScanOfSpectrum(spectrum, params),
      psd: options.includePsd
        ? { frequenciesHz: spectrum.frequenciesHz.slice(), psdUv2PerHz: spectrum.psd }
        : null,
    });
    if (spectra) bandSpectra.push(spectra);
    done += channel.data.length;
    control?.onProgress?.(done, total);
  }
  return { channels: results, bandSpectra };
}

/** analyzeChannels on input.channels[start, end), indices as in the whole recording. */
export function analyzeChannelRange(
  input: RecordingInput,
  range: { readonly start: number; readonly end: number },
  params: AnalysisParamsInput | AnalysisParams = {},
  control?: RunControl,
  options: Omit<AnalysisOptions, 'firstIndex'> = {},
): ChannelRangeResult {
  const { start, end } = range;
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    start <= end &&
    end <= input.channels.length
  )) {
    throw new RangeError(`channel range ${start}..${end} is not within 0..${input.channels.length}`);
  }
  return analyzeChannels(input.channels.slice(start, end), resolveParams(params), control, {
    ...options,
    firstIndex: start,
  });
}

export function summarize(channels: readonly ChannelEnergy[], params: AnalysisParams): OverallSummary {
  const qualityCounts: Record<QualityLabel, number> = {
    good: 0,
    noisy: 0,
    flat: 0,
    railed: 0,
    'line-noise': 0,
  };
  for (const c of channels) qualityCounts[c.quality.label]++;
  const meanRelative: Record<string, number | null> = {};
  for (const band of params.bands) {
    const values = channels.flatMap((c) => {
      const v = c.relative[band.name];
      return v === null || v === undefined ? [] : [v];
    });
    meanRelative[band.name] = values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
  }
  const paf = channels.flatMap((c) => (c.peakAlpha.hz === null ? [] : [c.peakAlpha.hz]));
  return {
    channelCount: channels.length,
    qualityCounts,
    meanRelative,
    meanPeakAlphaHz: paf.length ? paf.reduce((s, v) => s + v, 0) / paf.length : null,
  };
}

function identities(input: RecordingInput): ChannelIdentity[] {
  return input.channels.map((c, index) => ({
    index,
    label: c.label,
    sampleRateHz: c.sampleRateHz,
    sampleCount: c.data.length,
  }));
}

/** The full report from per-range results (in any order), as a pool of workers returns them. */
export function assembleAnalysis(
  input: RecordingInput,
  params: AnalysisParams,
  parts: readonly ChannelRangeResult[],
  control?: RunControl,
): AnalysisReport {
  const channels = parts.flatMap((p) => p.channels).sort((a, b) => a.index - b.index);
  if (channels.length !== input.channels.length || channels.some((c, i) => c.index !== i)) {
    throw new RangeError(
      `the parts cover channels [${channels.map((c) => c.index).join(', ')}], not 0..${input.channels.length - 1}`,
    );
  }
  const spectra = parts.flatMap((p) => p.bandSpectra);
  const asymmetryBand = params.harmony.asymmetryBand;
  return {
    kind: 'analysis',
    version: REPORT_VERSION,
    params,
    preprocessing: input.preprocessing ?? null,
    channels,
    overall: summarize(channels, params),
    harmony: params.harmony.enabled
      ? harmonyReport(
          identities(input),
          spectra,
          channels.map((c) => c.bandsUv2[asymmetryBand] ?? 0),
          params,
          control,
        )
      : null,
  };
}

/** Everything the engine reports on a recording: energy check, harmonic scan and harmony, in one pass. */
export function analyze(
  input: RecordingInput,
  params: AnalysisParamsInput | AnalysisParams = {},
  control?: RunControl,
  options: Omit<AnalysisOptions, 'firstIndex'> = {},
): AnalysisReport {
  const resolved = resolveParams(params);
  const part = analyzeChannels(input.channels, resolved, control, options);
  return assembleAnalysis(input, resolved, [part], control);
}

export function energyCheck(
  input: RecordingInput,
  params: AnalysisParamsInput | AnalysisParams = {},
  control?: RunControl,
): EnergyReport {
  const resolved = resolveParams(params);
  const { channels } = analyzeChannels(input.channels, resolved, control, { keepBandSpectra: false });
  const energies = channels.map(({ harmonicScan: _scan, psd: _psd, ...energy }) => energy);
  return {
    kind: 'energy-check',
    version: REPORT_VERSION,
    params: resolved,
    preprocessing: input.preprocessing ?? null,
    channels: energies,
    overall: summarize(energies, resolved),
  };
}

export function harmonicScan(
  input: RecordingInput,
  params: AnalysisParamsInput | AnalysisParams = {},
  control?: RunControl,
): HarmonicScanReport {
  const resolved = resolveParams(params);
  const { channels } = analyzeChannels(input.channels, resolved, control, { keepBandSpectra: false });
  return {
    kind: 'harmonic-scan',
    version: REPORT_VERSION,
    params: resolved,
    preprocessing: input.preprocessing ?? null,
    channels: channels.map((c) => ({
      index: c.index,
      label: c.label,
      sampleRateHz: c.sampleRateHz,
      ...c.harmonicScan,
    })),
  };
}

export function harmony(
  input: RecordingInput,
  params: AnalysisParamsInput | AnalysisParams = {},
  control?: RunControl,
): StandaloneHarmonyReport {
  const resolved = resolveParams({ ...params, harmony: { ...params.harmony, enabled: true } });
  const part = analyzeChannels(input.channels, resolved, control, { keepBandSpectra: true });
  throwIfCancelled(control);
  const report = harmonyReport(
    identities(input),
    part.bandSpectra,
    part.channels.map((c) => c.bandsUv2[resolved.harmony.asymmetryBand] ?? 0),
    resolved,
    control,
  );
  return { ...report, version: REPORT_VERSION, params: resolved, preprocessing: input.preprocessing ?? null };
}
