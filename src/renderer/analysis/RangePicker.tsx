// The time range to analyse: From/To fields in seconds, and an overview bar of the whole recording on which a drag
// selects a range (a click outside the selection clears it back to the whole recording).
import { useRef, useState } from 'react';
import { seconds } from './format';

export interface RangeValue {
  readonly from: string;
  readonly to: string;
}

function tickStep(durationS: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  return steps.find((s) => durationS / s <= 6) ?? 7200;
}

function round(s: number): string {
  return String(Math.round(s * 10) / 10);
}

export function RangePicker({
  durationS,
  value,
  onChange,
  disabled,
}: {
  durationS: number;
  value: RangeValue;
  onChange: (value: RangeValue) => void;
  disabled: boolean;
}) {
  const barRef = useRef<HTMLDivElement>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const from = value.from.trim() === '' ? 0 : Number(value.from);
  const to = value.to.trim() === '' ? durationS : Number(value.to);
  const valid = Number.isFinite(from) && Number.isFinite(to) && from >= 0 && to > from;
  const at = (clientX: number) => {
    const rect = barRef.current?.getBoundingClientRect();
    if (!rect || durationS <= 0) return 0;
    return Math.min(durationS, Math.max(0, ((clientX - rect.left) / rect.width) * durationS));
  };
  const step = tickStep(durationS);
  const ticks: number[] = [];
  for (let t = 0; t <= durationS; t += step) ticks.push(t);
  const left = valid ? (Math.min(from, durationS) / durationS) * 100 : 0;
  const right = valid ? (Math.min(to, durationS) / durationS) * 100 : 100;

  return (
    <div className="range">
      <div className="range-fields">
        <label className="field">
          From
          <input
            type="number"
            min={0}
            max={durationS}
            step="any"
            inputMode="decimal"
            placeholder="0"
            value={value.from}
            disabled={disabled}
            aria-label="From (seconds)"
            onChange={(e) => onChange({ ...value, from: e.target.value })}
          />
          s
        </label>
        <label className="field">
          To
          <input
            type="number"
            min={0}
            max={durationS}
            step="any"
            inputMode="decimal"
            placeholder={round(durationS)}
            value={value.to}
            disabled={disabled}
            aria-label="To (seconds)"
            onChange={(e) => onChange({ ...value, to: e.target.value })}
          />
          s
        </label>
        <button
          type="button"
          disabled={disabled || (value.from === '' && value.to === '')}
          onClick={() => onChange({ from: '', to: '' })}
        >
          Whole recording
        </button>
        <span className="muted">of {seconds(durationS)}</span>
      </div>
      <div
        ref={barRef}
        className="range-overview"
        aria-hidden="true"
        title="Drag to choose the time range"
        onPointerDown={(e) => {
          if (disabled) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          setDragFrom(at(e.clientX));
        }}
        onPointerMove={(e) => {
          if (dragFrom === null) return;
          const here = at(e.clientX);
          onChange({ from: round(Math.min(dragFrom, here)), to: round(Math.max(dragFrom, here)) });
        }}
        onPointerUp={(e) => {
          if (dragFrom === null) return;
          const here = at(e.clientX);
          setDragFrom(null);
          // A click without a drag selects the whole recording again.
          if (Math.abs(here - dragFrom) < durationS / 200) onChange({ from: '', to: '' });
        }}
      >
        <div className="selected" style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }} />
        {ticks.map((t) => (
          <span key={t} className="tick" style={{ left: `${(t / durationS) * 100}%` }}>
            {step >= 60 ? `${t / 60} min` : `${t} s`}
          </span>
        ))}
      </div>
    </div>
  );
}
