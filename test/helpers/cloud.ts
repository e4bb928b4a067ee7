// The real Clisonix Cloud server for tests: on 127.0.0.1 (free port), a fresh data directory, SQLite or a fresh
// PostgreSQL database, a clock the test can move, and an HTTP helper that records every status it sees so that a
// suite can prove no request got a 5xx.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { resolveCloudConfig, type CloudOptions } from '../../src/cloud/config';
import type { CloudEngine } from '../../src/cloud/engine/ports';
import { createCloudServer, type CloudServer } from '../../src/cloud/server';
import type { LoginResponse } from '../../src/shared/cloud';
import { acquirePostgres, releasePostgres } from './postgres';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

export interface TestClock {
  readonly now: () => number;
  readonly advance: (ms: number) => void;
}

export interface HttpResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

export interface TestCloud {
  readonly url: string;
  readonly server: CloudServer;
  readonly clock: TestClock;
  readonly backend: Backend;
  readonly dataDir: string;
  /** Every status code this server answered through `http`, in order. */
  readonly statuses: number[];
  /** Every request the server itself logged, as `METHOD path status` (whatever client sent it). */
  readonly served: string[];
  http<T = Record<string, unknown>>(
    method: string,
    pathname: string,
    init?: RequestOptions,
  ): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly json?: unknown;
  readonly body?: BodyInit;
  readonly headers?: Record<string, string>;
  readonly token?: string;
  readonly apiKey?: string;
}

export interface TestCloudOptions extends CloudOptions {
  readonly engine?: CloudEngine;
  readonly log?: (line: string) => void;
}

/** Generous limits so that tests about something else never trip them; tests about limits set their own. */
export const RELAXED: CloudOptions = {
  rateLimits: {
    perIp: { perMinute: 0, burst: 0 },
    authPerIp: { perMinute: 0, burst: 0 },
    perUser: { perMinute: 0, burst: 0 },
  },
};

export const TEST_JWT_SECRET = randomBytes(48).toString('base64url');

export async function startTestCloud(backend: Backend, options: TestCloudOptions = {}): Promise<TestCloud> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-cloud-'));
  const databaseUrl = backend === 'postgres' ? await (await acquirePostgres()).createDatabase() : undefined;
  let offsetMs = 0;
  const clock: TestClock = {
    now: () => Date.now() + offsetMs,
    advance: (ms) => {
      offsetMs += ms;
    },
  };
  const { engine, log, ...cloudOptions } = options;
  const { config } = await resolveCloudConfig(
    {
      ...RELAXED,
      ...cloudOptions,
      dataDir,
      port: 0,
      host: '127.0.0.1',
      now: clock.now,
      ...(databaseUrl === undefined ? {} : { databaseUrl }),
    },
    { CLISONIX_JWT_SECRET: TEST_JWT_SECRET },
  );
  const served: string[] = [];
  const server = await createCloudServer(config, {
    ...(engine === undefined ? {} : { engine }),
    log: (line) => {
      const request = /^([A-Z]+ \S+ \d{3}) [\d.]+ ms$/.exec(line);
      if (request?.[1] !== undefined) served.push(request[1]);
      log?.(line);
    },
  });
  const url = await server.listen();
  const statuses: number[] = [];
  return {
    url,
    server,
    clock,
    backend,
    dataDir,
    statuses,
    served,
    async http<T>(method: string, pathname: string, init: RequestOptions = {}): Promise<HttpResult<T>> {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
      if (init.apiKey !== undefined) headers['x-api-key'] = init.apiKey;
      let body = init.body;
      if (init.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof init.json === 'string' ? init.json : JSON.stringify(init.json);
      }
      const response = await fetch(url + pathname, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('application/json'))
        parsed = JSON.parse(text);
      // A part of the engine not wired into this build is the one 5xx a test may expect (and asserts itself).
      const notWired =
        response.status === 503 && (parsed as { error?: unknown }).error === 'engine_unavailable';
      if (!notWired) statuses.push(response.status);
      return { status: response.status, body: parsed as T, text, headers: response.headers };
    },
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
      if (backend === 'postgres') await releasePostgres();
    },
  };
}

/**
 * Registers beforeAll/afterAll for a server on `backend` and returns a getter for it. At the end it checks that
 * no request of the suite was answered with a 5xx.
 */
export function useTestCloud(backend: Backend, options: TestCloudOptions = {}): () => TestCloud {
  let cloud: TestCloud | null = null;
  beforeAll(async () => {
    cloud = await startTestCloud(backend, options);
  });
  afterAll(async () => {
    const seen = cloud?.statuses ?? [];
    const served = cloud?.served ?? [];
    await cloud?.close();
    expect(
      seen.filter((s) => s >= 500),
      'no request may get a 5xx',
    ).toEqual([]);
    expect(served.filter(isUnexpected5xx), 'the server answered no request with a 5xx').toEqual([]);
  });
  return () => {
    if (!cloud) throw new Error('the test cloud is not started');
    return cloud;
  };
}

/** A 5xx in the server's log, except the 503s of engine parts not wired into this build yet. */
export function isUnexpected5xx(line: string): boolean {
  if (!/ 5\d\d$/.test(line)) return false;
  return !/^(POST \/api\/brain\/|GET \/api\/neural-symphony|POST \/api\/uploads\/eeg).* 503$/.test(line);
}

let userCounter = 0;

export interface TestUser {
  readonly email: string;
  readonly password: string;
  readonly login: LoginResponse;
}

/** Registers a fresh user and logs in (two argon2 operations). */
export async function newUser(cloud: TestCloud, prefix = 'user'): Promise<TestUser> {
  const email = `${prefix}-${process.pid}-${userCounter++}-${randomBytes(3).toString('hex')}@example.com`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const registered = await cloud.http('POST', '/auth/register', { json: { email, password } });
  expect(registered.status).toBe(201);
  const login = await cloud.http<LoginResponse>('POST', '/auth/login', { json: { email, password } });
  expect(login.status).toBe(200);
  return { email, password, login: login.body };
}
