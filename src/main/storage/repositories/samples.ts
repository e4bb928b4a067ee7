// Reading samples back: SampleBlocks for a range of the recording's clock, assembled across chunks, split where
// the data is discontinuous (a gap, a new segment), every chunk's CRC-32 checked before its bytes are used.
import type { Database, Statement } from 'better-sqlite3';
import type { SampleBlock } from '../../../shared/samples';
import { verifyChunk } from '../chunk-codec';
import { StorageError } from '../errors';
import type { RecordingDetail, SampleRange } from '../types';

interface ChunkRow {
  readonly first_sample: number;
  readonly sample_count: number;
  readonly crc32: number;
  readonly data: Buffer;
  readonly seq: number;
}

export interface SampleLayout {
  readonly id: string;
  /** Which stream (0: the recording's own rate; others only in mixed-rate imports). */
  readonly stream: number;
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly chunkSamples: number;
  /** Length of the recording's clock. */
  readonly sampleCount: number;
}

export interface CorruptChunk {
  readonly firstSample: number;
  readonly sampleCount: number;
  readonly message: string;
}

function invalid(message: string): StorageError {
  return new StorageError({ code: 'invalid_input', message });
}

/** Where the chunks of one stream of a recording are and how to decode them. Throws `not_found` for a bad stream. */
export function layoutOf(r: RecordingDetail, stream: number): SampleLayout {
  const s = r.streams.find((x) => x.index === stream);
  if (!s) {
    throw new StorageError({
      code: 'not_found',
      message: `Recording ${r.id} has no stream ${stream} (it has ${r.streams.length}).`,
    });
  }
  return {
    id: r.id,
    stream,
    channelCount: s.channels.length,
    sampleRateHz: s.sampleRateHz,
    chunkSamples: s.chunkSamples,
    sampleCount: s.sampleCount,
  };
}

export class SamplesRepository {
  private readonly chunksIn: Statement;
  private readonly chunksFrom: Statement;

  constructor(db: Database) {
    this.chunksIn = db.prepare(
      `SELECT c.first_sample, c.sample_count, c.crc32, c.data, s.seq
       FROM chunks c JOIN segments s ON s.id = c.segment_id
       WHERE c.recording_id = ? AND c.stream = ? AND c.first_sample >= ? AND c.first_sample < ?
       ORDER BY c.first_sample`,
    );
    this.chunksFrom = db.prepare(
      `SELECT c.first_sample, c.sample_count, c.crc32, c.data, 0 AS seq
       FROM chunks c WHERE c.recording_id = ? AND c.stream = ? AND c.first_sample >= ?
       ORDER BY c.first_sample LIMIT ?`,
    );
  }

  /**
   * The stored samples of `range` (clock indices, `toSample` exclusive) as blocks in order. Where samples are
   * missing (a gap) there is no block; a block never spans a gap or two segments.
   * Throws a `corrupt` StorageError naming the chunk when a chunk fails its CRC.
   */
  read(layout: SampleLayout, range: SampleRange): SampleBlock[] {
    const { fromSample, toSample } = range;
    if (
      !Number.isSafeInteger(fromSample) ||
      !Number.isSafeInteger(toSample) ||
      fromSample < 0 ||
      toSample < fromSample
    ) {
      throw invalid(`the sample range ${fromSample}..${toSample} is not a range of whole sample indices`);
    }
    if (toSample === fromSample) return [];
    const rows = (
      this.chunksIn.all(
        layout.id,
        layout.stream,
        Math.max(0, fromSample - layout.chunkSamples + 1),
        toSample,
      ) as ChunkRow[]
    ).filter((r) => r.first_sample + r.sample_count > fromSample);
    const blocks: SampleBlock[] = [];
    let run: ChunkRow[] = [];
    const flush = () => {
      if (run.length > 0) blocks.push(this.assemble(layout, run, fromSample, toSample));
      run = [];
    };
    for (const row of rows) {
      const last = run.at(-1);
      if (last && (last.first_sample + last.sample_count !== row.first_sample || last.seq !== row.seq))
        flush();
      run.push(row);
    }
    flush();
    return blocks;
  }

  /** Checks the CRC of every chunk of a recording, a few at a time; returns the damaged ones (empty: all good). */
  verify(layout: SampleLayout): CorruptChunk[] {
    const corrupt: CorruptChunk[] = [];
    let from = 0;
    for (;;) {
      const rows = this.chunksFrom.all(layout.id, layout.stream, from, 32) as ChunkRow[];
      if (rows.length === 0) return corrupt;
      for (const row of rows) {
        try {
          verifyChunk(row.data, row.crc32, layout.channelCount, {
            recordingId: layout.id,
            firstSample: row.first_sample,
            sampleCount: row.sample_count,
          });
        } catch (error) {
          corrupt.push({
            firstSample: row.first_sample,
            sampleCount: row.sample_count,
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
      from = rows.at(-1)!.first_sample + 1;
    }
  }

  private assemble(
    layout: SampleLayout,
    run: readonly ChunkRow[],
    fromSample: number,
    toSample: number,
  ): SampleBlock {
    const first = run[0]!;
    const last = run.at(-1)!;
    const start = Math.max(fromSample, first.first_sample);
    const end = Math.min(toSample, last.first_sample + last.sample_count);
    const n = end - start;
    const channelCount = layout.channelCount;
    const data = new Float32Array(channelCount * n);
    const out = new Uint8Array(data.buffer);
    for (const row of run) {
      verifyChunk(row.data, row.crc32, channelCount, {
        recordingId: layout.id,
        firstSample: row.first_sample,
        sampleCount: row.sample_count,
      });
      const from = Math.max(start, row.first_sample);
      const to = Math.min(end, row.first_sample + row.sample_count);
      if (to <= from) continue;
      for (let c = 0; c < channelCount; c++) {
        const src = (c * row.sample_count + (from - row.first_sample)) * 4;
        out.set(row.data.subarray(src, src + (to - from) * 4), (c * n + (from - start)) * 4);
      }
    }
    return { firstSample: start, sampleCount: n, channelCount, sampleRateHz: layout.sampleRateHz, data };
  }
}
