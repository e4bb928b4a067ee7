// Resumable, idempotent uploads of large files: a session declares size and SHA-256, parts arrive at explicit
// offsets (a retried part is recognised, a gap is refused with the offset expected), and completion verifies the
// SHA-256 and the format before the recording exists.
import { randomUUID } from 'node:crypto';
import type { RecordingKind, UploadSession, UploadSessionCreateRequest } from '../../shared/cloud';
import { sha256Hex } from '../auth/secrets';
import { isUniqueViolation, type CloudDb } from '../db/connect';
import type { UploadsTable } from '../db/schema';
import { conflict, invalidRequest, notFound } from '../http/errors';
import { deleteFileChunks, readFileChunks, writeFileChunks } from './files';
import { insertRecording, toRecordingInfo, type RecordingService } from './recordings';

export interface UploadLimits {
  readonly uploadBytes: number;
  readonly partBytes: number;
  readonly ttlMs: number;
}

type UploadRow = UploadsTable;

export class UploadService {
  constructor(
    private readonly db: CloudDb,
    private readonly recordings: RecordingService,
    private readonly limits: UploadLimits,
    private readonly now: () => number,
  ) {}

  async create(
    userId: string,
    request: UploadSessionCreateRequest,
    idempotencyKey: string | null,
  ): Promise<{ session: UploadSession; created: boolean }> {
    if (request.size_bytes > this.limits.uploadBytes) {
      throw invalidRequest(
        `size_bytes ${request.size_bytes} is above the limit of ${this.limits.uploadBytes}`,
        413,
      );
    }
    await this.sweepExpired();
    if (idempotencyKey !== null) {
      const replay = await this.findByKey(userId, idempotencyKey);
      if (replay) {
        if (
          replay.sha256 !== request.sha256 ||
          replay.size_bytes !== request.size_bytes ||
          replay.kind !== request.kind
        ) {
          throw conflict('This Idempotency-Key was already used for a different upload');
        }
        return { session: await this.toSession(replay), created: false };
      }
    }
    const now = this.now();
    // Content the user already stored needs no upload at all: the session is born complete.
    const existing = await this.recordings.findDuplicate(userId, request.kind, request.sha256, null);
    const row: UploadRow = {
      id: randomUUID(),
      user_id: userId,
      kind: request.kind,
      file_name: request.file_name,
      label: request.label ?? request.file_name,
      size_bytes: request.size_bytes,
      sha256: request.sha256,
      received_bytes: existing ? request.size_bytes : 0,
      status: existing ? 'complete' : 'open',
      idempotency_key: idempotencyKey,
      recording_id: existing?.id ?? null,
      created_at: now,
      updated_at: now,
      expires_at: now + this.limits.ttlMs,
    };
    try {
      await this.db.insertInto('uploads').values(row).execute();
    } catch (error) {
      if (!isUniqueViolation(error) || idempotencyKey === null) throw error;
      const winner = await this.findByKey(userId, idempotencyKey);
      if (!winner) throw error;
      return { session: await this.toSession(winner), created: false };
    }
    return { session: await this.toSession(row), created: true };
  }

  async get(userId: string, uploadId: string): Promise<UploadSession> {
    return this.toSession(await this.load(userId, uploadId));
  }

  /** Stores one part at `offset`. A part already stored is acknowledged again; a gap or overlap is a 409. */
  async putPart(userId: string, uploadId: string, offset: number, bytes: Uint8Array): Promise<UploadSession> {
    const upload = await this.load(userId, uploadId);
    if (upload.status !== 'open') throw conflict('This upload is complete; nothing more can be added');
    if (bytes.length === 0) throw invalidRequest('the part is empty');
    if (bytes.length > this.limits.partBytes) {
      throw invalidRequest(`a part may hold at most ${this.limits.partBytes} bytes`, 413);
    }
    if (offset + bytes.length > upload.size_bytes) {
      throw invalidRequest(
        `the part ends at byte ${offset + bytes.length}, past the declared size of ${upload.size_bytes}`,
      );
    }
    if (offset + bytes.length <= upload.received_bytes) return this.toSession(upload); // a retried part
    if (offset !== upload.received_bytes) {
      throw conflict(`this upload continues at byte ${upload.received_bytes}, not ${offset}`, {
        expected_offset: upload.received_bytes,
      });
    }
    const now = this.now();
    const stored = await this.db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('uploads')
        .set({ received_bytes: offset + bytes.length, updated_at: now, expires_at: now + this.limits.ttlMs })
        .where('id', '=', upload.id)
        .where('received_bytes', '=', offset)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (moved.numUpdatedRows === 0n) return false;
      await writeFileChunks(trx, upload.id, bytes, offset);
      return true;
    });
    const current = await this.load(userId, uploadId);
    if (!stored && !(offset + bytes.length <= current.received_bytes)) {
      throw conflict(`this upload continues at byte ${current.received_bytes}, not ${offset}`, {
        expected_offset: current.received_bytes,
      });
    }
    return this.toSession(current);
  }

  /** Verifies the whole content (size, SHA-256, format) and makes the recording. Completing twice is harmless. */
  async complete(userId: string, uploadId: string): Promise<{ session: UploadSession; created: boolean }> {
    const upload = await this.load(userId, uploadId);
    if (upload.status === 'complete') return { session: await this.toSession(upload), created: false };
    if (upload.received_bytes !== upload.size_bytes) {
      throw conflict(`the upload holds ${upload.received_bytes} of ${upload.size_bytes} bytes`, {
        expected_offset: upload.received_bytes,
      });
    }
    const bytes = await readFileChunks(this.db, upload.id, upload.size_bytes);
    const actual = sha256Hex(bytes);
    if (actual !== upload.sha256) {
      // Start over: the parts are dropped, the session stays open at offset 0.
      await this.db.transaction().execute(async (trx) => {
        await deleteFileChunks(trx, upload.id);
        await trx
          .updateTable('uploads')
          .set({ received_bytes: 0, updated_at: this.now() })
          .where('id', '=', upload.id)
          .execute();
      });
      throw invalidRequest(
        `the content's SHA-256 is ${actual}, not the declared ${upload.sha256}; send it again`,
      );
    }
    let inspected;
    try {
      inspected = await this.recordings.inspect(upload.kind as RecordingKind, bytes);
    } catch (error) {
      await this.abort(userId, uploadId);
      throw error;
    }
    const now = this.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        const row = await insertRecording(trx, {
          userId,
          kind: upload.kind as RecordingKind,
          fileName: upload.file_name,
          label: upload.label,
          sha256: upload.sha256,
          sizeBytes: upload.size_bytes,
          inspected,
          fileId: upload.id,
          idempotencyKey: null,
          now,
        });
        await trx
          .updateTable('uploads')
          .set({ status: 'complete', recording_id: row.id, updated_at: now })
          .where('id', '=', upload.id)
          .execute();
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same content was stored meanwhile (another upload): point at it, drop our copy.
      const existing = await this.recordings.findDuplicate(
        userId,
        upload.kind as RecordingKind,
        upload.sha256,
        null,
      );
      if (!existing) throw error;
      await this.db.transaction().execute(async (trx) => {
        await deleteFileChunks(trx, upload.id);
        await trx
          .updateTable('uploads')
          .set({ status: 'complete', recording_id: existing.id, updated_at: now })
          .where('id', '=', upload.id)
          .execute();
      });
      return { session: await this.get(userId, uploadId), created: false };
    }
    return { session: await this.get(userId, uploadId), created: true };
  }

  async abort(userId: string, uploadId: string): Promise<void> {
    const upload = await this.load(userId, uploadId);
    await this.db.transaction().execute(async (trx) => {
      if (upload.status !== 'complete') await deleteFileChunks(trx, upload.id);
      await trx.deleteFrom('uploads').where('id', '=', upload.id).execute();
    });
  }

  async openCount(): Promise<number> {
    const row = await this.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    return row.n;
  }

  /** Drops unfinished uploads past their expiry, with their parts. */
  async sweepExpired(): Promise<void> {
    const expired = await this.db
      .selectFrom('uploads')
      .select('id')
      .where('status', '=', 'open')
      .where('expires_at', '<', this.now())
      .limit(100)
      .execute();
    for (const { id } of expired) {
      await this.db.transaction().execute(async (trx) => {
        await deleteFileChunks(trx, id);
        await trx.deleteFrom('uploads').where('id', '=', id).execute();
      });
    }
  }

  private async findByKey(userId: string, key: string): Promise<UploadRow | undefined> {
    return this.db
      .selectFrom('uploads')
      .selectAll()
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  private async load(userId: string, uploadId: string): Promise<UploadRow> {
    const row = await this.db
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', uploadId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row || (row.status === 'open' && row.expires_at < this.now())) {
      throw notFound('No open upload with this id (it may have expired)');
    }
    return row;
  }

  private async toSession(row: UploadRow): Promise<UploadSession> {
    const recording =
      row.recording_id === null
        ? null
        : await this.db
            .selectFrom('recordings')
            .selectAll()
            .where('id', '=', row.recording_id)
            .executeTakeFirst();
    return {
      upload_id: row.id,
      kind: row.kind as RecordingKind,
      file_name: row.file_name,
      size_bytes: row.size_bytes,
      sha256: row.sha256,
      received_bytes: row.received_bytes,
      max_part_bytes: this.limits.partBytes,
      status: row.status === 'complete' ? 'complete' : 'open',
      expires_at: new Date(row.expires_at).toISOString(),
      recording: recording ? toRecordingInfo(recording) : null,
    };
  }
}
