// Uploads: POST /api/uploads/eeg and /api/uploads/audio (one multipart request), the resumable protocol
// (POST /api/uploads, PUT /api/uploads/{id}/parts?offset=N, POST /api/uploads/{id}/complete, GET and DELETE
// /api/uploads/{id}) and GET /api/recordings.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RecordingKind, RecordingListResponse, UploadResponse } from '../../shared/cloud';
import { invalidRequest } from '../http/errors';
import { readMultipartFile } from '../http/multipart';
import { intQuery, label, parseInput, uuidParam, withoutControlCharacters } from '../http/validate';
import type { AppContext } from '../server';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const SessionBody = z.strictObject({
  kind: z.enum(['eeg', 'audio']),
  file_name: label(255),
  size_bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hex digits' })
    .transform((s) => s.toLowerCase()),
  label: label(200).optional(),
});
const UploadParams = z.object({ id: uuidParam });
const PartQuery = z.object({ offset: intQuery(0, Number.MAX_SAFE_INTEGER) });

export function uploadRoutes(app: FastifyInstance, ctx: AppContext): void {
  const single = (kind: RecordingKind) => async (request: FastifyRequest, reply: FastifyReply) => {
    const who = await ctx.authenticate(request);
    const idempotencyKey = idempotencyKeyOf(request);
    const file = await readMultipartFile(request, ctx.config.limits.singleUploadBytes);
    if (!file) throw invalidRequest('the multipart body has no file field named "file"');
    const fileName = cleanFileName(file.fileName, kind);
    const labelField = file.fields.label;
    const recordingLabel =
      labelField === undefined ? fileName : parseInput(label(200), labelField, 'form.label');
    const outcome = await ctx.recordings.storeWhole({
      userId: who.userId,
      kind,
      fileName,
      label: recordingLabel,
      bytes: file.bytes,
      idempotencyKey,
    });
    const body: UploadResponse = outcome;
    return reply.code(outcome.duplicate ? 200 : 201).send(body);
  };
  app.post('/api/uploads/eeg', single('eeg'));
  app.post('/api/uploads/audio', single('audio'));

  app.get('/api/recordings', async (request): Promise<RecordingListResponse> => {
    const who = await ctx.authenticate(request);
    return { recordings: await ctx.recordings.list(who.userId) };
  });

  app.post('/api/uploads', async (request, reply) => {
    const who = await ctx.authenticate(request);
    const body = parseInput(SessionBody, request.body, 'body');
    const { session, created } = await ctx.uploads.create(
      who.userId,
      {
        kind: body.kind,
        file_name: body.file_name,
        size_bytes: body.size_bytes,
        sha256: body.sha256,
        ...(body.label === undefined ? {} : { label: body.label }),
      },
      idempotencyKeyOf(request),
    );
    return reply.code(created ? 201 : 200).send(session);
  });

  app.get('/api/uploads/:id', async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(UploadParams, request.params, 'path');
    return ctx.uploads.get(who.userId, id);
  });

  app.put('/api/uploads/:id/parts', async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(UploadParams, request.params, 'path');
    const { offset } = parseInput(PartQuery, request.query, 'query');
    if (!(request.body instanceof Buffer)) {
      throw invalidRequest('send the part as Content-Type: application/octet-stream', 415);
    }
    return ctx.uploads.putPart(who.userId, id, offset, request.body);
  });

  app.post('/api/uploads/:id/complete', async (request, reply) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(UploadParams, request.params, 'path');
    const { session, created } = await ctx.uploads.complete(who.userId, id);
    return reply.code(created ? 201 : 200).send(session);
  });

  app.delete('/api/uploads/:id', async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(UploadParams, request.params, 'path');
    await ctx.uploads.abort(who.userId, id);
    return { upload_id: id, deleted: true };
  });
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !IDEMPOTENCY_KEY.test(value)) {
    throw invalidRequest('Idempotency-Key must be 1 to 200 visible ASCII characters');
  }
  return value;
}

/** The sender's file name, reduced to a harmless single line without directories. */
export function cleanFileName(name: string, kind: RecordingKind): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = withoutControlCharacters(base).trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? `upload.${kind === 'eeg' ? 'dat' : 'wav'}` : clean;
}
