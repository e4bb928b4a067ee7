// Every default of the brain engine lives here (docs/design/ENGINE.md), and every report echoes the resolved
// parameters it used. Parameters are plain data so that they cross to worker threads unchanged.
import type { DetrendType } from '../dsp/detrend';
import type { FftBackend } from '../dsp/fft';
import type { WindowName } from '../dsp/window';

/** A frequency band: bins with lowHz <= f < highHz. */
export interface BandDefinition {
  readonly name: string;
  readonly lowHz: number;
  readonly highHz: number;
}

export interface AnalysisParams {
  readonly welch: {
    /** Segment length in seconds: nperseg = trunc(segmentSeconds * fs), or the whole signal when shorter. */
    readonly segmentSeconds: number;
    readonly window: WindowName;
    readonly detrend: DetrendType;
    readonly fftBackend: FftBackend | 'auto';
  };
  /** Band powers: sum of PSD bins with lowHz <= f < highHz, times the bin width; relative = band / sum of bands. */
  readonly bands: readonly BandDefinition[];
  /** Total power: PSD bins with lowHz <= f < highHz, times the bin width. */
  readonly totalPower: { readonly lowHz: number; readonly highHz: number };
  /** Peak alpha frequency: PSD maximum with lowHz <= f <= highHz, parabolic interpolation on the PSD. */
  readonly peakAlpha: { readonly lowHz: number; readonly highHz: number };
  /**
   * Line-noise ratio: power of the bins within +-halfWidthHz (inclusive) of each line frequency over the power of
   * referenceLowHz <= f < referenceHighHz (clipped at Nyquist).
   */
  readonly lineNoise: {
    readonly frequenciesHz: readonly number[];
    readonly halfWidthHz: number;
    readonly referenceLowHz: number;
    readonly referenceHighHz: number;
  };
  /** Flat fraction: share of consecutive whole windows whose (population) standard deviation is below stdBelowUv. */
  readonly flat: { readonly windowSeconds: number; readonly stdBelowUv: number };
  /** Railed fraction: share of samples within marginFraction of the physical range from either end. */
  readonly railed: { readonly marginFraction: number };
  /** Quality label: the first of railed, flat, line-noise, noisy whose threshold is reached, else good. */
  readonly quality: {
    readonly flatFractionAtLeast: number;
    readonly railedFractionAtLeast: number;
    readonly lineNoiseRatioAtLeast: number;
    /** sqrt(total power) in uV: the RMS of the signal within the total-power band. */
    readonly noisyBandRmsUvAtLeast: number;
  };
  readonly harmonicScan: {
    readonly lowHz: number;
    /** Upper end of the scan; null = Nyquist. */
    readonly highHz: number | null;
    /** A peak stands at least this far above the 1/f background fit (dB). */
    readonly prominenceDb: number;
    /** Harmonics k * f0 sought for k = 2..maxHarmonic. */
    readonly maxHarmonic: number;
    /** A harmonic matches when |f - k f0| <= toleranceBins * bin width. */
    readonly toleranceBins: number;
    /** The strongest peaks kept (by SNR), reported in frequency order. */
    readonly maxPeaks: number;
  };
  readonly harmony: {
    readonly enabled: boolean;
    /** Coherence averaged over bins with lowHz <= f < highHz. */
    readonly band: BandDefinition;
    /** Band whose power the asymmetry compares, ln(right) - ln(left). */
    readonly asymmetryBand: string;
  };
}

export const DEFAULT_BANDS: readonly BandDefinition[] = [
  { name: 'delta', lowHz: 0.5, highHz: 4 },
  { name: 'theta', lowHz: 4, highHz: 8 },
  { name: 'alpha', lowHz: 8, highHz: 13 },
  { name: 'beta', lowHz: 13, highHz: 30 },
  { name: 'gamma', lowHz: 30, highHz: 45 },
];

export const DEFAULT_ANALYSIS_PARAMS: AnalysisParams = {
  welch: { segmentSeconds: 2, window: 'hann', detrend: 'constant', fftBackend: 'auto' },
  bands: DEFAULT_BANDS,
  totalPower: { lowHz: 0.5, highHz: 45 },
  peakAlpha: { lowHz: 7, highHz: 14 },
  lineNoise: { frequenciesHz: [50, 60], halfWidthHz: 1, referenceLowHz: 0.5, referenceHighHz: 100 },
  flat: { windowSeconds: 1, stdBelowUv: 0.5 },
  railed: { marginFraction: 0.01 },
  quality: {
    flatFractionAtLeast: 0.5,
    railedFractionAtLeast: 0.1,
    lineNoiseRatioAtLeast: 0.3,
    noisyBandRmsUvAtLeast: 100,
  },
  harmonicScan: { lowHz: 0.5, highHz: null, prominenceDb: 3, maxHarmonic: 5, toleranceBins: 1, maxPeaks: 32 },
  harmony: { enabled: true, band: { name: 'alpha', lowHz: 8, highHz: 13 }, asymmetryBand: 'alpha' },
};

/** Parameters as a caller gives them: any group may be left out or given in part. */
export type AnalysisParamsInput = {
  readonly [K in keyof AnalysisParams]?: AnalysisParams[K] extends readonly unknown[]
    ? AnalysisParams[K]
    : Partial<AnalysisParams[K]>;
};

export function resolveParams(input: AnalysisParamsInput = {}): AnalysisParams {
  const d = DEFAULT_ANALYSIS_PARAMS;
  const params: AnalysisParams = {
    welch: { ...d.welch, ...input.welch },
    bands: input.bands ?? d.bands,
    totalPower: { ...d.totalPower, ...input.totalPower },
    peakAlpha: { ...d.peakAlpha, ...input.peakAlpha },
    lineNoise: { ...d.lineNoise, ...input.lineNoise },
    flat: { ...d.flat, ...input.flat },
    railed: { ...d.railed, ...input.railed },
    quality: { ...d.quality, ...input.quality },
    harmonicScan: { ...d.harmonicScan, ...input.harmonicScan },
    harmony: { ...d.harmony, ...input.harmony },
  };
  checkParams(params);
  return params;
}

function checkRange(what: string, lowHz: number, highHz: number): void {
  if (!(Number.isFinite(lowHz) && Number.isFinite(highHz) && lowHz >= 0 && lowHz < highHz)) {
    throw new RangeError(`${what}: need 0 <= low < high, got ${lowHz}-${highHz} Hz`);
  }
}

function checkParams(p: AnalysisParams): void {
  if (!(p.welch.segmentSeconds > 0)) {
    throw new RangeError(`welch.segmentSeconds must be positive, got ${p.welch.segmentSeconds}`);
  }
  if (p.bands.length === 0) throw new RangeError('bands: at least one band is needed');
  const names = new Set<string>();
  for (const b of p.bands) {
    checkRange(`band '${b.name}'`, b.lowHz, b.highHz);
    if (names.has(b.name)) throw new RangeError(`bands: '${b.name}' is defined twice`);
    names.add(b.name);
  }
  checkRange('totalPower', p.totalPower.lowHz, p.totalPower.highHz);
  checkRange('peakAlpha', p.peakAlpha.lowHz, p.peakAlpha.highHz);
  checkRange('lineNoise reference', p.lineNoise.referenceLowHz, p.lineNoise.referenceHighHz);
  if (!(p.lineNoise.halfWidthHz >= 0)) throw new RangeError('lineNoise.halfWidthHz must be >= 0');
  if (!(p.flat.windowSeconds > 0)) throw new RangeError('flat.windowSeconds must be positive');
  if (!(p.railed.marginFraction >= 0 && p.railed.marginFraction < 0.5)) {
    throw new RangeError(`railed.marginFraction must be in [0, 0.5), got ${p.railed.marginFraction}`);
  }
  const scan = p.harmonicScan;
  checkRange('harmonicScan', scan.lowHz, scan.highHz ?? Number.MAX_VALUE);
  if (!(Number.isInteger(scan.maxHarmonic) && scan.maxHarmonic >= 2)) {
    throw new RangeError(`harmonicScan.maxHarmonic must be an integer >= 2, got ${scan.maxHarmonic}`);
  }
  if (!(Number.isInteger(scan.maxPeaks) && scan.maxPeaks >= 1)) {
    throw new RangeError(`harmonicScan.maxPeaks must be a positive integer, got ${scan.maxPeaks}`);
  }
  checkRange('harmony band', p.harmony.band.lowHz, p.harmony.band.highHz);
  if (!names.has(p.harmony.asymmetryBand)) {
    throw new RangeError(`harmony.asymmetryBand '${p.harmony.asymmetryBand}' is not one of the bands`);
  }
}
