import type { RecordingStatus, RecordingSummary } from '../recordings';
import type { Method } from './contract';

export interface ListRecordingsRequest {
  /** Case-insensitive match on label, subject code, technician and notes. */
  readonly text?: string;
  readonly status?: RecordingStatus;
  /** Only recordings in the trash (true) or only outside it (false, the default). */
  readonly trashed?: boolean;
}

export interface RecordingsMethods {
  'recordings.list': Method<ListRecordingsRequest, readonly RecordingSummary[]>;
}

export interface RecordingsEvents {
  /** Something in the list changed (a recording started, ended, was renamed, trashed...): read it again. */
  'recordings.changed': { readonly at: number };
}
