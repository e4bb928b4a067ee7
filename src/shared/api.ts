// ClisonixApi: the one typed contract between the UI and the services.
// Implemented once in src/main/services; served over Electron IPC (src/preload, src/main/electron) and over the
// browser-mode WebSocket (src/main/web). The renderer holds one `ClisonixApi` and never knows which.
// Each domain declares its methods and events in ./api/<domain>.ts; add a domain by adding it to both unions.
import type { AcquisitionEvents, AcquisitionMethods } from './api/acquisition';
import type { AnalysisEvents, AnalysisMethods } from './api/analysis';
import type { AppEvents, AppMethods, TransportKind } from './api/app';
import type { CallOutcome, Unsubscribe } from './api/contract';
import type { DevicesEvents, DevicesMethods } from './api/devices';
import type { EngineEvents, EngineMethods } from './api/engine';
import type { LiveEvents, LiveMethods } from './api/live';
import type { RecordingMethods } from './api/recording';
import type { RecordingsEvents, RecordingsMethods } from './api/recordings';
import type { SessionEvents, SessionMethods } from './api/session';
import type { SoundEvents, SoundMethods } from './api/sound';
import type { SampleFrame } from './frames';

export type ApiMethods = AppMethods &
  AcquisitionMethods &
  SessionMethods &
  EngineMethods &
  RecordingsMethods &
  LiveMethods &
  DevicesMethods &
  RecordingMethods &
  AnalysisMethods &
  SoundMethods;
export type ApiEvents = AppEvents &
  AcquisitionEvents &
  SessionEvents &
  EngineEvents &
  RecordingsEvents &
  LiveEvents &
  DevicesEvents &
  AnalysisEvents &
  SoundEvents;

export type MethodName = keyof ApiMethods;
export type EventName = keyof ApiEvents;
export type ParamsOf<M extends MethodName> = ApiMethods[M]['params'];
export type ResultOf<M extends MethodName> = ApiMethods[M]['result'];

export interface ClisonixApi {
  readonly transport: TransportKind;
  /** Resolves with the method's result or rejects with an ApiError. */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
  onFrame(listener: (frame: SampleFrame) => void): Unsubscribe;
}

/** Electron IPC channel names (preload <-> main). */
export const IPC_CHANNELS = {
  call: 'clisonix:call',
  event: 'clisonix:event',
  frame: 'clisonix:frame',
  /** Electron only: the system's "Save as" dialog for an export (browser mode downloads instead). */
  chooseExportPath: 'clisonix:choose-export-path',
} as const;

/** Browser-mode WebSocket text messages (binary messages are sample frames). */
export type ClientMessage = {
  readonly t: 'call';
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
};
export type ServerMessage =
  | { readonly t: 'result'; readonly id: number; readonly outcome: CallOutcome<unknown> }
  | { readonly t: 'event'; readonly name: string; readonly payload: unknown };

export * from './api/acquisition';
export * from './api/analysis';
export * from './api/app';
export * from './api/contract';
export * from './api/devices';
export * from './api/engine';
export * from './api/live';
export * from './api/recording';
export * from './api/recordings';
export * from './api/session';
export * from './api/sound';
export type { SampleFrame } from './frames';
export type * from './analysis';
