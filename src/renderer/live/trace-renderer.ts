// Draws stacked EEG traces on a 2D canvas: channel labels, a time axis in stream seconds, a scale bar, and
// min/max decimation per pixel column so 16 channels x 20 s x 1000 Hz still draw in a few milliseconds.
import type { PlacedMarker } from './live-buffer';
import type { SampleRing } from './sample-ring';

export interface TraceStyle {
  readonly background: string;
  readonly grid: string;
  readonly text: string;
  readonly muted: string;
  readonly palette: readonly string[];
  readonly marker: string;
}

export interface TraceView {
  readonly windowS: number;
  /** Half the height of a channel row, in microvolts; null = automatic. */
  readonly uvPerDivision: number | null;
  readonly channelLabels: readonly string[];
  /** Channels switched off (true), left out of the display; absent = all shown. */
  readonly hiddenChannels?: readonly boolean[];
}

/** The channels drawn, in order: all but the hidden ones. */
export function visibleChannels(channelCount: number, hidden: readonly boolean[] = []): number[] {
  return Array.from({ length: channelCount }, (_, c) => c).filter((c) => !hidden[c]);
}

export const GUTTER_PX = 76;
export const AXIS_PX = 22;

/** A scale that shows most of the visible signal: the next "nice" step above the 98th percentile of |x|. */
export function autoScaleUv(values: Float32Array): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 2000))) {
    const v = values[i]!;
    if (Number.isFinite(v)) finite.push(Math.abs(v));
  }
  if (finite.length === 0) return 50;
  finite.sort((a, b) => a - b);
  const p98 = finite[Math.floor(finite.length * 0.98)] ?? 0;
  return SCALE_STEPS_UV.find((s) => s >= p98) ?? SCALE_STEPS_UV[SCALE_STEPS_UV.length - 1]!;
}

export const SCALE_STEPS_UV = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;

export class TraceRenderer {
  #scratch = new Float32Array(0);
  #all = new Float32Array(0);
  lastAutoScaleUv = 50;

  draw(
    ctx: CanvasRenderingContext2D,
    widthPx: number,
    heightPx: number,
    ring: SampleRing,
    view: TraceView,
    style: TraceStyle,
    markers: readonly PlacedMarker[] = [],
  ): void {
    const plotW = Math.max(10, widthPx - GUTTER_PX);
    const plotH = Math.max(10, heightPx - AXIS_PX);
    const channels = ring.channelCount;
    const shown = visibleChannels(channels, view.hiddenChannels);
    const rowH = plotH / Math.max(1, shown.length);
    const count = Math.min(ring.capacity, Math.round(view.windowS * ring.sampleRateHz));
    if (this.#scratch.length < count) this.#scratch = new Float32Array(count);
    const samples = this.#scratch.subarray(0, count);

    ctx.fillStyle = style.background;
    ctx.fillRect(0, 0, widthPx, heightPx);

    let scaleUv = view.uvPerDivision;
    if (scaleUv === null) {
      if (this.#all.length < count * shown.length) this.#all = new Float32Array(count * shown.length);
      for (const [row, c] of shown.entries())
        ring.latest(c, count, this.#all.subarray(row * count, (row + 1) * count));
      scaleUv = autoScaleUv(this.#all.subarray(0, count * shown.length));
      this.lastAutoScaleUv = scaleUv;
    }

    this.#drawTimeGrid(ctx, plotW, plotH, ring, view.windowS, style);

    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const [row, c] of shown.entries()) {
      const mid = rowH * (row + 0.5);
      ctx.strokeStyle = style.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(GUTTER_PX, Math.round(rowH * (row + 1)) + 0.5);
      ctx.lineTo(widthPx, Math.round(rowH * (row + 1)) + 0.5);
      ctx.stroke();
      ctx.fillStyle = style.text;
      ctx.fillText(view.channelLabels[c] ?? `Ch${c + 1}`, 8, mid);

      ring.latest(c, count, samples);
      const color = style.palette[c % style.palette.length] ?? style.text;
      drawDecimated(ctx, samples, GUTTER_PX, plotW, mid, rowH / 2 / scaleUv, color);
    }

    this.#drawMarkers(ctx, plotW, plotH, ring, count, markers, style);

    // Scale bar: one division (half a row) = scaleUv.
    const barH = rowH / 2;
    ctx.strokeStyle = style.text;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(GUTTER_PX - 10, plotH - 4);
    ctx.lineTo(GUTTER_PX - 10, plotH - 4 - barH);
    ctx.stroke();
    ctx.fillStyle = style.muted;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(`${scaleUv} µV`, 8, plotH - 6);
  }

  #drawMarkers(
    ctx: CanvasRenderingContext2D,
    plotW: number,
    plotH: number,
    ring: SampleRing,
    count: number,
    markers: readonly PlacedMarker[],
    style: TraceStyle,
  ): void {
    const first = ring.written - count;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (const { marker, ringIndex } of markers) {
      if (ringIndex <= first || ringIndex >= ring.written) continue;
      const x = Math.round(GUTTER_PX + ((ringIndex - first) / Math.max(1, count - 1)) * plotW) + 0.5;
      ctx.strokeStyle = style.marker;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, plotH);
      ctx.stroke();
      ctx.setLineDash([]);
      const width = ctx.measureText(marker.label).width + 8;
      ctx.fillStyle = style.marker;
      ctx.fillRect(x, 2, width, 16);
      ctx.fillStyle = style.background;
      ctx.fillText(marker.label, x + 4, 4);
    }
  }

  #drawTimeGrid(
    ctx: CanvasRenderingContext2D,
    plotW: number,
    plotH: number,
    ring: SampleRing,
    windowS: number,
    style: TraceStyle,
  ): void {
    const end = ring.latestTimeS;
    const start = end - windowS;
    const step = windowS <= 5 ? 0.5 : windowS <= 10 ? 1 : 2;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    // Whole seconds get a label; integer steps avoid drifting float sums along the axis.
    const labelEvery = step < 1 ? Math.round(1 / step) : 1;
    for (let k = Math.ceil(start / step); k * step <= end; k++) {
      const t = k * step;
      const x = Math.round(GUTTER_PX + ((t - start) / windowS) * plotW) + 0.5;
      ctx.strokeStyle = style.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, plotH);
      ctx.stroke();
      if (t >= 0 && k % labelEvery === 0) {
        ctx.fillStyle = style.muted;
        ctx.fillText(formatStreamTime(t), x + 3, plotH + 5);
      }
    }
  }
}

export function formatStreamTime(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s < 10 ? '0' : ''}${s.toFixed(Number.isInteger(s) ? 0 : 1)}`;
}

/** One vertical min-max stroke per pixel column, or a plain polyline when there are fewer samples than pixels. */
function drawDecimated(
  ctx: CanvasRenderingContext2D,
  samples: Float32Array,
  x0: number,
  width: number,
  mid: number,
  pxPerUv: number,
  color: string,
): void {
  const n = samples.length;
  if (n < 2) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  let penDown = false;
  const clamp = (y: number) => Math.max(mid - 4000, Math.min(mid + 4000, y));
  if (n <= width * 2) {
    for (let i = 0; i < n; i++) {
      const v = samples[i]!;
      if (Number.isNaN(v)) {
        penDown = false;
        continue;
      }
      const x = x0 + (i / (n - 1)) * width;
      const y = clamp(mid - v * pxPerUv);
      if (penDown) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      penDown = true;
    }
  } else {
    const perPx = n / width;
    for (let px = 0; px < width; px++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = Math.floor(px * perPx), end = Math.min(n, Math.floor((px + 1) * perPx)); i < end; i++) {
        const v = samples[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo === Infinity) {
        penDown = false;
        continue;
      }
      const x = x0 + px + 0.5;
      if (penDown) ctx.lineTo(x, clamp(mid - hi * pxPerUv));
      else ctx.moveTo(x, clamp(mid - hi * pxPerUv));
      ctx.lineTo(x, clamp(mid - lo * pxPerUv));
      penDown = true;
    }
  }
  ctx.stroke();
}
