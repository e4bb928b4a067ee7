// The Live page's record control: a label, Record / Stop (also Shift+R), and while recording the elapsed time and
// what is safely saved. It follows `recording.state` itself, so it shows the truth whoever started the take
// (another window, the CLI's headless box...).
import { useCallback, useEffect, useState } from 'react';
import type { ClisonixApi, RecordingState } from '../../shared/api';

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function defaultLabel(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Recording ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The recording state from the services, kept current by its events. */
export function useRecordingState(api: ClisonixApi): RecordingState | null {
  const [state, setState] = useState<RecordingState | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('recording.state', setState);
    api.call('recording.state', {}).then(
      (s) => live && setState((current) => current ?? s),
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return state;
}

/** Milliseconds since `startedAt`, redrawn four times a second while `running`. */
export function useElapsed(startedAt: number | null, running: boolean, fallbackMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [running]);
  return running && startedAt !== null ? Math.max(0, now - startedAt) : fallbackMs;
}

export function RecordControl({ api, streaming }: { api: ClisonixApi; streaming: boolean }) {
  const state = useRecordingState(api);
  const [label, setLabel] = useState(defaultLabel);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const phase = state?.state ?? 'idle';
  const active = phase === 'recording' || phase === 'starting' || phase === 'stopping';
  const elapsed = useElapsed(state?.startedAt ?? null, active, state?.elapsedMs ?? 0);

  const toggle = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      if (active) {
        await api.call('recording.stop', {});
      } else {
        await api.call('recording.start', { label: label.trim() || defaultLabel() });
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, [active, api, label]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'R' || !event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typingIn(event.target) || busy) return;
      event.preventDefault();
      void toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, busy]);

  if (phase === 'unavailable') {
    return (
      <span className="record-control muted" data-testid="record-control" data-state="unavailable">
        {state?.message ?? 'Recording is unavailable'}
      </span>
    );
  }
  const savedS = state && state.sampleRateHz > 0 ? state.committedSamples / state.sampleRateHz : 0;
  const problem = error ?? (phase === 'idle' ? (state?.error?.message ?? null) : null);
  return (
    <div className="record-control" data-testid="record-control" data-state={phase}>
      {!active && (
        <input
          aria-label="Recording label"
          value={label}
          maxLength={200}
          size={22}
          onChange={(e) => setLabel(e.target.value)}
        />
      )}
      <button
        type="button"
        className={active ? 'record-button recording' : 'record-button'}
        disabled={busy || phase === 'stopping' || (!active && !streaming)}
        title={active ? 'Stop recording (Shift+R)' : 'Start recording (Shift+R)'}
        onClick={() => void toggle()}
      >
        <span className="record-dot" aria-hidden="true" />
        {phase === 'starting' ? 'Starting…' : phase === 'stopping' ? 'Saving…' : active ? 'Stop' : 'Record'}
      </button>
      {active && (
        <span className="record-stats" aria-live="off">
          <strong data-testid="record-elapsed">{formatClock(elapsed)}</strong>{' '}
          <span className="muted">{state?.label}</span>{' '}
          <span data-testid="record-committed" data-committed={state?.committedSamples ?? 0}>
            {(state?.committedSamples ?? 0).toLocaleString('en-US')} samples ({savedS.toFixed(1)} s) saved
          </span>
          {state && state.pendingBytes > 512 * 1024 && (
            <span className="warn">
              {' '}
              · {(state.pendingBytes / 2 ** 20).toFixed(1)} MiB waiting for the disk
            </span>
          )}
        </span>
      )}
      {!active && !problem && state?.message && (
        <span className="muted" role="status" data-testid="record-message">
          {state.message}
        </span>
      )}
      {problem && (
        <span className="error" role="alert" data-testid="record-error">
          {problem}
        </span>
      )}
    </div>
  );
}
