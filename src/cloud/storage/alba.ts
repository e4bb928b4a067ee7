// ALBA live streams: a client starts a stream, appends rows of samples, anyone holding the account reads the
// latest rows, and the client stops it. Samples are kept as float32 chunks in the database so that every
// server instance serves the same stream; an append with `first_sample` is idempotent.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AlbaAppendResponse, AlbaDataResponse, AlbaStream, AlbaStreamStatus } from '../../shared/cloud';
import { isUniqueViolation, type CloudDb } from '../db/connect';
import type { DbKind } from '../db/kind';
import type { AlbaStreamsTable } from '../db/schema';
import { conflict, invalidRequest, notFound } from '../http/errors';

export interface AlbaStartInput {
  readonly streamId: string | undefined;
  readonly channelLabels: readonly string[];
  readonly sampleRateHz: number;
  readonly label: string | undefined;
}

type StreamRow = AlbaStreamsTable;

const FLOAT32_MAX = 3.4028234663852886e38;

export class AlbaService {
  constructor(
    private readonly db: CloudDb,
    private readonly kind: DbKind,
    private readonly now: () => number,
  ) {}

  async start(userId: string, input: AlbaStartInput): Promise<AlbaStream> {
    const now = this.now();
    const row: StreamRow = {
      id: randomUUID(),
      user_id: userId,
      stream_id: input.streamId ?? `stream-${randomBytes(6).toString('hex')}`,
      label: input.label ?? input.streamId ?? 'stream',
      channels: input.channelLabels.length,
      channel_labels: JSON.stringify(input.channelLabels),
      sample_rate: input.sampleRateHz,
      status: 'active',
      total_samples: 0,
      created_at: now,
      stopped_at: null,
    };
    try {
      await this.db.insertInto('alba_streams').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(`a stream named "${row.stream_id}" already exists; choose another id`);
      throw error;
    }
    return toStream(row);
  }

  async append(
    userId: string,
    streamId: string,
    samples: readonly (readonly number[])[],
    firstSample: number | undefined,
  ): Promise<AlbaAppendResponse> {
    return this.db.transaction().execute(async (trx) => {
      // The stream row is the append position: locked on PostgreSQL, and SQLite has one writer at a time.
      let query = trx
        .selectFrom('alba_streams')
        .selectAll()
        .where('user_id', '=', userId)
        .where('stream_id', '=', streamId);
      if (this.kind === 'postgres') query = query.forUpdate();
      const stream = await query.executeTakeFirst();
      if (!stream) throw notFound(`No stream "${streamId}"`);
      const at = stream.total_samples;
      if (firstSample !== undefined) {
        if (firstSample + samples.length <= at) {
          return { stream_id: streamId, accepted: 0, duplicate: true, total_samples: at };
        }
        if (firstSample !== at) {
          throw conflict(`this stream continues at sample ${at}, not ${firstSample}`, {
            expected_offset: at,
          });
        }
      }
      if (stream.status !== 'active') throw conflict(`stream "${streamId}" is stopped; start a new one`);
      const data = packRows(samples, stream.channels);
      await trx
        .insertInto('alba_chunks')
        .values({ stream_pk: stream.id, first_sample: at, sample_count: samples.length, data })
        .execute();
      await trx
        .updateTable('alba_streams')
        .set({ total_samples: at + samples.length })
        .where('id', '=', stream.id)
        .execute();
      return {
        stream_id: streamId,
        accepted: samples.length,
        duplicate: false,
        total_samples: at + samples.length,
      };
    });
  }

  /** The latest `limit` rows. */
  async read(userId: string, streamId: string, limit: number): Promise<AlbaDataResponse> {
    const stream = await this.load(userId, streamId);
    const from = Math.max(0, stream.total_samples - limit);
    const chunks = await this.db
      .selectFrom('alba_chunks')
      .select(['first_sample', 'sample_count', 'data'])
      .where('stream_pk', '=', stream.id)
      .where((eb) => eb(eb('first_sample', '+', eb.ref('sample_count')), '>', from))
      .orderBy('first_sample')
      .execute();
    const rows: number[][] = [];
    for (const chunk of chunks) {
      const view = new DataView(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
      for (let r = Math.max(0, from - chunk.first_sample); r < chunk.sample_count; r++) {
        const row = new Array<number>(stream.channels);
        for (let c = 0; c < stream.channels; c++)
          row[c] = view.getFloat32((r * stream.channels + c) * 4, true);
        rows.push(row);
      }
    }
    return {
      stream_id: stream.stream_id,
      channels: stream.channels,
      channel_labels: JSON.parse(stream.channel_labels) as string[],
      sample_rate: stream.sample_rate,
      status: stream.status as AlbaStreamStatus,
      first_sample: from,
      samples: rows,
      total_samples: stream.total_samples,
    };
  }

  async stop(userId: string, streamId: string): Promise<AlbaStream> {
    const stream = await this.load(userId, streamId);
    if (stream.status === 'active') {
      await this.db
        .updateTable('alba_streams')
        .set({ status: 'stopped', stopped_at: this.now() })
        .where('id', '=', stream.id)
        .where('status', '=', 'active')
        .execute();
    }
    return toStream(await this.load(userId, streamId));
  }

  async get(userId: string, streamId: string): Promise<AlbaStream> {
    return toStream(await this.load(userId, streamId));
  }

  async list(userId: string): Promise<AlbaStream[]> {
    const rows = await this.db
      .selectFrom('alba_streams')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('stream_id')
      .execute();
    return rows.map(toStream);
  }

  async activeCount(userId?: string): Promise<number> {
    let query = this.db
      .selectFrom('alba_streams')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active');
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return (await query.executeTakeFirstOrThrow()).n;
  }

  private async load(userId: string, streamId: string): Promise<StreamRow> {
    const row = await this.db
      .selectFrom('alba_streams')
      .selectAll()
      .where('user_id', '=', userId)
      .where('stream_id', '=', streamId)
      .executeTakeFirst();
    if (!row) throw notFound(`No stream "${streamId}"`);
    return row;
  }
}

/** Row-major little-endian float32; every row must have one finite value per channel. */
function packRows(samples: readonly (readonly number[])[], channels: number): Uint8Array {
  const out = new Uint8Array(samples.length * channels * 4);
  const view = new DataView(out.buffer);
  samples.forEach((row, r) => {
    if (row.length !== channels) {
      throw invalidRequest(
        `body.samples.${r}: has ${row.length} values; the stream has ${channels} channels`,
      );
    }
    row.forEach((value, c) => {
      if (!Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) {
        throw invalidRequest(`body.samples.${r}.${c}: ${value} is not a finite float32 value`);
      }
      view.setFloat32((r * channels + c) * 4, value, true);
    });
  });
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

function toStream(row: StreamRow): AlbaStream {
  return {
    stream_id: row.stream_id,
    label: row.label,
    channels: row.channels,
    channel_labels: JSON.parse(row.channel_labels) as string[],
    sample_rate: row.sample_rate,
    status: row.status as AlbaStreamStatus,
    total_samples: row.total_samples,
    created_at: new Date(row.created_at).toISOString(),
    stopped_at: row.stopped_at === null ? null : new Date(row.stopped_at).toISOString(),
  };
}
