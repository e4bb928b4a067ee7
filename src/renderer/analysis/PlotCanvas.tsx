// A canvas that draws one of the report's pictures at the display's pixel density, again when it is resized or
// the theme changes.
import { useEffect, useRef } from 'react';
import { readPlotStyle, type PlotStyle } from './plot-style';

export type DrawFn = (ctx: CanvasRenderingContext2D, width: number, height: number, style: PlotStyle) => void;

let probe: HTMLElement | null = null;

/** The light plot colours, whatever the screen's theme (a hidden `.report-light` element reads them). */
export function lightPlotStyle(): PlotStyle {
  if (!probe || !probe.isConnected) {
    probe = document.createElement('div');
    probe.className = 'report-light style-probe';
    probe.setAttribute('aria-hidden', 'true');
    document.body.appendChild(probe);
  }
  return readPlotStyle(probe);
}

export function PlotCanvas({
  draw,
  className,
  label,
  testId,
  data,
}: {
  draw: DrawFn;
  className: string;
  /** What the picture shows, for screen readers. */
  label: string;
  testId: string;
  /** Extra data attributes for tests and tools (what was drawn). */
  data?: Readonly<Record<string, string | number>>;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawRef = useRef(draw);
  const redraw = useRef<() => void>(() => undefined);

  useEffect(() => {
    drawRef.current = draw;
    redraw.current();
  }, [draw]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let drawn = 0;
    redraw.current = () => {
      const dpr = window.devicePixelRatio || 1;
      const { width, height } = canvas.getBoundingClientRect();
      if (width < 1 || height < 1) return;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawRef.current(ctx, width, height, readPlotStyle(canvas));
      drawn++;
      canvas.dataset.drawn = String(drawn);
      canvas.dataset.theme = document.documentElement.dataset.theme ?? 'light';
    };
    const resize = new ResizeObserver(() => redraw.current());
    resize.observe(canvas);
    const theme = new MutationObserver(() => redraw.current());
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    redraw.current();
    return () => {
      resize.disconnect();
      theme.disconnect();
      redraw.current = () => undefined;
    };
  }, []);

  const attributes = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]));
  return (
    <canvas
      ref={canvasRef}
      className={`plot-canvas ${className}`}
      role="img"
      aria-label={label}
      data-testid={testId}
      {...attributes}
    />
  );
}
