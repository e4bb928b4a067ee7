// The analysis report on the page: what was analysed, the PSD of every channel with the bands shaded, relative band
// power bars, the coherence heatmap, the channel x band table, quality with reasons and thresholds, peaks with
// their harmonic families, and the parameters. Saved as one PNG page or printed as one light page.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { AnalysisView } from '../../shared/api';
import { compact, hz, percent, sig } from './format';
import { PlotCanvas, lightPlotStyle, type DrawFn } from './PlotCanvas';
import { cycled } from './plot-style';
import { drawBandBars, drawHeatmap, drawPsd } from './plots';
import { renderReportCanvas, reportPngBlob } from './report-png';
import { describeSource, paramLines, qualityThresholdWords, strongestPeaks } from './report-text';

function fileNameOf(view: AnalysisView, title: string): string {
  const stamp = new Date(view.createdAt).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const safe = title.replace(/[^\w.-]+/g, '_').slice(0, 60);
  return `clisonix-analysis-${safe}-${stamp}.png`;
}

export function ReportView({ view }: { view: AnalysisView }) {
  const doc = view.document;
  const json = doc.report;
  const bands = Object.keys(json.params.bands);
  const source = describeSource(json);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [saveState, setSaveState] = useState<string | null>(null);

  const drawPsdPlot = useCallback<DrawFn>(
    (ctx, w, h, style) => {
      drawPsd(ctx, { x: 0, y: 0, w, h }, doc, style, { highlight });
    },
    [doc, highlight],
  );
  const drawBars = useCallback<DrawFn>(
    (ctx, w, h, style) => drawBandBars(ctx, { x: 0, y: 0, w, h }, doc, style),
    [doc],
  );
  const drawMatrix = useCallback<DrawFn>(
    (ctx, w, h, style) => drawHeatmap(ctx, { x: 0, y: 0, w, h }, doc, style),
    [doc],
  );

  // Printing prints the one-page report image, drawn at 300 dpi while the print dialog is open.
  useEffect(() => {
    let page: HTMLElement | null = null;
    const before = () => {
      page?.remove();
      page = document.createElement('div');
      page.className = 'print-page';
      page.dataset.testid = 'print-page';
      page.appendChild(renderReportCanvas(doc, view, lightPlotStyle(), 2));
      document.body.appendChild(page);
      document.documentElement.classList.add('printing-report');
    };
    const after = () => {
      page?.remove();
      page = null;
      document.documentElement.classList.remove('printing-report');
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
      after();
    };
  }, [doc, view]);

  const savePng = async () => {
    setSaveState('Rendering the report…');
    try {
      const blob = await reportPngBlob(doc, view, lightPlotStyle());
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(view, source.title);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setSaveState(`Saved ${a.download} (${Math.round(blob.size / 1024)} KiB).`);
    } catch (error) {
      setSaveState(
        `The report could not be saved: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  const harmony = json.harmony;
  const definedPairs = harmony ? harmony.pairs.filter((p) => p.coherence !== null).length : 0;
  const flagged = json.channels.filter((c) => c.quality !== 'good');
  const created = useMemo(() => new Date(view.createdAt).toLocaleString('en-GB'), [view.createdAt]);

  return (
    <article className="analysis-report" aria-labelledby="report-title" data-testid="analysis-report">
      <header className="report-head">
        <div>
          <h2 id="report-title">EEG analysis report: {source.title}</h2>
          <p className="muted">{source.details}</p>
          <p className="muted">
            Analysed {created} by {view.engineVersion}
            {view.id !== null ? ` · stored as analysis ${view.id}` : ' · file analysis, not stored'}
          </p>
        </div>
        <div className="report-actions no-print">
          <button type="button" onClick={() => void savePng()}>
            Save PNG
          </button>
          <button
            type="button"
            onClick={() => window.print()}
            title="Print, or choose “Save as PDF” as the printer"
          >
            Print / PDF
          </button>
        </div>
      </header>
      {saveState && (
        <p className="muted no-print" role="status" data-testid="save-status">
          {saveState}
        </p>
      )}
      <div className="report-summary" data-testid="report-summary">
        <span className="chip">
          Harmony index{' '}
          <strong data-testid="harmony-index">
            {harmony?.index === null || !harmony ? '–' : harmony.index.toFixed(3)}
          </strong>
        </span>
        {Object.entries(json.overall.quality_counts)
          .filter(([, count]) => count > 0)
          .map(([label, count]) => (
            <span className="chip" key={label}>
              <span className={`quality q-${label}`}>{label}</span> <strong>{count}</strong>
            </span>
          ))}
        <span className="chip">
          Mean peak alpha <strong>{hz(json.overall.mean_peak_alpha_hz)}</strong>
        </span>
      </div>

      <figure className="figure">
        <figcaption>Power spectral density per channel (Welch, log scale), bands shaded</figcaption>
        <PlotCanvas
          className="psd-canvas"
          draw={drawPsdPlot}
          label={`PSD of ${json.channels.length} channels from 0 to ${compact(doc.psd_max_hz)} Hz on a log scale, with the ${bands.join(', ')} bands shaded`}
          testId="psd-plot"
          data={{ channels: json.channels.length, bands: bands.join(','), highlight: highlight ?? 'none' }}
        />
        <ul className="legend" aria-label="Channels (click to highlight)">
          {json.channels.map((c, i) => (
            <li key={c.index}>
              <button
                type="button"
                aria-pressed={highlight === i}
                onClick={() => setHighlight((h) => (h === i ? null : i))}
              >
                <PaletteSwatch index={i} />
                {c.label}
              </button>
            </li>
          ))}
        </ul>
      </figure>

      <div className="side-by-side">
        <figure className="figure">
          <figcaption>Relative band power per channel</figcaption>
          <PlotCanvas
            className="bars-canvas"
            draw={drawBars}
            label="Relative power of each band, one bar per channel"
            testId="band-bars"
            data={{ channels: json.channels.length }}
          />
        </figure>
        <figure className="figure">
          <figcaption>
            Harmony: coherence {harmony ? `${harmony.band_hz.join('–')} Hz` : ''} between channel pairs
          </figcaption>
          <PlotCanvas
            className="heatmap-canvas"
            draw={drawMatrix}
            label={`Coherence matrix of ${json.channels.length} channels, colour scale 0 to 1`}
            testId="harmony-heatmap"
            data={{ channels: json.channels.length, pairs: definedPairs }}
          />
          {harmony && (
            <p className="muted">
              Harmony index{' '}
              {harmony.index === null ? `– (${harmony.index_reason ?? 'no pair'})` : harmony.index.toFixed(3)}
              : mean coherence over {definedPairs} pairs.{' '}
              {harmony.asymmetry.length > 0 &&
                `Alpha asymmetry ln(right) − ln(left): ${harmony.asymmetry
                  .map((a) => `${a.left}/${a.right} ${a.value === null ? '–' : a.value.toFixed(3)}`)
                  .join(', ')}.`}
              {harmony.asymmetry.length === 0 &&
                'No homologous 10-20 pairs (F3/F4, O1/O2…) among the labels: no asymmetry.'}
              {harmony.skipped.map((s) => ` ${s.label}: ${s.reason}.`)}
            </p>
          )}
        </figure>
      </div>

      <section className="report-section" aria-labelledby="bands-title">
        <h3 id="bands-title">Band power per channel: absolute (µV²) and relative</h3>
        <table className="report-table" data-testid="band-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col" className="text">
                Quality
              </th>
              {bands.map((b) => (
                <th scope="col" key={b}>
                  {b}
                  <span className="sub">{json.params.bands[b]!.join('–')} Hz</span>
                </th>
              ))}
              <th scope="col">
                Total<span className="sub">{json.params.total_power_hz.join('–')} Hz</span>
              </th>
              <th scope="col">RMS</th>
              <th scope="col">Peak alpha</th>
              <th scope="col">Line noise</th>
            </tr>
          </thead>
          <tbody>
            {json.channels.map((c) => (
              <tr key={c.index} data-channel={c.label}>
                <th scope="row">
                  {c.label}
                  <span className="sub">{compact(c.sample_rate_hz)} Hz</span>
                </th>
                <td className="text">
                  <span className={`quality q-${c.quality}`} data-testid="quality-label">
                    {c.quality}
                  </span>
                </td>
                {bands.map((b) => (
                  <td key={b}>
                    {sig(c.bands[b])} µV²<span className="sub">{percent(c.relative[b])}</span>
                  </td>
                ))}
                <td>{sig(c.total_power_uv2)} µV²</td>
                <td>{sig(c.rms_uv)} µV</td>
                <td>{hz(c.peak_alpha_hz)}</td>
                <td>{percent(c.line_noise_ratio)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="report-section" aria-labelledby="quality-title">
        <h3 id="quality-title">Quality</h3>
        <p className="muted">Thresholds: {qualityThresholdWords(json)}.</p>
        {flagged.length === 0 ? (
          <p>Every channel is good: no threshold was reached.</p>
        ) : (
          <table className="report-table" data-testid="quality-table">
            <tbody>
              {flagged.map((c) => (
                <tr key={c.index}>
                  <th scope="row">{c.label}</th>
                  <td className="text">
                    <span className={`quality q-${c.quality}`}>{c.quality}</span>
                  </td>
                  <td className="text">
                    {c.quality_reasons.join('; ')}
                    {c.railed_fraction === null && (
                      <span className="sub">Railed fraction: {c.railed_reason ?? 'ADC range unknown'}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="report-section" aria-labelledby="peaks-title">
        <h3 id="peaks-title">
          Spectral peaks (strongest by SNR over the 1/f background) and harmonic families
        </h3>
        <table className="report-table" data-testid="peaks-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col" className="text">
                Peaks (frequency, SNR)
              </th>
              <th scope="col" className="text">
                Harmonic families (f0: harmonics k × f0)
              </th>
            </tr>
          </thead>
          <tbody>
            {json.channels.map((c) => (
              <tr key={c.index}>
                <th scope="row">{c.label}</th>
                <td className="text">
                  {strongestPeaks(c, 6)
                    .map((p) => `${sig(p.hz, 4)} Hz (${p.snr_db.toFixed(1)} dB)`)
                    .join(', ') || 'none'}
                  {c.peaks.length > 6 && <span className="sub">{c.peaks.length} peaks in all</span>}
                </td>
                <td className="text">
                  {c.harmonic_families.length === 0
                    ? '–'
                    : c.harmonic_families
                        .map(
                          (f) =>
                            `${sig(f.f0_hz, 4)} Hz: ${f.harmonics.map((h) => `×${h.k} ${sig(h.hz, 4)} Hz`).join(', ')}`,
                        )
                        .join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="report-section" aria-labelledby="params-title">
        <h3 id="params-title">Parameters and notes</h3>
        <dl className="report-params">
          {paramLines(json).map((line, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt>{line.label}</dt>
              <dd>{line.text}</dd>
            </div>
          ))}
        </dl>
      </section>
    </article>
  );
}

function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The theme the document shows now (App sets it after rendering, so props alone would lag one render). */
function useDocumentTheme(): string {
  return useSyncExternalStore(subscribeTheme, () => document.documentElement.dataset.theme ?? 'light');
}

/** The channel's line colour in the PSD (the palette is a CSS list of the current theme). */
function PaletteSwatch({ index }: { index: number }) {
  useDocumentTheme();
  const palette = getComputedStyle(document.documentElement)
    .getPropertyValue('--plot-palette')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return <span className="swatch" style={{ background: cycled(palette, index) }} />;
}
