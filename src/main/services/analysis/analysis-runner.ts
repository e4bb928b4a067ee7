// One analysis from source to report, shared by the app's services (as jobs) and `clisonix analyze`: read the
// samples without stalling the main event loop, transfer them to the engine worker, keep a recording's report in
// the store. Every failure becomes an ApiError a technician can act on.
import type { AnalysisDocument } from '../../../shared/analysis';
import {
  ApiError,
  type AnalysisParamsRequest,
  type AnalysisPhase,
  type AnalysisSource,
} from '../../../shared/api';
import { REPORT_VERSION } from '../../../engine/brain/analyze';
import { resolveParams, type AnalysisParams, type AnalysisParamsInput } from '../../../engine/brain/params';
import { FormatError } from '../../../engine/formats/format-error';
import { EngineError, type EngineHost } from '../../engine-host/engine-host';
import { StorageError, type RecordingStore, type StoredAnalysis } from '../../storage';
import { cancelledError } from './control';
import { readFileForAnalysis } from './file-input';
import { readRecordingForAnalysis, type SampleReader } from './recording-input';

export interface AnalysisDeps {
  readonly engine: EngineHost;
  readonly store: RecordingStore | null;
  /** Why the store is missing, when it is. */
  readonly storeProblem?: string | null;
  readonly appVersion: string;
}

export interface RunOptions {
  readonly params?: AnalysisParamsRequest;
  readonly onProgress?: (phase: AnalysisPhase, fraction: number) => void;
  readonly signal?: AbortSignal;
  /** Keep a recording's report in the store (default true; files are never stored). */
  readonly save?: boolean;
  /** Where a stored recording's samples are read (default in a reader thread; see recording-input.ts). */
  readonly reader?: SampleReader;
}

export interface AnalysisRunResult {
  readonly document: AnalysisDocument;
  readonly params: AnalysisParams;
  readonly stored: StoredAnalysis | null;
  readonly engineVersion: string;
}

/** The kind under which reports are kept in the analyses table. */
export const REPORT_KIND = 'report';

/** Share of a job's progress bar the reading takes (the engine's part is the rest). */
const READ_SHARE = { recording: 0.25, file: 0.1 } as const;

export function engineVersionOf(appVersion: string): string {
  return `clisonix ${appVersion}, report v${REPORT_VERSION}`;
}

/** The caller's few parameters as the engine's, checked: a bad value is an invalid request, not an engine failure. */
export function analysisParams(request: AnalysisParamsRequest = {}): AnalysisParamsInput {
  const input: AnalysisParamsInput = {
    ...(request.segmentSeconds !== undefined && { welch: { segmentSeconds: request.segmentSeconds } }),
    ...(request.bands && {
      bands: request.bands,
      // Alpha asymmetry needs a band named alpha; with other names, the first band stands in.
      ...(!request.bands.some((b) => b.name === 'alpha') &&
        request.bands[0] && { harmony: { asymmetryBand: request.bands[0].name } }),
    }),
    ...(request.peakProminenceDb !== undefined && {
      harmonicScan: { prominenceDb: request.peakProminenceDb },
    }),
  };
  try {
    resolveParams(input);
  } catch (error) {
    throw new ApiError({
      code: 'invalid_request',
      message: `Invalid analysis parameters: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return input;
}

/** Any failure of a run as an ApiError (unknown errors pass through: they are bugs, reported as such). */
export function toAnalysisError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof EngineError) {
    if (error.kind === 'cancelled') return cancelledError();
    const code = {
      cancelled: 'cancelled',
      unavailable: 'unavailable',
      crashed: 'engine_error',
      failed: 'engine_error',
    } as const;
    return new ApiError({ code: code[error.kind], message: error.message });
  }
  if (error instanceof StorageError) {
    return new ApiError({
      code:
        error.code === 'not_found'
          ? 'not_found'
          : error.code === 'invalid_input'
            ? 'invalid_request'
            : 'storage_error',
      message: error.message,
    });
  }
  if (error instanceof FormatError || error instanceof RangeError) {
    return new ApiError({ code: 'invalid_request', message: `Cannot analyse this: ${error.message}` });
  }
  return error;
}

function requireStore(deps: AnalysisDeps): RecordingStore {
  if (deps.store) return deps.store;
  throw new ApiError({
    code: 'unavailable',
    message: `Recordings are unavailable: ${deps.storeProblem ?? 'the store is not open'}`,
  });
}

function timeRange(source: AnalysisSource) {
  return {
    ...(source.fromS !== undefined && { fromS: source.fromS }),
    ...(source.toS !== undefined && { toS: source.toS }),
  };
}

async function run(
  deps: AnalysisDeps,
  source: AnalysisSource,
  options: RunOptions,
): Promise<AnalysisRunResult> {
  const params = analysisParams(options.params);
  const progress = options.onProgress ?? (() => undefined);
  const signal = options.signal;
  const engineVersion = engineVersionOf(deps.appVersion);
  if ('recordingId' in source) {
    const store = requireStore(deps);
    const share = READ_SHARE.recording;
    progress('reading', 0);
    const input = await readRecordingForAnalysis(store, source.recordingId, timeRange(source), {
      onProgress: (done, total) => progress('reading', (share * done) / total),
      ...(signal && { signal }),
      ...(options.reader && { reader: options.reader }),
    });
    progress('analysing', share);
    const outcome = await deps.engine.request(
      'analysis.channels',
      { channels: input.channels, params, recording: input.recording },
      {
        // Each channel owns its buffer: it moves to the engine worker, nothing is copied.
        transfer: input.channels.map((c) => c.data.buffer as ArrayBuffer),
        onProgress: (done, total) => progress('analysing', share + ((1 - share) * done) / total),
        ...(signal && { signal }),
      },
    );
    let stored: StoredAnalysis | null = null;
    if (options.save ?? true) {
      progress('saving', 1);
      stored = store.analyses.add({
        recordingId: input.detail.id,
        kind: REPORT_KIND,
        fromSample: input.fromSample,
        toSample: input.toSample,
        params: outcome.params,
        result: outcome.document,
        engineVersion,
      });
    }
    return { document: outcome.document, params: outcome.params, stored, engineVersion };
  }
  const share = READ_SHARE.file;
  progress('reading', 0);
  const file = await readFileForAnalysis(source.file, {
    onProgress: (done, total) => progress('reading', (share * done) / total),
    ...(signal && { signal }),
  });
  progress('analysing', share);
  const outcome = await deps.engine.request(
    'analysis.file',
    {
      bytes: file.bytes,
      fileName: file.fileName,
      ...timeRange(source),
      params,
      recording: { file: file.path, label: file.fileName },
    },
    {
      transfer: [file.bytes.buffer as ArrayBuffer],
      onProgress: (done, total) => progress('analysing', share + ((1 - share) * done) / total),
      ...(signal && { signal }),
    },
  );
  return { document: outcome.document, params: outcome.params, stored: null, engineVersion };
}

/** Runs one analysis; rejects with an ApiError (code `cancelled` when the signal stopped it). */
export async function runAnalysis(
  deps: AnalysisDeps,
  source: AnalysisSource,
  options: RunOptions = {},
): Promise<AnalysisRunResult> {
  try {
    return await run(deps, source, options);
  } catch (error) {
    throw toAnalysisError(error);
  }
}
