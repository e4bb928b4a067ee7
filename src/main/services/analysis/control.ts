// Cooperative cancellation and yielding for the main-process side of an analysis.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ApiError } from '../../../shared/api';

/** Lets timers, I/O and other callbacks (acquisition, the UI's frames) run before the work continues. */
export function yieldToEventLoop(): Promise<void> {
  return nextTurn();
}

export function cancelledError(): ApiError {
  return new ApiError({ code: 'cancelled', message: 'The analysis was cancelled.' });
}
