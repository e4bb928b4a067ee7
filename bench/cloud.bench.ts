// The cloud server under load (autocannon on 127.0.0.1): GET /health with an API key, POST /auth/refresh (each
// connection follows its own rotation chain), an EEG upload (a unique 2 s OpenBCI file per request), and login
// (argon2id dominates it), on SQLite and on a throwaway PostgreSQL. The server runs as its own process
// (`npm run cloud` entry) with the request rate limits off, so the load generator does not share its event loop.
// Also: token generation time in-process, and login timing for an unknown email vs a wrong password.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { JwtIssuer } from '../src/cloud/auth/jwt';
import { newApiKey, newRefreshToken, sha256Hex } from '../src/cloud/auth/secrets';
import type { LoginResponse, RefreshResponse } from '../src/shared/cloud';
import { acquirePostgres, releasePostgres } from '../test/helpers/postgres';
import { timeMs, type BenchTable } from './harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION_S = Number(process.env.CLISONIX_BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const PASSWORD = 'bench-password-1';

interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

async function startServer(databaseUrl: string | null): Promise<Server> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clisonix-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLISONIX_CLOUD_DATA: dataDir,
    CLISONIX_RATE_LIMIT_PER_MIN: '0',
    CLISONIX_AUTH_RATE_LIMIT_PER_MIN: '0',
    DATABASE_URL: databaseUrl ?? '',
  };
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/commands/cloud-main.ts'), '--port', '0', '--quiet'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited (${code ?? 'signal'}): ${output}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Load {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly fiveHundreds: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(options: autocannon.Options): Promise<Load> {
  const latencies: number[] = [];
  let fiveHundreds = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { connections: CONNECTIONS, duration: DURATION_S, timeout: 30, ...options },
      (error: unknown, r: autocannon.Result) => {
        if (error) reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        else resolve(r);
      },
    );
    // autocannon emits (client, status, bytes, ms); its typings omit the client, hence the positions read here.
    instance.on('response', (...args: unknown[]) => {
      latencies.push(Number(args[3]));
      if (Number(args[1]) >= 500) fiveHundreds++;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / DURATION_S,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    fiveHundreds,
  };
}

function multipartUpload(text: string, boundary: string): string {
  return (
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.txt"\r\n` +
    `Content-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`
  );
}

async function benchDatabase(label: string, databaseUrl: string | null): Promise<(string | number)[][]> {
  const server = await startServer(databaseUrl);
  try {
    const email = `bench-${randomUUID()}@example.com`;
    await post(`${server.url}/auth/register`, { email, password: PASSWORD });
    const logins: LoginResponse[] = [];
    for (let i = 0; i < CONNECTIONS; i++)
      logins.push(await post<LoginResponse>(`${server.url}/auth/login`, { email, password: PASSWORD }));
    const apiKey = logins[0]!.api_key;

    const health = await load({ url: `${server.url}/health`, headers: { 'x-api-key': apiKey } });

    // Ten rotation chains, one per login: each request takes the current token of a chain and its answer puts
    // the successor back. (autocannon resets per-connection context between requests, so chains live here.)
    const pool = logins.map((l) => l.refresh_token);
    const refresh = await load({
      url: server.url,
      requests: [
        {
          method: 'POST',
          path: '/auth/refresh',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ refresh_token: pool.shift() ?? 'refresh_chain_lost' }),
          }),
          onResponse: (status, body) => {
            if (status === 200) pool.push((JSON.parse(body) as RefreshResponse).refresh_token);
          },
        },
      ],
    });

    const demo = await readFile(
      path.join(ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'),
      'utf8',
    );
    const lines = demo.split('\n');
    const [first, ...rest] = lines.slice(0, 5);
    const header = rest.join('\n');
    const body = lines.slice(5, 505).join('\n');
    let counter = 0;
    const boundary = 'clisonixbench';
    const sizeBytes = Buffer.byteLength(multipartUpload(`${first ?? ''}\n${header}\n${body}`, boundary));
    const upload = await load({
      url: server.url,
      requests: [
        {
          method: 'POST',
          path: '/api/uploads/eeg',
          setupRequest: (request) => ({
            ...request,
            headers: {
              'x-api-key': apiKey,
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'idempotency-key': `bench-${counter}`,
            },
            // A header line makes every file distinct: each request stores a new recording.
            body: multipartUpload(`${first ?? ''}\n%Bench = ${counter++}\n${header}\n${body}`, boundary),
          }),
        },
      ],
    });

    const login = await load({
      url: `${server.url}/auth/login`,
      method: 'POST',
      connections: 4,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });

    const rows: (string | number)[][] = [];
    for (const [name, r] of [
      ['GET /health (X-API-Key)', health],
      ['POST /auth/refresh (rotation)', refresh],
      [`POST /api/uploads/eeg (${Math.round(sizeBytes / 1024)} KiB OpenBCI)`, upload],
      ['POST /auth/login (argon2id)', login],
    ] as const) {
      rows.push([name, label, r.perSecond, r.p50, r.p95, r.p99, r.requests, r.non2xx, r.fiveHundreds]);
    }

    // Login time for an unknown email against a wrong password (the same work by design), interleaved so that
    // the machine's load drifts over both alike; 10 attempts stay under the 10-failure throttle per email.
    const attempt = async (who: string) => {
      const started = performance.now();
      const response = await fetch(`${server.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: who, password: 'wrong-password-1' }),
      });
      await response.arrayBuffer();
      if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
      return performance.now() - started;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 10; i++) {
      unknown.push(await attempt(`nobody-${randomUUID()}@example.com`));
      wrong.push(await attempt(email));
    }
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    rows.push(['login 401: unknown email (median of 10)', label, '', median(unknown), '', '', 10, 10, 0]);
    rows.push(['login 401: wrong password (median of 10)', label, '', median(wrong), '', '', 10, 10, 0]);
    return rows;
  } finally {
    await server.stop();
  }
}

export async function run(): Promise<BenchTable[]> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const rows = await benchDatabase('sqlite', null);
  const cluster = await acquirePostgres();
  try {
    rows.push(...(await benchDatabase('postgres', await cluster.createDatabase())));
  } finally {
    await releasePostgres();
  }

  const jwt = await JwtIssuer.create(new TextEncoder().encode('b'.repeat(48)), {
    issuer: 'clisonix-cloud',
    audience: 'clisonix-api',
    ttlS: 3600,
    clockToleranceS: 60,
    now: Date.now,
  });
  const subject = { userId: randomUUID(), email: 'bench@example.com', sessionId: randomUUID() };
  const signMs = await timeMs(() => jwt.sign(subject), 200);
  const token = (await jwt.sign(subject)).token;
  const verifyMs = await timeMs(() => jwt.verify(token), 200);
  const opaqueMs = await timeMs(() => [sha256Hex(newRefreshToken()), sha256Hex(newApiKey())], 200);

  const fiveHundreds = rows.reduce((sum, r) => sum + (typeof r[8] === 'number' ? r[8] : 0), 0);
  const p95s = rows.filter((r) => !String(r[0]).startsWith('POST /auth/login') && typeof r[4] === 'number');
  return [
    {
      title: `Cloud API under load (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per case, 127.0.0.1)`,
      columns: ['case', 'db', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'non-2xx', '5xx'],
      rows,
      notes: [
        `seed target p95 < 200 ms per API call (login excepted: argon2id m=19456 KiB t=2 p=1 by design): worst p95 ${Math.max(...p95s.map((r) => r[4] as number)).toFixed(1)} ms`,
        `seed target zero 5xx: ${fiveHundreds} 5xx answers`,
        `load average before the run: ${loadBefore.toFixed(2)} on ${os.cpus().length} cores shared with other work`,
      ],
    },
    {
      title: 'Token generation (in-process, median)',
      columns: ['operation', 'ms'],
      rows: [
        ['JWT sign (HS256, jose)', signMs],
        ['JWT verify (HS256, jose)', verifyMs],
        ['refresh token + API key (32 random bytes + SHA-256 each)', opaqueMs],
      ],
      notes: [
        `seed target token generation < 50 ms: ${(signMs + opaqueMs).toFixed(3)} ms for a JWT plus both secrets`,
      ],
    },
  ];
}
