// Recordings: uploaded EEG and audio files, validated with the engine's format readers (EEG) or the RIFF/WAVE
// header (audio) before anything is stored, deduplicated by content and by Idempotency-Key.
import { randomUUID } from 'node:crypto';
import { FormatError } from '../../engine/formats/format-error';
import type { EegFormat, RecordingInfo, RecordingKind } from '../../shared/cloud';
import { sha256Hex } from '../auth/secrets';
import { isUniqueViolation, type CloudDb } from '../db/connect';
import type { RecordingsTable } from '../db/schema';
import { EEG_FORMAT_NAMES, type CloudEngine, type DecodedEeg } from '../engine/ports';
import { detectEegFormat } from '../formats/eeg-format';
import { readWavHeader } from '../../engine/formats/wav';
import { conflict, engineUnavailable, invalidRequest, notFound } from '../http/errors';
import { deleteFileChunks, readFileChunks, writeFileChunks } from './files';

export interface InspectedFile {
  readonly format: EegFormat | 'wav';
  readonly channels: number;
  readonly sampleRateHz: number;
  readonly durationS: number;
  readonly channelLabels: readonly string[];
}

export interface StoreRequest {
  readonly userId: string;
  readonly kind: RecordingKind;
  readonly fileName: string;
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly idempotencyKey: string | null;
}

export interface StoreOutcome {
  readonly recording: RecordingInfo;
  readonly duplicate: boolean;
}

type RecordingRow = RecordingsTable;

export class RecordingService {
  constructor(
    private readonly db: CloudDb,
    private readonly engine: CloudEngine,
    private readonly now: () => number,
  ) {}

  /** Decodes an EEG file with the engine's reader for its format: 400 when it is not what it claims. */
  async decodeEeg(bytes: Uint8Array): Promise<DecodedEeg> {
    if (bytes.length === 0) throw invalidRequest('the file is empty');
    const format = detectEegFormat(bytes);
    if (format === null) {
      throw invalidRequest(
        'not an EEG file this server reads: expected EDF/EDF+, BDF/BDF+, OpenBCI GUI text or CSV',
      );
    }
    const reader = this.engine.readers[format];
    if (reader === null) throw engineUnavailable(`Reading ${EEG_FORMAT_NAMES[format]} files`);
    let decoded: Omit<DecodedEeg, 'format'>;
    try {
      decoded = await reader(bytes);
    } catch (error) {
      if (error instanceof FormatError)
        throw invalidRequest(`${EEG_FORMAT_NAMES[format]} file: ${error.message}`);
      throw error;
    }
    if (decoded.channels.length === 0 || decoded.channels.every((c) => c.data.length === 0)) {
      throw invalidRequest(`${EEG_FORMAT_NAMES[format]} file holds no samples`);
    }
    return { format, ...decoded };
  }

  async inspect(kind: RecordingKind, bytes: Uint8Array): Promise<InspectedFile> {
    if (kind === 'eeg') {
      const eeg = await this.decodeEeg(bytes);
      return {
        format: eeg.format,
        channels: eeg.channels.length,
        // The highest rate when signals mix rates; each channel keeps its own rate when analysed.
        sampleRateHz: Math.max(...eeg.channels.map((c) => c.sampleRateHz)),
        durationS: eeg.durationS,
        channelLabels: eeg.channels.map((c) => c.label),
      };
    }
    try {
      const wav = readWavHeader(bytes);
      return {
        format: 'wav',
        channels: wav.channels,
        sampleRateHz: wav.sampleRateHz,
        durationS: wav.durationS,
        channelLabels: Array.from({ length: wav.channels }, (_, i) => `Ch${i + 1}`),
      };
    } catch (error) {
      if (error instanceof FormatError) throw invalidRequest(error.message);
      throw error;
    }
  }

  /** An earlier upload this one repeats (same Idempotency-Key or same content), if any. */
  async findDuplicate(
    userId: string,
    kind: RecordingKind,
    sha256: string,
    idempotencyKey: string | null,
  ): Promise<RecordingRow | undefined> {
    if (idempotencyKey !== null) {
      const byKey = await this.db
        .selectFrom('recordings')
        .selectAll()
        .where('user_id', '=', userId)
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirst();
      if (byKey) {
        if (byKey.sha256 !== sha256 || byKey.kind !== kind) {
          throw conflict('This Idempotency-Key was already used for a different file');
        }
        return byKey;
      }
    }
    return this.db
      .selectFrom('recordings')
      .selectAll()
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  /** Validates and stores a whole file received in one request. */
  async storeWhole(request: StoreRequest): Promise<StoreOutcome> {
    const sha256 = sha256Hex(request.bytes);
    const earlier = await this.findDuplicate(request.userId, request.kind, sha256, request.idempotencyKey);
    if (earlier) return { recording: toRecordingInfo(earlier), duplicate: true };
    const inspected = await this.inspect(request.kind, request.bytes);
    const fileId = randomUUID();
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        await writeFileChunks(trx, fileId, request.bytes);
        return insertRecording(trx, {
          userId: request.userId,
          kind: request.kind,
          fileName: request.fileName,
          label: request.label,
          sha256,
          sizeBytes: request.bytes.length,
          inspected,
          fileId,
          idempotencyKey: request.idempotencyKey,
          now: this.now(),
        });
      });
      return { recording: toRecordingInfo(row), duplicate: false };
    } catch (error) {
      // Two identical uploads raced; the other one stored it.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.findDuplicate(request.userId, request.kind, sha256, request.idempotencyKey);
      if (!winner) throw error;
      return { recording: toRecordingInfo(winner), duplicate: true };
    }
  }

  async list(userId: string): Promise<RecordingInfo[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toRecordingInfo);
  }

  async get(userId: string, id: string): Promise<RecordingRow> {
    const row = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('No recording with this id');
    return row;
  }

  async latestEeg(userId: string): Promise<RecordingRow> {
    const row = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('user_id', '=', userId)
      .where('kind', '=', 'eeg')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!row) throw notFound('You have no EEG recordings yet; upload one first');
    return row;
  }

  async loadEeg(row: RecordingRow): Promise<DecodedEeg> {
    if (row.kind !== 'eeg') throw invalidRequest(`recording ${row.id} is audio, not EEG`);
    return this.decodeEeg(await readFileChunks(this.db, row.file_id, row.size_bytes));
  }

  async delete(userId: string, id: string): Promise<void> {
    const row = await this.get(userId, id);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recordings').where('id', '=', row.id).execute();
      await deleteFileChunks(trx, row.file_id);
    });
  }
}

export async function insertRecording(
  db: CloudDb,
  r: {
    userId: string;
    kind: RecordingKind;
    fileName: string;
    label: string;
    sha256: string;
    sizeBytes: number;
    inspected: InspectedFile;
    fileId: string;
    idempotencyKey: string | null;
    now: number;
  },
): Promise<RecordingRow> {
  const row: RecordingRow = {
    id: randomUUID(),
    user_id: r.userId,
    kind: r.kind,
    label: r.label,
    file_name: r.fileName,
    format: r.inspected.format,
    sha256: r.sha256,
    size_bytes: r.sizeBytes,
    channels: r.inspected.channels,
    sample_rate: r.inspected.sampleRateHz,
    duration_s: r.inspected.durationS,
    channel_labels: JSON.stringify(r.inspected.channelLabels),
    file_id: r.fileId,
    idempotency_key: r.idempotencyKey,
    created_at: r.now,
  };
  await db.insertInto('recordings').values(row).execute();
  return row;
}

export function toRecordingInfo(row: RecordingRow): RecordingInfo {
  return {
    id: row.id,
    kind: row.kind as RecordingKind,
    label: row.label,
    file_name: row.file_name,
    format: row.format as RecordingInfo['format'],
    sha256: row.sha256,
    size_bytes: row.size_bytes,
    channels: row.channels,
    sample_rate: row.sample_rate,
    duration_s: row.duration_s,
    channel_labels: JSON.parse(row.channel_labels) as string[],
    created_at: new Date(row.created_at).toISOString(),
  };
}
