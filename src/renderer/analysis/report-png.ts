// The one-page report a technician saves: the same pictures as the page plus the tables, composed on one canvas
// the size of an A4 page at 150 dpi (taller only when a large montage needs the rows), always in light colours.
import type { AnalysisDocument, AnalyzeJson } from '../../shared/analysis';
import { compact, hz, percent, seconds, sig } from './format';
import { cycled, type PlotStyle } from './plot-style';
import { drawBandBars, drawHeatmap, drawPsd } from './plots';
import { describeSource, paramLines, qualityThresholdWords, strongestPeaks } from './report-text';

export const PAGE_WIDTH_PX = 1240;
export const PAGE_HEIGHT_PX = 1754;
const MARGIN = 56;

interface Cursor {
  y: number;
}

function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > maxWidth && line) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function text(
  ctx: CanvasRenderingContext2D,
  style: PlotStyle,
  cursor: Cursor,
  value: string,
  px: number,
  options: { weight?: number; colour?: string; gap?: number; width?: number } = {},
): void {
  ctx.font = `${options.weight ?? 400} ${px}px ${style.font}`;
  ctx.fillStyle = options.colour ?? style.text;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const line of wrap(ctx, value, options.width ?? PAGE_WIDTH_PX - 2 * MARGIN)) {
    ctx.fillText(line, MARGIN, cursor.y);
    cursor.y += px * 1.3;
  }
  cursor.y += options.gap ?? 0;
}

interface Column {
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  readonly cell: (c: AnalyzeJson['channels'][number]) => [string, string?];
}

function channelColumns(json: AnalyzeJson, width: number): Column[] {
  const bands = Object.keys(json.params.bands);
  const fixed: Column[] = [
    {
      title: 'Channel',
      width: 0.1,
      align: 'left',
      cell: (c) => [c.label, `${compact(c.sample_rate_hz)} Hz`],
    },
    { title: 'Quality', width: 0.1, align: 'left', cell: (c) => [c.quality] },
    ...bands.map((b): Column => ({
      title: `${b} ${json.params.bands[b]!.join('–')} Hz`,
      width: 0.09,
      align: 'right',
      cell: (c) => [`${sig(c.bands[b])} µV²`, percent(c.relative[b])],
    })),
    { title: 'Total µV²', width: 0.07, align: 'right', cell: (c) => [sig(c.total_power_uv2)] },
    { title: 'RMS µV', width: 0.065, align: 'right', cell: (c) => [sig(c.rms_uv)] },
    { title: 'Peak alpha', width: 0.075, align: 'right', cell: (c) => [hz(c.peak_alpha_hz)] },
  ];
  const used = fixed.reduce((s, c) => s + c.width, 0);
  const columns: Column[] = [
    ...fixed,
    {
      title: 'Strongest peaks (SNR)',
      width: Math.max(0.1, 1 - used),
      align: 'left',
      cell: (c) => {
        const peaks = strongestPeaks(c, 2).map((p) => `${sig(p.hz, 4)} Hz · ${p.snr_db.toFixed(1)} dB`);
        return [peaks[0] ?? 'none', peaks[1]];
      },
    },
  ];
  return columns.map((c) => ({ ...c, width: c.width * width }));
}

function drawTable(
  ctx: CanvasRenderingContext2D,
  style: PlotStyle,
  cursor: Cursor,
  json: AnalyzeJson,
  rowPx: number,
): void {
  const width = PAGE_WIDTH_PX - 2 * MARGIN;
  const columns = channelColumns(json, width);
  const px = Math.max(8, Math.min(13, rowPx * 0.42));
  ctx.textBaseline = 'top';
  let x = MARGIN;
  ctx.font = `600 ${px}px ${style.font}`;
  ctx.fillStyle = style.muted;
  for (const col of columns) {
    ctx.textAlign = col.align;
    ctx.fillText(col.title, col.align === 'left' ? x + 3 : x + col.width - 3, cursor.y, col.width - 6);
    x += col.width;
  }
  cursor.y += px * 1.5;
  json.channels.forEach((c, row) => {
    if (row % 2 === 0) {
      ctx.fillStyle = style.grid;
      ctx.globalAlpha = 0.45;
      ctx.fillRect(MARGIN, cursor.y - 2, width, rowPx);
      ctx.globalAlpha = 1;
    }
    x = MARGIN;
    for (const col of columns) {
      const [main, sub] = col.cell(c);
      const tx = col.align === 'left' ? x + 3 : x + col.width - 3;
      ctx.textAlign = col.align;
      if (col.title === 'Quality') {
        ctx.font = `600 ${px}px ${style.font}`;
        ctx.fillStyle = style.quality[c.quality];
        const w = ctx.measureText(main).width + 10;
        ctx.fillRect(x + 3, cursor.y, w, px * 1.35);
        ctx.fillStyle = '#fff';
        ctx.fillText(main, x + 8, cursor.y + px * 0.15);
      } else {
        ctx.font = `400 ${px}px ${style.font}`;
        ctx.fillStyle = style.text;
        ctx.fillText(main, tx, cursor.y, col.width - 6);
        if (sub && rowPx >= px * 2.3) {
          ctx.fillStyle = style.muted;
          ctx.font = `400 ${px * 0.88}px ${style.font}`;
          ctx.fillText(sub, tx, cursor.y + px * 1.2, col.width - 6);
        }
      }
      x += col.width;
    }
    cursor.y += rowPx;
  });
}

export interface ReportMeta {
  readonly createdAt: number;
  readonly engineVersion: string;
}

/** The report as a canvas (draw it to PNG with toBlob); `scale` 2 gives 300 dpi for print. */
export function renderReportCanvas(
  doc: AnalysisDocument,
  meta: ReportMeta,
  style: PlotStyle,
  scale = 1,
): HTMLCanvasElement {
  const json = doc.report;
  const n = json.channels.length;
  // Rows get what an A4 page leaves them; a large montage makes the page taller instead of unreadable.
  const rowPx = Math.max(16, Math.min(34, 560 / Math.max(1, n)));
  const height = Math.max(PAGE_HEIGHT_PX, 1200 + n * rowPx + 40);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(PAGE_WIDTH_PX * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw the report (no 2D canvas)');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, PAGE_WIDTH_PX, height);
  const cursor: Cursor = { y: MARGIN - 8 };
  const width = PAGE_WIDTH_PX - 2 * MARGIN;

  text(ctx, style, cursor, 'EEG analysis report', 30, { weight: 700, gap: 2 });
  ctx.font = `400 14px ${style.font}`;
  ctx.fillStyle = style.muted;
  ctx.textAlign = 'right';
  ctx.fillText('Clisonix Desktop', PAGE_WIDTH_PX - MARGIN, MARGIN - 2);
  const source = describeSource(json);
  text(ctx, style, cursor, source.title, 17, { weight: 600 });
  text(ctx, style, cursor, source.details, 14, { colour: style.muted });
  text(
    ctx,
    style,
    cursor,
    `Analysed ${new Date(meta.createdAt).toLocaleString('en-GB')} by ${meta.engineVersion}.`,
    13,
    { colour: style.muted, gap: 8 },
  );
  const counts = Object.entries(json.overall.quality_counts)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  text(
    ctx,
    style,
    cursor,
    `Harmony index ${json.harmony?.index === null || json.harmony?.index === undefined ? '–' : json.harmony.index.toFixed(3)}   ·   Quality: ${counts}   ·   Mean peak alpha ${hz(json.overall.mean_peak_alpha_hz)}`,
    16,
    { weight: 600, gap: 8 },
  );

  text(ctx, style, cursor, 'Power spectral density per channel (Welch), bands shaded', 14, { weight: 600 });
  drawPsd(ctx, { x: MARGIN, y: cursor.y, w: width, h: 380 }, doc, style, { fontPx: 13 });
  cursor.y += 386;
  // Channel legend under the PSD.
  ctx.font = `400 12px ${style.font}`;
  ctx.textBaseline = 'middle';
  let lx = MARGIN;
  json.channels.forEach((c, i) => {
    const w = ctx.measureText(c.label).width + 30;
    if (lx + w > PAGE_WIDTH_PX - MARGIN) {
      lx = MARGIN;
      cursor.y += 16;
    }
    ctx.fillStyle = cycled(style.palette, i);
    ctx.fillRect(lx, cursor.y + 6, 14, 3);
    ctx.fillStyle = style.text;
    ctx.textAlign = 'left';
    ctx.fillText(c.label, lx + 18, cursor.y + 7);
    lx += w;
  });
  cursor.y += 22;

  const half = (width - 24) / 2;
  const figureTop = cursor.y;
  text(ctx, style, cursor, 'Relative band power', 14, { weight: 600 });
  const harmonyTitle = json.harmony
    ? `Coherence ${json.harmony.band_hz.join('–')} Hz (harmony index ${json.harmony.index === null ? '–' : json.harmony.index.toFixed(3)})`
    : 'Coherence: not computed';
  ctx.font = `600 14px ${style.font}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillStyle = style.text;
  ctx.fillText(harmonyTitle, MARGIN + half + 24, figureTop);
  drawBandBars(ctx, { x: MARGIN, y: cursor.y, w: half, h: 330 }, doc, style, 12);
  drawHeatmap(ctx, { x: MARGIN + half + 24, y: cursor.y, w: half, h: 330 }, doc, style, 12);
  cursor.y += 340;

  text(ctx, style, cursor, 'Channels: absolute band power (µV²) and relative power', 14, {
    weight: 600,
    gap: 2,
  });
  drawTable(ctx, style, cursor, json, rowPx);
  cursor.y += 10;

  const flagged = json.channels.filter((c) => c.quality !== 'good');
  text(ctx, style, cursor, `Quality: ${qualityThresholdWords(json)}`, 12, { colour: style.muted });
  for (const c of flagged.slice(0, 12)) {
    text(ctx, style, cursor, `${c.label}: ${c.quality_reasons.join('; ')}`, 12);
  }
  if (flagged.length > 12) text(ctx, style, cursor, `… and ${flagged.length - 12} more channels`, 12);
  if (json.harmony?.asymmetry.length) {
    text(
      ctx,
      style,
      cursor,
      `Alpha asymmetry ln(right) − ln(left): ${json.harmony.asymmetry
        .map((a) => `${a.left}/${a.right} ${a.value === null ? '–' : a.value.toFixed(3)}`)
        .join(', ')}`,
      12,
    );
  }
  const families = json.channels.flatMap((c) =>
    c.harmonic_families
      .slice(0, 2)
      .map((f) => `${c.label} ${sig(f.f0_hz, 4)} Hz ×${f.harmonics.map((h) => h.k).join(',')}`),
  );
  if (families.length) {
    text(ctx, style, cursor, `Harmonic families: ${families.slice(0, 16).join('; ')}`, 12);
  }
  cursor.y += 6;
  text(ctx, style, cursor, 'Parameters', 13, { weight: 600 });
  for (const line of paramLines(json)) {
    text(ctx, style, cursor, `${line.label}: ${line.text}`, 11, { colour: style.muted });
  }
  text(ctx, style, cursor, `Analysed duration ${seconds(json.recording.duration_s ?? 0)}.`, 11, {
    colour: style.muted,
  });
  return canvas;
}

/** The report as PNG bytes. */
export function reportPngBlob(doc: AnalysisDocument, meta: ReportMeta, style: PlotStyle): Promise<Blob> {
  const canvas = renderReportCanvas(doc, meta, style);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the report could not be encoded as PNG'))),
      'image/png',
    ),
  );
}
