// Harmonic scan (ENGINE.md): spectral peaks that stand at least `prominenceDb` above a 1/f fit of the background,
// and harmonic families f0 with peaks at k * f0 (k = 2..maxHarmonic) within toleranceBins bin widths.
import type { AnalysisParams } from './params';
import { bandBins, type ChannelSpectrum } from './spectrum';

export interface SpectralPeak {
  /** Frequency refined by a parabola through the log-PSD of the peak bin and its neighbours (within half a bin). */
  readonly hz: number;
  readonly binHz: number;
  readonly psdUv2PerHz: number;
  /** Height above the background fit at that frequency, dB. */
  readonly snrDb: number;
}

export interface HarmonicFamily {
  readonly f0Hz: number;
  readonly harmonics: readonly { readonly k: number; readonly hz: number; readonly snrDb: number }[];
}

/** log10 PSD = intercept - exponent * log10 f, fitted on the bins that are not peaks. */
export interface BackgroundFit {
  readonly intercept: number;
  readonly exponent: number;
  readonly binsUsed: number;
}

export interface ChannelHarmonicScan {
  readonly scanLowHz: number;
  readonly scanHighHz: number;
  readonly binWidthHz: number;
  readonly background: BackgroundFit | null;
  readonly peaks: readonly SpectralPeak[];
  readonly families: readonly HarmonicFamily[];
  readonly reason: string | null;
}

const FIT_ROUNDS = 4;

function fitBackground(
  logF: Float64Array,
  logP: Float64Array,
  first: number,
  end: number,
  excludeAboveLog10: number,
): BackgroundFit | null {
  let intercept = 0;
  let slope = 0;
  let used = 0;
  for (let round = 0; round < FIT_ROUNDS; round++) {
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let k = first; k < end; k++) {
      // After the first round, bins that stand out like peaks do not pull the background up.
      if (round > 0 && logP[k]! - (intercept + slope * logF[k]!) > excludeAboveLog10) continue;
      const x = logF[k]!;
      const y = logP[k]!;
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    const det = n * sxx - sx * sx;
    if (n < 2 || !(det > 0)) {
      if (round === 0) return null;
      break;
    }
    slope = (n * sxy - sx * sy) / det;
    intercept = (sy - slope * sx) / n;
    used = n;
  }
  return { intercept, exponent: -slope, binsUsed: used };
}

export function harmonicScanOfSpectrum(
  spectrum: ChannelSpectrum,
  params: AnalysisParams,
): ChannelHarmonicScan {
  const scan = params.harmonicScan;
  const { frequenciesHz: f, psd } = spectrum;
  const binWidthHz = spectrum.settings.binWidthHz;
  const nyquist = spectrum.settings.sampleRateHz / 2;
  const scanLowHz = Math.max(scan.lowHz, binWidthHz);
  const scanHighHz = Math.min(scan.highHz ?? nyquist, nyquist);
  const empty = (reason: string): ChannelHarmonicScan => ({
    scanLowHz,
    scanHighHz,
    binWidthHz,
    background: null,
    peaks: [],
    families: [],
    reason,
  });
  // Inclusive upper end: a sine at Nyquist or at the top of the range is still in the scan.
  const [first, endExclusive] = bandBins(f, scanLowHz, scanHighHz);
  const end = endExclusive < f.length && f[endExclusive] === scanHighHz ? endExclusive + 1 : endExclusive;
  if (end - first < 3) return empty(`fewer than 3 bins in ${scanLowHz}-${scanHighHz} Hz`);
  let peakPsd = 0;
  for (let k = first; k < end; k++) peakPsd = Math.max(peakPsd, psd[k]!);
  if (!(peakPsd > 0)) return empty('no power in the scanned range');
  // Bins of (numerically) zero power would be -infinity on a log scale: floor them far below the peak.
  const floor = peakPsd * 1e-20;
  const logF = new Float64Array(f.length);
  const logP = new Float64Array(f.length);
  for (let k = 0; k < f.length; k++) {
    logF[k] = Math.log10(Math.max(f[k]!, binWidthHz / 2));
    logP[k] = Math.log10(Math.max(psd[k]!, floor));
  }
  const thresholdLog10 = scan.prominenceDb / 10;
  const fit = fitBackground(logF, logP, first, end, thresholdLog10);
  if (!fit) return empty('the background could not be fitted');
  const background = (k: number) => fit.intercept - fit.exponent * logF[k]!;

  const found: SpectralPeak[] = [];
  // Bin 0 holds the detrended DC (close to nothing), so bin 1 always looks like a local maximum against it: a peak
  // needs two real neighbours.
  for (let k = Math.max(first, 2); k < Math.min(end, f.length - 1); k++) {
    const p = psd[k]!;
    if (!(p > psd[k - 1]! && p >= psd[k + 1]!)) continue;
    const snrDb = 10 * (logP[k]! - background(k));
    if (snrDb < scan.prominenceDb) continue;
    const a = logP[k - 1]!;
    const b = logP[k]!;
    const c = logP[k + 1]!;
    const curvature = a - 2 * b + c;
    const delta = curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature)) : 0;
    found.push({ hz: f[k]! + delta * binWidthHz, binHz: f[k]!, psdUv2PerHz: p, snrDb });
  }
  const peaks = found
    .sort((x, y) => y.snrDb - x.snrDb)
    .slice(0, scan.maxPeaks)
    .sort((x, y) => x.hz - y.hz);
  return {
    scanLowHz,
    scanHighHz,
    binWidthHz,
    background: fit,
    peaks,
    families: harmonicFamilies(peaks, scan.maxHarmonic, scan.toleranceBins * binWidthHz),
    reason: null,
  };
}

/** Each peak (lowest first) not already a harmonic of a lower one, with the peaks found at k * f0. */
export function harmonicFamilies(
  peaks: readonly SpectralPeak[],
  maxHarmonic: number,
  toleranceHz: number,
): HarmonicFamily[] {
  const claimed = new Set<SpectralPeak>();
  const families: HarmonicFamily[] = [];
  for (const root of peaks) {
    if (claimed.has(root)) continue;
    const harmonics: { k: number; hz: number; snrDb: number }[] = [];
    for (let k = 2; k <= maxHarmonic; k++) {
      const target = k * root.hz;
      let best: SpectralPeak | null = null;
      for (const p of peaks) {
        if (p !== root && Math.abs(p.hz - target) <= toleranceHz) {
          if (!best || Math.abs(p.hz - target) < Math.abs(best.hz - target)) best = p;
        }
      }
      if (best) {
        harmonics.push({ k, hz: best.hz, snrDb: best.snrDb });
        claimed.add(best);
      }
    }
    if (harmonics.length > 0) families.push({ f0Hz: root.hz, harmonics });
  }
  return families;
}
