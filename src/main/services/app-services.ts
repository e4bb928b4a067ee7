// The implementation of ClisonixApi, assembled once and served by both transports (IPC and WebSocket).
// Each domain of the contract has its handlers in ./handlers/<domain>.ts; this file only wires them together.
import type { AppInfo, EngineStatus, Notice } from '../../shared/api';
import { EngineHost } from '../engine-host/engine-host';
import { AcquisitionService } from './acquisition';
import { probeCapabilities } from './capabilities';
import { type ApiHandlers, createDispatcher, type Dispatch } from './dispatch';
import { EventHub } from './event-hub';
import { acquisitionHandlers } from './handlers/acquisition';
import { appHandlers } from './handlers/app';
import type { ServiceContext } from './handlers/context';
import { engineHandlers } from './handlers/engine';
import { recordingsHandlers } from './handlers/recordings';
import { sessionHandlers } from './handlers/session';
import { soundHandlers } from './handlers/sound';
import { describeRecovery, openRecordingStore, storePath } from './recording-store';
import { createSourceFactory } from './sources';

export interface AppServicesOptions {
  readonly mode: AppInfo['mode'];
  readonly version: string;
  readonly dataDir: string;
  readonly resourcesDir: string;
  /** The recording store file; default `<dataDir>/recordings.db`. */
  readonly storeFile?: string;
  /** Start the demo headset at once (no hardware attached). */
  readonly startDemo?: boolean;
  readonly engineEntry?: URL;
}

export interface AppServices {
  readonly events: EventHub;
  readonly dispatch: Dispatch;
  readonly acquisition: AcquisitionService;
  readonly engine: EngineHost;
  /** Settles when start-up work (the demo headset) is done; failures there become notices, not rejections. */
  readonly ready: Promise<void>;
  dispose(): Promise<void>;
}

function engineNotice(status: EngineStatus): string | null {
  if (status.state === 'failed') {
    return `The analysis engine keeps crashing and was stopped: ${status.lastError ?? 'unknown reason'}. Restart it from the status bar.`;
  }
  if (status.state === 'restarting') {
    return `The analysis engine stopped unexpectedly (${status.lastError ?? 'unknown reason'}) and is being restarted.`;
  }
  return null;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const events = new EventHub();
  const notices: Notice[] = [];
  const notify: ServiceContext['notify'] = (level, message) => {
    const notice: Notice = {
      id: notices.length ? notices[notices.length - 1]!.id + 1 : 1,
      level,
      message,
      at: Date.now(),
    };
    notices.push(notice);
    if (notices.length > 20) notices.shift();
    events.emit('app.notice', notice);
  };
  const engine = new EngineHost({
    ...(options.engineEntry && { entry: options.engineEntry }),
    onStatus: (status) => {
      events.emit('engine.status', status);
      // A crash must reach the person at the bench as words, not only as a state in the status bar.
      const notice = engineNotice(status);
      if (notice) notify('error', notice);
    },
  });
  const acquisition = new AcquisitionService({
    events,
    createSource: createSourceFactory(options.resourcesDir),
    notify,
  });
  const opening = openRecordingStore(options.storeFile ?? storePath(options.dataDir));
  const store = opening.ok ? opening.store : null;
  const ctx: ServiceContext = {
    options,
    store,
    storeProblem: opening.ok ? null : opening.problem,
    events,
    acquisition,
    engine,
    // Loading four native modules takes a while on a slow disk; nothing waits for it but app.info.
    capabilities: probeCapabilities(),
    notify,
    recentNotices: () => [...notices],
  };
  const handlers: ApiHandlers = {
    ...appHandlers(ctx),
    ...acquisitionHandlers(ctx),
    ...sessionHandlers(ctx),
    ...engineHandlers(ctx),
    ...recordingsHandlers(ctx),
    ...soundHandlers(ctx),
  };
  if (!opening.ok) notify('error', `Recordings cannot be saved: ${opening.problem}`);
  const recovered = opening.ok ? describeRecovery(opening.store.recovery) : null;
  if (recovered) notify('warning', recovered);

  const ready = options.startDemo
    ? acquisition.connect({ kind: 'demo' }).then(
        () => undefined,
        (error: unknown) => notify('error', `The demo headset did not start: ${String(error)}`),
      )
    : Promise.resolve();
  // The engine thread starts once the first samples flow, so it does not compete with getting traces on screen.
  void ready.then(() =>
    engine
      .start()
      .catch((error: unknown) => notify('error', `The analysis engine did not start: ${String(error)}`)),
  );

  return {
    events,
    dispatch: createDispatcher(handlers),
    acquisition,
    engine,
    ready,
    async dispose() {
      await acquisition.dispose();
      await engine.dispose();
      store?.close();
    },
  };
}
