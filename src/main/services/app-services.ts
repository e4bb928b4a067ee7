// The implementation of ClisonixApi, assembled once and served by both transports (IPC and WebSocket).
// Each domain of the contract has its handlers in ./handlers/<domain>.ts; this file only wires them together.
import path from 'node:path';
import type { AppInfo, EngineStatus, Notice } from '../../shared/api';
import type { RecordingWriterOptions } from '../storage';
import { EngineHost } from '../engine-host/engine-host';
import { AcquisitionService } from './acquisition';
import { AnalysisJobs } from './analysis/analysis-jobs';
import { probeCapabilities } from './capabilities';
import { type ApiHandlers, createDispatcher, type Dispatch } from './dispatch';
import { EventHub } from './event-hub';
import { acquisitionHandlers } from './handlers/acquisition';
import { analysisHandlers } from './handlers/analysis';
import { appHandlers } from './handlers/app';
import type { ServiceContext } from './handlers/context';
import { devicesHandlers } from './handlers/devices';
import { engineHandlers } from './handlers/engine';
import { liveHandlers } from './handlers/live';
import { recordingsHandlers } from './handlers/recordings';
import { sessionHandlers } from './handlers/session';
import { MONTAGES_FILE_NAME, MontageStore, PRESETS_FILE } from './montages';
import { soundHandlers } from './handlers/sound';
import { describeRecovery, openRecordingStore, storePath } from './recording-store';
import type { SerialTuning } from './serial-source';
import { SourceControls } from './source-controls';
import { recordingHandlers } from './handlers/recording';
import { Recorder } from './recorder';
import { RecordingTransfers } from './recording-transfers';
import { createSourceFactory } from './sources';
import { LiveService } from './live/live-service';
import { liveSettingsPath } from './live/live-settings-file';

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
  /** Serial timing (silence, reconnection, handshake timeouts); tests shorten them. */
  readonly serialTuning?: SerialTuning;
  /** Writer settings (tests: a page cap standing in for a full disk). */
  readonly writerOptions?: RecordingWriterOptions;
}

export interface AppServices {
  readonly events: EventHub;
  readonly dispatch: Dispatch;
  readonly acquisition: AcquisitionService;
  readonly engine: EngineHost;
  readonly live: LiveService;
  readonly controls: SourceControls;
  readonly recorder: Recorder | null;
  readonly transfers: RecordingTransfers | null;
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
  const montages = MontageStore.open(
    path.join(options.resourcesDir, PRESETS_FILE),
    path.join(options.dataDir, MONTAGES_FILE_NAME),
  );
  // The factory hands board events to the controls, which need the acquisition service: one late binding.
  let controls: SourceControls | null = null;
  const acquisition = new AcquisitionService({
    events,
    createSource: createSourceFactory(options.resourcesDir, {
      serial: {
        montages,
        notify,
        boardEvent: (source, event) => controls?.boardEvent(source, event),
        accel: (source, atSample, x, y, z) => controls?.accel(source, atSample, x, y, z),
      },
      ...(options.serialTuning && { serialTuning: options.serialTuning }),
      store: () => store,
    }),
    notify,
  });
  const live = new LiveService({
    events,
    acquisition,
    settingsFile: liveSettingsPath(options.dataDir),
    notify,
    // The window's buffer moves to the engine thread; the main thread keeps nothing of it.
    analyse: (input) =>
      engine.request('live.spectrum', input, { transfer: [input.data.buffer as ArrayBuffer] }),
  });
  controls = new SourceControls({ acquisition, events, montages });
  const opening = openRecordingStore(options.storeFile ?? storePath(options.dataDir));
  const store = opening.ok ? opening.store : null;
  const recorder: Recorder | null = store
    ? new Recorder({
        store,
        acquisition,
        events,
        notify,
        ...(options.writerOptions && { writerOptions: options.writerOptions }),
        startBlocked: () => {
          const job = transfers?.runningImport;
          return job
            ? `"${job.title}" is being imported (${Math.round(job.progress * 100)} %); it holds the database until it is done. Start recording when it has finished, or cancel it on the Recordings page.`
            : null;
        },
      })
    : null;
  const transfers: RecordingTransfers | null = store
    ? new RecordingTransfers({
        store,
        events,
        dataDir: options.dataDir,
        importBlocked: () =>
          recorder && recorder.state.state !== 'idle' && recorder.state.state !== 'unavailable'
            ? 'A recording is in progress: an import holds the database for its whole length and would stop it. Import once the recording has stopped.'
            : null,
      })
    : null;
  const analysis = new AnalysisJobs(
    { engine, store, storeProblem: opening.ok ? null : opening.problem, appVersion: options.version },
    events,
  );
  const ctx: ServiceContext = {
    options,
    store,
    storeProblem: opening.ok ? null : opening.problem,
    recorder,
    transfers,
    events,
    acquisition,
    engine,
    // Loading four native modules takes a while on a slow disk; nothing waits for it but app.info.
    capabilities: probeCapabilities(),
    notify,
    recentNotices: () => [...notices],
    live,
    controls,
    montages,
    analysis,
  };
  const handlers: ApiHandlers = {
    ...appHandlers(ctx),
    ...acquisitionHandlers(ctx),
    ...sessionHandlers(ctx),
    ...engineHandlers(ctx),
    ...recordingsHandlers(ctx),
    ...liveHandlers(ctx),
    ...devicesHandlers(ctx),
    ...recordingHandlers(ctx),
    ...analysisHandlers(ctx),
    ...soundHandlers(ctx),
  };
  if (!opening.ok) notify('error', `Recordings cannot be saved: ${opening.problem}`);
  const recovered = opening.ok ? describeRecovery(opening.store.recovery) : null;
  if (recovered) notify('warning', recovered);
  for (const problem of montages.problems) notify('warning', problem);

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
    live,
    controls,
    recorder,
    transfers,
    ready,
    async dispose() {
      // The writer saves what it holds before the source and the store go away.
      await recorder?.dispose();
      await transfers?.dispose();
      live.dispose();
      controls.dispose();
      await acquisition.dispose();
      await analysis.dispose();
      await engine.dispose();
      store?.close();
    },
  };
}
