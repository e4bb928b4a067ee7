// Draws the live spectrum on a 2D canvas: log power (dB) over 0.5-60 Hz, the EEG bands shaded and named, one
// line per channel in its trace colour, one channel emphasised on hover or selection. The dB axis follows the
// data but moves slowly, so four updates a second do not make the plot jump.
import type { LiveSpectrum } from '../../shared/api';

export interface SpectrumStyle {
  readonly background: string;
  readonly grid: string;
  readonly text: string;
  readonly muted: string;
  readonly palette: readonly string[];
  /** Colour per band name (delta, theta ...), from the same CSS variables as the band bars. */
  readonly bands: Readonly<Record<string, string>>;
}

export const SPECTRUM_LOW_HZ = 0.5;
export const SPECTRUM_HIGH_HZ = 60;
const MARGIN = { left: 38, right: 8, top: 18, bottom: 20 } as const;
const MIN_SPAN_DB = 30;
const MAX_SPAN_DB = 90;

export interface SpectrumGeometry {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly lowDb: number;
  readonly highDb: number;
}

export function xOfHz(g: SpectrumGeometry, hz: number): number {
  return g.left + ((hz - SPECTRUM_LOW_HZ) / (SPECTRUM_HIGH_HZ - SPECTRUM_LOW_HZ)) * g.width;
}

export function hzOfX(g: SpectrumGeometry, x: number): number {
  return SPECTRUM_LOW_HZ + ((x - g.left) / g.width) * (SPECTRUM_HIGH_HZ - SPECTRUM_LOW_HZ);
}

export function yOfDb(g: SpectrumGeometry, db: number): number {
  return g.top + ((g.highDb - db) / (g.highDb - g.lowDb)) * g.height;
}

/** Frequency of the highest PSD bin of each channel within 1-60 Hz (what the e2e test and tooltips read). */
export function peakFrequencies(spectrum: LiveSpectrum): number[] {
  return spectrum.channels.map((channel) => {
    let best = -1;
    channel.psdDb.forEach((db, k) => {
      const f = spectrum.frequenciesHz[k]!;
      if (db === null || f < 1 || f > SPECTRUM_HIGH_HZ) return;
      if (best < 0 || db > (channel.psdDb[best] ?? Number.NEGATIVE_INFINITY)) best = k;
    });
    return best < 0 ? Number.NaN : spectrum.frequenciesHz[best]!;
  });
}

/** dB range of the visible bins, to 10 dB steps, at least MIN_SPAN_DB and at most MAX_SPAN_DB below the top. */
export function dbRangeOf(spectrum: LiveSpectrum): { lowDb: number; highDb: number } | null {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const channel of spectrum.channels) {
    channel.psdDb.forEach((db, k) => {
      const f = spectrum.frequenciesHz[k]!;
      if (db === null || f < SPECTRUM_LOW_HZ || f > SPECTRUM_HIGH_HZ) return;
      low = Math.min(low, db);
      high = Math.max(high, db);
    });
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
  const highDb = Math.ceil(high / 10) * 10;
  const lowDb = Math.max(highDb - MAX_SPAN_DB, Math.min(highDb - MIN_SPAN_DB, Math.floor(low / 10) * 10));
  return { lowDb, highDb };
}

export class SpectrumRenderer {
  #range: { lowDb: number; highDb: number } | null = null;
  geometry: SpectrumGeometry | null = null;

  /** Follows the data's range: widens at once, narrows by 10 dB steps only after it has clearly shrunk. */
  #followRange(target: { lowDb: number; highDb: number }): { lowDb: number; highDb: number } {
    const current = this.#range;
    if (!current) return (this.#range = target);
    const highDb =
      target.highDb > current.highDb
        ? target.highDb
        : target.highDb <= current.highDb - 20
          ? current.highDb - 10
          : current.highDb;
    const lowDb =
      target.lowDb < current.lowDb
        ? target.lowDb
        : target.lowDb >= current.lowDb + 20
          ? current.lowDb + 10
          : current.lowDb;
    this.#range = { lowDb: Math.min(lowDb, highDb - MIN_SPAN_DB), highDb };
    return this.#range;
  }

  draw(
    ctx: CanvasRenderingContext2D,
    widthPx: number,
    heightPx: number,
    spectrum: LiveSpectrum,
    style: SpectrumStyle,
    emphasised: number | null,
  ): void {
    ctx.fillStyle = style.background;
    ctx.fillRect(0, 0, widthPx, heightPx);
    const target = dbRangeOf(spectrum);
    const range = target ? this.#followRange(target) : (this.#range ?? { lowDb: -20, highDb: 40 });
    const g: SpectrumGeometry = {
      left: MARGIN.left,
      top: MARGIN.top,
      width: Math.max(10, widthPx - MARGIN.left - MARGIN.right),
      height: Math.max(10, heightPx - MARGIN.top - MARGIN.bottom),
      ...range,
    };
    this.geometry = g;
    ctx.font = '10px system-ui, sans-serif';

    // Bands: a tint of the band's colour and its name above the plot.
    for (const band of spectrum.bands) {
      const x0 = xOfHz(g, Math.max(SPECTRUM_LOW_HZ, band.lowHz));
      const x1 = xOfHz(g, Math.min(SPECTRUM_HIGH_HZ, band.highHz));
      const colour = style.bands[band.name] ?? style.grid;
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = colour;
      ctx.fillRect(x0, g.top, x1 - x0, g.height);
      ctx.globalAlpha = 1;
      ctx.fillStyle = colour;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'alphabetic';
      const name = x1 - x0 > 34 ? band.name : band.name.slice(0, 1).toUpperCase();
      ctx.fillText(name, (x0 + x1) / 2, g.top - 5);
    }

    // Grid: every 10 dB, every 10 Hz.
    ctx.strokeStyle = style.grid;
    ctx.lineWidth = 1;
    ctx.fillStyle = style.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let db = g.lowDb; db <= g.highDb; db += 10) {
      const y = Math.round(yOfDb(g, db)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(g.left, y);
      ctx.lineTo(g.left + g.width, y);
      ctx.stroke();
      ctx.fillText(String(db), g.left - 4, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let hz = 10; hz <= SPECTRUM_HIGH_HZ; hz += 10) {
      const x = Math.round(xOfHz(g, hz)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, g.top);
      ctx.lineTo(x, g.top + g.height);
      ctx.stroke();
      ctx.fillText(
        hz === SPECTRUM_HIGH_HZ ? `${hz} Hz` : String(hz),
        Math.min(x, widthPx - 16),
        g.top + g.height + 4,
      );
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText('dB', 4, 2);

    // Curves: the emphasised one last and thicker, the others faded behind it.
    ctx.save();
    ctx.beginPath();
    ctx.rect(g.left, g.top, g.width, g.height);
    ctx.clip();
    const order = spectrum.channels.map((_, c) => c).filter((c) => c !== emphasised);
    if (emphasised !== null && emphasised < spectrum.channels.length) order.push(emphasised);
    for (const c of order) {
      const channel = spectrum.channels[c]!;
      ctx.strokeStyle = style.palette[c % style.palette.length] ?? style.text;
      ctx.globalAlpha = emphasised === null || c === emphasised ? 1 : 0.22;
      ctx.lineWidth = c === emphasised ? 2.2 : 1.2;
      ctx.beginPath();
      let penDown = false;
      channel.psdDb.forEach((db, k) => {
        const f = spectrum.frequenciesHz[k]!;
        if (db === null || f < SPECTRUM_LOW_HZ) {
          penDown = false;
          return;
        }
        const x = xOfHz(g, f);
        const y = yOfDb(g, db);
        if (penDown) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        penDown = true;
      });
      ctx.stroke();
    }
    ctx.restore();
    ctx.globalAlpha = 1;
  }
}
