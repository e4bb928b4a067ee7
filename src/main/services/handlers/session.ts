import type { SessionMethods, SyncState } from '../../../shared/api';
import { unavailableRecording } from '../recorder';
import type { DomainHandlers, ServiceContext } from './context';

// Filled in by cloud sync; until then the status bar says plainly that it is absent.
const SYNC_UNAVAILABLE: SyncState = {
  state: 'unavailable',
  pending: 0,
  message: 'Cloud sync is not available in this build yet',
};

export function sessionHandlers(ctx: ServiceContext): DomainHandlers<SessionMethods> {
  return {
    'recording.state': () =>
      ctx.recorder?.state ??
      unavailableRecording(`Recordings cannot be saved: ${ctx.storeProblem ?? 'the store is not open'}`),
    'sync.state': () => SYNC_UNAVAILABLE,
  };
}
