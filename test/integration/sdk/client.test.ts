// ClisonixClient against the real cloud server on 127.0.0.1 (and, for faults the real server never makes, a
// forwarding proxy in front of it): every seed method, typed errors, refresh ahead of expiry and on
// token_expired, backoff on 429 and 5xx honouring Retry-After, timeouts, aborts, and no credential in any log.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClisonixAbortError,
  ClisonixAuthError,
  ClisonixClient,
  ClisonixConflictError,
  ClisonixNetworkError,
  ClisonixNotFoundError,
  ClisonixPermissionError,
  ClisonixRateLimitError,
  ClisonixServerError,
  ClisonixTimeoutError,
  ClisonixValidationError,
  type ClisonixClientOptions,
  type RequestLogEntry,
  type StoredTokens,
} from '../../../src/sdk';
import { isUnexpected5xx, startTestCloud, type TestCloud } from '../../helpers/cloud';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = readFileSync(path.join(ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'));
const DEMO_TEXT = DEMO.toString('utf8');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const variant = (tag: string) =>
  new TextEncoder().encode(DEMO_TEXT.replace('%Board = ', `%Note = ${tag}\n%Board = `));

let cloud: TestCloud;
let proxy: FaultProxy;
let counter = 0;

beforeAll(async () => {
  cloud = await startTestCloud('sqlite', {
    accessTokenTtlS: 3600,
    loginThrottle: { maxPerEmail: 2, maxPerIp: 1000, windowS: 900 },
    limits: { partBytes: 512 * 1024 },
    rateLimits: {
      perIp: { perMinute: 0, burst: 0 },
      authPerIp: { perMinute: 0, burst: 0 },
      perUser: { perMinute: 120, burst: 40 },
    },
  });
  proxy = await startFaultProxy(cloud.url);
});

afterAll(async () => {
  await proxy.close();
  const served = cloud.served;
  await cloud.close();
  expect(served.filter(isUnexpected5xx), 'the real server answered no request with a 5xx').toEqual([]);
});

interface Harness {
  readonly client: ClisonixClient;
  readonly log: RequestLogEntry[];
  readonly tokens: (StoredTokens | null)[];
  readonly email: string;
  readonly password: string;
  /** The client's clock offset (the server's clock is not moved by it). */
  skew(ms: number): void;
}

async function loggedIn(options: Partial<ClisonixClientOptions> = {}): Promise<Harness> {
  const log: RequestLogEntry[] = [];
  const tokens: (StoredTokens | null)[] = [];
  let offset = 0;
  const client = new ClisonixClient({
    baseUrl: options.baseUrl ?? cloud.url,
    timeout: 10_000,
    logger: (entry) => log.push(entry),
    onTokens: (t) => tokens.push(t),
    now: () => Date.now() + offset,
    random: () => 0.5,
    ...options,
  });
  const email = `sdk-${process.pid}-${counter++}@example.com`;
  const password = 'sdk-password-123';
  await client.register(email, password);
  await client.login(email, password);
  return {
    client,
    log,
    tokens,
    email,
    password,
    skew: (ms) => {
      offset += ms;
    },
  };
}

const lines = (log: readonly RequestLogEntry[]) => log.map((e) => `${e.method} ${e.path} ${e.status}`);

describe('ClisonixClient against the real server', () => {
  it('runs the seed flow: login, health, status, ask, API key, streams, uploads, refresh', async () => {
    const { client, tokens } = await loggedIn();
    expect(client.authMode).toBe('jwt');
    expect(tokens).toHaveLength(1);
    expect((await client.health()).status).toBe('healthy');
    expect((await client.status()).auth).toBe('jwt');
    const system = await client.systemStatus();
    expect(system.database.kind).toBe('sqlite');
    expect((await client.ask('Hello!')).intent).toBe('greeting');

    const stream = await client.albaStreamsStart('sdk-1', { channels: ['C3', 'C4'], sampleRate: 256 });
    expect(stream).toMatchObject({ stream_id: 'sdk-1', channels: 2, sample_rate: 256, status: 'active' });
    expect(
      await client.albaStreamsAppend(
        'sdk-1',
        [
          [1, 2],
          [3, 4],
        ],
        0,
      ),
    ).toMatchObject({ accepted: 2 });
    expect(
      await client.albaStreamsAppend(
        'sdk-1',
        [
          [1, 2],
          [3, 4],
        ],
        0,
      ),
    ).toMatchObject({ duplicate: true });
    expect((await client.albaStreamsData('sdk-1', 1)).samples).toEqual([[3, 4]]);
    expect((await client.albaStreamsStop('sdk-1')).status).toBe('stopped');
    expect((await client.albaStreamsList()).streams.map((s) => s.stream_id)).toEqual(['sdk-1']);

    const eeg = await client.uploadEeg(new File([variant('sdk')], 'session.txt'), { label: 'sdk session' });
    expect(eeg.recording).toMatchObject({ file_name: 'session.txt', label: 'sdk session', channels: 8 });
    expect(eeg.duplicate).toBe(false);
    const again = await client.uploadEeg(variant('sdk'), { idempotencyKey: 'k-1' });
    expect(again).toEqual({ recording: eeg.recording, duplicate: true });
    const wav = new Uint8Array(44 + 400);
    new TextEncoder().encodeInto('RIFF', wav);
    const view = new DataView(wav.buffer);
    view.setUint32(4, 36 + 400, true);
    new TextEncoder().encodeInto('WAVEfmt ', wav.subarray(8));
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, 8000, true);
    view.setUint32(28, 16000, true);
    view.setUint16(32, 2, true);
    view.setUint16(34, 16, true);
    new TextEncoder().encodeInto('data', wav.subarray(36));
    view.setUint32(40, 400, true);
    const audio = await client.uploadAudio(wav.buffer, { fileName: 'tone.wav' });
    expect(audio.recording).toMatchObject({
      kind: 'audio',
      channels: 1,
      sample_rate: 8000,
      duration_s: 0.025,
    });
    expect((await client.listRecordings()).recordings).toHaveLength(2);

    const key = await client.createApiKey('sdk-service');
    const refreshed = await client.refresh();
    expect(refreshed.expires_in).toBe(3600);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]?.refreshToken).toBe(refreshed.refresh_token);
    expect((await client.health()).status).toBe('healthy');

    const service = new ClisonixClient({ baseUrl: cloud.url });
    service.setApiKey(key.api_key);
    expect(service.authMode).toBe('api_key');
    expect((await service.status()).auth).toBe('api_key');
    await expect(service.createApiKey('escalate')).rejects.toBeInstanceOf(ClisonixPermissionError);
    expect((await client.listApiKeys()).api_keys.map((k) => k.label)).toContain('sdk-service');
    await client.revokeApiKey(key.id);
    await expect(service.health()).rejects.toMatchObject({ status: 401, code: 'Invalid API key' });

    expect(await client.logout()).toEqual({ revoked_sessions: 1, revoked_api_keys: 1 });
    expect(client.authMode).toBe('none');
    expect(tokens.at(-1)).toBeNull();
    await expect(client.health()).rejects.toMatchObject({ status: 401, code: 'Authorization required' });
  });

  it('uploads a large file in parts and resumes after a lost connection where the server stands', async () => {
    const h = await loggedIn();
    let parts = 0;
    // The third part's connection drops, and retries are off: the first run fails part-way.
    const flaky = new ClisonixClient({
      baseUrl: cloud.url,
      retry: { maxRetries: 0 },
      fetch: (input, init) =>
        (input instanceof Request ? input.url : input.toString()).includes('/parts') && ++parts === 3
          ? Promise.reject(new TypeError('socket hang up'))
          : fetch(input, init),
    });
    await flaky.login(h.email, h.password);
    const file = variant('resume');
    await expect(flaky.uploadResumable('eeg', file, { fileName: 'big.txt' })).rejects.toBeInstanceOf(
      ClisonixNetworkError,
    );
    const progress: number[] = [];
    const resumed = await flaky.uploadResumable('eeg', file, {
      fileName: 'big.txt',
      onProgress: (sent) => progress.push(sent),
    });
    expect(resumed.status).toBe('complete');
    expect(resumed.recording).toMatchObject({ sha256: sha256(file), size_bytes: file.length, channels: 8 });
    // The second run sent only what the server did not have: two parts had arrived, the rest followed.
    const partBytes = 512 * 1024;
    expect(progress[0]).toBe(3 * partBytes);
    expect(progress.at(-1)).toBe(file.length);
    expect(progress).toHaveLength(Math.ceil(file.length / partBytes) - 2);
    // Content the server already has is not sent again at all.
    const before = parts;
    const known = await flaky.uploadResumable('eeg', file, { fileName: 'again.txt' });
    expect(known.recording?.id).toBe(resumed.recording?.id);
    expect(parts).toBe(before);
  });

  it('throws typed errors that name the server word', async () => {
    const { client, email } = await loggedIn();
    const fresh = new ClisonixClient({ baseUrl: cloud.url });
    const wrong = await fresh.login(email, 'not-it').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ClisonixAuthError);
    expect(wrong).toMatchObject({ status: 401, code: 'Invalid credentials' });
    expect((wrong as Error).message).toBe('Invalid credentials: Email or password is incorrect');
    await expect(client.albaStreamsStart('bad id!', { channels: 1 })).rejects.toBeInstanceOf(
      ClisonixValidationError,
    );
    await expect(client.albaStreamsData('missing')).rejects.toBeInstanceOf(ClisonixNotFoundError);
    await client.albaStreamsStart('twice', { channels: 1 });
    await expect(client.albaStreamsStart('twice', { channels: 1 })).rejects.toBeInstanceOf(
      ClisonixConflictError,
    );
    await expect(client.uploadEeg(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
  });

  it('refreshes 5 minutes before the token expires, and not earlier', async () => {
    const h = await loggedIn();
    h.skew(3600_000 - 6 * 60_000);
    await h.client.health();
    expect(lines(h.log).filter((l) => l.startsWith('POST /auth/refresh'))).toHaveLength(0);
    h.skew(2 * 60_000); // now 4 minutes before expiry
    await Promise.all([h.client.health(), h.client.status(), h.client.ask('how many recordings?')]);
    expect(lines(h.log).filter((l) => l.startsWith('POST /auth/refresh'))).toEqual([
      'POST /auth/refresh 200',
    ]);
    expect(lines(h.log).indexOf('POST /auth/refresh 200')).toBe(lines(h.log).length - 4);
  });

  it('refreshes once on token_expired and repeats the call; a refused refresh ends the session', async () => {
    const h = await loggedIn();
    cloud.clock.advance(3700_000); // the server's clock: the client still thinks its token is fresh
    try {
      const health = await h.client.health();
      expect(health.status).toBe('healthy');
      expect(lines(h.log).slice(-3)).toEqual([
        'GET /health 401',
        'POST /auth/refresh 200',
        'GET /health 200',
      ]);
    } finally {
      cloud.clock.advance(-3700_000);
    }
    const other = await loggedIn();
    await other.client.logout('all'); // the refresh token dies with it
    const stale = new ClisonixClient({
      baseUrl: cloud.url,
      tokens: other.tokens[0]!,
      onTokens: (t) => other.tokens.push(t),
    });
    await expect(stale.health()).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
    cloud.clock.advance(3700_000);
    try {
      await expect(stale.health()).rejects.toMatchObject({ status: 401, code: 'invalid_refresh_token' });
    } finally {
      cloud.clock.advance(-3700_000);
    }
    expect(stale.authMode).toBe('none');
    expect(other.tokens.at(-1)).toBeNull();
  });

  it('backs off on 429 for at least Retry-After, and hands back a Retry-After too long to wait', async () => {
    const h = await loggedIn();
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 42 }, () => h.client.health()));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'healthy'));
    const limited = h.log.filter((e) => e.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    const throttled = new ClisonixClient({ baseUrl: cloud.url });
    for (let i = 0; i < 2; i++)
      await expect(throttled.login(h.email, 'nope')).rejects.toBeInstanceOf(ClisonixAuthError);
    const error = await throttled.login(h.email, h.password).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClisonixRateLimitError);
    expect((error as ClisonixRateLimitError).retryAfterMs).toBeGreaterThan(60_000);
  });

  it('retries 5xx and lost connections with backoff for safe calls only', async () => {
    const h = await loggedIn({ baseUrl: proxy.url, retry: { maxRetries: 3, baseDelayMs: 10 } });
    proxy.plan(/^GET \/status$/, [
      { kind: 'status', status: 503, retryAfter: '0' },
      { kind: 'drop' },
      { kind: 'status', status: 502 },
    ]);
    expect((await h.client.status()).status).toBe('ok');
    expect(lines(h.log).slice(-4)).toEqual([
      'GET /status 503',
      'GET /status 0',
      'GET /status 502',
      'GET /status 200',
    ]);

    proxy.plan(/^POST \/auth\/api-key$/, [{ kind: 'status', status: 503 }]);
    await expect(h.client.createApiKey('once')).rejects.toBeInstanceOf(ClisonixServerError);
    expect((await h.client.listApiKeys()).api_keys.map((k) => k.label)).not.toContain('once');

    proxy.plan(
      /^GET \/health$/,
      Array.from({ length: 4 }, () => ({ kind: 'status', status: 500 }) as const),
    );
    await expect(h.client.health()).rejects.toMatchObject({ status: 500 });
  });

  it('gives up on a silent server after the timeout, and stops at once when the caller aborts', async () => {
    const h = await loggedIn({ baseUrl: proxy.url, timeout: 300, retry: { maxRetries: 1, baseDelayMs: 1 } });
    proxy.plan(/^GET \/health$/, [
      { kind: 'hang', ms: 2000 },
      { kind: 'hang', ms: 2000 },
    ]);
    const error = await h.client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClisonixTimeoutError);
    expect(lines(h.log).slice(-2)).toEqual(['GET /health 0', 'GET /health 0']);

    proxy.plan(/^GET \/api\/neural-symphony$/, [{ kind: 'hang', ms: 2000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(h.client.neuralSymphony({ signal: controller.signal })).rejects.toBeInstanceOf(
      ClisonixAbortError,
    );
  });

  it('never lets a credential into its log, its errors or an inspection of the client', async () => {
    const h = await loggedIn();
    const key = await h.client.createApiKey('secret-check');
    const refreshed = await h.client.refresh();
    const failure = await h.client.albaStreamsData('nope').catch((e: unknown) => e);
    const secrets = [
      h.tokens[0]!.token,
      h.tokens[0]!.refreshToken,
      refreshed.token,
      refreshed.refresh_token,
      key.api_key,
    ];
    const surfaces = [
      JSON.stringify(h.log),
      inspect(h.client, { depth: 10, showHidden: true }),
      JSON.stringify(h.client),
      inspect(failure, { depth: 10 }),
      JSON.stringify(failure),
      String(failure),
    ];
    for (const surface of surfaces) for (const secret of secrets) expect(surface).not.toContain(secret);
    expect(JSON.stringify(h.client)).toBe(JSON.stringify({ baseUrl: cloud.url, authMode: 'jwt' }));
  });
});
