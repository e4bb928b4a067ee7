// The analysis report's pictures, drawn on a 2D canvas into a given rectangle (CSS pixels) so that the page and
// the saved one-page report use the same drawings: the PSD of every channel on a log scale with the bands shaded
// and named, relative band power per channel as stacked bars, and the coherence matrix as a heatmap.
import type { AnalysisDocument } from '../../shared/analysis';
import { powerOfTen } from './format';
import { cycled, rampColour, textOnRamp, type PlotStyle } from './plot-style';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function font(style: PlotStyle, px: number, weight = 400): string {
  return `${weight} ${px}px ${style.font}`;
}

function fillBackground(ctx: CanvasRenderingContext2D, r: Rect, style: PlotStyle): void {
  ctx.fillStyle = style.background;
  ctx.fillRect(r.x, r.y, r.w, r.h);
}

export interface PsdPlotOptions {
  /** Channel index drawn on top, thicker; the others fade. */
  readonly highlight?: number | null;
  readonly fontPx?: number;
}

export interface PsdScale {
  readonly maxHz: number;
  readonly log10Min: number;
  readonly log10Max: number;
}

/** Axis ranges: 0 Hz to the stored PSD's end; whole decades around the channels' PSDs above 0.5 Hz. */
export function psdScale(doc: AnalysisDocument): PsdScale {
  let hi = -Infinity;
  let lo = Infinity;
  let maxHz = 0;
  doc.psd.forEach((p) => {
    const bins = p.uv2_per_hz.length;
    maxHz = Math.max(maxHz, (bins - 1) * p.bin_width_hz);
    for (let k = 0; k < bins; k++) {
      if (k * p.bin_width_hz < 0.5) continue;
      const v = p.uv2_per_hz[k]!;
      if (v > 0) {
        hi = Math.max(hi, Math.log10(v));
        lo = Math.min(lo, Math.log10(v));
      }
    }
  });
  if (!Number.isFinite(hi)) return { maxHz: maxHz || doc.psd_max_hz, log10Min: -2, log10Max: 2 };
  const log10Max = Math.ceil(hi);
  // At most 8 decades: rounding noise far below the signal (a pure sine's leakage floor) is not worth the room.
  const log10Min = Math.max(Math.floor(lo), log10Max - 8);
  return { maxHz: maxHz || doc.psd_max_hz, log10Min: Math.min(log10Min, log10Max - 1), log10Max };
}

export function drawPsd(
  ctx: CanvasRenderingContext2D,
  rect: Rect,
  doc: AnalysisDocument,
  style: PlotStyle,
  options: PsdPlotOptions = {},
): PsdScale {
  const fontPx = options.fontPx ?? 11;
  fillBackground(ctx, rect, style);
  const scale = psdScale(doc);
  const left = rect.x + fontPx * 4.2;
  const right = rect.x + rect.w - fontPx * 1.4;
  const top = rect.y + fontPx * 1.8;
  const bottom = rect.y + rect.h - fontPx * 2.6;
  const xOf = (f: number) => left + ((right - left) * f) / scale.maxHz;
  const yOf = (log10: number) =>
    bottom - ((bottom - top) * (log10 - scale.log10Min)) / (scale.log10Max - scale.log10Min);

  // Bands: shaded, named above the plot.
  ctx.font = font(style, fontPx);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  Object.entries(doc.report.params.bands).forEach(([name, [lowHz, highHz]], i) => {
    if (lowHz >= scale.maxHz) return;
    const x0 = xOf(lowHz);
    const x1 = xOf(Math.min(highHz, scale.maxHz));
    ctx.fillStyle = cycled(style.bandFills, i);
    ctx.fillRect(x0, top, x1 - x0, bottom - top);
    ctx.fillStyle = style.muted;
    const label = x1 - x0 >= ctx.measureText(name).width + 2 ? name : name.slice(0, 1);
    ctx.fillText(label, (x0 + x1) / 2, top - 2);
  });

  // Grid: every decade, and every 10 Hz.
  ctx.strokeStyle = style.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = style.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let k = scale.log10Min; k <= scale.log10Max; k++) {
    const y = Math.round(yOf(k)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.fillText(powerOfTen(k), left - 4, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const stepHz = scale.maxHz > 60 ? 10 : 5;
  for (let f = 0; f <= scale.maxHz + 1e-9; f += stepHz) {
    const x = Math.round(xOf(f)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillText(String(f), x, bottom + 3);
  }
  ctx.fillText('frequency (Hz)', (left + right) / 2, bottom + fontPx + 5);
  ctx.save();
  ctx.translate(rect.x + fontPx * 0.2, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'top';
  ctx.fillText('PSD (µV²/Hz)', 0, 0);
  ctx.restore();

  // One line per channel, clipped to the plot.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.clip();
  const floor = scale.log10Min - 1;
  const order = doc.psd.map((_, i) => i).filter((i) => i !== options.highlight);
  if (options.highlight !== null && options.highlight !== undefined) order.push(options.highlight);
  for (const c of order) {
    const p = doc.psd[c]!;
    const highlighted = options.highlight === c;
    ctx.strokeStyle = cycled(style.palette, c);
    ctx.globalAlpha = options.highlight === null || options.highlight === undefined || highlighted ? 1 : 0.25;
    ctx.lineWidth = highlighted ? 2.5 : 1.25;
    ctx.beginPath();
    let started = false;
    for (let k = 1; k < p.uv2_per_hz.length; k++) {
      const v = p.uv2_per_hz[k]!;
      const x = xOf(k * p.bin_width_hz);
      const y = yOf(v > 0 ? Math.max(floor, Math.log10(v)) : floor);
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
  }
  ctx.restore();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = style.grid;
  ctx.strokeRect(
    Math.round(left) + 0.5,
    Math.round(top) + 0.5,
    Math.round(right - left),
    Math.round(bottom - top),
  );
  return scale;
}

/** Relative band power of each channel as one bar split into the bands (each bar is 100 %). */
export function drawBandBars(
  ctx: CanvasRenderingContext2D,
  rect: Rect,
  doc: AnalysisDocument,
  style: PlotStyle,
  fontPx = 11,
): void {
  fillBackground(ctx, rect, style);
  const channels = doc.report.channels;
  const bands = Object.keys(doc.report.params.bands);
  ctx.font = font(style, fontPx);
  const labelWidth = Math.min(
    rect.w * 0.3,
    Math.max(...channels.map((c) => ctx.measureText(c.label).width), 20) + 8,
  );
  const legendH = fontPx * 2;
  const left = rect.x + labelWidth;
  const right = rect.x + rect.w - 6;
  const top = rect.y + 4;
  const bottom = rect.y + rect.h - legendH;
  const rowH = (bottom - top) / Math.max(1, channels.length);
  const barH = Math.max(2, rowH * 0.72);
  ctx.textBaseline = 'middle';
  channels.forEach((c, row) => {
    const y = top + row * rowH + (rowH - barH) / 2;
    if (rowH >= fontPx * 0.8) {
      ctx.fillStyle = style.text;
      ctx.textAlign = 'right';
      ctx.fillText(c.label, left - 6, y + barH / 2, labelWidth - 8);
    }
    let x = left;
    bands.forEach((band, i) => {
      const share = c.relative[band] ?? 0;
      const w = (right - left) * share;
      ctx.fillStyle = cycled(style.bandColours, i);
      ctx.fillRect(x, y, w, barH);
      if (w > fontPx * 3.2 && barH >= fontPx) {
        ctx.fillStyle = '#fff';
        ctx.textAlign = 'center';
        ctx.fillText(`${Math.round(share * 100)}%`, x + w / 2, y + barH / 2);
      }
      x += w;
    });
    if (bands.every((b) => c.relative[b] === null)) {
      ctx.fillStyle = style.muted;
      ctx.textAlign = 'left';
      ctx.fillText('no power in the bands', left + 4, y + barH / 2);
    }
  });
  // Legend: one swatch per band.
  let x = left;
  const y = bottom + legendH / 2;
  ctx.textAlign = 'left';
  bands.forEach((band, i) => {
    ctx.fillStyle = cycled(style.bandColours, i);
    ctx.fillRect(x, y - fontPx / 2, fontPx, fontPx);
    ctx.fillStyle = style.text;
    ctx.fillText(band, x + fontPx + 4, y);
    x += fontPx + 12 + ctx.measureText(band).width;
  });
}

/** Coherence of channel pairs (null where undefined or not paired). */
export function coherenceMatrix(doc: AnalysisDocument): (number | null)[][] {
  const n = doc.report.channels.length;
  const m: (number | null)[][] = Array.from({ length: n }, () => new Array<number | null>(n).fill(null));
  for (const p of doc.report.harmony?.pairs ?? []) {
    const a = p.a_index ?? doc.report.channels.findIndex((c) => c.label === p.a);
    const b = p.b_index ?? doc.report.channels.findIndex((c) => c.label === p.b);
    if (a < 0 || b < 0) continue;
    m[a]![b] = p.coherence;
    m[b]![a] = p.coherence;
  }
  return m;
}

/** The coherence matrix as a heatmap with its colour scale; the diagonal and undefined pairs stay neutral. */
export function drawHeatmap(
  ctx: CanvasRenderingContext2D,
  rect: Rect,
  doc: AnalysisDocument,
  style: PlotStyle,
  fontPx = 11,
): void {
  fillBackground(ctx, rect, style);
  const channels = doc.report.channels;
  const n = channels.length;
  const matrix = coherenceMatrix(doc);
  ctx.font = font(style, fontPx);
  const labelWidth = Math.max(...channels.map((c) => ctx.measureText(c.label).width), 10) + 8;
  const scaleW = fontPx * 4.5;
  const size = Math.max(10, Math.min(rect.w - labelWidth - scaleW - 12, rect.h - labelWidth - 8));
  const cell = size / Math.max(1, n);
  const left = rect.x + labelWidth;
  const top = rect.y + labelWidth;
  const labelEvery = Math.max(1, Math.ceil((fontPx * 1.1) / cell));
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const v = matrix[a]![b] ?? null;
      const x = left + b * cell;
      const y = top + a * cell;
      if (a === b || v === null) {
        ctx.fillStyle = style.grid;
        ctx.fillRect(x, y, cell, cell);
        if (a !== b && cell >= 8) {
          ctx.strokeStyle = style.muted;
          ctx.beginPath();
          ctx.moveTo(x + 2, y + 2);
          ctx.lineTo(x + cell - 2, y + cell - 2);
          ctx.stroke();
        }
        continue;
      }
      ctx.fillStyle = rampColour(v);
      ctx.fillRect(x, y, cell + 0.5, cell + 0.5);
      if (cell >= fontPx * 2.6) {
        ctx.fillStyle = textOnRamp(v);
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(v.toFixed(2), x + cell / 2, y + cell / 2);
      }
    }
  }
  ctx.fillStyle = style.text;
  for (let i = 0; i < n; i += labelEvery) {
    const label = channels[i]!.label;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, left - 4, top + (i + 0.5) * cell, labelWidth - 6);
    ctx.save();
    ctx.translate(left + (i + 0.5) * cell, top - 4);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(label, 0, 0, labelWidth - 6);
    ctx.restore();
  }
  // Colour scale 0..1.
  const sx = left + n * cell + 12;
  const sw = fontPx;
  for (let y = 0; y < size; y++) {
    ctx.fillStyle = rampColour(1 - y / size);
    ctx.fillRect(sx, top + y, sw, 1.5);
  }
  ctx.strokeStyle = style.grid;
  ctx.strokeRect(sx + 0.5, top + 0.5, sw, size);
  ctx.fillStyle = style.muted;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const v of [0, 0.25, 0.5, 0.75, 1]) ctx.fillText(v.toFixed(2), sx + sw + 4, top + (1 - v) * size);
}
