// One snapshot of what the services say (status, counters, states, notices), kept current from their events and
// read by components through useSyncExternalStore.
import { useSyncExternalStore } from 'react';
import type {
  AppInfo,
  ClisonixApi,
  EngineStatus,
  Notice,
  RecordingState,
  SourceStats,
  SourceStatus,
  SyncState,
} from '../../shared/api';
import { connectionOf } from '../api/get-api';
import type { ConnectionState } from '../api/websocket-api';

export interface AppSnapshot {
  readonly info: AppInfo | null;
  readonly source: SourceStatus | null;
  readonly stats: SourceStats | null;
  readonly recording: RecordingState | null;
  readonly sync: SyncState | null;
  readonly engine: EngineStatus | null;
  readonly notices: readonly Notice[];
  readonly connection: ConnectionState;
  /** Readable reason when loading the initial state failed. */
  readonly loadError: string | null;
}

export interface AppStore {
  readonly getSnapshot: () => AppSnapshot;
  readonly subscribe: (listener: () => void) => () => void;
  readonly dismissNotice: (id: number) => void;
}

export function createAppStore(api: ClisonixApi): AppStore {
  const connection = connectionOf(api);
  let snapshot: AppSnapshot = {
    info: null,
    source: null,
    stats: null,
    recording: null,
    sync: null,
    engine: null,
    notices: [],
    connection: connection.state,
    loadError: null,
  };
  const listeners = new Set<() => void>();
  const update = (patch: Partial<AppSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    for (const l of listeners) l();
  };

  api.on('source.status', (source) => update({ source }));
  api.on('source.stats', (stats) => update({ stats }));
  api.on('recording.state', (recording) => update({ recording }));
  api.on('sync.state', (sync) => update({ sync }));
  api.on('engine.status', (engine) => update({ engine }));
  api.on('app.notice', (notice) => update({ notices: [...snapshot.notices.slice(-4), notice] }));

  const load = async () => {
    try {
      const [info, source, stats, recording, sync, engine, notices] = await Promise.all([
        api.call('app.info', {}),
        api.call('source.status', {}),
        api.call('source.stats', {}),
        api.call('recording.state', {}),
        api.call('sync.state', {}),
        api.call('engine.status', {}),
        api.call('app.notices', {}),
      ]);
      // Notices raised before this page connected (crash recovery at start...) join those heard since.
      const heard = new Set(snapshot.notices.map((n) => n.id));
      const merged = [...notices.filter((n) => !heard.has(n.id)), ...snapshot.notices].slice(-5);
      update({ info, source, stats, recording, sync, engine, notices: merged, loadError: null });
    } catch (error) {
      update({ loadError: error instanceof Error ? error.message : String(error) });
    }
  };
  connection.subscribe((state) => {
    update({ connection: state });
    // After a reconnection the services may have changed under us: read everything again.
    if (state === 'open') void load();
  });
  void load();

  return {
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dismissNotice: (id) => {
      update({ notices: snapshot.notices.filter((n) => n.id !== id) });
    },
  };
}

export function useAppSnapshot(store: AppStore): AppSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
