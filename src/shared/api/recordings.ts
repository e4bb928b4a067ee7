import type { RecordingStatus, RecordingSummary } from '../recordings';
import type { Method, NoParams } from './contract';

export interface ListRecordingsRequest {
  /** Case-insensitive match on label, subject code, technician and notes. */
  readonly text?: string;
  readonly status?: RecordingStatus;
  /** Only recordings in the trash (true) or only outside it (false, the default). */
  readonly trashed?: boolean;
}

export interface RecordingChannelInfo {
  readonly label: string;
  readonly unit: string;
  readonly sampleRateHz: number;
  readonly gain: number | null;
  readonly reference: string | null;
}

export interface RecordingMarkerInfo {
  readonly id: number;
  /** On the recording's clock (its fastest rate). */
  readonly atSample: number;
  readonly durationSamples: number;
  readonly label: string;
  readonly source: 'user' | 'device' | 'import' | 'analysis';
}

export interface RecordingGapInfo {
  /** First sample after the missing ones, on the recording's clock. */
  readonly atSample: number;
  readonly missingSamples: number;
  readonly reason: string;
}

export interface RecordingSegmentInfo {
  readonly seq: number;
  readonly firstSample: number;
  readonly sampleCount: number;
  /** Epoch ms when this connection started. */
  readonly startedAt: number;
}

/** Everything the details panel shows of one recording. */
export interface RecordingInfo extends RecordingSummary {
  readonly notes: string;
  readonly sourceKind: string | null;
  readonly firmware: string | null;
  readonly montage: string | null;
  readonly channels: readonly RecordingChannelInfo[];
  readonly segments: readonly RecordingSegmentInfo[];
  /** Length of the clock in samples of `sampleRateHz`. */
  readonly sampleCount: number;
  readonly markerCount: number;
  /** The first MAX_LISTED_MARKERS markers in time order (markerCount says how many there are). */
  readonly markers: readonly RecordingMarkerInfo[];
  readonly gapCount: number;
  readonly gaps: readonly RecordingGapInfo[];
}

export const MAX_LISTED_MARKERS = 5000;

export interface UpdateRecordingRequest {
  readonly id: string;
  readonly label?: string;
  readonly subjectCode?: string | null;
  readonly technician?: string | null;
  readonly notes?: string;
}

export interface OverviewRequest {
  readonly id: string;
  /** Pixel columns of the plot (each gets the min and max of its stretch of every channel). */
  readonly columns: number;
}

/**
 * The whole recording at a glance: per channel and column the min and max in the channel's unit, computed in the
 * services so the UI never loads the samples. Columns without any sample (a gap) hold NaN.
 */
export interface RecordingOverview {
  readonly id: string;
  readonly columns: number;
  readonly durationS: number;
  /** Seconds of the recording's clock per column. */
  readonly secondsPerColumn: number;
  readonly channels: readonly { readonly label: string; readonly unit: string }[];
  /**
   * Base64 of little-endian float32 values, channel-major: channel c, column k -> min at (c * columns + k) * 2,
   * max at that + 1. Bulk numbers travel as bytes, not as JSON arrays.
   */
  readonly envelope: string;
}

export type ExportFormat = 'edf' | 'bdf' | 'csv';

export interface ImportRequest {
  /** A file on the machine that runs the services (an upload lands in the data folder's uploads/). */
  readonly path: string;
  /** Default: the file's name without its extension. */
  readonly label?: string;
  /** Samples per second of a CSV without a time column. */
  readonly sampleRateHz?: number;
}

export interface ExportRequest {
  readonly id: string;
  readonly format: ExportFormat;
  /** Where to write; default: the data folder's exports/, offered for download in browser mode. */
  readonly path?: string;
  /** EDF+/BDF+: X for every patient field, the admin code and the technician. */
  readonly deidentify?: boolean;
}

/** An import or export running in the background, with its progress. */
export interface TransferJob {
  readonly id: string;
  readonly kind: 'import' | 'export';
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  /** The file's name (import) or the recording's label (export). */
  readonly title: string;
  /** What it is doing now ("Checking the file", "Saving samples", "Writing EDF+"). */
  readonly stage: string;
  /** 0..1 */
  readonly progress: number;
  /** Why it failed, in a sentence a technician can act on. */
  readonly message: string | null;
  /** The imported recording, or the exported one. */
  readonly recordingId: string | null;
  /** An export's file: its name, size and where it is (the data folder's exports/ unless a path was given). */
  readonly output: {
    readonly path: string;
    readonly fileName: string;
    readonly bytes: number;
    /** True when it lies in the exports folder, which browser mode serves for download. */
    readonly downloadable: boolean;
  } | null;
  readonly warnings: readonly string[];
  readonly startedAt: number;
  readonly endedAt: number | null;
}

export interface RecordingsMethods {
  'recordings.list': Method<ListRecordingsRequest, readonly RecordingSummary[]>;
  'recordings.get': Method<{ readonly id: string }, RecordingInfo>;
  'recordings.update': Method<UpdateRecordingRequest, RecordingInfo>;
  /** Moves a finished recording to the trash; nothing is deleted until the trash is emptied. */
  'recordings.trash': Method<{ readonly id: string }, RecordingInfo>;
  'recordings.restore': Method<{ readonly id: string }, RecordingInfo>;
  /** Deletes for good every recording in the trash (or the given ones). */
  'recordings.emptyTrash': Method<{ readonly ids?: readonly string[] }, { readonly deleted: number }>;
  'recordings.overview': Method<OverviewRequest, RecordingOverview>;
  'recordings.import': Method<ImportRequest, TransferJob>;
  'recordings.export': Method<ExportRequest, TransferJob>;
  /** Jobs of this run of the services, newest first. */
  'recordings.jobs': Method<NoParams, readonly TransferJob[]>;
  'recordings.cancelJob': Method<{ readonly jobId: string }, TransferJob>;
}

export interface RecordingsEvents {
  /** Something in the list changed (a recording started, ended, was renamed, trashed...): read it again. */
  'recordings.changed': { readonly at: number };
  /** A transfer job progressed (at most ~10 times a second) or ended. */
  'recordings.job': TransferJob;
}
