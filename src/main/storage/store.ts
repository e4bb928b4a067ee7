// RecordingStore: the one door to the recordings database for the services and the CLI. Opening it migrates
// the schema and closes recordings a crash left open (recover); recording goes through RecordingWriters whose
// SQLite work runs in a worker thread; everything else here is short synchronous SQLite work.
import type { Database } from 'better-sqlite3';
import type { RecordingSummary } from '../../shared/recordings';
import type { SampleBlock } from '../../shared/samples';
import type { RecordingId } from '../../shared/units';
import { openDatabase, type OpenDatabaseOptions } from './database';
import { StorageError, toStorageError } from './errors';
import { liveWriters } from './live-writers';
import type { MigrationStep } from './migrate';
import { RecordingWriter, type RecordingWriterOptions } from './recording-writer';
import { recoverInterrupted } from './recover';
import { AnalysesRepository } from './repositories/analyses';
import { AnnotationsRepository } from './repositories/annotations';
import { AudioClipsRepository } from './repositories/audio-clips';
import { RecordingsRepository } from './repositories/recordings';
import { layoutOf, SamplesRepository, type CorruptChunk, type SampleLayout } from './repositories/samples';
import { SyncOutboxRepository } from './repositories/sync-outbox';
import type {
  ListQuery,
  NewMarker,
  NewRecording,
  RecordingDetail,
  RecoveryReport,
  SampleRange,
  StoredGap,
  StoredMarker,
} from './types';

export interface StoreOptions extends Omit<OpenDatabaseOptions, 'migrate'> {
  readonly now?: () => number;
  /** A writer on another machine whose heartbeat is older than this counts as dead (default 60 s). */
  readonly staleWriterMs?: number;
}

export interface IntegrityReport {
  readonly ok: boolean;
  /** SQLite's quick_check lines ("ok" when all is well). */
  readonly messages: readonly string[];
}

export class RecordingStore {
  readonly analyses: AnalysesRepository;
  readonly audioClips: AudioClipsRepository;
  readonly outbox: SyncOutboxRepository;
  /** What recover() did when the store was opened. */
  readonly recovery: RecoveryReport;
  private readonly recordings: RecordingsRepository;
  private readonly samples: SamplesRepository;
  private readonly annotations: AnnotationsRepository;
  private readonly now: () => number;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly db: Database,
    readonly migrated: readonly MigrationStep[],
    private readonly options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.recordings = new RecordingsRepository(db);
    this.samples = new SamplesRepository(db);
    this.annotations = new AnnotationsRepository(db);
    this.analyses = new AnalysesRepository(db, this.now);
    this.audioClips = new AudioClipsRepository(db, this.now);
    this.outbox = new SyncOutboxRepository(db, this.now);
    this.recovery = this.recover();
  }

  /**
   * Opens (creating if needed) the store at `file`: refuses a newer schema or a foreign file, migrates an older
   * one, then closes recordings left open by a crash (see `recovery`). Throws StorageError.
   */
  static open(file: string, options: StoreOptions = {}): RecordingStore {
    const { db, migrated } = openDatabase(file, { ...options, migrate: true });
    try {
      return new RecordingStore(file, db, migrated, options);
    } catch (error) {
      db.close();
      throw toStorageError(error, 'opening it', file);
    }
  }

  /** Closes recordings whose writer no longer runs as `interrupted`, ended at their last committed sample. */
  recover(): RecoveryReport {
    return this.guard('recovering interrupted recordings', () =>
      recoverInterrupted(this.db, {
        file: this.file,
        now: this.now,
        staleAfterMs: this.options.staleWriterMs ?? 60_000,
      }),
    );
  }

  /** A new recording in status `recording`, reserved for a writer of this process. */
  createRecording(meta: NewRecording): RecordingDetail {
    return this.guard('creating a recording', () => {
      const id = this.recordings.create(meta, this.now());
      liveWriters.claim(id);
      return this.recordings.get(id);
    });
  }

  /** Starts the writer of a recording in progress (created by createRecording); resolves once it is ready. */
  async writer(recordingId: RecordingId, options: RecordingWriterOptions = {}): Promise<RecordingWriter> {
    const recording = this.get(recordingId);
    if (recording.status !== 'recording') {
      throw new StorageError({
        code: 'conflict',
        message: `Recording '${recording.label}' is ${recording.status}; it cannot take more samples.`,
      });
    }
    liveWriters.claim(recordingId);
    try {
      return await RecordingWriter.start(
        {
          file: this.file,
          recordingId,
          channelCount: recording.streams[0]!.channels.length,
          sampleRateHz: recording.sampleRateHz,
        },
        options,
        () => liveWriters.release(recordingId),
      );
    } catch (error) {
      liveWriters.release(recordingId);
      throw toStorageError(error, `starting to record ${recordingId}`, this.file);
    }
  }

  /** createRecording + writer in one step: what the acquisition service calls on "Record". */
  async startRecording(meta: NewRecording, options: RecordingWriterOptions = {}): Promise<RecordingWriter> {
    const recording = this.createRecording(meta);
    try {
      return await this.writer(recording.id, options);
    } catch (error) {
      this.abandon(recording.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  list(query: ListQuery = {}): RecordingSummary[] {
    return this.guard('listing recordings', () => this.recordings.list(query));
  }

  /** Throws `not_found`. */
  get(id: RecordingId | string): RecordingDetail {
    return this.guard('reading a recording', () => this.recordings.get(id));
  }

  find(id: RecordingId | string): RecordingDetail | null {
    return this.guard('reading a recording', () => this.recordings.find(id));
  }

  /** The full id of the recording whose id is or starts with `idOrPrefix` (for `clisonix export 3f2a`). */
  resolveId(idOrPrefix: string): RecordingId {
    return this.guard('finding a recording', () => this.recordings.resolveId(idOrPrefix));
  }

  rename(id: RecordingId, label: string): RecordingDetail {
    return this.update(id, { label });
  }

  setNotes(id: RecordingId, notes: string): RecordingDetail {
    return this.update(id, { notes });
  }

  update(
    id: RecordingId,
    patch: {
      readonly label?: string;
      readonly notes?: string;
      readonly subjectCode?: string | null;
      readonly technician?: string | null;
    },
  ): RecordingDetail {
    return this.guard('editing a recording', () => {
      this.recordings.update(id, patch, this.now());
      return this.recordings.get(id);
    });
  }

  /** Moves a finished recording to the trash (nothing is deleted until emptyTrash). */
  trash(id: RecordingId): RecordingDetail {
    return this.guard('moving a recording to the trash', () => {
      this.recordings.trash(id, this.now());
      return this.recordings.get(id);
    });
  }

  restore(id: RecordingId): RecordingDetail {
    return this.guard('restoring a recording from the trash', () => {
      this.recordings.restore(id, this.now());
      return this.recordings.get(id);
    });
  }

  /** Deletes for good the recordings in the trash (all, or the given ones, which must be in the trash). */
  emptyTrash(ids?: readonly RecordingId[]): { readonly deleted: readonly RecordingId[] } {
    return this.guard('emptying the trash', () => ({ deleted: this.recordings.emptyTrash(ids) }));
  }

  /**
   * Samples of `range` on the recording's clock as planar float32 blocks, split at gaps and segment starts.
   * `stream` 0 (the default) holds the recording's own channels at its rate; a mixed-rate import keeps its other
   * rates in streams 1, 2 ... (`get(id).streams`), read here with that stream's own sample indices.
   * Throws `corrupt` naming the chunk if stored bytes fail their CRC.
   */
  readBlocks(id: RecordingId, range: SampleRange, stream = 0): SampleBlock[] {
    return this.guard('reading samples', () => this.samples.read(this.layout(id, stream), range));
  }

  /** All samples of `range` (default: the whole stream), at most `maxBlockSamples` per block, read lazily. */
  *iterateBlocks(
    id: RecordingId,
    {
      range,
      maxBlockSamples,
      stream = 0,
    }: { range?: SampleRange; maxBlockSamples?: number; stream?: number } = {},
  ): Generator<SampleBlock> {
    const layout = this.layout(id, stream);
    const from = range?.fromSample ?? 0;
    const to = range?.toSample ?? layout.sampleCount;
    const step = Math.max(1, Math.floor(maxBlockSamples ?? layout.chunkSamples * 10));
    for (let at = from; at < to; at += step) {
      yield* this.readBlocks(id, { fromSample: at, toSample: Math.min(to, at + step) }, stream);
    }
  }

  /** Checks every chunk's CRC-32 (every stream); returns the damaged ones (empty when all are intact). */
  verifyRecording(id: RecordingId): CorruptChunk[] {
    return this.guard('checking a recording', () =>
      this.recordings.get(id).streams.flatMap((s) => this.samples.verify(this.layout(id, s.index))),
    );
  }

  markers(id: RecordingId, range?: SampleRange): StoredMarker[] {
    return this.guard('reading markers', () => this.annotations.markers(id, range));
  }

  /** A marker on the recording's clock. */
  addMarker(id: RecordingId, marker: NewMarker): StoredMarker {
    return this.guard('adding a marker', () => {
      this.recordings.get(id);
      return this.annotations.addMarker(id, marker, this.now());
    });
  }

  removeMarker(id: RecordingId, markerId: number): boolean {
    return this.guard('removing a marker', () => this.annotations.removeMarker(id, markerId));
  }

  gaps(id: RecordingId, range?: SampleRange): StoredGap[] {
    return this.guard('reading gaps', () => this.annotations.gaps(id, range));
  }

  /** SQLite's PRAGMA quick_check over the whole file. */
  checkIntegrity(): IntegrityReport {
    return this.guard('checking the database', () => {
      const messages = (this.db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
      return { ok: messages.length === 1 && messages[0] === 'ok', messages };
    });
  }

  /** Closes the connection. Writers have their own and must be finished first. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private layout(id: RecordingId, stream: number): SampleLayout {
    return layoutOf(this.recordings.get(id), stream);
  }

  /** A created recording whose writer never started is closed as interrupted at once, with the reason. */
  private abandon(id: RecordingId, reason: string): void {
    liveWriters.release(id);
    try {
      const now = this.now();
      this.db
        .prepare(
          `UPDATE recordings SET status = 'interrupted', ended_at = ?, stop_reason = ?, writer_pid = NULL,
             writer_host = NULL, updated_at = ? WHERE id = ? AND status = 'recording'`,
        )
        .run(now, reason, now, id);
    } catch {
      // Left open: the next start's recovery closes it.
    }
  }

  private guard<T>(action: string, fn: () => T): T {
    if (this.closed) {
      throw new StorageError({
        code: 'conflict',
        message: `The recordings database ${this.file} is closed.`,
      });
    }
    try {
      return fn();
    } catch (error) {
      throw toStorageError(error, action, this.file);
    }
  }
}
