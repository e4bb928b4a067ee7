// Hostile input against the real server, on SQLite and on PostgreSQL: malformed and oversized bodies, wrong media
// types, injection strings, control characters, absurd numbers, unknown routes and rate limits. Each gets the
// 4xx API.md names; no request gets a 5xx (checked by useTestCloud at the end of each suite).
import { describe, expect, it } from 'vitest';
import type { ApiKeyCreateResponse, ApiKeyListResponse } from '../../../src/shared/cloud';
import { BACKENDS, newUser, useTestCloud, type TestCloud, type TestUser } from '../../helpers/cloud';

const INJECTIONS = [
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  "1'); DELETE FROM api_keys; --",
  '${jndi:ldap://evil.example/a}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '{"$gt": ""}',
  '\u202e\ufeffunicode\u2028line',
  'ʕ•ᴥ•ʔ 🧠 Δf = 10 Hz',
];

/** Every JSON endpoint, with the credentials it needs. */
function jsonEndpoints(user: TestUser): { method: string; path: string; token?: string }[] {
  const token = user.login.token;
  return [
    { method: 'POST', path: '/auth/register' },
    { method: 'POST', path: '/auth/login' },
    { method: 'POST', path: '/auth/refresh' },
    { method: 'POST', path: '/auth/api-key', token },
    { method: 'POST', path: '/auth/logout', token },
    { method: 'POST', path: '/api/ask', token },
    { method: 'POST', path: '/api/uploads', token },
    { method: 'POST', path: '/api/alba/streams/start', token },
    { method: 'POST', path: '/api/alba/streams/s-abuse/data', token },
  ];
}

describe.each(BACKENDS)('hostile input on %s', (backend) => {
  const cloud = useTestCloud(backend, { limits: { jsonBodyBytes: 64 * 1024 } });
  let user: TestUser;

  async function freshUser(c: TestCloud): Promise<TestUser> {
    user = await newUser(c);
    const started = await c.http('POST', '/api/alba/streams/start', {
      token: user.login.token,
      json: { stream_id: 's-abuse', channels: 2 },
    });
    expect(started.status).toBe(201);
    return user;
  }

  it('answers malformed JSON bodies on every JSON endpoint with 400 invalid_request', async () => {
    const c = cloud();
    const u = await freshUser(c);
    const bodies = [
      '{bad json',
      '{"email": "a@example.com",}',
      '[]',
      '"just a string"',
      'null',
      '123',
      'true',
      '{"email": 5, "password": ["x"], "refresh_token": {}, "label": null, "question": 7, "kind": 1, "channels": "x", "samples": "x"}',
      '{"__proto__": {"admin": true}}',
      '{"constructor": {"prototype": {"admin": true}}}',
      '\u0000\u0001',
      '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
    ];
    for (const endpoint of jsonEndpoints(u)) {
      for (const body of bodies) {
        // logout takes an optional body; everything it is sent here is still malformed or of the wrong shape
        const r = await c.http(endpoint.method, endpoint.path, {
          json: body,
          ...(endpoint.token === undefined ? {} : { token: endpoint.token }),
        });
        expect([endpoint.path, body.slice(0, 30), r.status, r.body.error]).toEqual([
          endpoint.path,
          body.slice(0, 30),
          400,
          'invalid_request',
        ]);
        expect(typeof r.body.message).toBe('string');
      }
    }
    // The user is still there and unharmed.
    expect((await c.http('GET', '/health', { token: u.login.token })).status).toBe(200);
  });

  it('names the fields that are wrong', async () => {
    const c = cloud();
    const r = await c.http('POST', '/auth/register', { json: { email: 'x@example.com' } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^body\.password: /);
    const alba = await c.http('POST', '/api/alba/streams/start', {
      token: (await freshUser(c)).login.token,
      json: { channels: 0, sample_rate: -5 },
    });
    expect(alba.status).toBe(400);
    expect(alba.body.message).toMatch(/body\.channels/);
    expect(alba.body.message).toMatch(/body\.sample_rate/);
  });

  it('refuses oversized bodies with 413 and wrong media types with 415', async () => {
    const c = cloud();
    const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(100 * 1024) });
    const tooBig = await c.http('POST', '/auth/login', { json: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toBe('invalid_request');
    expect(tooBig.body.message).toMatch(/larger than the limit of 65536 bytes/);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const r = await c.http('POST', '/auth/login', {
        body: 'email=a&password=b',
        headers: { 'content-type': type },
      });
      expect([type, r.status, r.body.error]).toEqual([type, 415, 'invalid_request']);
    }
    const noType = await c.http('POST', '/auth/login', { body: '{"email":"a","password":"b"}' });
    expect(noType.status).toBeGreaterThanOrEqual(400);
    expect(noType.status).toBeLessThan(500);
    const empty = await c.http('POST', '/auth/login', { json: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('invalid_request');
  });

  it('stores injection strings verbatim where text is allowed and refuses them where an id is expected', async () => {
    const c = cloud();
    const u = await freshUser(c);
    for (const text of INJECTIONS) {
      const login = await c.http('POST', '/auth/login', { json: { email: text, password: text } });
      expect([text, login.status, login.body.error]).toEqual([text, 401, 'Invalid credentials']);
      const register = await c.http('POST', '/auth/register', {
        json: { email: text, password: 'long-enough-pw' },
      });
      expect([text, register.status]).toEqual([text, 400]);

      const key = await c.http<ApiKeyCreateResponse>('POST', '/auth/api-key', {
        token: u.login.token,
        json: { label: text.replace('\u2028', ' ') },
      });
      expect([text, key.status]).toEqual([text, 200]);
      expect(key.body.label).toBe(text.replace('\u2028', ' ').trim());

      const ask = await c.http('POST', '/api/ask', {
        token: u.login.token,
        json: { question: text, context: text },
      });
      expect([text, ask.status]).toEqual([text, 200]);
      expect(ask.body.question).toBe(text);

      const stream = await c.http('POST', '/api/alba/streams/start', {
        token: u.login.token,
        json: { stream_id: text, channels: 1 },
      });
      expect([text, stream.status]).toEqual([text, 400]);
      for (const path of [
        `/api/alba/streams/${encodeURIComponent(text)}/data`,
        `/api/uploads/${encodeURIComponent(text)}`,
        `/api/neural-symphony?recording_id=${encodeURIComponent(text)}`,
        `/auth/api-keys/${encodeURIComponent(text)}`,
      ]) {
        const method = path.startsWith('/auth/api-keys') ? 'DELETE' : 'GET';
        const r = await c.http(method, path, { token: u.login.token });
        expect([400, 404], `${method} ${path} answered ${r.status}`).toContain(r.status);
      }
    }
    // An apostrophe in a real address is just a character.
    const oreilly = `o'reilly+${Date.now()}@example.com`;
    expect(
      (await c.http('POST', '/auth/register', { json: { email: oreilly, password: "pass'word--" } })).status,
    ).toBe(201);
    expect(
      (await c.http('POST', '/auth/login', { json: { email: oreilly, password: "pass'word--" } })).status,
    ).toBe(200);
    const keys = await c.http<ApiKeyListResponse>('GET', '/auth/api-keys', { token: u.login.token });
    expect(keys.body.api_keys.filter((k) => !k.from_login)).toHaveLength(INJECTIONS.length);
    const users = await c.server.context.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(users.n).toBeGreaterThanOrEqual(2);
  });

  it('refuses NUL and other control characters in text fields', async () => {
    const c = cloud();
    const u = await freshUser(c);
    const cases: [string, string, object][] = [
      ['POST', '/auth/register', { email: 'nul\u0000@example.com', password: 'long-enough-pw' }],
      ['POST', '/auth/register', { email: 'ok@example.com', password: 'long\u0000enough' }],
      ['POST', '/auth/login', { email: 'a\u0000b@example.com', password: 'x' }],
      ['POST', '/auth/api-key', { label: 'two\nlines' }],
      ['POST', '/auth/api-key', { label: 'nul\u0000' }],
      ['POST', '/api/ask', { question: 'what\u0000' }],
      ['POST', '/api/alba/streams/start', { channels: ['Fp1', 'bad\u0007'] }],
    ];
    for (const [method, path, json] of cases) {
      const r = await c.http(method, path, { token: u.login.token, json });
      expect([path, r.status, r.body.error]).toEqual([path, 400, 'invalid_request']);
    }
  });

  it('refuses absurd numbers and bad query values', async () => {
    const c = cloud();
    const u = await freshUser(c);
    const token = u.login.token;
    const cases: [string, string, object | undefined][] = [
      ['POST', '/api/alba/streams/s-abuse/data', { samples: [[1, 2]], first_sample: 1e308 }],
      ['POST', '/api/alba/streams/s-abuse/data', { samples: [[1, 2]], first_sample: -1 }],
      ['POST', '/api/alba/streams/s-abuse/data', { samples: [[1, 2]], first_sample: 1.5 }],
      ['POST', '/api/alba/streams/s-abuse/data', { samples: [[1e39, 2]] }],
      ['POST', '/api/alba/streams/s-abuse/data', { samples: [[1, 2, 3]] }],
      ['POST', '/api/alba/streams/s-abuse/data', { samples: [] }],
      ['POST', '/api/alba/streams/start', { channels: 257 }],
      ['POST', '/api/alba/streams/start', { channels: 2, sample_rate: 1e9 }],
      ['POST', '/api/uploads', { kind: 'eeg', file_name: 'a', size_bytes: -1, sha256: 'a'.repeat(64) }],
      ['POST', '/api/uploads', { kind: 'eeg', file_name: 'a', size_bytes: 10, sha256: 'not-hex' }],
      ['POST', '/api/uploads', { kind: 'video', file_name: 'a', size_bytes: 10, sha256: 'a'.repeat(64) }],
      ['GET', '/api/alba/streams/s-abuse/data?limit=abc', undefined],
      ['GET', '/api/alba/streams/s-abuse/data?limit=-1', undefined],
      ['GET', '/api/alba/streams/s-abuse/data?limit=99999999999999', undefined],
      ['GET', '/api/alba/streams/s-abuse/data?limit=1&limit=2', undefined],
      ['GET', `/api/neural-symphony?recording_id=1`, undefined],
      ['POST', '/api/brain/music/brainsync?mode=party', undefined],
      ['PUT', `/api/uploads/${crypto.randomUUID()}/parts?offset=x`, undefined],
    ];
    for (const [method, path, json] of cases) {
      const r = await c.http(method, path, { token, ...(json === undefined ? {} : { json }) });
      const expected = r.status === 503 && r.body.error === 'engine_unavailable' ? 503 : 400;
      expect([path, JSON.stringify(json), r.status]).toEqual([path, JSON.stringify(json), expected]);
    }
    const oversizedUpload = await c.http('POST', '/api/uploads', {
      token,
      json: { kind: 'eeg', file_name: 'big.edf', size_bytes: 2 ** 40, sha256: 'a'.repeat(64) },
    });
    expect(oversizedUpload.status).toBe(413);
  });

  it('answers unknown routes and methods with a JSON 404, and odd headers with 401', async () => {
    const c = cloud();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['DELETE', '/health'],
      ['PATCH', '/auth/login'],
      ['GET', '/%2e%2e/%2e%2e/etc/passwd'],
    ] as const) {
      const r = await c.http(method, path);
      expect([path, r.status, r.body.error]).toEqual([path, 404, 'not_found']);
    }
    const huge = await c.http('GET', '/health', { headers: { authorization: `Bearer ${'a'.repeat(8000)}` } });
    expect(huge.status).toBe(401);
    const hugeKey = await c.http('GET', '/health', { headers: { 'x-api-key': 'k'.repeat(8000) } });
    expect(hugeKey.body).toEqual({ error: 'Invalid API key' });
    const lower = await c.http('GET', '/health', { headers: { authorization: 'bearer   ' } });
    expect(lower.status).toBe(401);
  });

  it('sets security headers and no CORS grant for an unknown origin', async () => {
    const c = cloud();
    const r = await c.http('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe.each(BACKENDS)('rate limits on %s', (backend) => {
  const cloud = useTestCloud(backend, {
    rateLimits: {
      perIp: { perMinute: 0, burst: 0 },
      authPerIp: { perMinute: 60, burst: 4 },
      perUser: { perMinute: 60, burst: 3 },
    },
  });

  it('limits each user and each address on the auth endpoints, with Retry-After, and recovers', async () => {
    const c = cloud();
    const u = await newUser(c); // register + login: two of the four auth requests in the burst
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await c.http('POST', '/auth/refresh', { json: { refresh_token: 'nope' } })).status);
    }
    expect(codes).toEqual([401, 401, 429, 429]);

    for (let i = 0; i < 3; i++)
      expect((await c.http('GET', '/health', { token: u.login.token })).status).toBe(200);
    const limited = await c.http('GET', '/health', { token: u.login.token });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    c.clock.advance(2000);
    expect((await c.http('GET', '/health', { token: u.login.token })).status).toBe(200);
  });
});
