import type { Method, NoParams } from './contract';

export type TransportKind = 'ipc' | 'websocket';

/** A capability the app has or lacks on this machine, with the reason a technician can act on. */
export interface Capability {
  readonly available: boolean;
  readonly detail: string;
}

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly mode: 'electron' | 'browser';
  readonly platform: string;
  readonly dataDir: string;
  readonly capabilities: {
    readonly serial: Capability;
    readonly storage: Capability;
    readonly keychain: Capability;
    readonly audio: Capability;
    readonly engine: Capability;
  };
}

/** A message for the user, shown as a toast / in the status bar. */
export interface Notice {
  /** Unique within a run of the services; increases with time. */
  readonly id: number;
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly at: number;
}

export interface AppMethods {
  'app.info': Method<NoParams, AppInfo>;
  /** The latest notices (also those raised before the UI connected, such as crash recovery at start). */
  'app.notices': Method<NoParams, readonly Notice[]>;
}

export interface AppEvents {
  'app.notice': Notice;
}
