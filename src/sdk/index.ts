// The Clisonix Cloud SDK: the client, its errors and the wire types it speaks.
export * from './client';
export * from './errors';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export type * from '../shared/cloud';
export { BRAINSYNC_MODES, CLOUD_ERROR } from '../shared/cloud';
