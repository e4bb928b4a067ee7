import { useEffect, useMemo, useState } from 'react';
import type { ClisonixApi } from '../../shared/api';
import type { LiveBuffer } from '../live/live-buffer';
import { AnalysisPage } from '../pages/AnalysisPage';
import { DevicesPage } from '../pages/DevicesPage';
import { EmptyPage } from '../pages/EmptyPage';
import { LivePage } from '../pages/LivePage';
import { RecordingsPage } from '../pages/RecordingsPage';
import { SoundPage } from '../pages/SoundPage';
import { pageFromHash, type PageId } from './pages';
import { SHORTCUT_HELP, useShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { type AppStore, useAppSnapshot } from './store';
import { useTheme } from './theme';

export function App({
  api,
  store,
  liveBuffer,
}: {
  api: ClisonixApi;
  store: AppStore;
  liveBuffer: LiveBuffer;
}) {
  const snapshot = useAppSnapshot(store);
  const [page, setPage] = useState<PageId>(() => pageFromHash(window.location.hash));
  const [theme, toggleTheme] = useTheme();
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    const onHash = () => setPage(pageFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const actions = useMemo(
    () => ({
      navigate: (id: PageId) => {
        window.location.hash = `#/${id}`;
      },
      toggleTheme,
      toggleHelp: () => setHelpOpen((o) => !o),
      closeOverlays: () => setHelpOpen(false),
    }),
    [toggleTheme],
  );
  useShortcuts(actions);

  return (
    <div className="app" data-page={page}>
      <Sidebar page={page} theme={theme} onToggleTheme={toggleTheme} onHelp={actions.toggleHelp} />
      <main className="content">
        {snapshot.connection !== 'open' && (
          <p className="banner warn" role="status">
            {snapshot.connection === 'connecting'
              ? 'Connecting to Clisonix…'
              : 'The connection to Clisonix was lost. Reconnecting…'}
          </p>
        )}
        {snapshot.loadError && (
          <p className="banner error" role="alert">
            {snapshot.loadError}
          </p>
        )}
        {page === 'live' && <LivePage api={api} buffer={liveBuffer} source={snapshot.source} />}
        {page === 'devices' && <DevicesPage api={api} source={snapshot.source} />}
        {page === 'recordings' && <RecordingsPage api={api} />}
        {page === 'analysis' && <AnalysisPage api={api} engine={snapshot.engine} />}
        {page === 'sound' && <SoundPage api={api} />}
        {page === 'cloud' && (
          <EmptyPage title="Cloud">
            Signing in to the Clisonix Cloud and syncing recordings are not part of this build yet.
          </EmptyPage>
        )}
        <ul className="notices" aria-live="polite">
          {snapshot.notices.map((n) => (
            <li key={n.id} className={`notice ${n.level}`}>
              <span>{n.message}</span>
              <button type="button" aria-label="Dismiss" onClick={() => store.dismissNotice(n.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      </main>
      <StatusBar snapshot={snapshot} />
      {helpOpen && (
        <div
          className="overlay"
          role="dialog"
          aria-modal="true"
          aria-label="Keyboard shortcuts"
          onClick={() => setHelpOpen(false)}
        >
          <div className="card" onClick={(e) => e.stopPropagation()}>
            <h2>Keyboard shortcuts</h2>
            <table>
              <tbody>
                {SHORTCUT_HELP.map(([keys, what]) => (
                  <tr key={keys}>
                    <td>
                      <kbd>{keys}</kbd>
                    </td>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
