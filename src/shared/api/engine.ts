import type { Method, NoParams } from './contract';

export interface EngineStatus {
  readonly state: 'starting' | 'ready' | 'restarting' | 'failed';
  readonly restarts: number;
  /** Readable reason of the last crash or failure. */
  readonly lastError: string | null;
}

export interface EngineMethods {
  'engine.status': Method<NoParams, EngineStatus>;
  'engine.restart': Method<NoParams, EngineStatus>;
}

export interface EngineEvents {
  'engine.status': EngineStatus;
}
