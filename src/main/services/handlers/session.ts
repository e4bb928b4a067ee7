import type { RecordingState, SessionMethods, SyncState } from '../../../shared/api';
import type { DomainHandlers, ServiceContext } from './context';

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

export function sessionHandlers(_ctx: ServiceContext): DomainHandlers<SessionMethods> {
  return {
    'recording.state': () => RECORDING_UNAVAILABLE,
    'sync.state': () => SYNC_UNAVAILABLE,
  };
}
