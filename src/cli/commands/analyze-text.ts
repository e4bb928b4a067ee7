// The readable report of `clisonix analyze` without --json: what was analysed, a channel x band table, the
// quality of each channel with its reasons, the strongest peaks with their harmonic families, and harmony.
import type { AnalyzeChannelJson, AnalyzeJson } from '../../shared/analysis';

/** Four significant digits, no exponent below a million (a technician reads these, not a parser). */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) return x.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return x.toFixed(decimals);
}

/** Rates and times as written (250, 0.5, 89.96), without padding zeros. */
export function compact(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function describeSource(json: AnalyzeJson): string {
  const r = json.recording;
  const what = r.label ?? r.file ?? r.id ?? 'recording';
  const rates = r.sample_rates_hz?.map((f) => `${compact(f)} Hz`).join(', ');
  const range =
    r.from_s !== undefined && r.to_s !== undefined ? `, ${compact(r.from_s)}-${compact(r.to_s)} s` : '';
  const parts = [r.format, `${r.channels} channels`, rates].filter(Boolean).join(', ');
  return `${what} (${parts}${range})`;
}

function peaksOf(c: AnalyzeChannelJson, count: number): string {
  const strongest = [...c.peaks].sort((a, b) => b.snr_db - a.snr_db).slice(0, count);
  if (strongest.length === 0) return 'none';
  return strongest
    .sort((a, b) => a.hz - b.hz)
    .map((p) => `${formatNumber(p.hz)} Hz (${p.snr_db.toFixed(1)} dB)`)
    .join(', ');
}

function familiesOf(c: AnalyzeChannelJson): string {
  return c.harmonic_families
    .map((f) => `${formatNumber(f.f0_hz)} Hz x${f.harmonics.map((h) => h.k).join(',')}`)
    .join('; ');
}

export function analyzeText(json: AnalyzeJson): string {
  const bands = Object.keys(json.params.bands);
  const out: string[] = [];
  out.push(`Analysis of ${describeSource(json)}`);
  const r = json.recording;
  if (r.duration_s !== undefined) {
    out.push(
      `Analysed ${compact(r.duration_s)} s of samples${r.gaps ? ` (${r.gaps} gap(s), ${formatNumber(r.missing_s ?? 0)} s without samples, joined)` : ''}.`,
    );
  }
  const welch = json.params.welch;
  out.push(
    `Welch PSD: ${welch.window} window, ${welch.segment_seconds} s segments, ${welch.overlap}, ${welch.detrend} detrend${json.params.preprocessing ? `; ${json.params.preprocessing}` : '; unfiltered'}.`,
  );
  out.push('');
  out.push('Band power, uV^2 (relative power)');
  out.push(
    table(
      [
        'channel',
        'Hz',
        ...bands.map((b) => `${b} ${json.params.bands[b]!.join('-')}`),
        'total',
        'RMS uV',
        'PAF Hz',
      ],
      json.channels.map((c) => [
        c.label,
        compact(c.sample_rate_hz),
        ...bands.map((b) => `${formatNumber(c.bands[b])} (${percent(c.relative[b])})`),
        formatNumber(c.total_power_uv2),
        formatNumber(c.rms_uv),
        formatNumber(c.peak_alpha_hz),
      ]),
    ),
  );
  out.push('');
  const t = json.params.quality_thresholds;
  out.push(
    `Quality (railed >= ${percent(t.railed_fraction_at_least)} of samples, flat >= ${percent(t.flat_fraction_at_least)} of windows, line noise >= ${percent(t.line_noise_ratio_at_least)}, noisy RMS >= ${t.noisy_band_rms_uv_at_least} uV)`,
  );
  out.push(
    table(
      ['channel', 'quality', 'line noise', 'flat', 'railed', 'reasons'],
      json.channels.map((c) => [
        c.label,
        c.quality,
        percent(c.line_noise_ratio),
        percent(c.flat_fraction),
        c.railed_fraction === null ? 'range unknown' : percent(c.railed_fraction),
        c.quality_reasons.join('; ') || '-',
      ]),
    ),
  );
  out.push('');
  out.push(`Peaks (the 5 strongest by SNR over the 1/f background) and harmonic families`);
  for (const c of json.channels) {
    const families = familiesOf(c);
    out.push(`  ${c.label}: ${peaksOf(c, 5)}${families ? `; families ${families}` : ''}`);
  }
  out.push('');
  const h = json.harmony;
  if (!h) {
    out.push('Harmony: not computed.');
  } else {
    const defined = h.pairs.filter((p) => p.coherence !== null).length;
    out.push(
      `Harmony index (mean ${h.band_hz.join('-')} Hz coherence over ${defined} channel pairs): ${h.index === null ? `none (${h.index_reason ?? 'no pair'})` : h.index.toFixed(3)}`,
    );
    for (const a of h.asymmetry) {
      out.push(
        `  ${a.band} asymmetry ln(${a.right}) - ln(${a.left}): ${a.value === null ? `- (${a.reason ?? 'undefined'})` : a.value.toFixed(3)}`,
      );
    }
    for (const s of h.skipped) out.push(`  ${s.label} left out: ${s.reason}`);
  }
  const notes = [...(r.adc_range ? [`ADC range: ${r.adc_range}.`] : []), ...(r.notes ?? [])];
  if (notes.length) {
    out.push('');
    out.push('Notes');
    for (const n of notes) out.push(`  ${n}`);
  }
  return `${out.join('\n')}\n`;
}
