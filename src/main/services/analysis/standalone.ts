// One analysis outside the app (`clisonix analyze ID|FILE`): its own engine worker, the store opened only when a
// recording is asked for, everything closed afterwards. A target that names an existing file is a file;
// anything else is a recording id (or the start of one) in the store.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisDocument } from '../../../shared/analysis';
import { ApiError, type AnalysisPhase, type AnalysisSource } from '../../../shared/api';
import { EngineHost } from '../../engine-host/engine-host';
import type { RecordingStore } from '../../storage';
import { openRecordingStore } from '../recording-store';
import { runAnalysis } from './analysis-runner';

export interface StandaloneOptions {
  /** The recordings database, used when the target is not a file. */
  readonly storeFile: string;
  readonly cwd: string;
  readonly fromS?: number;
  readonly toS?: number;
  readonly appVersion: string;
  readonly onProgress?: (phase: AnalysisPhase, fraction: number) => void;
  readonly signal?: AbortSignal;
}

export interface StandaloneResult {
  readonly document: AnalysisDocument;
  readonly kind: 'file' | 'recording';
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Rejects with an ApiError whose message is meant for the person at the terminal. */
export async function analyzeStandalone(
  target: string,
  options: StandaloneOptions,
): Promise<StandaloneResult> {
  const asFile = path.resolve(options.cwd, target);
  const range = {
    ...(options.fromS !== undefined && { fromS: options.fromS }),
    ...(options.toS !== undefined && { toS: options.toS }),
  };
  let store: RecordingStore | null = null;
  let source: AnalysisSource;
  if (isFile(asFile)) {
    source = { file: asFile, ...range };
  } else {
    if (!existsSync(options.storeFile)) {
      throw new ApiError({
        code: 'not_found',
        message: `${target} is neither a file nor a recording: there is no recordings database at ${options.storeFile} (give --db PATH).`,
      });
    }
    const opening = openRecordingStore(options.storeFile);
    if (!opening.ok) {
      throw new ApiError({ code: 'unavailable', message: `Recordings are unavailable: ${opening.problem}` });
    }
    store = opening.store;
    source = { recordingId: target, ...range };
  }
  const engine = new EngineHost();
  try {
    const result = await runAnalysis({ engine, store, appVersion: options.appVersion }, source, {
      save: false,
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(options.signal && { signal: options.signal }),
    });
    return { document: result.document, kind: 'file' in source ? 'file' : 'recording' };
  } finally {
    await engine.dispose();
    store?.close();
  }
}
