// The recording store's public surface for the services and the CLI.
export { RecordingStore, type IntegrityReport, type StoreOptions } from './store';
export {
  RecordingWriter,
  type RecordingWriterOptions,
  type WriterEvents,
  type WriterResult,
  type WriterState,
  type WriterStats,
} from './recording-writer';
export { StorageError, type StorageErrorBody, type StorageErrorCode } from './errors';
export { SCHEMA_VERSION } from './migrations';
export type { AnalysesRepository, NewAnalysis, StoredAnalysis } from './repositories/analyses';
export type {
  AudioClipInfo,
  AudioClipKind,
  AudioClipsRepository,
  NewAudioClip,
} from './repositories/audio-clips';
export type { CorruptChunk } from './repositories/samples';
export type { OutboxItem, OutboxState, SyncOutboxRepository } from './repositories/sync-outbox';
export type * from './types';
export {
  recordingSummaryJson,
  type RecordingStatus,
  type RecordingSummary,
  type RecordingSummaryJson,
  type RecordingSyncState,
} from '../../shared/recordings';
export { asRecordingId, type RecordingId } from '../../shared/units';
