import type { ClisonixApi, ConnectRequest, SourceStatus } from '../../shared/api';
import { SourceBanner } from '../app/SourceBanner';
import { BoardReadingsCard } from '../devices/BoardReadingsCard';
import { ChannelSetupCard } from '../devices/ChannelSetupCard';
import { useAction, useBoardReadings, useMontages, useSourceSetup } from '../devices/device-hooks';
import { SerialConnectForm } from '../devices/SerialConnectForm';

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

const CONNECTED_STATES: readonly SourceStatus['state'][] = [
  'connecting',
  'streaming',
  'lost',
  'reconnecting',
];

export function DevicesPage({ api, source }: { api: ClisonixApi; source: SourceStatus | null }) {
  const connectAction = useAction();
  const sourceAction = useAction();
  const setupAction = useAction();
  // A new connection (or a reconnection of the UI) reads the setup and readings afresh.
  const setup = useSourceSetup(api, `${source?.label ?? ''}#${source?.segment ?? 0}`);
  const readings = useBoardReadings(api, source?.label ?? '');
  const montages = useMontages(api);
  const active = source !== null && CONNECTED_STATES.includes(source.state);

  return (
    <section className="page devices-page" aria-labelledby="devices-title">
      <header className="page-header">
        <h1 id="devices-title">Devices</h1>
      </header>
      <SourceBanner source={source} showError={connectAction.error === null && sourceAction.error === null} />
      <div className="devices-grid">
        <div className="devices-column">
          <div
            className="card current-source"
            data-testid="current-source"
            data-state={source?.state ?? 'idle'}
          >
            <h2>Current source</h2>
            <p>
              <strong>{source?.label ?? 'No source'}</strong>{' '}
              <span className={`state state-${source?.state ?? 'idle'}`}>{source?.state ?? 'idle'}</span>
              {source?.sampleRateHz ? (
                <span className="muted">
                  {' '}
                  {source.sampleRateHz} Hz · {source.channelLabels.length} channel
                  {source.channelLabels.length === 1 ? '' : 's'} · segment {source.segment}
                </span>
              ) : null}
            </p>
            {setup?.firmware && (
              <p className="muted" data-testid="firmware">
                {setup.firmware}
              </p>
            )}
            {active && (
              <button
                type="button"
                disabled={sourceAction.busy}
                onClick={() => void sourceAction.run(() => api.call('source.disconnect', {}))}
              >
                Disconnect
              </button>
            )}
            {sourceAction.error && (
              <p className="error" role="alert">
                {sourceAction.error.message}
              </p>
            )}
          </div>
          {setup && active && (
            <ChannelSetupCard
              // A different source starts with its own drafts.
              key={setup.label}
              api={api}
              setup={setup}
              montages={montages}
              action={setupAction}
            />
          )}
          {setupAction.error && (
            <p className="error" role="alert">
              {setupAction.error.message}
            </p>
          )}
          {readings && active && <BoardReadingsCard readings={readings} />}
        </div>
        <div className="devices-column">
          <SerialConnectForm api={api} source={source} montages={montages} action={connectAction} />
          <ul className="source-list">
            {SOURCES.map((s) => (
              <li key={s.title} className="card">
                <h2>{s.title}</h2>
                <p className="muted">{s.description}</p>
                <button
                  type="button"
                  disabled={sourceAction.busy}
                  onClick={() => void sourceAction.run(() => api.call('source.connect', s.request))}
                >
                  Connect
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
