// The Live page's side panel: the rolling spectrum of every channel and its band powers, with the signal
// quality per channel, as the engine computes them from the raw signal four times a second.
import { useState, useSyncExternalStore } from 'react';
import type { LiveSpectrum, SourceStatus } from '../../shared/api';
import { readTraceStyle } from '../app/theme';
import type { LiveAnalysis } from './live-analysis';
import { QUALITY_WORDS, qualityTooltip } from './quality';
import { SpectrumCanvas, type SpectrumHover } from './SpectrumCanvas';

const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);

/** The ready spectrum that describes the stream on screen, or null. */
export function currentSpectrum(analysis: LiveAnalysis['spectrum']): LiveSpectrum | null {
  return analysis?.state === 'ready' ? analysis : null;
}

export function LiveAnalysisPanel({
  analysis,
  source,
  width,
}: {
  analysis: LiveAnalysis;
  source: SourceStatus | null;
  width: number;
}) {
  const update = useSyncExternalStore(analysis.subscribe, () => analysis.spectrum);
  const [selected, setSelected] = useState<number | null>(null);
  const [hover, setHover] = useState<SpectrumHover | null>(null);
  const spectrum = currentSpectrum(update);
  const labels = source?.channelLabels ?? [];
  const label = (c: number) => labels[c] ?? `Ch${c + 1}`;
  const palette = readTraceStyle(document.documentElement).palette;
  const colour = (c: number) => palette[c % Math.max(1, palette.length)];
  const emphasised =
    hover?.channel ??
    (selected !== null && spectrum && selected < spectrum.channels.length ? selected : null);
  const streaming = source?.state === 'streaming';

  let status: string;
  if (!update) status = streaming ? 'Waiting for the first spectrum…' : 'No source is streaming.';
  else if (update.state !== 'ready') status = update.message;
  else
    status =
      `Raw signal, last ${update.windowSeconds.toFixed(1)} s · ${update.binWidthHz} Hz bins · ` +
      `engine ${update.computeMs.toFixed(1)} ms per update` +
      (update.ticksSkipped
        ? ` · ${update.ticksSkipped.toLocaleString('en-US')} update${update.ticksSkipped === 1 ? '' : 's'} skipped (engine busy)`
        : '');

  return (
    <aside
      className="live-panel"
      id="live-panel"
      aria-label="Spectrum and band powers"
      style={{ width }}
      data-testid="live-panel"
      data-state={update?.state ?? 'none'}
    >
      <div className="live-panel-head">
        <h2>Spectrum</h2>
        <select
          aria-label="Emphasise a channel"
          value={selected ?? ''}
          onChange={(e) => setSelected(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">All channels</option>
          {labels.map((l, c) => (
            <option key={c} value={c}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <p
        className={`live-panel-status${update?.state === 'unavailable' ? ' error' : ''}`}
        role="status"
        data-testid="spectrum-status"
      >
        {status}
        {update?.state === 'unavailable' && ' The traces keep running.'}
      </p>
      {spectrum ? (
        <>
          <div className="spectrum-box">
            <SpectrumCanvas
              spectrum={spectrum}
              emphasised={emphasised}
              channelLabels={labels}
              onHover={setHover}
            />
          </div>
          <p className="spectrum-readout muted" aria-live="off">
            {hover
              ? `${label(hover.channel)} · ${hover.hz.toFixed(1)} Hz · ${hover.db.toFixed(1)} dB µV²/Hz`
              : 'Point at a curve to read it; pick a channel to emphasise it.'}
          </p>
          <h2>Band powers</h2>
          <ul className="band-legend" aria-label="Bands">
            {spectrum.bands.map((b) => (
              <li key={b.name}>
                <span className={`band-chip band-${b.name}`} aria-hidden="true" />
                {b.name} {b.lowHz}-{b.highHz} Hz
              </li>
            ))}
          </ul>
          <ul className="band-rows" data-testid="band-bars">
            {spectrum.channels.map((channel, c) => {
              const dominant = channel.relative.reduce<number>(
                (best, r, b) => ((r ?? -1) > (channel.relative[best] ?? -1) ? b : best),
                0,
              );
              const summary = spectrum.bands
                .map(
                  (b, i) =>
                    `${b.name} ${percent(channel.relative[i] ?? null)} (${(channel.bandsUv2[i] ?? 0).toPrecision(3)} µV²)`,
                )
                .join(', ');
              return (
                <li
                  key={c}
                  className={`band-row${emphasised === c ? ' emphasised' : ''}`}
                  data-channel={c}
                  data-dominant-band={
                    channel.relative[dominant] === null ? '' : spectrum.bands[dominant]?.name
                  }
                >
                  <button
                    type="button"
                    className="band-row-label"
                    style={{ color: colour(c) }}
                    aria-pressed={selected === c}
                    onClick={() => setSelected(selected === c ? null : c)}
                    title={`Emphasise ${label(c)} in the spectrum`}
                  >
                    {label(c)}
                  </button>
                  <span
                    className="band-stack"
                    role="img"
                    aria-label={`${label(c)}: ${summary}`}
                    title={summary}
                  >
                    {channel.relative.map((r, b) =>
                      r ? (
                        <span
                          key={b}
                          className={`band-seg band-${spectrum.bands[b]?.name ?? ''}`}
                          style={{ width: `${r * 100}%` }}
                        />
                      ) : null,
                    )}
                  </span>
                  <span className="band-dominant">
                    {channel.relative[dominant] === null
                      ? 'no power'
                      : `${spectrum.bands[dominant]?.name} ${percent(channel.relative[dominant] ?? null)}`}
                  </span>
                  <span
                    className={`quality-word quality-${channel.quality.label}`}
                    title={qualityTooltip(channel.quality.label, channel.quality.reasons)}
                  >
                    {QUALITY_WORDS[channel.quality.label]}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <div className="spectrum-box empty-plot" aria-hidden="true" />
      )}
    </aside>
  );
}
