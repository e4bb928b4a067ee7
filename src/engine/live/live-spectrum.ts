// One update of the Live page's analysis: the last few seconds of every channel through the same code as the
// offline reports (Welch PSD from SpectrumCalculator, band powers and the quality label from energyOfChannel),
// trimmed to what the page draws, plus which mains frequency hums in it. Runs in the engine worker.
import { energyOfChannel, type QualityLabel } from '../brain/energy';
import type { PhysicalRange, RecordingChannel } from '../brain/input';
import { DEFAULT_ANALYSIS_PARAMS, type AnalysisParams } from '../brain/params';
import { SpectrumCalculator } from '../brain/spectrum';
import { detectMainsInSpectrum, type MainsHz } from './mains-detection';

export interface LiveSpectrumInput {
  readonly channelCount: number;
  readonly sampleCount: number;
  readonly sampleRateHz: number;
  /** Planar window, channel c at data[c * sampleCount ...], uV. */
  readonly data: Float32Array;
  /** The board's ADC range, for the railed check; null when unknown. */
  readonly physicalRange: PhysicalRange | null;
  /** Highest frequency sent back (the page draws up to 60 Hz). */
  readonly maxFrequencyHz: number;
}

export interface LiveSpectrumResult {
  /** Bin frequencies up to maxFrequencyHz. */
  readonly frequenciesHz: Float64Array;
  /** Channel-major, frequenciesHz.length bins per channel: 10 log10(PSD / (1 uV^2/Hz)), NaN where PSD is 0. */
  readonly psdDb: Float64Array;
  /** Channel-major, one value per band of params.bands, uV^2. */
  readonly bandsUv2: Float64Array;
  /** As bandsUv2, relative to the sum of the bands; NaN when the bands hold no power. */
  readonly relative: Float64Array;
  readonly quality: readonly { readonly label: QualityLabel; readonly reasons: readonly string[] }[];
  readonly binWidthHz: number;
  /** The mains frequency this window shows hum at (on the full spectrum), or null. */
  readonly mainsSeenHz: MainsHz | null;
}

const UNKNOWN_RANGE_REASON = "railed check off: this board's ADC range is unknown";

export function computeLiveSpectrum(
  input: LiveSpectrumInput,
  calculator: SpectrumCalculator = new SpectrumCalculator(DEFAULT_ANALYSIS_PARAMS),
  params: AnalysisParams = DEFAULT_ANALYSIS_PARAMS,
): LiveSpectrumResult {
  const { channelCount, sampleCount, sampleRateHz, data } = input;
  if (!(Number.isInteger(channelCount) && channelCount >= 1)) {
    throw new RangeError(`live spectrum needs at least one channel, got ${channelCount}`);
  }
  if (!(Number.isInteger(sampleCount) && sampleCount >= 1)) {
    throw new RangeError(`live spectrum needs at least one sample, got ${sampleCount}`);
  }
  if (data.length !== channelCount * sampleCount) {
    throw new RangeError(
      `live window holds ${data.length} values, expected ${channelCount} channels x ${sampleCount} samples`,
    );
  }
  const bandCount = params.bands.length;
  const bandsUv2 = new Float64Array(channelCount * bandCount);
  const relative = new Float64Array(channelCount * bandCount);
  const quality: { label: QualityLabel; reasons: string[] }[] = [];
  let frequenciesHz: Float64Array | null = null;
  let fullPsd: Float64Array | null = null;
  let keptBins = 0;
  let binWidthHz = 0;
  for (let c = 0; c < channelCount; c++) {
    const channel: RecordingChannel = {
      label: `Ch${c + 1}`,
      sampleRateHz,
      data: data.subarray(c * sampleCount, (c + 1) * sampleCount),
      physicalRange: input.physicalRange,
    };
    const { spectrum } = calculator.compute(channel.data, sampleRateHz, c, null);
    if (!frequenciesHz || !fullPsd) {
      frequenciesHz = spectrum.frequenciesHz;
      fullPsd = new Float64Array(channelCount * frequenciesHz.length);
      while (keptBins < frequenciesHz.length && frequenciesHz[keptBins]! <= input.maxFrequencyHz) keptBins++;
      binWidthHz = spectrum.settings.binWidthHz;
    }
    fullPsd.set(spectrum.psd, c * frequenciesHz.length);
    const energy = energyOfChannel(channel, c, spectrum, params);
    params.bands.forEach((band, b) => {
      bandsUv2[c * bandCount + b] = energy.bandsUv2[band.name] ?? 0;
      relative[c * bandCount + b] = energy.relative[band.name] ?? Number.NaN;
    });
    const unknownRange = energy.railed.reason && `railed fraction not computed: ${energy.railed.reason}`;
    const reasons = energy.quality.reasons.filter((r) => r !== unknownRange);
    if (unknownRange) reasons.push(UNKNOWN_RANGE_REASON);
    quality.push({ label: energy.quality.label, reasons });
  }
  const bins = frequenciesHz!;
  const psd = fullPsd!;
  const psdDb = new Float64Array(channelCount * keptBins);
  for (let c = 0; c < channelCount; c++) {
    for (let k = 0; k < keptBins; k++) {
      const p = psd[c * bins.length + k]!;
      psdDb[c * keptBins + k] = p > 0 ? 10 * Math.log10(p) : Number.NaN;
    }
  }
  return {
    frequenciesHz: bins.slice(0, keptBins),
    psdDb,
    bandsUv2,
    relative,
    quality,
    binWidthHz,
    mainsSeenHz: detectMainsInSpectrum(bins, psd, channelCount),
  };
}
