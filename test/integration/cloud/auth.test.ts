// Authentication against the real server, on SQLite and on PostgreSQL: every row of API.md's error table, token
// forgery and expiry, refresh rotation and reuse, API keys, throttling, logout, account deletion, audit rows.
import { createHash } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import type {
  ApiKeyCreateResponse,
  ApiKeyListResponse,
  LoginResponse,
  RefreshResponse,
} from '../../../src/shared/cloud';
import { BACKENDS, TEST_JWT_SECRET, newUser, useTestCloud, type TestCloud } from '../../helpers/cloud';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secretKey = new TextEncoder().encode(TEST_JWT_SECRET);

/** Changes one character in the middle of `s` to another character of the same alphabet. */
function flipOne(s: string, at = Math.floor(s.length / 2)): string {
  const c = s[at]!;
  return s.slice(0, at) + (c === 'A' ? 'B' : 'A') + s.slice(at + 1);
}

async function auditActions(cloud: TestCloud, userId: string | null = null): Promise<string[]> {
  let q = cloud.server.context.database.db.selectFrom('audit_logs').select('action').orderBy('created_at');
  if (userId !== null) q = q.where('user_id', '=', userId);
  return (await q.execute()).map((r) => r.action);
}

describe.each(BACKENDS)('authentication on %s', (backend) => {
  const cloud = useTestCloud(backend, { accessTokenTtlS: 120, clockToleranceS: 0 });

  it('registers, logs in with the seed body and shape, and the token and key both open /health', async () => {
    const c = cloud();
    const user = await newUser(c);
    const { login } = user;
    expect(login.expires_in).toBe(120);
    expect(login.token_type).toBe('Bearer');
    expect(login.refresh_token).toMatch(/^refresh_[A-Za-z0-9_-]{43}$/);
    expect(login.api_key).toMatch(/^api_sk_[A-Za-z0-9_-]{43}$/);

    const header = decodeProtectedHeader(login.token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(login.token);
    expect(claims).toMatchObject({ user_id: login.user_id, sub: login.user_id, email: user.email });
    expect(claims.iss).toBe('clisonix-cloud');
    expect(claims.aud).toBe('clisonix-api');
    expect(typeof claims.jti).toBe('string');
    expect(claims.exp! - claims.iat!).toBe(120);

    const byToken = await c.http('GET', '/health', { token: login.token });
    expect(byToken.status).toBe(200);
    expect(byToken.body.status).toBe('healthy');
    const byKey = await c.http('GET', '/health', { apiKey: login.api_key });
    expect(byKey.status).toBe(200);
    // Uppercase and spaces around the email are the same account.
    const again = await c.http('POST', '/auth/login', {
      json: { email: `  ${user.email.toUpperCase()} `, password: user.password },
    });
    expect(again.status).toBe(200);
  });

  it('stores only hashes of refresh tokens and API keys, and argon2id password hashes', async () => {
    const c = cloud();
    const { login } = await newUser(c);
    const db = c.server.context.database.db;
    const keys = await db.selectFrom('api_keys').selectAll().where('user_id', '=', login.user_id).execute();
    expect(keys.map((k) => k.key_hash)).toContain(sha256(login.api_key));
    expect(JSON.stringify(keys)).not.toContain(login.api_key.slice(7));
    const tokens = await db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('user_id', '=', login.user_id)
      .execute();
    expect(tokens.map((t) => t.token_hash)).toEqual([sha256(login.refresh_token)]);
    expect(JSON.stringify(tokens)).not.toContain(login.refresh_token.slice(8));
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', login.user_id)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('answers a wrong password and an unknown email with the same 401 body and headers', async () => {
    const c = cloud();
    const user = await newUser(c);
    const wrong = await c.http('POST', '/auth/login', {
      json: { email: user.email, password: 'not-the-password' },
    });
    const unknown = await c.http('POST', '/auth/login', {
      json: { email: `nobody-${Date.now()}@example.com`, password: user.password },
    });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'Invalid credentials', message: 'Email or password is incorrect' });
    }
    const strip = (h: Headers) => {
      const kept: string[] = [];
      h.forEach((value, name) => {
        if (!['date', 'content-length', 'keep-alive', 'connection'].includes(name))
          kept.push(`${name}: ${value}`);
      });
      return kept.sort();
    };
    expect(strip(wrong.headers)).toEqual(strip(unknown.headers));
  });

  it('answers no credentials, an unknown key and a malformed Authorization header as API.md says', async () => {
    const c = cloud();
    const none = await c.http('GET', '/health');
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('Authorization required');
    const badKey = await c.http('GET', '/health', { apiKey: 'invalid_key_xxx' });
    expect(badKey.status).toBe(401);
    expect(badKey.body).toEqual({ error: 'Invalid API key' });
    const wellFormedUnknown = await c.http('GET', '/health', { apiKey: `api_sk_${'x'.repeat(43)}` });
    expect(wellFormedUnknown.body).toEqual({ error: 'Invalid API key' });
    const basic = await c.http('GET', '/health', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe('invalid_token');
    const garbage = await c.http('GET', '/health', { token: 'not.a.jwt' });
    expect(garbage.status).toBe(401);
    expect(garbage.body.error).toBe('invalid_token');
  });

  it('refuses alg=none, tampered, re-signed, foreign-audience and HS512 tokens', async () => {
    const c = cloud();
    const { login } = await newUser(c);
    const [header, payload, signature] = login.token.split('.') as [string, string, string];
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = decodeJwt(login.token);
    const forgeries = {
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      algNoneNoDot: `${b64({ alg: 'none', typ: 'JWT' })}.${payload}`,
      tamperedPayload: `${header}.${b64({ ...claims, email: 'admin@example.com' })}.${signature}`,
      tamperedSignature: `${header}.${payload}.${flipOne(signature, 5)}`,
      otherSecret: await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode('x'.repeat(48))),
      otherAudience: await new SignJWT({ ...claims, aud: 'someone-else' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secretKey),
      otherIssuer: await new SignJWT({ ...claims, iss: 'evil' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secretKey),
      hs512: await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
        .sign(secretKey),
      noTyp: await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(secretKey),
      noSession: await new SignJWT({ ...claims, sid: undefined })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secretKey),
      unknownSession: await new SignJWT({ ...claims, sid: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secretKey),
      future: await new SignJWT({ ...claims, iat: claims.iat! + 3600, exp: claims.exp! + 3600 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secretKey),
    };
    for (const [name, token] of Object.entries(forgeries)) {
      const r = await c.http('GET', '/health', { token });
      expect([name, r.status, r.body.error]).toEqual([name, 401, 'invalid_token']);
    }
    // The genuine token still works: the refusals were about the forgeries.
    expect((await c.http('GET', '/health', { token: login.token })).status).toBe(200);
  });

  it('answers an expired token with token_expired and its expiry time, then refresh gives a working one', async () => {
    const c = cloud();
    const { login } = await newUser(c);
    const exp = decodeJwt(login.token).exp!;
    c.clock.advance(121_000);
    const expired = await c.http('GET', '/health', { token: login.token });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      error: 'token_expired',
      message: 'Token has expired. Please refresh.',
      expires_at: new Date(exp * 1000).toISOString(),
    });
    const refreshed = await c.http<RefreshResponse>('POST', '/auth/refresh', {
      json: { refresh_token: login.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBe(120);
    expect(refreshed.body.refresh_token).not.toBe(login.refresh_token);
    expect((await c.http('GET', '/health', { token: refreshed.body.token })).status).toBe(200);
  });

  it('rotates refresh tokens; reuse after the grace window ends the whole login', async () => {
    const c = cloud();
    const { login } = await newUser(c);
    const first = await c.http<RefreshResponse>('POST', '/auth/refresh', {
      json: { refresh_token: login.refresh_token },
    });
    expect(first.status).toBe(200);
    const second = await c.http<RefreshResponse>('POST', '/auth/refresh', {
      json: { refresh_token: first.body.refresh_token },
    });
    expect(second.status).toBe(200);

    c.clock.advance(31_000);
    const reuse = await c.http('POST', '/auth/refresh', { json: { refresh_token: login.refresh_token } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error).toBe('invalid_refresh_token');
    // The family is gone: the newest refresh token, every JWT of the login and its API key.
    const newest = await c.http('POST', '/auth/refresh', {
      json: { refresh_token: second.body.refresh_token },
    });
    expect(newest.status).toBe(401);
    expect(newest.body.error).toBe('invalid_refresh_token');
    expect((await c.http('GET', '/health', { token: second.body.token })).body.error).toBe('invalid_token');
    expect((await c.http('GET', '/health', { apiKey: login.api_key })).body).toEqual({
      error: 'Invalid API key',
    });
    expect(await auditActions(c, login.user_id)).toContain('refresh_reuse_detected');
  });

  it('lets two concurrent refreshes with one token both succeed without ending the login', async () => {
    const c = cloud();
    const { login } = await newUser(c);
    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        c.http<RefreshResponse>('POST', '/auth/refresh', { json: { refresh_token: login.refresh_token } }),
      ),
    );
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(a!.body.refresh_token).not.toBe(b!.body.refresh_token);
    for (const r of [a!, b!]) {
      expect((await c.http('GET', '/health', { token: r.body.token })).status).toBe(200);
      const next = await c.http('POST', '/auth/refresh', { json: { refresh_token: r.body.refresh_token } });
      expect(next.status).toBe(200);
    }
    expect(await auditActions(c, login.user_id)).toContain('refresh_concurrent');
  });

  it('refuses unknown, malformed and expired refresh tokens, and a missing one as a bad request', async () => {
    const c = cloud();
    for (const token of [
      'garbage',
      `refresh_${'A'.repeat(43)}`,
      'refresh_eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
    ]) {
      const r = await c.http('POST', '/auth/refresh', { json: { refresh_token: token } });
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('invalid_refresh_token');
    }
    const missing = await c.http('POST', '/auth/refresh', { json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
    expect(missing.body.message).toMatch(/body\.refresh_token/);

    const { login } = await newUser(c);
    c.clock.advance(7 * 24 * 3600 * 1000 + 1000);
    const expired = await c.http('POST', '/auth/refresh', { json: { refresh_token: login.refresh_token } });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('invalid_refresh_token');
  });

  it('creates, lists and revokes API keys; an API key cannot mint keys; flipped keys are refused', async () => {
    const c = cloud();
    const { login } = await newUser(c);
    const created = await c.http<ApiKeyCreateResponse>('POST', '/auth/api-key', {
      token: login.token,
      json: { label: 'production-server' },
    });
    expect(created.status).toBe(200);
    expect(created.body.label).toBe('production-server');
    expect(Date.parse(created.body.created_at)).not.toBeNaN();
    const key = created.body.api_key;
    expect((await c.http('GET', '/health', { apiKey: key })).status).toBe(200);

    for (let at = 7; at < key.length; at += 9) {
      const flipped = await c.http('GET', '/health', { apiKey: flipOne(key, at) });
      expect(flipped.status).toBe(401);
      expect(flipped.body).toEqual({ error: 'Invalid API key' });
    }

    const minted = await c.http('POST', '/auth/api-key', { apiKey: key, json: { label: 'escalation' } });
    expect(minted.status).toBe(403);
    expect(minted.body.error).toBe('insufficient_permissions');
    const bearerKey = await c.http('POST', '/auth/api-key', { token: key, json: { label: 'escalation' } });
    expect(bearerKey.status).toBe(403);

    const listed = await c.http<ApiKeyListResponse>('GET', '/auth/api-keys', { apiKey: key });
    expect(listed.status).toBe(200);
    const mine = listed.body.api_keys.find((k) => k.id === created.body.id);
    expect(mine).toMatchObject({ label: 'production-server', revoked_at: null, from_login: false });
    expect(mine?.prefix).toBe(key.slice(0, 13));
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(13));
    expect(listed.body.api_keys.some((k) => k.from_login)).toBe(true);

    const byKey = await c.http('DELETE', `/auth/api-keys/${created.body.id}`, { apiKey: key });
    expect(byKey.status).toBe(403);
    const revoked = await c.http('DELETE', `/auth/api-keys/${created.body.id}`, { token: login.token });
    expect(revoked.status).toBe(200);
    expect((await c.http('GET', '/health', { apiKey: key })).body).toEqual({ error: 'Invalid API key' });
    const unknown = await c.http('DELETE', `/auth/api-keys/${crypto.randomUUID()}`, { token: login.token });
    expect(unknown.status).toBe(404);
    const notUuid = await c.http('DELETE', `/auth/api-keys/1%27%20OR%201=1`, { token: login.token });
    expect(notUuid.status).toBe(400);
  });

  it("does not let one user see or revoke another user's keys", async () => {
    const c = cloud();
    const alice = await newUser(c, 'alice');
    const bob = await newUser(c, 'bob');
    const aliceKey = await c.http<ApiKeyCreateResponse>('POST', '/auth/api-key', {
      token: alice.login.token,
      json: { label: 'alice' },
    });
    const steal = await c.http('DELETE', `/auth/api-keys/${aliceKey.body.id}`, { token: bob.login.token });
    expect(steal.status).toBe(404);
    const bobs = await c.http<ApiKeyListResponse>('GET', '/auth/api-keys', { token: bob.login.token });
    expect(bobs.body.api_keys.map((k) => k.id)).not.toContain(aliceKey.body.id);
    expect((await c.http('GET', '/health', { apiKey: aliceKey.body.api_key })).status).toBe(200);
  });

  it('throttles logins: the eleventh bad password gets 429 with Retry-After, even with the right password', async () => {
    const c = cloud();
    const user = await newUser(c);
    for (let i = 1; i <= 10; i++) {
      const r = await c.http('POST', '/auth/login', { json: { email: user.email, password: `wrong-${i}` } });
      expect([i, r.status]).toEqual([i, 401]);
    }
    const eleventh = await c.http('POST', '/auth/login', {
      json: { email: user.email, password: 'wrong-11' },
    });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error).toBe('rate_limited');
    const retryAfter = Number(eleventh.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(eleventh.body.retry_after_s).toBe(retryAfter);
    const right = await c.http('POST', '/auth/login', {
      json: { email: user.email, password: user.password },
    });
    expect(right.status).toBe(429);
    // Another account from the same address is not locked out by this one.
    const other = await newUser(c);
    expect(other.login.token).toBeTruthy();

    c.clock.advance(retryAfter * 1000 + 1000);
    const later = await c.http('POST', '/auth/login', {
      json: { email: user.email, password: user.password },
    });
    expect(later.status).toBe(200);
    expect(await auditActions(c, user.login.user_id)).toEqual(expect.arrayContaining(['login_failed']));
    expect(await auditActions(c)).toContain('login_throttled');
  });

  it('logout ends this login at once; scope "all" ends every login and every key', async () => {
    const c = cloud();
    const user = await newUser(c);
    const second = (
      await c.http<LoginResponse>('POST', '/auth/login', {
        json: { email: user.email, password: user.password },
      })
    ).body;
    const service = await c.http<ApiKeyCreateResponse>('POST', '/auth/api-key', {
      token: user.login.token,
      json: { label: 'service' },
    });

    const out = await c.http('POST', '/auth/logout', { token: user.login.token });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ revoked_sessions: 1, revoked_api_keys: 1 });
    expect((await c.http('GET', '/health', { token: user.login.token })).body.error).toBe('invalid_token');
    expect((await c.http('GET', '/health', { apiKey: user.login.api_key })).body.error).toBe(
      'Invalid API key',
    );
    const refresh = await c.http('POST', '/auth/refresh', {
      json: { refresh_token: user.login.refresh_token },
    });
    expect(refresh.body.error).toBe('invalid_refresh_token');
    // The other login and the service key live on.
    expect((await c.http('GET', '/health', { token: second.token })).status).toBe(200);
    expect((await c.http('GET', '/health', { apiKey: service.body.api_key })).status).toBe(200);

    const all = await c.http('POST', '/auth/logout', { token: second.token, json: { scope: 'all' } });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ revoked_sessions: 1, revoked_api_keys: 2 });
    expect((await c.http('GET', '/health', { token: second.token })).status).toBe(401);
    expect((await c.http('GET', '/health', { apiKey: second.api_key })).status).toBe(401);
    expect((await c.http('GET', '/health', { apiKey: service.body.api_key })).status).toBe(401);
    const bad = await c.http('POST', '/auth/logout', {
      token: (await newUser(c)).login.token,
      json: { scope: 'x' },
    });
    expect(bad.status).toBe(400);
  });

  it('DELETE /user ends every token and key of the account and answers later calls as API.md says', async () => {
    const c = cloud();
    const user = await newUser(c);
    const key = await c.http<ApiKeyCreateResponse>('POST', '/auth/api-key', {
      token: user.login.token,
      json: { label: 'k' },
    });
    const refreshed = await c.http<RefreshResponse>('POST', '/auth/refresh', {
      json: { refresh_token: user.login.refresh_token },
    });
    const byKey = await c.http('DELETE', '/user', { apiKey: key.body.api_key });
    expect(byKey.status).toBe(403);
    expect(byKey.body.error).toBe('insufficient_permissions');

    const deleted = await c.http('DELETE', '/user', { token: refreshed.body.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: true, user_id: user.login.user_id });

    for (const token of [user.login.token, refreshed.body.token]) {
      expect((await c.http('GET', '/status', { token })).body.error).toBe('invalid_token');
    }
    for (const apiKey of [user.login.api_key, key.body.api_key]) {
      expect((await c.http('GET', '/status', { apiKey })).body).toEqual({ error: 'Invalid API key' });
    }
    const refresh = await c.http('POST', '/auth/refresh', {
      json: { refresh_token: refreshed.body.refresh_token },
    });
    expect(refresh.body.error).toBe('invalid_refresh_token');
    const login = await c.http('POST', '/auth/login', {
      json: { email: user.email, password: user.password },
    });
    expect(login.body.error).toBe('Invalid credentials');
    const db = c.server.context.database.db;
    for (const table of ['users', 'sessions', 'refresh_tokens', 'api_keys'] as const) {
      const column = table === 'users' ? 'id' : 'user_id';
      const rows = await db.selectFrom(table).select(column).where(column, '=', user.login.user_id).execute();
      expect([table, rows.length]).toEqual([table, 0]);
    }
    // The audit trail outlives the account, unlinked from it.
    const trail = await db
      .selectFrom('audit_logs')
      .select(['action', 'detail'])
      .where('action', '=', 'user_deleted')
      .execute();
    expect(trail.map((r) => r.detail)).toContain(`user ${user.login.user_id}`);
    // The same email can sign up again afterwards.
    const again = await c.http('POST', '/auth/register', {
      json: { email: user.email, password: user.password },
    });
    expect(again.status).toBe(201);
  });

  it('registers each email once and checks email and password shape', async () => {
    const c = cloud();
    const user = await newUser(c);
    const duplicate = await c.http('POST', '/auth/register', {
      json: { email: user.email.toUpperCase(), password: 'another-password' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('conflict');
    const short = await c.http('POST', '/auth/register', {
      json: { email: 'short@example.com', password: 'abc' },
    });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/body\.password/);
    const notEmail = await c.http('POST', '/auth/register', {
      json: { email: 'not-an-email', password: 'long-enough-1' },
    });
    expect(notEmail.status).toBe(400);
    expect(notEmail.body.message).toMatch(/body\.email/);
  });

  it('writes an audit row for every authentication event and never a secret in it', async () => {
    const c = cloud();
    const user = await newUser(c);
    await c.http('POST', '/auth/login', { json: { email: user.email, password: 'wrong-password' } });
    const refreshed = await c.http<RefreshResponse>('POST', '/auth/refresh', {
      json: { refresh_token: user.login.refresh_token },
    });
    const key = await c.http<ApiKeyCreateResponse>('POST', '/auth/api-key', {
      token: refreshed.body.token,
      json: { label: 'audit' },
    });
    await c.http('POST', '/auth/api-key', { apiKey: key.body.api_key, json: { label: 'no' } });
    await c.http('DELETE', `/auth/api-keys/${key.body.id}`, { token: refreshed.body.token });
    await c.http('GET', '/health', { apiKey: key.body.api_key });
    await c.http('POST', '/auth/logout', { token: refreshed.body.token });
    const rows = await c.server.context.database.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('user_id', '=', user.login.user_id)
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'register',
        'login',
        'login_failed',
        'refresh',
        'api_key_created',
        'permission_denied',
        'api_key_revoked',
        'logout',
      ]),
    );
    const failed = await auditActions(c);
    expect(failed).toContain('auth_failed');
    for (const row of rows) {
      expect(row.ip).toBe('127.0.0.1');
      expect(row.endpoint).toMatch(/^(GET|POST|DELETE) \//);
    }
    const everything = JSON.stringify(
      await c.server.context.database.db.selectFrom('audit_logs').selectAll().execute(),
    );
    for (const secret of [
      user.password,
      user.login.refresh_token,
      user.login.api_key,
      key.body.api_key,
      user.login.token,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
