// What the app and the `clisonix` command show of a stored recording (the recording store fills these in).
import type { BoardKind } from './api/acquisition';
import type { RecordingId } from './units';

/** `recording` while a writer owns it; `interrupted` when it ended without a clean stop (crash, disk full...). */
export type RecordingStatus = 'recording' | 'complete' | 'interrupted';

export type RecordingSyncState = 'local' | 'queued' | 'uploading' | 'synced' | 'needs_attention';

export interface RecordingSummary {
  readonly id: RecordingId;
  readonly label: string;
  readonly board: BoardKind | null;
  /** Every signal of the recording, whatever its rate. */
  readonly channelCount: number;
  /** The rate of the recording's clock: its fastest signals (durations, markers and gaps count in it). */
  readonly sampleRateHz: number;
  /** Each distinct rate, fastest first; more than one when an imported file mixes rates (each kept as is). */
  readonly sampleRatesHz: readonly number[];
  /** Length of the recording's sample clock (segments end to end, gaps included) in seconds. */
  readonly durationS: number;
  readonly status: RecordingStatus;
  readonly syncState: RecordingSyncState;
  readonly subjectCode: string | null;
  readonly technician: string | null;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** Why it stopped, when it did not stop cleanly ("The disk is full ..."); null otherwise. */
  readonly stopReason: string | null;
  /** Epoch ms when it was moved to the trash, null when it is not in the trash. */
  readonly trashedAt: number | null;
}

/** The snake_case shape of `clisonix list --json` (docs/design/CLI.md); fields may be added, not renamed. */
export interface RecordingSummaryJson {
  readonly id: string;
  readonly label: string;
  readonly board: BoardKind | null;
  readonly channels: number;
  readonly sample_rate: number;
  /** Every distinct rate, fastest first (one entry unless the recording mixes rates). */
  readonly sample_rates: readonly number[];
  readonly duration_s: number;
  readonly status: RecordingStatus;
  readonly sync_state: RecordingSyncState;
  readonly subject_code: string | null;
  readonly technician: string | null;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly stop_reason: string | null;
}

export function recordingSummaryJson(s: RecordingSummary): RecordingSummaryJson {
  return {
    id: s.id,
    label: s.label,
    board: s.board,
    channels: s.channelCount,
    sample_rate: s.sampleRateHz,
    sample_rates: s.sampleRatesHz,
    duration_s: s.durationS,
    status: s.status,
    sync_state: s.syncState,
    subject_code: s.subjectCode,
    technician: s.technician,
    started_at: new Date(s.startedAt).toISOString(),
    ended_at: s.endedAt === null ? null : new Date(s.endedAt).toISOString(),
    stop_reason: s.stopReason,
  };
}

/** "8 ch @ 250 Hz", or "8 ch @ 512/256 Hz" for a recording whose signals keep different rates. */
export function describeChannels(s: Pick<RecordingSummary, 'channelCount' | 'sampleRatesHz'>): string {
  const rates = s.sampleRatesHz.map((r) => `${Number(r.toFixed(3))}`).join('/');
  return `${s.channelCount} ch @ ${rates} Hz`;
}
