// Messages between the RecordingWriter (main thread) and the writer worker. Samples cross as transferred
// ArrayBuffers, never as arrays of numbers.
import type { SampleGap } from '../../shared/samples';
import type { SynchronousMode } from './database';
import type { StorageErrorBody } from './errors';
import type { NewMarker } from './types';

export interface WriterWorkerConfig {
  readonly file: string;
  readonly recordingId: string;
  readonly commitIntervalMs: number;
  /** Commit sooner once this many sample bytes wait (a fast import, a catch-up after a stall). */
  readonly commitBytes: number;
  readonly heartbeatMs: number;
  readonly busyTimeoutMs: number;
  readonly synchronous: SynchronousMode;
  readonly maxPageCount?: number;
}

export type ToWriter =
  | { readonly type: 'open'; readonly config: WriterWorkerConfig }
  | {
      readonly type: 'block';
      readonly firstSample: number;
      readonly sampleCount: number;
      readonly channelCount: number;
      readonly sampleRateHz: number;
      /** Exactly channelCount * sampleCount float32 values. */
      readonly buffer: ArrayBuffer;
    }
  | { readonly type: 'gap'; readonly gap: SampleGap }
  | { readonly type: 'marker'; readonly marker: NewMarker }
  | { readonly type: 'segment'; readonly startedAt: number }
  | { readonly type: 'finish'; readonly status: 'complete' | 'interrupted'; readonly reason: string | null };

export type FromWriter =
  | { readonly type: 'ready'; readonly committedSamples: number; readonly chunkSamples: number }
  | {
      readonly type: 'commit';
      readonly committedSamples: number;
      readonly committedAt: number;
      /** Total sample bytes received by the worker and now committed (the main side's pending = sent - this). */
      readonly committedBytesTotal: number;
      readonly durationMs: number;
      /** The worker's own JS heap, for the memory figures. */
      readonly workerHeapBytes: number;
    }
  /** A message the writer could not take (bad block, gap...); recording goes on. */
  | { readonly type: 'rejected'; readonly error: StorageErrorBody }
  /** The writer stopped on a storage failure; `closed` says whether the recording could be marked interrupted. */
  | {
      readonly type: 'failed';
      readonly error: StorageErrorBody;
      readonly committedSamples: number;
      readonly closed: boolean;
    }
  | {
      readonly type: 'finished';
      readonly committedSamples: number;
      readonly status: 'complete' | 'interrupted';
    };
