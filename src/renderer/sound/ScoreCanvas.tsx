// A picture of a neural symphony's score: one lane per voice (delta at the bottom, gamma at the top), the band's
// relative power as a shaded curve, each note as a bar placed by time and pitch, brighter when louder, and a
// playhead that follows the audio element while it plays. Colours come from the theme's CSS variables.
import { useEffect, useRef } from 'react';
import type { SymphonyPicture } from '../../shared/api';
import { readTraceStyle } from '../app/theme';

const GREEK: Readonly<Record<string, string>> = {
  delta: 'δ',
  theta: 'θ',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
};
const GUTTER = 78;
const AXIS = 20;

function niceStep(seconds: number): number {
  for (const step of [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300]) if (seconds / step <= 10) return step;
  return 600;
}

function draw(canvas: HTMLCanvasElement, picture: SymphonyPicture, playheadS: number | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.width / dpr;
  const height = canvas.height / dpr;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const style = readTraceStyle(canvas);
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, width, height);
  const voices = picture.voices;
  const plotW = Math.max(1, width - GUTTER - 8);
  const plotH = Math.max(1, height - AXIS - 6);
  const laneH = plotH / Math.max(1, voices.length);
  const x = (s: number) => GUTTER + (s / picture.durationS) * plotW;
  const maxGain = Math.max(1e-9, ...voices.flatMap((v) => v.gain));
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';

  voices.forEach((voice, i) => {
    const lane = voices.length - 1 - i; // delta at the bottom
    const top = 6 + lane * laneH;
    const colour = style.palette[i % Math.max(1, style.palette.length)] ?? style.text;
    ctx.strokeStyle = style.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(GUTTER, top + laneH + 0.5);
    ctx.lineTo(GUTTER + plotW, top + laneH + 0.5);
    ctx.stroke();
    ctx.fillStyle = style.text;
    ctx.fillText(`${GREEK[voice.band] ?? ''} ${voice.band}`, 8, top + laneH / 2);

    // The band's share of power: a shaded curve from the lane's floor.
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(x(0), top + laneH);
    voice.relative.forEach((r, h) => {
      ctx.lineTo(x((h + 0.5) * picture.hopSeconds), top + laneH - (r ?? 0) * (laneH - 4));
    });
    ctx.lineTo(x(picture.durationS), top + laneH);
    ctx.closePath();
    ctx.fill();

    // Notes: height by degree on the voice's five-note ladder, opacity by loudness.
    const rowH = (laneH - 6) / 5;
    for (const [start, length, , degree] of voice.notes) {
      const h = Math.min(picture.voices[i]!.gain.length - 1, Math.floor(start / picture.hopSeconds));
      ctx.globalAlpha = 0.35 + 0.65 * Math.min(1, (voice.gain[h] ?? 0) / maxGain);
      ctx.fillStyle = colour;
      const nx = x(start);
      const nw = Math.max(1.5, x(start + length) - nx - 1);
      ctx.fillRect(nx, top + 3 + (4 - degree) * rowH, nw, Math.max(2, rowH - 1.5));
    }
    ctx.globalAlpha = 1;
  });

  // Time axis.
  ctx.fillStyle = style.muted;
  ctx.strokeStyle = style.grid;
  ctx.textBaseline = 'alphabetic';
  const step = niceStep(picture.durationS);
  for (let s = 0; s <= picture.durationS + 1e-9; s += step) {
    const px = Math.round(x(s)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, 6);
    ctx.lineTo(px, 6 + plotH);
    ctx.stroke();
    // A label that would run off the right edge is left out rather than drawn over its neighbour.
    if (px + 34 <= width) ctx.fillText(`${s} s`, px + 3, height - 5);
  }

  if (playheadS !== null) {
    ctx.strokeStyle = style.marker;
    ctx.lineWidth = 2;
    const px = x(Math.min(picture.durationS, playheadS));
    ctx.beginPath();
    ctx.moveTo(px, 4);
    ctx.lineTo(px, 6 + plotH);
    ctx.stroke();
  }
}

export function ScoreCanvas({
  picture,
  audio,
}: {
  picture: SymphonyPicture;
  /** The element playing this score; its time drives the playhead. */
  audio: HTMLAudioElement | null;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let raf = 0;
    const redraw = () => draw(canvas, picture, audio && audio.currentTime > 0 ? audio.currentTime : null);
    const resize = new ResizeObserver(() => {
      const dpr = window.devicePixelRatio || 1;
      const { width, height } = canvas.getBoundingClientRect();
      canvas.width = Math.max(1, Math.round(width * dpr));
      canvas.height = Math.max(1, Math.round(height * dpr));
      redraw();
    });
    resize.observe(canvas);
    // The theme lives on <html data-theme>: a switch redraws with the new colours.
    const themeWatch = new MutationObserver(redraw);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const follow = () => {
      redraw();
      if (audio && !audio.paused) raf = requestAnimationFrame(follow);
    };
    const onPlay = () => {
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(follow);
    };
    audio?.addEventListener('play', onPlay);
    audio?.addEventListener('seeked', redraw);
    audio?.addEventListener('pause', redraw);
    return () => {
      cancelAnimationFrame(raf);
      resize.disconnect();
      themeWatch.disconnect();
      audio?.removeEventListener('play', onPlay);
      audio?.removeEventListener('seeked', redraw);
      audio?.removeEventListener('pause', redraw);
    };
  }, [picture, audio]);

  const notes = picture.voices.reduce((n, v) => n + v.notes.length, 0);
  return (
    <canvas
      ref={canvasRef}
      className="score-canvas"
      data-testid="score-canvas"
      data-voices={picture.voices.length}
      data-notes={notes}
      data-duration-s={picture.durationS}
      role="img"
      aria-label={`Score: ${picture.voices.length} voices, ${notes} notes over ${picture.durationS.toFixed(1)} s at ${picture.tempoBpm.toFixed(0)} BPM`}
    />
  );
}
