// The whole recording at a glance: every channel's min/max envelope per pixel column (computed by the services,
// so the page never loads the samples), gaps shaded, markers as labelled lines, a time axis. Redrawn on resize and
// on a theme change.
import { useEffect, useRef, useState } from 'react';
import type { ClisonixApi, RecordingInfo, RecordingOverview } from '../../shared/api';
import { decodeEnvelope, rowRange, type Envelope } from './overview-envelope';
import { errorText } from './format';

const GUTTER = 70;
const AXIS = 20;
const MARKER_BAND = 30;

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function niceStep(seconds: number, ticks: number): number {
  const raw = seconds / ticks;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  return steps.find((s) => s >= raw) ?? 7200;
}

function timeLabel(s: number): string {
  if (s < 60) return `${s.toFixed(0)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}:${String(Math.round(s % 60)).padStart(2, '0')}` : `${Math.floor(m / 60)} h ${m % 60}`;
}

export function OverviewCanvas({ api, info }: { api: ClisonixApi; info: RecordingInfo }) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [columns, setColumns] = useState(0);
  const [result, setResult] = useState<{
    key: string;
    overview: { data: RecordingOverview; envelope: Envelope } | null;
    error: string | null;
  } | null>(null);
  const key = `${info.id}:${columns}:${info.sampleCount}`;
  const overview = result?.key === key ? result.overview : null;
  const error = result?.key === key ? result.error : null;
  const [drawn, setDrawn] = useState(0);
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? '');

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const width = Math.round(el.clientWidth - GUTTER);
      // Re-ask only when the width really changed (a scrollbar appearing is not worth a new overview).
      setColumns((old) => (Math.abs(old - width) > 24 ? Math.max(16, Math.min(4096, width)) : old));
    });
    observer.observe(el);
    const themeWatch = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? ''));
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      observer.disconnect();
      themeWatch.disconnect();
    };
  }, []);

  useEffect(() => {
    if (columns < 16 || info.sampleCount === 0) return;
    let live = true;
    const asked = `${info.id}:${columns}:${info.sampleCount}`;
    api.call('recordings.overview', { id: info.id, columns }).then(
      (data) => {
        if (!live) return;
        try {
          const envelope = decodeEnvelope(data.envelope, data.channels.length, data.columns);
          setResult({ key: asked, overview: { data, envelope }, error: null });
        } catch (e) {
          setResult({ key: asked, overview: null, error: errorText(e) });
        }
      },
      (e: unknown) => live && setResult({ key: asked, overview: null, error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, info.id, info.sampleCount, columns]);

  useEffect(() => {
    const c = canvas.current;
    const el = wrap.current;
    if (!c || !el || !overview) return;
    const { data, envelope } = overview;
    const dpr = window.devicePixelRatio || 1;
    const width = el.clientWidth;
    const rows = envelope.channels;
    const rowH = Math.max(14, Math.min(48, 360 / rows));
    const height = MARKER_BAND + rows * rowH + AXIS;
    c.width = Math.round(width * dpr);
    c.height = Math.round(height * dpr);
    c.style.height = `${height}px`;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const palette = cssVar('--trace-palette')
      .split(',')
      .map((s) => s.trim());
    ctx.fillStyle = cssVar('--trace-bg');
    ctx.fillRect(0, 0, width, height);
    const plotW = data.columns;
    const x0 = GUTTER;
    const plotTop = MARKER_BAND;
    const plotBottom = MARKER_BAND + rows * rowH;
    const xOfSample = (sample: number) => x0 + sample / info.sampleRateHz / data.secondsPerColumn;

    // Gaps: shaded, so a missing stretch never looks like a flat signal.
    ctx.fillStyle = cssVar('--trace-grid');
    for (const g of info.gaps) {
      const a = xOfSample(g.atSample - g.missingSamples);
      ctx.fillRect(a, plotTop, Math.max(1, xOfSample(g.atSample) - a), plotBottom - plotTop);
    }
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (let ch = 0; ch < rows; ch++) {
      const top = plotTop + ch * rowH;
      const range = rowRange(envelope, ch);
      ctx.fillStyle = cssVar('--fg-muted');
      ctx.fillText(data.channels[ch]?.label ?? `${ch + 1}`, 4, top + rowH / 2, GUTTER - 8);
      ctx.strokeStyle = cssVar('--trace-grid');
      ctx.beginPath();
      ctx.moveTo(x0, top + rowH - 0.5);
      ctx.lineTo(x0 + plotW, top + rowH - 0.5);
      ctx.stroke();
      if (!range) continue;
      const scale = (rowH - 4) / (range.hi - range.lo);
      const y = (v: number) =>
        Math.max(top + 1, Math.min(top + rowH - 1, top + rowH - 2 - (v - range.lo) * scale));
      ctx.strokeStyle = palette[ch % palette.length] || cssVar('--accent');
      ctx.beginPath();
      for (let k = 0; k < data.columns; k++) {
        const at = (ch * data.columns + k) * 2;
        const lo = envelope.values[at]!;
        const hi = envelope.values[at + 1]!;
        if (lo !== lo) continue;
        const x = x0 + k + 0.5;
        ctx.moveTo(x, y(hi) - 0.5);
        ctx.lineTo(x, y(lo) + 0.5);
      }
      ctx.stroke();
    }
    // Markers: a line through every channel, the label in the band above.
    ctx.strokeStyle = cssVar('--marker');
    ctx.fillStyle = cssVar('--marker');
    ctx.textBaseline = 'top';
    // Labels take the first of two lines where they fit; a label with no room is left out (the line stays).
    const lineEnds = [-Infinity, -Infinity];
    const xs: number[] = [];
    for (const m of info.markers) {
      const x = Math.round(xOfSample(m.atSample)) + 0.5;
      xs.push(x);
      ctx.beginPath();
      ctx.moveTo(x, plotTop - 2);
      ctx.lineTo(x, plotBottom);
      ctx.stroke();
      const w = Math.min(ctx.measureText(m.label).width, 160);
      const line = lineEnds.findIndex((end) => x + 2 > end + 6);
      if (line >= 0) {
        ctx.fillText(m.label, x + 2, 1 + line * 13, 160);
        lineEnds[line] = x + 2 + w;
      }
    }
    c.dataset.markerX = xs.map((x) => Math.floor(x)).join(',');
    // Time axis.
    ctx.fillStyle = cssVar('--fg-muted');
    ctx.strokeStyle = cssVar('--border');
    const step = niceStep(data.durationS, Math.max(2, Math.floor(plotW / 90)));
    for (let t = 0; t <= data.durationS + 1e-9; t += step) {
      const x = x0 + t / data.secondsPerColumn;
      ctx.beginPath();
      ctx.moveTo(x + 0.5, plotBottom);
      ctx.lineTo(x + 0.5, plotBottom + 4);
      ctx.stroke();
      ctx.fillText(timeLabel(t), x + 2, plotBottom + 5);
    }
    setDrawn((n) => n + 1);
  }, [overview, info, theme]);

  return (
    <div className="overview" ref={wrap}>
      {info.sampleCount === 0 ? (
        <p className="muted">No samples were saved in this recording.</p>
      ) : (
        <canvas
          ref={canvas}
          className="overview-canvas"
          data-testid="overview"
          data-drawn={drawn}
          data-columns={overview?.data.columns ?? 0}
          data-markers={info.markers.length}
          role="img"
          aria-label={`Overview of ${info.label}: ${info.channels.length} channels, ${info.markers.length} markers, ${info.gaps.length} gaps`}
        />
      )}
      {!overview && !error && info.sampleCount > 0 && <p className="muted">Reading the recording…</p>}
      {error && (
        <p className="error" role="alert">
          The overview could not be drawn: {error}
        </p>
      )}
    </div>
  );
}
