// Writes a whole imported file into the store inside the caller's transaction: the recording, its streams (one
// per sample rate, the fastest is the recording's own), channels, one segment, ~1 s chunks per stream, markers and
// gaps. Synchronous SQLite work; the caller opens the transaction before and commits (or rolls back) after, so an
// import is all there or not there at all.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { asRecordingId, type RecordingId } from '../../shared/units';
import { storageCrc32 as crc32 } from './checksum';
import { bytesOf, chunkSamplesFor } from './chunk-codec';
import { StorageError } from './errors';
import type { GapReason } from './types';

export interface ImportChannel {
  readonly label: string;
  /** "uV" for EEG; other units (degC, %) are kept as the file gives them. */
  readonly unit: string;
  readonly sampleRateHz: number;
}

export interface NewImport {
  readonly label: string;
  readonly subjectCode?: string | null;
  readonly technician?: string | null;
  readonly firmware?: string | null;
  readonly notes?: string;
  /** Epoch ms of the first sample. */
  readonly startedAt: number;
  /** In the file's order. */
  readonly channels: readonly ImportChannel[];
}

interface StreamState {
  readonly index: number;
  readonly sampleRateHz: number;
  /** File channel indices of this stream, in order. */
  readonly channels: readonly number[];
  readonly chunkSamples: number;
  /** The chunk being filled: its first sample and its planar values (rows of chunkSamples). */
  open: { firstSample: number; values: Float32Array; filled: number } | null;
  extent: number;
}

const MAX_LABEL = 200;

function invalid(message: string): StorageError {
  return new StorageError({ code: 'invalid_input', message });
}

export class ImportWriter {
  readonly recordingId: RecordingId;
  readonly streams: readonly StreamState[];
  private readonly segmentId: number;
  private readonly insertChunk: Statement;
  private readonly insertGap: Statement;
  private readonly insertMarker: Statement;
  private markerCount = 0;
  private gapCount = 0;

  /** Inserts the recording (invisible to others until the caller commits). */
  constructor(
    private readonly db: Database,
    private readonly meta: NewImport,
    now: number,
  ) {
    const label = meta.label.trim();
    if (!label) throw invalid('the recording label is empty');
    if (label.length > MAX_LABEL) throw invalid(`the recording label is longer than ${MAX_LABEL} characters`);
    if (meta.channels.length === 0) throw invalid('the file has no signals to import');
    meta.channels.forEach((c, i) => {
      if (!(c.sampleRateHz > 0 && Number.isFinite(c.sampleRateHz))) {
        throw invalid(`signal ${i + 1} ("${c.label}") has no valid sample rate (${c.sampleRateHz} Hz)`);
      }
    });
    const rates = [...new Set(meta.channels.map((c) => c.sampleRateHz))].sort((a, b) => b - a);
    this.streams = rates.map((rate, index) => {
      const channels = meta.channels.flatMap((c, i) => (c.sampleRateHz === rate ? [i] : []));
      return {
        index,
        sampleRateHz: rate,
        channels,
        chunkSamples: chunkSamplesFor(rate, channels.length),
        open: null,
        extent: 0,
      };
    });
    const main = this.streams[0]!;
    const id = randomUUID();
    this.recordingId = asRecordingId(id);
    db.prepare(
      `INSERT INTO recordings (id, label, subject_code, technician, source_kind, board, firmware, montage,
         channel_count, sample_rate_hz, chunk_samples, started_at, ended_at, status, notes, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'import', NULL, ?, NULL, ?, ?, ?, ?, ?, 'complete', ?, ?, ?)`,
    ).run(
      id,
      label,
      meta.subjectCode?.trim() || null,
      meta.technician?.trim() || null,
      meta.firmware?.trim() || null,
      main.channels.length,
      main.sampleRateHz,
      main.chunkSamples,
      Math.round(meta.startedAt),
      Math.round(meta.startedAt),
      meta.notes ?? '',
      now,
      now,
    );
    const insertStream = db.prepare(
      `INSERT INTO streams (recording_id, stream, sample_rate_hz, channel_count, chunk_samples)
       VALUES (?, ?, ?, ?, ?)`,
    );
    for (const s of this.streams.slice(1)) {
      insertStream.run(id, s.index, s.sampleRateHz, s.channels.length, s.chunkSamples);
    }
    const insertChannel = db.prepare(
      'INSERT INTO channels (recording_id, channel_index, label, unit, stream) VALUES (?, ?, ?, ?, ?)',
    );
    meta.channels.forEach((c, i) => {
      const stream = this.streams.find((s) => s.sampleRateHz === c.sampleRateHz)!;
      insertChannel.run(id, i, c.label.trim() || `Signal ${i + 1}`, c.unit, stream.index);
    });
    this.segmentId = Number(
      db
        .prepare(
          `INSERT INTO segments (recording_id, seq, first_sample, source_first_sample, sample_count, started_at)
           VALUES (?, 0, 0, 0, 0, ?)`,
        )
        .run(id, Math.round(meta.startedAt)).lastInsertRowid,
    );
    this.insertChunk = db.prepare(
      `INSERT INTO chunks (recording_id, segment_id, stream, first_sample, sample_count, crc32, data)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertGap = db.prepare(
      'INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertMarker = db.prepare(
      `INSERT INTO markers (recording_id, at_sample, duration_samples, label, source, created_at)
       VALUES (?, ?, ?, ?, 'import', ?)`,
    );
  }

  /** The stream holding a file channel. */
  streamOf(channel: number): StreamState {
    return this.streams.find((s) => s.channels.includes(channel))!;
  }

  /**
   * Samples of one stream at `firstSample` of its own clock: `rows[k]` holds `count` values of the stream's k-th
   * channel. A start after the stream's end leaves those samples missing (a gap); an overlap is refused.
   */
  samples(stream: number, firstSample: number, rows: readonly Float32Array[], count: number): void {
    const s = this.streams[stream];
    if (!s) throw invalid(`no stream ${stream}`);
    if (rows.length !== s.channels.length) {
      throw invalid(`stream ${stream} has ${s.channels.length} channels, ${rows.length} rows were given`);
    }
    if (!Number.isSafeInteger(firstSample) || firstSample < s.extent) {
      throw invalid(
        `samples at ${firstSample} of the ${s.sampleRateHz} Hz signals overlap samples already imported (up to ${s.extent})`,
      );
    }
    if (count === 0) return;
    let at = firstSample;
    let done = 0;
    while (done < count) {
      if (!s.open || s.open.firstSample + s.open.filled !== at) {
        this.flush(s);
        s.open = { firstSample: at, values: new Float32Array(s.channels.length * s.chunkSamples), filled: 0 };
      }
      const open = s.open;
      const n = Math.min(count - done, s.chunkSamples - open.filled);
      rows.forEach((row, k) => {
        open.values.set(row.subarray(done, done + n), k * s.chunkSamples + open.filled);
      });
      open.filled += n;
      done += n;
      at += n;
      if (open.filled === s.chunkSamples) this.flush(s);
    }
    s.extent = at;
  }

  /** `missingSamples` absent before `atSample` of the recording's clock (the fastest rate). */
  gap(atSample: number, missingSamples: number, reason: GapReason): void {
    if (!Number.isSafeInteger(atSample) || !Number.isSafeInteger(missingSamples) || missingSamples <= 0) {
      throw invalid(`a gap needs whole sample positions (got ${missingSamples} before ${atSample})`);
    }
    this.insertGap.run(this.recordingId, this.segmentId, atSample, missingSamples, reason);
    this.gapCount++;
  }

  marker(atSample: number, durationSamples: number, label: string, now: number): void {
    const text = label.trim();
    if (!text) return;
    this.insertMarker.run(
      this.recordingId,
      Math.max(0, Math.round(atSample)),
      Math.max(0, Math.round(durationSamples)),
      text,
      now,
    );
    this.markerCount++;
  }

  /**
   * Writes what is pending and sets the lengths. `clockSamples` is the recording's length on its clock (gaps
   * included), at least what stream 0 holds.
   */
  finish(clockSamples: number, now: number): { sampleCount: number; markers: number; gaps: number } {
    for (const s of this.streams) this.flush(s);
    const main = this.streams[0]!;
    const sampleCount = Math.max(clockSamples, main.extent);
    const durationMs = (sampleCount / main.sampleRateHz) * 1000;
    this.db
      .prepare('UPDATE recordings SET sample_count = ?, ended_at = ?, updated_at = ? WHERE id = ?')
      .run(sampleCount, Math.round(this.meta.startedAt + durationMs), now, this.recordingId);
    this.db.prepare('UPDATE segments SET sample_count = ? WHERE id = ?').run(sampleCount, this.segmentId);
    const setStream = this.db.prepare(
      'UPDATE streams SET sample_count = ? WHERE recording_id = ? AND stream = ?',
    );
    for (const s of this.streams.slice(1)) {
      const own = Math.max(s.extent, Math.round((sampleCount / main.sampleRateHz) * s.sampleRateHz));
      setStream.run(own, this.recordingId, s.index);
    }
    return { sampleCount, markers: this.markerCount, gaps: this.gapCount };
  }

  private flush(s: StreamState): void {
    const open = s.open;
    s.open = null;
    if (!open || open.filled === 0) return;
    let values = open.values;
    if (open.filled < s.chunkSamples) {
      values = new Float32Array(s.channels.length * open.filled);
      for (let k = 0; k < s.channels.length; k++) {
        values.set(
          open.values.subarray(k * s.chunkSamples, k * s.chunkSamples + open.filled),
          k * open.filled,
        );
      }
    }
    const bytes = bytesOf(values);
    this.insertChunk.run(
      this.recordingId,
      this.segmentId,
      s.index,
      open.firstSample,
      open.filled,
      crc32(bytes),
      bytes,
    );
  }
}
