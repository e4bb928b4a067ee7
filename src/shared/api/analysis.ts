// The analysis domain: brain-engine reports of a stored recording (or a time range of it) or of a file, run as
// jobs in the engine worker with progress and cancel; reports of recordings are kept in the recording store.
import type { AnalysisDocument, ChannelQualityLabel } from '../analysis';
import type { ApiErrorBody, Method, NoParams } from './contract';

/** Seconds from the first sample; either end may be left out (the start, the end). */
export interface AnalysisTimeRange {
  readonly fromS?: number;
  readonly toS?: number;
}

export type AnalysisSource =
  | ({ readonly recordingId: string } & AnalysisTimeRange)
  /** A file on this machine (EDF/EDF+/BDF/BDF+, OpenBCI GUI text, CSV), analysed without importing it. */
  | ({ readonly file: string } & AnalysisTimeRange);

/** The parameters a caller may change; everything else keeps the defaults of docs/design/ENGINE.md. */
export interface AnalysisParamsRequest {
  /** Welch segment length (default 2 s). */
  readonly segmentSeconds?: number;
  /** Frequency bands (default delta, theta, alpha, beta, gamma): bins with lowHz <= f < highHz. */
  readonly bands?: readonly { readonly name: string; readonly lowHz: number; readonly highHz: number }[];
  /** A peak stands at least this far above the 1/f background (default 3 dB). */
  readonly peakProminenceDb?: number;
}

export interface RunAnalysisRequest {
  readonly source: AnalysisSource;
  readonly params?: AnalysisParamsRequest;
}

export type AnalysisJobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** `reading`: samples come from the store or the file; `analysing`: the engine works; `saving`: the report is stored. */
export type AnalysisPhase = 'waiting' | 'reading' | 'analysing' | 'saving' | 'finished';

export interface AnalysisJobStatus {
  readonly jobId: string;
  /** What is analysed, in words ("Resting state, 0-60 s"). */
  readonly title: string;
  readonly source: AnalysisSource;
  readonly state: AnalysisJobState;
  readonly phase: AnalysisPhase;
  /** 0..1 over the whole job (reading is the first part, analysing the rest). */
  readonly fraction: number;
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** Set when done: the stored analysis (recordings) or null (files are not stored; fetch with analysis.result). */
  readonly analysisId: number | null;
  /** Set when failed (or cancelled): what went wrong, in words a technician can act on. */
  readonly error: ApiErrorBody | null;
}

/** A finished analysis as the Analysis page shows it. */
export interface AnalysisView {
  /** Id in the recording store, or null for a file's analysis (kept for this session only). */
  readonly id: number | null;
  readonly jobId: string | null;
  readonly recordingId: string | null;
  readonly createdAt: number;
  /** App version and report version that computed it. */
  readonly engineVersion: string;
  readonly document: AnalysisDocument;
}

/** One stored analysis in a recording's list. */
export interface AnalysisSummary {
  readonly id: number;
  readonly recordingId: string;
  readonly createdAt: number;
  readonly fromS: number | null;
  readonly toS: number | null;
  readonly channelCount: number;
  readonly harmonyIndex: number | null;
  readonly qualityCounts: Readonly<Record<ChannelQualityLabel, number>>;
  readonly engineVersion: string;
}

/** A recording that ships with the app, analysable as a file. */
export interface AnalysisSample {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly file: string;
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly durationS: number;
}

export interface AnalysisMethods {
  /** Queues an analysis; progress and the end arrive as `analysis.job` events. */
  'analysis.run': Method<RunAnalysisRequest, AnalysisJobStatus>;
  /** Stops a queued or running job; it ends as `cancelled` (false when it had already ended). */
  'analysis.cancel': Method<{ readonly jobId: string }, { readonly cancelled: boolean }>;
  /** Jobs of this session, oldest first (the last few finished ones and any running or queued). */
  'analysis.jobs': Method<NoParams, readonly AnalysisJobStatus[]>;
  /** The report of a finished job of this session (files included). */
  'analysis.result': Method<{ readonly jobId: string }, AnalysisView>;
  /** A stored analysis. */
  'analysis.get': Method<{ readonly id: number }, AnalysisView>;
  /** The stored analyses of a recording, newest first. */
  'analysis.list': Method<{ readonly recordingId: string }, readonly AnalysisSummary[]>;
  /** Recordings that ship with the app (the OpenBCI sample recording). */
  'analysis.samples': Method<NoParams, readonly AnalysisSample[]>;
}

export interface AnalysisEvents {
  /** A job was queued, made progress (at most ~10 times a second) or ended. */
  'analysis.job': AnalysisJobStatus;
}
