import { useState } from 'react';
import { ApiError, type ClisonixApi, type ConnectRequest, type SourceStatus } from '../../shared/api';

const SOURCES: readonly { request: ConnectRequest; title: string; description: string }[] = [
  {
    request: { kind: 'demo' },
    title: 'Demo headset',
    description:
      'A real 8-channel OpenBCI Cyton recording (blinks, jaw clenches, eyes-closed alpha) played at 250 Hz.',
  },
  {
    request: { kind: 'synthetic' },
    title: 'Synthetic headset',
    description:
      'Seeded, reproducible sines and noise on 8 channels at 250 Hz: alpha, beta and a trace of mains.',
  },
];

export function DevicesPage({ api, source }: { api: ClisonixApi; source: SourceStatus | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const active = source && source.state !== 'idle' && source.state !== 'stopped' && source.state !== 'error';
  return (
    <section className="page" aria-labelledby="devices-title">
      <header className="page-header">
        <h1 id="devices-title">Devices</h1>
      </header>
      <div className="card">
        <h2>Current source</h2>
        <p>
          <strong>{source?.label ?? 'No source'}</strong>{' '}
          <span className={`state state-${source?.state ?? 'idle'}`}>{source?.state ?? 'idle'}</span>
        </p>
        {source?.message && <p className="muted">{source.message}</p>}
        {active && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => api.call('source.disconnect', {}))}
          >
            Disconnect
          </button>
        )}
      </div>
      <ul className="source-list">
        {SOURCES.map((s) => (
          <li key={s.title} className="card">
            <h2>{s.title}</h2>
            <p className="muted">{s.description}</p>
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => api.call('source.connect', s.request))}
            >
              Connect
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
