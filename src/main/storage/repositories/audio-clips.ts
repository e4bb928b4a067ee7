// Audio kept in the store (neural symphony renders, brainsync sessions, captured input): WAV bytes with a CRC-32.
import type { Database } from 'better-sqlite3';
import { storageCrc32 as crc32 } from '../checksum';
import { StorageError } from '../errors';

export type AudioClipKind = 'symphony' | 'brainsync' | 'input';

export interface NewAudioClip {
  readonly recordingId?: string | null;
  readonly kind: AudioClipKind;
  readonly label: string;
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly frameCount: number;
  readonly format: 'wav';
  readonly data: Uint8Array;
}

export interface AudioClipInfo {
  readonly id: number;
  readonly recordingId: string | null;
  readonly kind: AudioClipKind;
  readonly label: string;
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly frameCount: number;
  readonly format: 'wav';
  readonly byteLength: number;
  readonly createdAt: number;
}

interface ClipRow {
  readonly id: number;
  readonly recording_id: string | null;
  readonly kind: AudioClipKind;
  readonly label: string;
  readonly sample_rate_hz: number;
  readonly channel_count: number;
  readonly frame_count: number;
  readonly format: 'wav';
  readonly byte_length: number;
  readonly created_at: number;
}

const INFO_COLUMNS =
  'id, recording_id, kind, label, sample_rate_hz, channel_count, frame_count, format, length(data) AS byte_length, created_at';

const toInfo = (r: ClipRow): AudioClipInfo => ({
  id: r.id,
  recordingId: r.recording_id,
  kind: r.kind,
  label: r.label,
  sampleRateHz: r.sample_rate_hz,
  channelCount: r.channel_count,
  frameCount: r.frame_count,
  format: r.format,
  byteLength: r.byte_length,
  createdAt: r.created_at,
});

export class AudioClipsRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  add(clip: NewAudioClip): AudioClipInfo {
    if (!clip.label.trim())
      throw new StorageError({ code: 'invalid_input', message: 'an audio clip needs a label' });
    const r = this.db
      .prepare(
        `INSERT INTO audio_clips (recording_id, kind, label, sample_rate_hz, channel_count, frame_count, format, crc32,
           data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        clip.recordingId ?? null,
        clip.kind,
        clip.label.trim(),
        clip.sampleRateHz,
        clip.channelCount,
        clip.frameCount,
        clip.format,
        crc32(clip.data),
        clip.data,
        this.now(),
      );
    return this.info(Number(r.lastInsertRowid))!;
  }

  info(id: number): AudioClipInfo | null {
    const row = this.db.prepare(`SELECT ${INFO_COLUMNS} FROM audio_clips WHERE id = ?`).get(id) as
      ClipRow | undefined;
    return row ? toInfo(row) : null;
  }

  /** The clip's bytes, CRC-checked; throws `not_found` or `corrupt`. */
  data(id: number): Uint8Array {
    const row = this.db.prepare('SELECT crc32, data FROM audio_clips WHERE id = ?').get(id) as
      { crc32: number; data: Buffer } | undefined;
    if (!row) throw new StorageError({ code: 'not_found', message: `There is no audio clip ${id}.` });
    if (crc32(row.data) !== row.crc32 >>> 0) {
      throw new StorageError({
        code: 'corrupt',
        message: `Audio clip ${id} fails its CRC-32 check; its bytes are damaged.`,
      });
    }
    return new Uint8Array(row.data);
  }

  list(recordingId?: string): AudioClipInfo[] {
    const rows = (
      recordingId === undefined
        ? this.db.prepare(`SELECT ${INFO_COLUMNS} FROM audio_clips ORDER BY created_at, id`).all()
        : this.db
            .prepare(`SELECT ${INFO_COLUMNS} FROM audio_clips WHERE recording_id = ? ORDER BY created_at, id`)
            .all(recordingId)
    ) as ClipRow[];
    return rows.map(toInfo);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM audio_clips WHERE id = ?').run(id).changes === 1;
  }
}
