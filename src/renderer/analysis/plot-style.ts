// Concrete colours for the analysis canvases, read from the CSS variables of the element's theme (styles.css,
// "Analysis" section). An element inside `.report-light` always reads the light values: saved and printed
// reports are light whatever the screen's theme.
import type { ChannelQualityLabel } from '../../shared/analysis';

export interface PlotStyle {
  readonly background: string;
  readonly grid: string;
  readonly text: string;
  readonly muted: string;
  readonly font: string;
  /** One colour per channel, cycled. */
  readonly palette: readonly string[];
  /** Translucent fills for band shading, cycled over the bands. */
  readonly bandFills: readonly string[];
  /** Opaque band colours for bars and legends. */
  readonly bandColours: readonly string[];
  readonly quality: Readonly<Record<ChannelQualityLabel, string>>;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

export function readPlotStyle(element: Element): PlotStyle {
  const css = getComputedStyle(element);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v('--plot-bg'),
    grid: v('--plot-grid'),
    text: v('--plot-text'),
    muted: v('--plot-muted'),
    font: css.fontFamily || 'system-ui, sans-serif',
    palette: list(v('--plot-palette')),
    bandFills: list(v('--plot-band-fills')),
    bandColours: list(v('--plot-band-colours')),
    quality: {
      good: v('--quality-good'),
      noisy: v('--quality-noisy'),
      'line-noise': v('--quality-line-noise'),
      flat: v('--quality-flat'),
      railed: v('--quality-railed'),
    },
  };
}

export function cycled(colours: readonly string[], i: number): string {
  return colours.length ? colours[i % colours.length]! : '#888';
}

/** Viridis: perceptually even, readable in both themes and in grey print. */
const VIRIDIS = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 73, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
] as const;

/** Colour of a value in [0, 1] on the viridis ramp. */
export function rampColour(value: number): string {
  const t = Math.min(1, Math.max(0, value)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(t));
  const f = t - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Black or white text, whichever reads on the ramp colour of `value`. */
export function textOnRamp(value: number): string {
  return value > 0.55 ? '#111' : '#fff';
}
