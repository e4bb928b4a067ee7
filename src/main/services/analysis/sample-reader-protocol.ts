// Messages between the services and the sample reader thread (sample-reader-worker.ts).
import type { StorageErrorBody } from '../../storage';
import type { SampleLayout } from '../../storage/repositories/samples';
import type { SampleRange } from '../../storage/types';

export interface ReadRequest {
  readonly file: string;
  readonly layout: SampleLayout;
  readonly range: SampleRange;
  /** Samples the range holds once its gaps are left out. */
  readonly capacity: number;
  readonly stepSamples: number;
  /** Int32Array(1) over a SharedArrayBuffer: 1 = stop. */
  readonly cancelFlag: Int32Array;
}

export type ReaderReply =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly channels: readonly Float32Array[]; readonly filled: number }
  | { readonly type: 'cancelled' }
  | { readonly type: 'error'; readonly error: StorageErrorBody };
