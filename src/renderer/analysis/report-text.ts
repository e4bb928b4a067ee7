// The words of the report, shared by the page and the saved PNG: what was analysed, the thresholds, the
// parameters, the strongest peaks.
import type { AnalyzeChannelJson, AnalyzeJson, AnalyzePeakJson } from '../../shared/analysis';
import { compact, seconds } from './format';

export function describeSource(json: AnalyzeJson): { title: string; details: string } {
  const r = json.recording;
  const title = r.label ?? (r.file ? r.file.split(/[\\/]/).pop()! : (r.id ?? 'Recording'));
  const rates = (r.sample_rates_hz ?? [...new Set(json.channels.map((c) => c.sample_rate_hz))])
    .map((f) => `${compact(f)} Hz`)
    .join(', ');
  const parts = [
    r.from_s !== undefined && r.to_s !== undefined ? `${compact(r.from_s)}–${compact(r.to_s)} s` : null,
    r.duration_s !== undefined ? `${seconds(r.duration_s)} analysed` : null,
    `${json.channels.length} channels at ${rates}`,
    r.board ? `board ${r.board}` : null,
    r.format ? `file ${r.format}` : null,
    r.gaps ? `${r.gaps} gap(s), ${compact(r.missing_s ?? 0)} s without samples, joined` : null,
  ].filter((p): p is string => p !== null);
  return { title, details: parts.join(' · ') };
}

export function qualityThresholdWords(json: AnalyzeJson): string {
  const t = json.params.quality_thresholds;
  const p = json.params;
  return [
    `railed when ≥ ${t.railed_fraction_at_least * 100} % of samples lie within ${p.railed.margin_fraction * 100} % of the ADC range`,
    `flat when ≥ ${t.flat_fraction_at_least * 100} % of ${p.flat.window_s} s windows have SD < ${p.flat.std_below_uv} µV`,
    `line noise when ≥ ${t.line_noise_ratio_at_least * 100} % of ${p.line_noise.reference_hz.join('–')} Hz power lies within ±${p.line_noise.half_width_hz} Hz of ${p.line_noise.frequencies_hz.join('/')} Hz`,
    `noisy when the ${p.total_power_hz.join('–')} Hz RMS ≥ ${t.noisy_band_rms_uv_at_least} µV`,
  ].join('; ');
}

/** The parameters and notes of a report as label and text, in the order a reader needs them. */
export function paramLines(json: AnalyzeJson): { label: string; text: string }[] {
  const p = json.params;
  const w = p.welch;
  const scan = p.harmonic_scan;
  return [
    {
      label: 'Welch PSD',
      text: `${w.window} window, ${w.segment_seconds} s segments, ${w.overlap}, ${w.detrend} detrend, ${w.scaling} scaling, ${w.average} of segments (${w.reference}). ${p.preprocessing ? `Preprocessing: ${p.preprocessing}.` : 'Unfiltered samples.'}`,
    },
    {
      label: 'Bands',
      text: `${Object.entries(p.bands)
        .map(([name, [lo, hi]]) => `${name} ${lo}–${hi} Hz`)
        .join(
          ', ',
        )} (${p.band_rule}); total power ${p.total_power_hz.join('–')} Hz; peak alpha searched in ${p.peak_alpha_hz.join('–')} Hz.`,
    },
    {
      label: 'Peaks',
      text: `≥ ${scan.prominence_db} dB above a 1/f background fit over ${scan.range_hz[0]}–${scan.range_hz[1] ?? 'Nyquist'} Hz, at most ${scan.max_peaks} per channel; harmonic families k = 2–${scan.max_harmonic} within ${scan.tolerance_bins} bin.`,
    },
    {
      label: 'Harmony',
      text: p.harmony.enabled
        ? `magnitude-squared coherence of every channel pair of one rate, averaged over ${p.harmony.band_hz.join('–')} Hz; asymmetry of ${p.harmony.asymmetry_band} power, ln(right) − ln(left).`
        : 'off.',
    },
    ...(json.recording.adc_range ? [{ label: 'ADC range', text: `${json.recording.adc_range}.` }] : []),
    ...(json.recording.notes ?? []).map((text) => ({ label: 'Note', text })),
  ];
}

/** The `count` peaks with the highest SNR, in frequency order. */
export function strongestPeaks(channel: AnalyzeChannelJson, count: number): AnalyzePeakJson[] {
  return [...channel.peaks]
    .sort((a, b) => b.snr_db - a.snr_db)
    .slice(0, count)
    .sort((a, b) => a.hz - b.hz);
}
