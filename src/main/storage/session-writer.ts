// The synchronous heart of the recording writer (it runs inside the writer worker, tests drive it directly):
// takes blocks, gaps, markers and segment starts in the source's clock, re-chunks them into ~1 s planar chunks on
// the recording's clock and commits everything pending in ONE transaction per commit(). The growing chunk is
// written too (and rewritten as it grows), so a crash loses only what arrived since the last commit.
import { hostname } from 'node:os';
import type { Database, Statement } from 'better-sqlite3';
import { storageCrc32 as crc32 } from './checksum';
import type { SampleBlock, SampleGap } from '../../shared/samples';
import { bytesOf, compactPlanar } from './chunk-codec';
import { StorageError } from './errors';
import type { MarkerSource, NewMarker } from './types';

interface Segment {
  readonly seq: number;
  rowId: number | null;
  /** First sample of the segment on the recording's clock. */
  readonly firstSample: number;
  startedAt: number;
  /** recording index = source index + shift; null until the segment's first block or gap. */
  shift: number | null;
  sourceFirstSample: number | null;
  /** Samples of this segment on the recording's clock, gaps included. */
  extent: number;
  /** The source index the next block should start at. */
  expectedSource: number | null;
}

interface OpenChunk {
  readonly segment: Segment;
  readonly firstSample: number;
  readonly values: Float32Array;
  filled: number;
  /** Samples of it already in the database (0: not written yet). */
  committedFilled: number;
  rowId: number | null;
}

interface FullChunk {
  readonly segment: Segment;
  readonly firstSample: number;
  readonly sampleCount: number;
  readonly bytes: Uint8Array;
  readonly crc: number;
  /** Set when an earlier commit wrote part of it: then this commit rewrites that row. */
  readonly rowId: number | null;
}

interface PendingGap {
  readonly segment: Segment;
  readonly atSample: number;
  readonly missingSamples: number;
  readonly reason: SampleGap['reason'];
}

interface PendingMarker {
  readonly atSample: number;
  readonly label: string;
  readonly source: MarkerSource;
  readonly createdAt: number;
}

export interface CommitResult {
  /** Length of the recording's clock now in the database. */
  readonly committedSamples: number;
  readonly committedAt: number;
  /** Sample bytes that this commit made durable (new samples only, not rewrites). */
  readonly committedBytes: number;
  readonly durationMs: number;
}

export interface SessionWriterOptions {
  readonly now?: () => number;
  /** An idle writer still touches its recording this often, so other processes can tell it is alive. */
  readonly heartbeatMs?: number;
}

interface RecordingInfo {
  readonly channel_count: number;
  readonly sample_rate_hz: number;
  readonly chunk_samples: number;
  readonly sample_count: number;
  readonly started_at: number;
  readonly status: string;
}

const MARKER_SOURCES: readonly MarkerSource[] = ['user', 'device', 'import', 'analysis'];
const GAP_REASONS: readonly SampleGap['reason'][] = [
  'counter-jump',
  'corrupt-frame',
  'device-lost',
  'buffer-overrun',
  'file-gap',
];

function invalid(message: string): StorageError {
  return new StorageError({ code: 'invalid_input', message });
}

export class SessionWriter {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly chunkSamples: number;
  private readonly now: () => number;
  private readonly heartbeatMs: number;
  private segment: Segment;
  private readonly dirtySegments: Segment[] = [];
  private open: OpenChunk | null = null;
  private full: FullChunk[] = [];
  private gaps: PendingGap[] = [];
  private markers: PendingMarker[] = [];
  private committedSamples: number;
  private lastCommitAt: number;
  /** Bytes of new samples taken since the last commit. */
  private uncommittedBytes = 0;
  private closed = false;
  private readonly sql: {
    insertSegment: Statement;
    updateSegment: Statement;
    insertChunk: Statement;
    updateChunk: Statement;
    insertGap: Statement;
    insertMarker: Statement;
    touchRecording: Statement;
    closeRecording: Statement;
  };

  constructor(
    private readonly db: Database,
    readonly recordingId: string,
    options: SessionWriterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    const info = db
      .prepare(
        `SELECT channel_count, sample_rate_hz, chunk_samples, sample_count, started_at, status
         FROM recordings WHERE id = ?`,
      )
      .get(recordingId) as RecordingInfo | undefined;
    if (!info)
      throw new StorageError({ code: 'not_found', message: `There is no recording ${recordingId}.` });
    if (info.status !== 'recording') {
      throw new StorageError({
        code: 'conflict',
        message: `Recording ${recordingId} is ${info.status}; only a recording in progress takes samples.`,
      });
    }
    this.channelCount = info.channel_count;
    this.sampleRateHz = info.sample_rate_hz;
    this.chunkSamples = info.chunk_samples;
    this.committedSamples = info.sample_count;
    const lastSeq = db
      .prepare('SELECT max(seq) AS seq FROM segments WHERE recording_id = ?')
      .get(recordingId) as { seq: number | null };
    this.segment = this.newSegment(
      lastSeq.seq === null ? 0 : lastSeq.seq + 1,
      info.sample_count,
      info.started_at,
    );
    this.sql = {
      insertSegment: db.prepare(
        `INSERT INTO segments (recording_id, seq, first_sample, source_first_sample, sample_count, started_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      updateSegment: db.prepare('UPDATE segments SET sample_count = ?, source_first_sample = ? WHERE id = ?'),
      insertChunk: db.prepare(
        `INSERT INTO chunks (recording_id, segment_id, first_sample, sample_count, crc32, data)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      updateChunk: db.prepare('UPDATE chunks SET sample_count = ?, crc32 = ?, data = ? WHERE id = ?'),
      insertGap: db.prepare(
        'INSERT INTO gaps (recording_id, segment_id, at_sample, missing_samples, reason) VALUES (?, ?, ?, ?, ?)',
      ),
      insertMarker: db.prepare(
        'INSERT INTO markers (recording_id, at_sample, label, source, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      touchRecording: db.prepare(
        `UPDATE recordings SET sample_count = ?, heartbeat_at = ?, updated_at = ?
         WHERE id = ? AND status = 'recording'`,
      ),
      closeRecording: db.prepare(
        `UPDATE recordings SET status = ?, ended_at = ?, stop_reason = ?, writer_pid = NULL, writer_host = NULL,
           updated_at = ?
         WHERE id = ? AND status = 'recording'`,
      ),
    };
    const started = this.now();
    const claimed = db
      .prepare(
        `UPDATE recordings SET writer_pid = ?, writer_host = ?, heartbeat_at = ?, updated_at = ?
         WHERE id = ? AND status = 'recording'`,
      )
      .run(process.pid, hostname(), started, started, recordingId);
    if (claimed.changes !== 1) throw this.takenOver();
    this.lastCommitAt = started;
  }

  /** The length of the recording's clock the database holds. */
  get committed(): number {
    return this.committedSamples;
  }

  /** Bytes of samples taken but not yet committed. */
  get pendingBytes(): number {
    return this.uncommittedBytes;
  }

  /** Whether a commit now would write anything (samples, gaps, markers or a due heartbeat). */
  commitDue(): boolean {
    return (
      this.uncommittedBytes > 0 ||
      this.full.length > 0 ||
      this.gaps.length > 0 ||
      this.markers.length > 0 ||
      this.dirtySegments.length > 0 ||
      this.now() - this.lastCommitAt >= this.heartbeatMs
    );
  }

  /** Takes a block in the source's clock of the current segment. Throws `invalid_input` (and keeps nothing of it). */
  block(block: SampleBlock): void {
    this.assertOpen();
    const { firstSample, sampleCount, channelCount, sampleRateHz, data } = block;
    if (channelCount !== this.channelCount) {
      throw invalid(`a block of ${channelCount} channels cannot go into a recording of ${this.channelCount}`);
    }
    if (sampleRateHz !== this.sampleRateHz) {
      throw invalid(`a block at ${sampleRateHz} Hz cannot go into a recording at ${this.sampleRateHz} Hz`);
    }
    if (!Number.isSafeInteger(firstSample) || !Number.isSafeInteger(sampleCount) || sampleCount < 0) {
      throw invalid(`a block must start at a whole sample index and hold a whole number of samples`);
    }
    if (data.length !== channelCount * sampleCount) {
      throw invalid(`a block of ${channelCount} x ${sampleCount} samples holds ${data.length} values`);
    }
    if (sampleCount === 0) return;
    const seg = this.segment;
    if (seg.shift === null) this.anchor(seg, firstSample);
    const expected = seg.expectedSource ?? firstSample;
    if (firstSample < expected) {
      throw invalid(
        `a block starts at sample ${firstSample} but samples up to ${expected - 1} of this segment are already stored`,
      );
    }
    if (firstSample > expected) {
      // The clock jumped without a gap saying so: keep the truth (a counted gap), never shift samples.
      this.addGap(seg, firstSample, firstSample - expected, 'counter-jump');
    }
    let at = firstSample + seg.shift!;
    let done = 0;
    while (done < sampleCount) {
      const chunk = this.chunkAt(at);
      const n = Math.min(sampleCount - done, this.chunkSamples - chunk.filled);
      for (let c = 0; c < channelCount; c++) {
        const from = c * sampleCount + done;
        chunk.values.set(data.subarray(from, from + n), c * this.chunkSamples + chunk.filled);
      }
      chunk.filled += n;
      done += n;
      at += n;
      if (chunk.filled === this.chunkSamples) this.closeChunk();
    }
    seg.expectedSource = firstSample + sampleCount;
    seg.extent = Math.max(seg.extent, at - seg.firstSample);
    this.markDirty(seg);
    this.uncommittedBytes += data.byteLength;
  }

  /** Takes a gap of the current segment (SampleGap: `missingSamples` absent before `atSample`). */
  gap(gap: SampleGap): void {
    this.assertOpen();
    const { atSample, missingSamples, reason } = gap;
    if (!Number.isSafeInteger(atSample) || !Number.isSafeInteger(missingSamples) || missingSamples <= 0) {
      throw invalid(
        `a gap needs a whole sample index and a positive count (got ${atSample}, ${missingSamples})`,
      );
    }
    if (!GAP_REASONS.includes(reason)) throw invalid(`unknown gap reason '${reason}'`);
    const seg = this.segment;
    if (seg.shift === null) this.anchor(seg, atSample - missingSamples);
    const expected = seg.expectedSource!;
    if (atSample - missingSamples >= expected) {
      // The usual case: the source's clock counts the missing samples; the next block starts at atSample.
      if (atSample - missingSamples > expected) {
        this.addGap(seg, atSample - missingSamples, atSample - missingSamples - expected, 'counter-jump');
      }
      this.addGap(seg, atSample, missingSamples, reason);
    } else if (atSample === expected) {
      // A source whose clock did not count the missing samples: the recording's clock still does.
      seg.shift! += missingSamples;
      this.addGap(seg, atSample, missingSamples, reason);
    } else {
      throw invalid(
        `a gap of ${missingSamples} samples before sample ${atSample} overlaps samples already stored (next expected: ${expected})`,
      );
    }
  }

  /** Takes a marker at a sample of the current segment's source clock. */
  marker(marker: NewMarker): void {
    this.assertOpen();
    const label = marker.label.trim();
    if (!label) throw invalid('a marker needs a label');
    if (!MARKER_SOURCES.includes(marker.source)) throw invalid(`unknown marker source '${marker.source}'`);
    if (!Number.isSafeInteger(marker.atSample)) throw invalid('a marker needs a whole sample index');
    const seg = this.segment;
    const atSample = Math.max(
      seg.firstSample,
      seg.shift === null ? seg.firstSample : marker.atSample + seg.shift,
    );
    this.markers.push({ atSample, label, source: marker.source, createdAt: this.now() });
  }

  /** The source reconnected: what follows is a new segment whose clock starts again. */
  startSegment(startedAt = this.now()): void {
    this.assertOpen();
    const seg = this.segment;
    if (seg.extent === 0 && seg.shift === null) {
      seg.startedAt = startedAt;
      return;
    }
    this.closeChunk();
    this.segment = this.newSegment(seg.seq + 1, seg.firstSample + seg.extent, startedAt);
  }

  /** Writes everything pending in one transaction. On failure nothing of it is written and all stays pending. */
  commit(): CommitResult {
    this.assertOpen();
    return this.write(null);
  }

  /**
   * Commits what is pending and closes the recording (`complete`, or `interrupted` with a reason) in the same
   * transaction; afterwards the writer takes nothing more.
   */
  finish(status: 'complete' | 'interrupted', reason: string | null = null): CommitResult {
    this.assertOpen();
    const result = this.write({ status, reason });
    this.closed = true;
    try {
      // Give back the pages the growing chunk's rewrites left free (auto_vacuum is INCREMENTAL).
      this.db.pragma('incremental_vacuum');
    } catch {
      // Only space is at stake, never data: the next emptyTrash or finish frees them.
    }
    return result;
  }

  private write(close: { status: 'complete' | 'interrupted'; reason: string | null } | null): CommitResult {
    const started = performance.now();
    const at = this.now();
    const open = this.open;
    const openWrite =
      open && open.filled > open.committedFilled
        ? compactPlanar(open.values, this.channelCount, this.chunkSamples, open.filled)
        : null;
    const segmentIds = new Map<Segment, number>();
    const segmentId = (s: Segment) => s.rowId ?? segmentIds.get(s)!;
    const written: { openRowId: number | null } = { openRowId: null };
    const extent = this.segment.firstSample + this.segment.extent;
    const id = this.recordingId;

    this.db
      .transaction(() => {
        for (const s of this.dirtySegments) {
          if (s.rowId === null) {
            const r = this.sql.insertSegment.run(
              id,
              s.seq,
              s.firstSample,
              s.sourceFirstSample ?? 0,
              s.extent,
              s.startedAt,
            );
            segmentIds.set(s, Number(r.lastInsertRowid));
          } else {
            this.sql.updateSegment.run(s.extent, s.sourceFirstSample ?? 0, s.rowId);
          }
        }
        for (const c of this.full) {
          if (c.rowId === null) {
            this.sql.insertChunk.run(id, segmentId(c.segment), c.firstSample, c.sampleCount, c.crc, c.bytes);
          } else {
            this.sql.updateChunk.run(c.sampleCount, c.crc, c.bytes, c.rowId);
          }
        }
        if (open && openWrite) {
          const bytes = bytesOf(openWrite);
          const crc = crc32(bytes);
          if (open.rowId === null) {
            const r = this.sql.insertChunk.run(
              id,
              segmentId(open.segment),
              open.firstSample,
              open.filled,
              crc,
              bytes,
            );
            written.openRowId = Number(r.lastInsertRowid);
          } else {
            this.sql.updateChunk.run(open.filled, crc, bytes, open.rowId);
          }
        }
        for (const g of this.gaps) {
          this.sql.insertGap.run(id, segmentId(g.segment), g.atSample, g.missingSamples, g.reason);
        }
        for (const m of this.markers)
          this.sql.insertMarker.run(id, m.atSample, m.label, m.source, m.createdAt);
        if (this.sql.touchRecording.run(extent, at, at, id).changes !== 1) throw this.takenOver();
        if (close) this.sql.closeRecording.run(close.status, at, close.reason, at, id);
      })
      .immediate();

    // Committed: only now does the in-memory state move on.
    for (const [s, rowId] of segmentIds) s.rowId = rowId;
    this.dirtySegments.length = 0;
    if (open) {
      if (written.openRowId !== null) open.rowId = written.openRowId;
      open.committedFilled = open.filled;
    }
    this.full = [];
    this.gaps = [];
    this.markers = [];
    const committedBytes = this.uncommittedBytes;
    this.uncommittedBytes = 0;
    this.committedSamples = extent;
    this.lastCommitAt = at;
    return {
      committedSamples: extent,
      committedAt: at,
      committedBytes,
      durationMs: performance.now() - started,
    };
  }

  private newSegment(seq: number, firstSample: number, startedAt: number): Segment {
    const seg: Segment = {
      seq,
      rowId: null,
      firstSample,
      startedAt,
      shift: null,
      sourceFirstSample: null,
      extent: 0,
      expectedSource: null,
    };
    return seg;
  }

  private anchor(seg: Segment, sourceFirstSample: number): void {
    seg.sourceFirstSample = sourceFirstSample;
    seg.shift = seg.firstSample - sourceFirstSample;
    seg.expectedSource = sourceFirstSample;
    this.markDirty(seg);
  }

  private markDirty(seg: Segment): void {
    if (!this.dirtySegments.includes(seg)) this.dirtySegments.push(seg);
  }

  /** Records a gap ending at source index `atSource` and moves the clock past it. */
  private addGap(seg: Segment, atSource: number, missing: number, reason: SampleGap['reason']): void {
    this.closeChunk();
    const atSample = atSource + seg.shift!;
    this.gaps.push({ segment: seg, atSample, missingSamples: missing, reason });
    seg.expectedSource = Math.max(seg.expectedSource ?? atSource, atSource);
    seg.extent = Math.max(seg.extent, atSample - seg.firstSample);
    this.markDirty(seg);
  }

  /** The chunk that continues at recording index `at`, opening a new one when needed. */
  private chunkAt(at: number): OpenChunk {
    const open = this.open;
    if (open && open.segment === this.segment && open.firstSample + open.filled === at) return open;
    this.closeChunk();
    const chunk: OpenChunk = {
      segment: this.segment,
      firstSample: at,
      values: new Float32Array(this.channelCount * this.chunkSamples),
      filled: 0,
      committedFilled: 0,
      rowId: null,
    };
    this.open = chunk;
    return chunk;
  }

  /** Moves the open chunk (if it holds anything new) to the list of chunks to write as they are. */
  private closeChunk(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    if (open.filled === 0 || open.filled === open.committedFilled) return;
    const values = compactPlanar(open.values, this.channelCount, this.chunkSamples, open.filled);
    const bytes = bytesOf(values);
    this.full.push({
      segment: open.segment,
      firstSample: open.firstSample,
      sampleCount: open.filled,
      bytes,
      crc: crc32(bytes),
      rowId: open.rowId,
    });
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new StorageError({
        code: 'conflict',
        message: `Recording ${this.recordingId} is already closed; it takes no more samples.`,
      });
    }
  }

  private takenOver(): StorageError {
    return new StorageError({
      code: 'conflict',
      message: `Recording ${this.recordingId} was closed by another program while it was being recorded; recording stopped.`,
    });
  }
}
