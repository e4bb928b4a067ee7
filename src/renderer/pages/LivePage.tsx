import { useEffect, useState } from 'react';
import type { SourceStatus } from '../../shared/api';
import type { LiveBuffer } from '../live/live-buffer';
import { DISPLAY_HIGHPASS_HZ } from '../live/sample-ring';
import { TraceCanvas } from '../live/TraceCanvas';
import { SCALE_STEPS_UV } from '../live/trace-renderer';

const WINDOWS_S = [5, 10, 20] as const;

export function LivePage({ buffer, source }: { buffer: LiveBuffer; source: SourceStatus | null }) {
  const [windowS, setWindowS] = useState<number>(10);
  const [scale, setScale] = useState<number | null>(null);
  const [autoScale, setAutoScale] = useState<number>(50);
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.key === ' ' &&
        !(
          event.target instanceof HTMLInputElement ||
          event.target instanceof HTMLButtonElement ||
          event.target instanceof HTMLSelectElement
        )
      ) {
        event.preventDefault();
        setPaused((p) => !p);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const streaming = source?.state === 'streaming';
  return (
    <section className="page live-page" aria-labelledby="live-title">
      <header className="page-header">
        <h1 id="live-title">Live</h1>
        <div className="toolbar" role="toolbar" aria-label="Trace display">
          <div className="segmented" role="group" aria-label="Time window">
            {WINDOWS_S.map((w) => (
              <button key={w} type="button" aria-pressed={windowS === w} onClick={() => setWindowS(w)}>
                {w} s
              </button>
            ))}
          </div>
          <label className="field">
            Scale
            <select
              value={scale ?? 'auto'}
              onChange={(e) => setScale(e.target.value === 'auto' ? null : Number(e.target.value))}
              aria-label="Microvolts per division"
            >
              <option value="auto">Auto ({autoScale} µV/div)</option>
              {SCALE_STEPS_UV.map((s) => (
                <option key={s} value={s}>
                  {s} µV/div
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? 'Resume' : 'Pause'}
          </button>
          <span className="muted" title="Applied to the display only; recordings keep the raw signal">
            display: {DISPLAY_HIGHPASS_HZ} Hz high-pass
          </span>
        </div>
      </header>
      {!streaming && (
        <p className="banner" role="status">
          {source?.state === 'reconnecting' || source?.state === 'lost'
            ? `${source.label}: ${source.message ?? 'device lost'}`
            : 'No source is streaming. Connect one on the Devices page.'}
        </p>
      )}
      <div className="trace-area">
        <TraceCanvas
          buffer={buffer}
          paused={paused}
          onAutoScale={setAutoScale}
          view={{ windowS, uvPerDivision: scale, channelLabels: source?.channelLabels ?? [] }}
        />
      </div>
    </section>
  );
}
