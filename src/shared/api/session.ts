import type { Method, NoParams } from './contract';

/** Recording state for the status bar (the recording store fills it in). */
export interface RecordingState {
  readonly state: 'unavailable' | 'idle' | 'recording' | 'stopping';
  readonly recordingId: string | null;
  readonly elapsedMs: number;
  readonly committedSamples: number;
  readonly message: string | null;
}

/** Cloud sync state for the status bar (cloud sync fills it in). */
export interface SyncState {
  readonly state: 'unavailable' | 'signed-out' | 'idle' | 'syncing' | 'offline' | 'needs-attention';
  readonly pending: number;
  readonly message: string | null;
}

export interface SessionMethods {
  'recording.state': Method<NoParams, RecordingState>;
  'sync.state': Method<NoParams, SyncState>;
}

export interface SessionEvents {
  'recording.state': RecordingState;
  'sync.state': SyncState;
}
