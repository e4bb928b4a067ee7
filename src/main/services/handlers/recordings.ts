import { ApiError, type RecordingsMethods } from '../../../shared/api';
import type { RecordingStore } from '../../storage';
import type { DomainHandlers, ServiceContext } from './context';

/** The store, or an error that says why recordings are unavailable on this machine. */
export function requireStore(ctx: ServiceContext): RecordingStore {
  if (ctx.store) return ctx.store;
  throw new ApiError({
    code: 'unavailable',
    message: `Recordings are unavailable: ${ctx.storeProblem ?? 'the store is not open'}`,
  });
}

export function recordingsHandlers(ctx: ServiceContext): DomainHandlers<RecordingsMethods> {
  return {
    'recordings.list': (query) => requireStore(ctx).list(query),
  };
}
