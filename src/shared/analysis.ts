// The brain engine's report as plain JSON: the `clisonix analyze --json` shape of docs/design/CLI.md (fields may
// be added, never renamed), what the analyses table keeps and what the Analysis page draws. The engine fills it in
// (src/engine/brain/analyze-json.ts); the UI reads it without knowing the engine.

// One vocabulary of channel quality for the Live page and the reports.
import type { ChannelQualityLabel } from './api/live';

export type { ChannelQualityLabel };

/** What the caller knows of the analysed source; `channels` is always there. */
export interface AnalyzeRecordingJson {
  readonly channels: number;
  /** A stored recording's id and label. */
  readonly id?: string;
  readonly label?: string;
  /** A file analysed without importing it. */
  readonly file?: string;
  readonly format?: 'edf' | 'bdf' | 'openbci-text' | 'csv';
  readonly board?: string | null;
  /** The distinct sample rates of the channels, ascending. */
  readonly sample_rates_hz?: readonly number[];
  /** The analysed time range, seconds from the first sample of the source. */
  readonly from_s?: number;
  readonly to_s?: number;
  /** Seconds of samples analysed (the range less any samples the source lacks). */
  readonly duration_s?: number;
  /**
   * Stretches without samples (recording gaps inside the range; a file's EDF+D discontinuities or CSV time jumps),
   * joined end to end for analysis, as MNE's Welch does with annotated bad spans.
   */
  readonly gaps?: number;
  readonly missing_s?: number;
  /** Where each channel's ADC range came from (for the railed fraction), in words. */
  readonly adc_range?: string;
  /** Anything a reader of the report should know about the input (tolerated file deviations, joined gaps...). */
  readonly notes?: readonly string[];
}

export interface AnalyzeWelchParamsJson {
  readonly segment_seconds: number;
  readonly overlap: string;
  readonly window: string;
  readonly detrend: string;
  readonly scaling: 'density';
  readonly average: 'mean';
  readonly onesided: true;
  readonly reference: string;
}

export interface AnalyzeParamsJson {
  readonly version: number;
  readonly preprocessing: string | null;
  readonly welch: AnalyzeWelchParamsJson;
  /** name -> [low, high) Hz, in report order. */
  readonly bands: Readonly<Record<string, readonly [number, number]>>;
  readonly band_rule: string;
  readonly total_power_hz: readonly [number, number];
  readonly peak_alpha_hz: readonly [number, number];
  readonly line_noise: {
    readonly frequencies_hz: readonly number[];
    readonly half_width_hz: number;
    readonly reference_hz: readonly [number, number];
  };
  readonly flat: { readonly window_s: number; readonly std_below_uv: number };
  readonly railed: { readonly margin_fraction: number };
  readonly quality_thresholds: {
    readonly flat_fraction_at_least: number;
    readonly railed_fraction_at_least: number;
    readonly line_noise_ratio_at_least: number;
    readonly noisy_band_rms_uv_at_least: number;
  };
  readonly harmonic_scan: {
    readonly range_hz: readonly [number, number | null];
    readonly prominence_db: number;
    readonly max_harmonic: number;
    readonly tolerance_bins: number;
    readonly max_peaks: number;
  };
  readonly harmony: {
    readonly enabled: boolean;
    readonly band_hz: readonly [number, number];
    readonly asymmetry_band: string;
  };
}

export interface AnalyzePeakJson {
  readonly hz: number;
  /** PSD at the peak, uV^2/Hz. */
  readonly power: number;
  readonly snr_db: number;
}

export interface AnalyzeFamilyJson {
  readonly f0_hz: number;
  readonly harmonics: readonly { readonly k: number; readonly hz: number; readonly snr_db: number }[];
}

export interface AnalyzeChannelJson {
  readonly index: number;
  readonly label: string;
  readonly sample_rate_hz: number;
  readonly samples: number;
  readonly duration_s: number;
  readonly mean_uv: number;
  readonly rms_uv: number;
  readonly total_power_uv2: number;
  /** Absolute band powers, uV^2. */
  readonly bands: Readonly<Record<string, number>>;
  /** Band / sum of the bands, 0..1; null when the bands hold no power. */
  readonly relative: Readonly<Record<string, number | null>>;
  readonly peak_alpha_hz: number | null;
  readonly peak_alpha_resolution_hz: number;
  readonly line_noise_ratio: number | null;
  readonly flat_fraction: number;
  readonly railed_fraction: number | null;
  /** Why the railed fraction is null ("ADC range unknown"), else null. */
  readonly railed_reason?: string | null;
  /** The ADC range used for the railed fraction, uV, or null when unknown. */
  readonly physical_range_uv?: readonly [number, number] | null;
  readonly quality: ChannelQualityLabel;
  readonly quality_reasons: readonly string[];
  readonly welch: {
    readonly nperseg: number;
    readonly noverlap: number;
    readonly segments: number;
    readonly bin_width_hz: number;
    readonly clipped_to_signal: boolean;
  };
  readonly peaks: readonly AnalyzePeakJson[];
  readonly harmonic_families: readonly AnalyzeFamilyJson[];
}

export interface AnalyzeHarmonyJson {
  readonly index: number | null;
  readonly index_reason: string | null;
  readonly band_hz: readonly [number, number];
  readonly pairs: readonly {
    readonly a: string;
    readonly b: string;
    /** Channel indices of a and b (labels may repeat). */
    readonly a_index?: number;
    readonly b_index?: number;
    readonly coherence: number | null;
    readonly reason?: string;
  }[];
  readonly asymmetry: readonly {
    readonly left: string;
    readonly right: string;
    readonly band: string;
    readonly value: number | null;
    readonly reason?: string;
  }[];
  readonly skipped: readonly { readonly label: string; readonly reason: string }[];
}

export interface AnalyzeOverallJson {
  readonly channels: number;
  readonly quality_counts: Readonly<Record<ChannelQualityLabel, number>>;
  readonly mean_relative: Readonly<Record<string, number | null>>;
  readonly mean_peak_alpha_hz: number | null;
}

export interface AnalyzeJson {
  readonly recording: AnalyzeRecordingJson;
  readonly params: AnalyzeParamsJson;
  readonly channels: readonly AnalyzeChannelJson[];
  readonly harmony: AnalyzeHarmonyJson | null;
  readonly overall: AnalyzeOverallJson;
}

/** A channel's Welch PSD for plots: bin k is at k * bin_width_hz, from 0 Hz up to the document's psd_max_hz. */
export interface ChannelPsdJson {
  readonly bin_width_hz: number;
  readonly uv2_per_hz: readonly number[];
}

/** What an analysis keeps and shows: the report and, per channel in report order, its PSD for plotting. */
export interface AnalysisDocument {
  readonly report: AnalyzeJson;
  readonly psd: readonly ChannelPsdJson[];
  /** The PSDs stop here (or at Nyquist): the plots need no more, and the stored report stays small. */
  readonly psd_max_hz: number;
}
