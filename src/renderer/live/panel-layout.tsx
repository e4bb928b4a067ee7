// The Live page's side panel: shown or hidden, and as wide as the technician dragged it (or set it with the
// arrow keys on the splitter), remembered in this browser/window's storage.
import { type PointerEvent, useCallback, useState } from 'react';

const OPEN_KEY = 'clisonix.livePanelOpen';
const WIDTH_KEY = 'clisonix.livePanelWidth';
export const PANEL_MIN_PX = 260;
export const PANEL_MAX_PX = 720;
const DEFAULT_WIDTH_PX = 380;

const clampWidth = (px: number) => Math.round(Math.min(PANEL_MAX_PX, Math.max(PANEL_MIN_PX, px)));

export function usePanelLayout() {
  const [open, setOpenState] = useState(() => window.localStorage.getItem(OPEN_KEY) !== 'false');
  const [width, setWidthState] = useState(() => {
    const saved = Number(window.localStorage.getItem(WIDTH_KEY));
    return Number.isFinite(saved) && saved > 0 ? clampWidth(saved) : DEFAULT_WIDTH_PX;
  });
  const setOpen = useCallback((next: boolean) => {
    window.localStorage.setItem(OPEN_KEY, String(next));
    setOpenState(next);
  }, []);
  const setWidth = useCallback((px: number) => {
    const next = clampWidth(px);
    window.localStorage.setItem(WIDTH_KEY, String(next));
    setWidthState(next);
  }, []);
  return { open, setOpen, width, setWidth };
}

/** A vertical splitter left of the panel: drag it, or focus it and use the arrow keys (Shift for big steps). */
export function PanelSplitter({ width, onWidth }: { width: number; onWidth: (px: number) => void }) {
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const startX = event.clientX;
    const startWidth = width;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => onWidth(startWidth + (startX - e.clientX));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  return (
    <div
      className="panel-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the spectrum panel"
      aria-valuemin={PANEL_MIN_PX}
      aria-valuemax={PANEL_MAX_PX}
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 60 : 20;
        if (e.key === 'ArrowLeft') onWidth(width + step);
        else if (e.key === 'ArrowRight') onWidth(width - step);
        else return;
        e.preventDefault();
      }}
    />
  );
}
