// The implementation of ClisonixApi, assembled once and served by both transports (IPC and WebSocket).
import type { AppInfo, EngineStatus, RecordingState, SyncState } from '../../shared/api';
import { EngineHost } from '../engine-host/engine-host';
import { AcquisitionService } from './acquisition';
import { probeCapabilities } from './capabilities';
import { type ApiHandlers, createDispatcher, type Dispatch } from './dispatch';
import { EventHub } from './event-hub';
import { PRODUCT_NAME } from './paths';
import { createSourceFactory } from './sources';

export interface AppServicesOptions {
  readonly mode: AppInfo['mode'];
  readonly version: string;
  readonly dataDir: string;
  readonly resourcesDir: string;
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

// Filled in by the recording store and cloud sync; until then the status bar says plainly that they are absent.
const RECORDING_UNAVAILABLE: RecordingState = {
  state: 'unavailable',
  recordingId: null,
  elapsedMs: 0,
  committedSamples: 0,
  message: 'Recording is not available in this build yet',
};
const SYNC_UNAVAILABLE: SyncState = {
  state: 'unavailable',
  pending: 0,
  message: 'Cloud sync is not available in this build yet',
};

export function createAppServices(options: AppServicesOptions): AppServices {
  const events = new EventHub();
  const engine = new EngineHost({
    ...(options.engineEntry && { entry: options.engineEntry }),
    onStatus: (status: EngineStatus) => {
      events.emit('engine.status', status);
      // A crash must reach the person at the bench as words, not only as a state in the status bar.
      if (status.state === 'restarting' || status.state === 'failed') {
        const message =
          status.state === 'failed'
            ? `The analysis engine keeps crashing and was stopped: ${status.lastError ?? 'unknown reason'}. Restart it from the status bar.`
            : `The analysis engine stopped unexpectedly (${status.lastError ?? 'unknown reason'}) and is being restarted.`;
        events.emit('app.notice', { level: 'error', message, at: Date.now() });
      }
    },
  });
  const acquisition = new AcquisitionService({
    events,
    createSource: createSourceFactory(options.resourcesDir),
  });
  // Loading four native modules takes a while on a slow disk; nothing waits for it but app.info.
  const capabilities = probeCapabilities();
  const handlers: ApiHandlers = {
    'app.info': async () => ({
      name: PRODUCT_NAME,
      version: options.version,
      mode: options.mode,
      platform: `${process.platform}-${process.arch}`,
      dataDir: options.dataDir,
      capabilities: {
        ...(await capabilities),
        engine: {
          available: engine.status.state !== 'failed',
          detail: engine.status.lastError ?? 'The analysis engine runs in a worker thread.',
        },
      },
    }),
    'source.status': () => acquisition.status,
    'source.stats': () => acquisition.stats,
    'source.connect': (request) => acquisition.connect(request),
    'source.disconnect': () => acquisition.disconnect(),
    'recording.state': () => RECORDING_UNAVAILABLE,
    'sync.state': () => SYNC_UNAVAILABLE,
    'engine.status': () => engine.status,
    'engine.restart': () => engine.restart(),
  };

  const ready = options.startDemo
    ? acquisition.connect({ kind: 'demo' }).then(
        () => undefined,
        (error: unknown) => {
          events.emit('app.notice', {
            level: 'error',
            message: `The demo headset did not start: ${String(error)}`,
            at: Date.now(),
          });
        },
      )
    : Promise.resolve();

  // The engine thread starts once the first samples flow, so it does not compete with getting traces on screen.
  void ready.then(() =>
    engine.start().catch((error: unknown) => {
      events.emit('app.notice', {
        level: 'error',
        message: `The analysis engine did not start: ${String(error)}`,
        at: Date.now(),
      });
    }),
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
    },
  };
}
