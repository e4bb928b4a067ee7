// ALBA live streams: POST /api/alba/streams/start, GET /api/alba/streams, GET /api/alba/streams/{id},
// POST /api/alba/streams/{id}/data (append), GET /api/alba/streams/{id}/data?limit= (latest rows),
// POST /api/alba/streams/{id}/stop.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AlbaListResponse } from '../../shared/cloud';
import { intQuery, label, parseInput } from '../http/validate';
import type { AppContext } from '../server';

const STREAM_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_CHANNELS = 256;

const streamId = z.string().regex(STREAM_ID, { error: 'must be 1 to 64 letters, digits, "_", "." or "-"' });
const StartBody = z.strictObject({
  stream_id: streamId.optional(),
  channels: z.union([z.number().int().min(1).max(MAX_CHANNELS), z.array(label(64)).min(1).max(MAX_CHANNELS)]),
  sample_rate: z.number().positive().max(100_000).default(250),
  label: label(200).optional(),
});
const StreamParams = z.object({ id: streamId });

export function albaRoutes(app: FastifyInstance, ctx: AppContext): void {
  const AppendBody = z.strictObject({
    samples: z
      .array(z.array(z.number()).min(1).max(MAX_CHANNELS))
      .min(1)
      .max(ctx.config.limits.albaRowsPerAppend),
    first_sample: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  });
  const ReadQuery = z.object({ limit: intQuery(1, ctx.config.limits.albaReadRows).default(100) });

  app.post('/api/alba/streams/start', async (request, reply) => {
    const who = await ctx.authenticate(request);
    const body = parseInput(StartBody, request.body, 'body');
    const channelLabels =
      typeof body.channels === 'number'
        ? Array.from({ length: body.channels }, (_, i) => `Ch${i + 1}`)
        : body.channels;
    const stream = await ctx.alba.start(who.userId, {
      streamId: body.stream_id,
      channelLabels,
      sampleRateHz: body.sample_rate,
      label: body.label,
    });
    return reply.code(201).send(stream);
  });

  app.get('/api/alba/streams', async (request): Promise<AlbaListResponse> => {
    const who = await ctx.authenticate(request);
    return { streams: await ctx.alba.list(who.userId) };
  });

  app.get('/api/alba/streams/:id', async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(StreamParams, request.params, 'path');
    return ctx.alba.get(who.userId, id);
  });

  app.post('/api/alba/streams/:id/data', { bodyLimit: ctx.config.limits.albaBodyBytes }, async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(StreamParams, request.params, 'path');
    const body = parseInput(AppendBody, request.body, 'body');
    return ctx.alba.append(who.userId, id, body.samples, body.first_sample);
  });

  app.get('/api/alba/streams/:id/data', async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(StreamParams, request.params, 'path');
    const { limit } = parseInput(ReadQuery, request.query, 'query');
    return ctx.alba.read(who.userId, id, limit);
  });

  app.post('/api/alba/streams/:id/stop', async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(StreamParams, request.params, 'path');
    return ctx.alba.stop(who.userId, id);
  });
}
