// Messages between the parallel pool (parallel.ts) and its worker threads (parallel-worker.ts). Private to the
// pool: the app's engine worker has its own protocol (protocol.ts). Sample data crosses as transferred or
// shared buffers, never as JSON.
import type { AnalysisOptions } from '../brain/analyze';
import type { ChannelTaskName } from '../brain/channel-tasks';
import type { PhysicalRange } from '../brain/input';
import type { AnalysisParams } from '../brain/params';

export interface WireChannel {
  readonly label: string;
  readonly sampleRateHz: number;
  readonly physicalRange: PhysicalRange | null;
  readonly data: Float32Array;
}

export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly task: ChannelTaskName;
  readonly params: AnalysisParams;
  readonly options: AnalysisOptions;
  readonly channels: readonly WireChannel[];
  /** Int32Array(1) over a SharedArrayBuffer: 1 = cancelled. Shared, so a busy worker sees it at once. */
  readonly cancelFlag: Int32Array;
}

export type WorkerReply =
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly result: unknown;
      /** The channels' sample buffers, handed back (transferred) to their owner. */
      readonly data: readonly Float32Array[];
    }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly name: string;
      readonly message: string;
      readonly data: readonly Float32Array[];
    };
