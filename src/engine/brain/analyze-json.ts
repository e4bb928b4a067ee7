// The `clisonix analyze --json` shape (docs/design/CLI.md): fields may be added, never renamed. The shape itself
// is declared in src/shared/analysis.ts, where the UI reads it too.
import type {
  AnalysisDocument,
  AnalyzeJson,
  AnalyzeRecordingJson,
  ChannelPsdJson,
} from '../../shared/analysis';
import type { AnalysisReport } from './analyze';

export type { AnalysisDocument, AnalyzeJson, AnalyzeRecordingJson } from '../../shared/analysis';

/** Plain JSON (no typed arrays, no NaN) of an analysis; `recording` is what the caller knows of the source. */
export function toAnalyzeJson(
  report: AnalysisReport,
  recording: Omit<AnalyzeRecordingJson, 'channels'> = {},
): AnalyzeJson {
  const p = report.params;
  return {
    recording: { channels: report.channels.length, ...recording },
    params: {
      version: report.version,
      preprocessing: report.preprocessing,
      welch: {
        segment_seconds: p.welch.segmentSeconds,
        overlap: 'half a segment (nperseg // 2)',
        window: p.welch.window,
        detrend: p.welch.detrend,
        scaling: 'density',
        average: 'mean',
        onesided: true,
        reference: 'scipy.signal.welch(x, fs, nperseg=2*fs)',
      },
      bands: Object.fromEntries(p.bands.map((b) => [b.name, [b.lowHz, b.highHz] as const])),
      band_rule: 'lo <= f < hi, sum of PSD bins times the bin width',
      total_power_hz: [p.totalPower.lowHz, p.totalPower.highHz],
      peak_alpha_hz: [p.peakAlpha.lowHz, p.peakAlpha.highHz],
      line_noise: {
        frequencies_hz: p.lineNoise.frequenciesHz,
        half_width_hz: p.lineNoise.halfWidthHz,
        reference_hz: [p.lineNoise.referenceLowHz, p.lineNoise.referenceHighHz],
      },
      flat: { window_s: p.flat.windowSeconds, std_below_uv: p.flat.stdBelowUv },
      railed: { margin_fraction: p.railed.marginFraction },
      quality_thresholds: {
        flat_fraction_at_least: p.quality.flatFractionAtLeast,
        railed_fraction_at_least: p.quality.railedFractionAtLeast,
        line_noise_ratio_at_least: p.quality.lineNoiseRatioAtLeast,
        noisy_band_rms_uv_at_least: p.quality.noisyBandRmsUvAtLeast,
      },
      harmonic_scan: {
        range_hz: [p.harmonicScan.lowHz, p.harmonicScan.highHz],
        prominence_db: p.harmonicScan.prominenceDb,
        max_harmonic: p.harmonicScan.maxHarmonic,
        tolerance_bins: p.harmonicScan.toleranceBins,
        max_peaks: p.harmonicScan.maxPeaks,
      },
      harmony: {
        enabled: p.harmony.enabled,
        band_hz: [p.harmony.band.lowHz, p.harmony.band.highHz],
        asymmetry_band: p.harmony.asymmetryBand,
      },
    },
    channels: report.channels.map((c) => ({
      index: c.index,
      label: c.label,
      sample_rate_hz: c.sampleRateHz,
      samples: c.sampleCount,
      duration_s: c.durationSeconds,
      mean_uv: c.meanUv,
      rms_uv: c.rmsUv,
      total_power_uv2: c.totalPowerUv2,
      bands: c.bandsUv2,
      relative: c.relative,
      peak_alpha_hz: c.peakAlpha.hz,
      peak_alpha_resolution_hz: c.peakAlpha.resolutionHz,
      line_noise_ratio: c.lineNoise.ratio,
      flat_fraction: c.flat.fraction,
      railed_fraction: c.railed.fraction,
      railed_reason: c.railed.reason,
      physical_range_uv: c.railed.range && [c.railed.range.min, c.railed.range.max],
      quality: c.quality.label,
      quality_reasons: c.quality.reasons,
      welch: {
        nperseg: c.welch.segmentLength,
        noverlap: c.welch.overlap,
        segments: c.welch.segmentCount,
        bin_width_hz: c.welch.binWidthHz,
        clipped_to_signal: c.welch.segmentClippedToSignal,
      },
      peaks: c.harmonicScan.peaks.map((pk) => ({ hz: pk.hz, power: pk.psdUv2PerHz, snr_db: pk.snrDb })),
      harmonic_families: c.harmonicScan.families.map((f) => ({
        f0_hz: f.f0Hz,
        harmonics: f.harmonics.map((h) => ({ k: h.k, hz: h.hz, snr_db: h.snrDb })),
      })),
    })),
    harmony: report.harmony && {
      index: report.harmony.index,
      index_reason: report.harmony.indexReason,
      band_hz: [report.harmony.band.lowHz, report.harmony.band.highHz],
      pairs: report.harmony.pairs.map((pr) => ({
        a: pr.a,
        b: pr.b,
        a_index: pr.aIndex,
        b_index: pr.bIndex,
        coherence: pr.coherence,
        ...(pr.reason ? { reason: pr.reason } : {}),
      })),
      asymmetry: report.harmony.asymmetry.map((a) => ({
        left: a.left,
        right: a.right,
        band: a.band,
        value: a.asymmetry,
        ...(a.reason ? { reason: a.reason } : {}),
      })),
      skipped: report.harmony.skipped.map((s) => ({ label: s.label, reason: s.reason })),
    },
    overall: {
      channels: report.overall.channelCount,
      quality_counts: report.overall.qualityCounts,
      mean_relative: report.overall.meanRelative,
      mean_peak_alpha_hz: report.overall.meanPeakAlphaHz,
    },
  };
}

/** Default upper end of the stored PSDs: past the gamma band and both mains frequencies with their +-1 Hz. */
export const DOCUMENT_PSD_MAX_HZ = 100;

/**
 * The report plus each channel's PSD up to `psdMaxHz` (or Nyquist), as plain JSON: what the app stores and plots.
 * The report must have been computed with `includePsd`; a channel without one gets an empty PSD.
 */
export function toAnalysisDocument(
  report: AnalysisReport,
  recording: Omit<AnalyzeRecordingJson, 'channels'> = {},
  psdMaxHz = DOCUMENT_PSD_MAX_HZ,
): AnalysisDocument {
  const psd: ChannelPsdJson[] = report.channels.map((c) => {
    const binWidthHz = c.welch.binWidthHz;
    if (!c.psd) return { bin_width_hz: binWidthHz, uv2_per_hz: [] };
    const bins = Math.min(c.psd.psdUv2PerHz.length, Math.floor(psdMaxHz / binWidthHz + 1e-9) + 1);
    return { bin_width_hz: binWidthHz, uv2_per_hz: Array.from(c.psd.psdUv2PerHz.subarray(0, bins)) };
  });
  return { report: toAnalyzeJson(report, recording), psd, psd_max_hz: psdMaxHz };
}
