// The live spectrum's canvas: redrawn when an update arrives, the emphasis changes, the size or the theme
// changes. Hovering picks the channel whose curve is nearest the pointer and reads its value out.
import { type PointerEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LiveSpectrum } from '../../shared/api';
import { readTraceStyle } from '../app/theme';
import { hzOfX, peakFrequencies, SpectrumRenderer, type SpectrumStyle, yOfDb } from './spectrum-renderer';

export const BAND_NAMES = ['delta', 'theta', 'alpha', 'beta', 'gamma'] as const;

export function readSpectrumStyle(element: Element): SpectrumStyle {
  const css = getComputedStyle(element);
  const bands: Record<string, string> = {};
  for (const name of BAND_NAMES) bands[name] = css.getPropertyValue(`--band-${name}`).trim();
  return { ...readTraceStyle(element), bands };
}

export interface SpectrumHover {
  readonly channel: number;
  readonly hz: number;
  readonly db: number;
}

export function SpectrumCanvas({
  spectrum,
  emphasised,
  channelLabels,
  onHover,
}: {
  spectrum: LiveSpectrum;
  emphasised: number | null;
  channelLabels: readonly string[];
  onHover: (hover: SpectrumHover | null) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef(new SpectrumRenderer());
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [themeVersion, setThemeVersion] = useState(0);
  const drawn = useRef(0);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const resize = new ResizeObserver(() => {
      const { width, height } = canvas.getBoundingClientRect();
      setSize({ width, height });
    });
    resize.observe(canvas);
    const theme = new MutationObserver(() => setThemeVersion((v) => v + 1));
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      resize.disconnect();
      theme.disconnect();
    };
  }, []);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d', { alpha: false });
    if (!canvas || !ctx || size.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(size.width * dpr));
    canvas.height = Math.max(1, Math.round(size.height * dpr));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    rendererRef.current.draw(ctx, size.width, size.height, spectrum, readSpectrumStyle(canvas), emphasised);
    drawn.current++;
    canvas.dataset.drawn = String(drawn.current);
    canvas.dataset.peaksHz = peakFrequencies(spectrum).join(',');
    canvas.dataset.channels = String(spectrum.channels.length);
    canvas.dataset.emphasised = emphasised === null ? '' : String(emphasised);
  }, [spectrum, emphasised, size, themeVersion]);

  const onMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const g = rendererRef.current.geometry;
    if (!g) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const hz = hzOfX(g, x);
    const bin = Math.round(hz / spectrum.binWidthHz);
    if (x < g.left || x > g.left + g.width || bin < 0 || bin >= spectrum.frequenciesHz.length) {
      onHover(null);
      return;
    }
    let best: SpectrumHover | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    spectrum.channels.forEach((channel, c) => {
      const db = channel.psdDb[bin];
      if (db === null || db === undefined) return;
      const distance = Math.abs(yOfDb(g, db) - y);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = { channel: c, hz: spectrum.frequenciesHz[bin]!, db };
      }
    });
    onHover(bestDistance <= 24 ? best : null);
  };

  return (
    <canvas
      ref={canvasRef}
      className="spectrum-canvas"
      data-testid="live-spectrum"
      role="img"
      aria-label={`Power spectrum of ${channelLabels.length} channels, 0.5 to 60 Hz, in decibels`}
      onPointerMove={onMove}
      onPointerLeave={() => onHover(null)}
    />
  );
}
