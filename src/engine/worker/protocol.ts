// Messages between the engine host (src/main/engine-host) and the engine worker. Sample data travels inside
// params/results as typed arrays whose buffers are transferred, never copied or turned into JSON.
import type { LiveSpectrumInput, LiveSpectrumResult } from '../live/live-spectrum';
import type { AnalysisWorkerMethods } from './analysis-protocol';
import type { BrainsyncTask, BrainsyncTaskResult, SymphonyTask, SymphonyTaskResult } from './sound-tasks';

/** Methods the engine worker answers: name -> params/result. Later engine work adds its analyses here. */
export interface EngineWorkerMethods {
  /** Liveness check; answers with the worker's thread id. */
  ping: { params: Record<string, never>; result: { threadId: number } };
  /** Per-channel mean and RMS of a planar block: proves samples cross as transferred buffers. */
  'block.summary': {
    params: { channelCount: number; sampleCount: number; data: Float32Array };
    result: { meanUv: Float64Array; rmsUv: Float64Array };
  };
  /** The Live page's rolling analysis of the last window: PSD, band powers, quality, mains seen. */
  'live.spectrum': { params: LiveSpectrumInput; result: LiveSpectrumResult & { computeMs: number } };
  'analysis.channels': AnalysisWorkerMethods['analysis.channels'];
  'analysis.file': AnalysisWorkerMethods['analysis.file'];
  /** The neural symphony of an EEG input rendered to WAV (ENGINE.md), with its score. */
  'sound.symphony': { params: SymphonyTask; result: SymphonyTaskResult };
  /** Binaural beats for a mode as WAV, personalised from an EEG input when one is given. */
  'sound.brainsync': { params: BrainsyncTask; result: BrainsyncTaskResult };
}

export type EngineWorkerMethod = keyof EngineWorkerMethods;

export type HostToWorker =
  | { readonly kind: 'request'; readonly id: number; readonly method: string; readonly params: unknown }
  | { readonly kind: 'cancel'; readonly id: number };

export interface WorkerErrorBody {
  readonly name: string;
  readonly message: string;
}

export type WorkerToHost =
  | { readonly kind: 'ready' }
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly error: WorkerErrorBody }
  | { readonly kind: 'progress'; readonly id: number; readonly done: number; readonly total: number };

/** What a handler gets besides its params: progress reporting and cooperative cancellation. */
export interface WorkerCallContext {
  progress(done: number, total: number): void;
  /** Yields to the worker's event loop (so a cancel can arrive) and throws CancelledError once cancelled. */
  checkpoint(): Promise<void>;
  readonly cancelled: boolean;
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

/** Collects the buffers inside a result so they are transferred, not copied. */
export function transferablesOf(
  value: unknown,
  found: Set<ArrayBuffer> = new Set(),
  depth = 0,
): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [...found];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value instanceof ArrayBuffer) {
    found.add(value);
  } else {
    for (const v of Array.isArray(value) ? value : Object.values(value)) transferablesOf(v, found, depth + 1);
  }
  return [...found];
}
