// Store failures as the contract's errors: the technician reads the store's own sentence, the UI gets a code it
// can act on (not found, conflict, invalid request, storage).
import { ApiError, type ApiErrorCode } from '../../shared/api';
import { StorageError, type StorageErrorCode } from '../storage';

const CODES: Partial<Record<StorageErrorCode, ApiErrorCode>> = {
  not_found: 'not_found',
  conflict: 'conflict',
  invalid_input: 'invalid_request',
};

export function toApiError(error: unknown): unknown {
  if (error instanceof StorageError) {
    return new ApiError({ code: CODES[error.code] ?? 'storage_error', message: error.message });
  }
  return error;
}

/** Runs store work and rethrows a StorageError as an ApiError. */
export function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toApiError(error);
  }
}
