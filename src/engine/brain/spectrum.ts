// One spectral pass per channel: the Welch PSD every figure is read from, and (for harmony) the complex
// spectra of every segment on the coherence band's bins, taken from the same FFTs.
import { WelchPlanner, type SegmentCapture, type WelchSettings } from '../dsp/welch';
import type { AnalysisParams, BandDefinition } from './params';

export interface ChannelSpectrum {
  readonly frequenciesHz: Float64Array;
  /** uV^2/Hz */
  readonly psd: Float64Array;
  readonly settings: WelchSettings;
}

/** Per-segment spectra of one channel on the bins of one band: what coherence between channels is made of. */
export interface BandSegmentSpectra {
  /** Index of the channel in the recording. */
  readonly channel: number;
  readonly sampleRateHz: number;
  readonly sampleCount: number;
  readonly segmentLength: number;
  readonly overlap: number;
  readonly segmentCount: number;
  readonly firstBin: number;
  readonly binCount: number;
  readonly binWidthHz: number;
  /** [segment * binCount + bin], unscaled FFT of the detrended, windowed segment. */
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Bin range [first, end) of bins with lowHz <= f < highHz. */
export function bandBins(frequenciesHz: Float64Array, lowHz: number, highHz: number): [number, number] {
  let first = 0;
  while (first < frequenciesHz.length && frequenciesHz[first]! < lowHz) first++;
  let end = first;
  while (end < frequenciesHz.length && frequenciesHz[end]! < highHz) end++;
  return [first, end];
}

/** Sum of PSD bins with lowHz <= f < highHz times the bin width (uV^2). */
export function bandPower(spectrum: ChannelSpectrum, lowHz: number, highHz: number): number {
  const [first, end] = bandBins(spectrum.frequenciesHz, lowHz, highHz);
  let sum = 0;
  for (let k = first; k < end; k++) sum += spectrum.psd[k]!;
  return sum * spectrum.settings.binWidthHz;
}

/** Welch planners per sample rate, shared by every channel of that rate in one analysis. */
export class SpectrumCalculator {
  private readonly planners = new Map<number, WelchPlanner>();

  constructor(private readonly params: AnalysisParams) {}

  private planner(sampleRateHz: number): WelchPlanner {
    let planner = this.planners.get(sampleRateHz);
    if (!planner) {
      planner = new WelchPlanner({
        sampleRateHz,
        segmentSeconds: this.params.welch.segmentSeconds,
        window: this.params.welch.window,
        detrend: this.params.welch.detrend,
        fftBackend: this.params.welch.fftBackend,
      });
      this.planners.set(sampleRateHz, planner);
    }
    return planner;
  }

  /** The PSD of a channel; with `band`, also its per-segment spectra on that band's bins. */
  compute(
    data: Float32Array,
    sampleRateHz: number,
    channel: number,
    band: BandDefinition | null,
  ): { spectrum: ChannelSpectrum; bandSpectra: BandSegmentSpectra | null } {
    const { plan, clipped } = this.planner(sampleRateHz).planFor(data.length);
    const psd = new Float64Array(plan.binCount);
    const settings = plan.settings(data.length, clipped);
    const spectrum: ChannelSpectrum = { frequenciesHz: plan.frequenciesHz, psd, settings };
    if (!band) {
      plan.psdInto(data, psd);
      return { spectrum, bandSpectra: null };
    }
    const [firstBin, endBin] = bandBins(plan.frequenciesHz, band.lowHz, band.highHz);
    const binCount = endBin - firstBin;
    const segmentCount = settings.segmentCount;
    const capture: SegmentCapture = {
      firstBin,
      binCount,
      re: new Float64Array(segmentCount * binCount),
      im: new Float64Array(segmentCount * binCount),
    };
    plan.psdAndSegmentSpectraInto(data, psd, capture);
    return {
      spectrum,
      bandSpectra: {
        channel,
        sampleRateHz,
        sampleCount: data.length,
        segmentLength: plan.segmentLength,
        overlap: plan.overlap,
        segmentCount,
        firstBin,
        binCount,
        binWidthHz: plan.binWidthHz,
        re: capture.re,
        im: capture.im,
      },
    };
  }
}
