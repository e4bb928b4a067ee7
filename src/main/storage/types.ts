// The typed shapes the store takes and gives. Positions are sample indices on the recording's clock: segment
// after segment, gaps included, so `sampleIndex / sampleRateHz` is the time since the start of the recording
// minus the time the device was away between segments (each segment keeps its own wall-clock start).
import type { BoardKind, SourceKind } from '../../shared/api/acquisition';
import type { RecordingStatus, RecordingSummary } from '../../shared/recordings';
import type { SampleGap } from '../../shared/samples';
import type { RecordingId } from '../../shared/units';

export interface ChannelMeta {
  readonly label: string;
  /** Amplifier gain the samples were taken with (OpenBCI's 24x...), null when not known. */
  readonly gain?: number | null;
  /** Reference electrode of this channel's montage ('SRB2', 'A1'...), null when not known. */
  readonly reference?: string | null;
  /** Unit of the stored values; samples are always microvolts, this is kept for the record. */
  readonly unit?: string;
}

export interface NewRecording {
  readonly label: string;
  readonly subjectCode?: string | null;
  readonly technician?: string | null;
  readonly sourceKind?: SourceKind | 'import' | null;
  readonly board?: BoardKind | null;
  readonly firmware?: string | null;
  /** Name of the montage ('10-20 8 ch'...), the per-channel references are in `channels`. */
  readonly montage?: string | null;
  readonly channels: readonly ChannelMeta[];
  readonly sampleRateHz: number;
  /** Epoch ms; now when omitted. */
  readonly startedAt?: number;
  readonly notes?: string;
}

export interface StoredChannel {
  /** Position in the recording (the file's order for an import), 0-based across all streams. */
  readonly index: number;
  /** Which stream (rate) holds its samples: 0 is the recording's own, the fastest. */
  readonly stream: number;
  readonly sampleRateHz: number;
  readonly label: string;
  readonly unit: string;
  readonly gain: number | null;
  readonly reference: string | null;
}

export interface StoredSegment {
  readonly id: number;
  readonly seq: number;
  /** First sample of the segment on the recording's clock. */
  readonly firstSample: number;
  /** The source's own sample index that `firstSample` stands for. */
  readonly sourceFirstSample: number;
  readonly sampleCount: number;
  /** Epoch ms when the segment (connection) started. */
  readonly startedAt: number;
}

/**
 * Signals sharing one rate, stored together in chunks. Stream 0 is the recording's own (its rate is the clock);
 * only an imported file that mixes rates has more.
 */
export interface StoredStream {
  readonly index: number;
  readonly sampleRateHz: number;
  /** Channel indices (`StoredChannel.index`) of this stream, in order: row k of a block is channels[k]. */
  readonly channels: readonly number[];
  readonly chunkSamples: number;
  /** Length of this stream's own clock in samples of its rate. */
  readonly sampleCount: number;
}

export interface RecordingDetail extends RecordingSummary {
  readonly sourceKind: string | null;
  readonly firmware: string | null;
  readonly montage: string | null;
  readonly notes: string;
  readonly channels: readonly StoredChannel[];
  readonly segments: readonly StoredSegment[];
  /** Stream 0 first; one entry unless an imported file mixed rates. */
  readonly streams: readonly StoredStream[];
  /** Length of the clock in samples (`durationS * sampleRateHz`). */
  readonly sampleCount: number;
  /** Samples per stored chunk (about one second). */
  readonly chunkSamples: number;
  readonly markerCount: number;
  readonly gapCount: number;
  readonly cloudId: string | null;
  readonly syncedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type MarkerSource = 'user' | 'device' | 'import' | 'analysis';

/** Why samples are missing: what the source reported, or `file-gap` for an imported file without data there. */
export type GapReason = SampleGap['reason'];

export interface NewMarker {
  /** On the recording's clock (store API) or the source's clock of the current segment (writer API). */
  readonly atSample: number;
  readonly label: string;
  readonly source: MarkerSource;
  /** Samples the marked event lasts (an EDF+ annotation's duration); 0 or absent for a point in time. */
  readonly durationSamples?: number;
}

export interface StoredMarker {
  readonly id: number;
  readonly atSample: number;
  readonly durationSamples: number;
  readonly label: string;
  readonly source: MarkerSource;
  readonly createdAt: number;
}

export interface StoredGap {
  readonly id: number;
  readonly segmentSeq: number;
  /** First sample after the missing ones, on the recording's clock. */
  readonly atSample: number;
  readonly missingSamples: number;
  readonly reason: GapReason;
}

export interface SampleRange {
  readonly fromSample: number;
  /** Exclusive. */
  readonly toSample: number;
}

export interface ListQuery {
  /** Matches label, subject code, technician and notes (case-insensitive substring). */
  readonly text?: string;
  readonly status?: RecordingStatus;
  /** Only recordings in the trash (true) or only outside it (false, the default). */
  readonly trashed?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

export interface RecoveredRecording {
  readonly id: RecordingId;
  readonly label: string;
  /** Samples on the clock that were committed and are kept. */
  readonly sampleCount: number;
  readonly durationS: number;
  /** Epoch ms of the last committed sample. */
  readonly endedAt: number;
}

export interface RecoveryReport {
  /** Recordings left open by a writer that no longer runs, now closed as `interrupted`. */
  readonly recovered: readonly RecoveredRecording[];
  /** Recordings that still have a live writer (this or another process) and were left alone. */
  readonly stillRecording: readonly RecordingId[];
  /** Recordings that could not be closed now (disk full...), with why; the next open tries again. */
  readonly failed: readonly { readonly id: RecordingId; readonly message: string }[];
}
