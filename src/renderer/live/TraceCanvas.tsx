// The live traces: the canvas redraws on animation frames (at most the display's rate, 60 fps here) and only
// when new samples arrived or the view changed. React never sees the samples.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { readTraceStyle } from '../app/theme';
import type { LiveBuffer } from './live-buffer';
import { TraceRenderer, type TraceView, visibleChannels } from './trace-renderer';

export interface TraceCanvasProps {
  readonly buffer: LiveBuffer;
  readonly view: TraceView;
  readonly paused: boolean;
  /** Called when the automatic scale in use changes (for the toolbar). */
  readonly onAutoScale?: (uv: number) => void;
}

export function TraceCanvas({ buffer, view, paused, onAutoScale }: TraceCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef(view);
  const pausedRef = useRef(paused);
  const autoScaleRef = useRef(onAutoScale);
  const drawnVersion = useRef(-1);
  useLayoutEffect(() => {
    viewRef.current = view;
    pausedRef.current = paused;
    autoScaleRef.current = onAutoScale;
    drawnVersion.current = -1; // any prop change redraws
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d', { alpha: false });
    if (!canvas || !ctx) return;
    const renderer = new TraceRenderer();
    let drawn = 0;
    let raf = 0;
    let reportedScale = -1;

    const resize = new ResizeObserver(() => {
      const dpr = window.devicePixelRatio || 1;
      const { width, height } = canvas.getBoundingClientRect();
      canvas.width = Math.max(1, Math.round(width * dpr));
      canvas.height = Math.max(1, Math.round(height * dpr));
      drawnVersion.current = -1;
    });
    resize.observe(canvas);

    const tick = () => {
      raf = requestAnimationFrame(tick);
      const ring = buffer.ring;
      if (!ring || pausedRef.current || drawnVersion.current === buffer.version) return;
      drawnVersion.current = buffer.version;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      renderer.draw(
        ctx,
        canvas.width / dpr,
        canvas.height / dpr,
        ring,
        viewRef.current,
        readTraceStyle(canvas),
        buffer.markers,
      );
      canvas.dataset.markers = String(buffer.markers.length);
      drawn++;
      canvas.dataset.framesDrawn = String(drawn);
      canvas.dataset.framesReceived = String(ring.framesReceived);
      canvas.dataset.samplesReceived = String(ring.samplesReceived);
      canvas.dataset.channels = String(ring.channelCount);
      canvas.dataset.autoScaleUv = String(renderer.lastAutoScaleUv);
      canvas.dataset.channelLabels = viewRef.current.channelLabels.join(',');
      canvas.dataset.visibleChannels = String(
        visibleChannels(ring.channelCount, viewRef.current.hiddenChannels).length,
      );
      if (viewRef.current.uvPerDivision === null && renderer.lastAutoScaleUv !== reportedScale) {
        reportedScale = renderer.lastAutoScaleUv;
        autoScaleRef.current?.(reportedScale);
      }
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      resize.disconnect();
    };
  }, [buffer]);

  return (
    <canvas ref={canvasRef} className="trace-canvas" data-testid="live-traces" aria-label="Live EEG traces" />
  );
}
