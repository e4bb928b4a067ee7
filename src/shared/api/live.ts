// The Live page's own contract: the display filter (applied to the UI's frames only, never to what is recorded)
// and the rolling spectrum, band powers and signal quality the engine worker computes several times a second.
import type { Method, NoParams } from './contract';

/** Off: raw frames (the UI blocks DC itself); band-pass: 1-45 Hz; band-pass-notch: and a mains notch. */
export type DisplayFilterMode = 'off' | 'band-pass' | 'band-pass-notch';
/** Mains frequency to notch; 'auto' follows whichever of 50/60 Hz the live spectrum finds hum at. */
export type MainsSetting = 50 | 60 | 'auto';

export interface LiveDisplaySettings {
  readonly filter: DisplayFilterMode;
  readonly mains: MainsSetting;
}

/** What the display filter does right now (the settings, resolved against the source and mains detection). */
export interface AppliedDisplayFilter {
  /** True when frames reach the UI filtered (the UI then draws them as they are). */
  readonly filtered: boolean;
  readonly bandPass: { readonly lowHz: number; readonly highHz: number; readonly order: number } | null;
  readonly notchHz: number | null;
  /** For the trace area: "1-45 Hz band-pass + 60 Hz notch (auto)", "Raw signal (0.5 Hz DC blocker)". */
  readonly description: string;
  /** Why part of the chosen filter is not applied (sample rate too low, mains not detected yet), or null. */
  readonly note: string | null;
}

export interface MainsDetection {
  /** The mains frequency the live spectrum found hum at, or null (none found yet, or not measurable). */
  readonly detectedHz: 50 | 60 | null;
  /** For the toolbar: "Auto (60 Hz detected)", "Auto (no mains hum found)". */
  readonly label: string;
}

export interface LiveSettingsState {
  readonly settings: LiveDisplaySettings;
  readonly applied: AppliedDisplayFilter;
  readonly mains: MainsDetection;
}

/** Change any of the settings; the others stay. Saved in the data folder. */
export type LiveConfigureRequest = Partial<LiveDisplaySettings>;

export type ChannelQualityLabel = 'good' | 'noisy' | 'flat' | 'railed' | 'line-noise';

export interface LiveChannelAnalysis {
  /** PSD of the raw signal in dB re 1 uV^2/Hz at `frequenciesHz`, 0.1 dB steps; null where the PSD is zero. */
  readonly psdDb: readonly (number | null)[];
  /** Band powers in uV^2, in the order of `bands`. */
  readonly bandsUv2: readonly number[];
  /** Band / sum of the bands (0..1), null when the bands hold no power. */
  readonly relative: readonly (number | null)[];
  readonly quality: { readonly label: ChannelQualityLabel; readonly reasons: readonly string[] };
}

export interface LiveSpectrum {
  readonly state: 'ready';
  readonly segment: number;
  /** Sample index just after the analysed window, in the segment's clock. */
  readonly endSample: number;
  readonly sampleRateHz: number;
  readonly windowSeconds: number;
  readonly binWidthHz: number;
  readonly frequenciesHz: readonly number[];
  readonly bands: readonly { readonly name: string; readonly lowHz: number; readonly highHz: number }[];
  readonly channels: readonly LiveChannelAnalysis[];
  /** The ADC range the railed check used (uV), or null when the board's range is unknown. */
  readonly adcRangeUv: { readonly min: number; readonly max: number } | null;
  /** Time the engine worker spent on this window. */
  readonly computeMs: number;
  /** Updates skipped since the services started because the engine was still busy with the previous one. */
  readonly ticksSkipped: number;
}

/** The spectrum cannot be shown: the engine is down, or the window is still filling after a (re)connection. */
export interface LiveSpectrumUnavailable {
  readonly state: 'unavailable' | 'collecting';
  readonly segment: number;
  readonly message: string;
}

export type LiveSpectrumUpdate = LiveSpectrum | LiveSpectrumUnavailable;

export interface LiveMethods {
  'live.settings': Method<NoParams, LiveSettingsState>;
  'live.configure': Method<LiveConfigureRequest, LiveSettingsState>;
  /** The latest spectrum update (so a page opened mid-stream has one at once), or null before any. */
  'live.spectrum': Method<NoParams, LiveSpectrumUpdate | null>;
}

export interface LiveEvents {
  'live.settings': LiveSettingsState;
  'live.spectrum': LiveSpectrumUpdate;
}
