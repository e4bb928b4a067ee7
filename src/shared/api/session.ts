import type { Method, NoParams } from './contract';

/** Recording state for the status bar and the Live page's record control (the recorder fills it in). */
export interface RecordingState {
  /** `starting`: the writer is opening the database; `stopping`: everything received is being saved. */
  readonly state: 'unavailable' | 'idle' | 'starting' | 'recording' | 'stopping';
  readonly recordingId: string | null;
  readonly label: string | null;
  /** Epoch ms when recording started; null when idle. */
  readonly startedAt: number | null;
  readonly elapsedMs: number;
  readonly sampleRateHz: number;
  /** Samples on the recording's clock that are safely in the database. */
  readonly committedSamples: number;
  /** Epoch ms of the last commit; null before the first. */
  readonly lastCommitAt: number | null;
  /** Bytes of samples handed to the writer and not yet committed. */
  readonly pendingBytes: number;
  /** The storage failure that stopped the last recording (disk full, read-only, locked, backlog); kept until the next start. */
  readonly error: { readonly code: string; readonly message: string } | null;
  /** What the UI shows beside the state (why unavailable, how the last recording ended...). */
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
