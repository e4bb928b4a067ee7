// POST /auth/register, /auth/login, /auth/refresh, /auth/api-key, /auth/logout; GET /auth/api-keys;
// DELETE /auth/api-keys/{id}; DELETE /user.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiKeyListResponse, DeleteUserResponse } from '../../shared/cloud';
import { cleanText, label, normaliseEmail, parseInput, uuidParam } from '../http/validate';
import type { AppContext } from '../server';

/** Long enough for a passphrase, short enough that hashing it cannot be used to load the server. */
const MAX_PASSWORD = 1024;

const RegisterBody = z.strictObject({
  email: z.email({ error: 'must be an email address' }).max(254).transform(normaliseEmail),
  password: cleanText({ min: 8, max: MAX_PASSWORD }),
});
// Login accepts any email-sized text: a malformed address is just a wrong one (401), never a hint.
const LoginBody = z.strictObject({
  email: cleanText({ min: 1, max: 320 }).transform(normaliseEmail),
  password: z.string().min(1).max(MAX_PASSWORD),
});
const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(512) });
const ApiKeyBody = z.strictObject({ label: label(100) });
const LogoutBody = z
  .strictObject({ scope: z.enum(['session', 'all']).default('session') })
  .default({ scope: 'session' });
const KeyParams = z.object({ id: uuidParam });

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/auth/register', async (request, reply) => {
    const body = parseInput(RegisterBody, request.body, 'body');
    const created = await ctx.auth.register(body.email, body.password, ctx.requestContext(request));
    return reply.code(201).send(created);
  });

  app.post('/auth/login', async (request) => {
    const body = parseInput(LoginBody, request.body, 'body');
    return ctx.auth.login(body.email, body.password, ctx.requestContext(request));
  });

  app.post('/auth/refresh', async (request) => {
    const body = parseInput(RefreshBody, request.body, 'body');
    return ctx.auth.refresh(body.refresh_token, ctx.requestContext(request));
  });

  app.post('/auth/api-key', async (request) => {
    const who = await ctx.authenticate(request);
    const body = parseInput(ApiKeyBody, request.body, 'body');
    return ctx.auth.createApiKey(who, body.label, ctx.requestContext(request));
  });

  app.get('/auth/api-keys', async (request): Promise<ApiKeyListResponse> => {
    const who = await ctx.authenticate(request);
    return { api_keys: await ctx.auth.listApiKeys(who) };
  });

  app.delete('/auth/api-keys/:id', async (request) => {
    const who = await ctx.authenticate(request);
    const { id } = parseInput(KeyParams, request.params, 'path');
    return ctx.auth.revokeApiKey(who, id, ctx.requestContext(request));
  });

  app.post('/auth/logout', async (request) => {
    const who = await ctx.authenticate(request);
    const body = parseInput(LogoutBody, request.body, 'body');
    return ctx.auth.logout(who, body.scope, ctx.requestContext(request));
  });

  app.delete('/user', async (request): Promise<DeleteUserResponse> => {
    const who = await ctx.authenticate(request);
    await ctx.auth.deleteUser(who, ctx.requestContext(request));
    return { deleted: true, user_id: who.userId };
  });
}
