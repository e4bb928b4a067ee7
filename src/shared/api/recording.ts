// Recording from the current source into the store: start, stop. Its state is `recording.state` (./session.ts),
// the method and event the status bar already reads.
import type { Method, NoParams } from './contract';
import type { RecordingState } from './session';

export interface StartRecordingRequest {
  readonly label: string;
  readonly subjectCode?: string;
  readonly technician?: string;
  readonly notes?: string;
}

export interface RecordingMethods {
  /** Starts recording the streaming source; resolves once the writer holds the database. */
  'recording.start': Method<StartRecordingRequest, RecordingState>;
  /** Saves everything received and closes the recording as complete; resolves when it is closed. */
  'recording.stop': Method<NoParams, RecordingState>;
}
