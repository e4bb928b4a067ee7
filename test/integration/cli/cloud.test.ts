// `clisonix cloud`: started in-process with a real port and SQLite file, it logs one line per request without
// secrets and stops cleanly when interrupted; `npm run cloud`'s entry does the same as a process; bad usage and a
// busy port are refused with one clear line.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError, UserError, type CliIo } from '../../../src/cli/command';
import { cloudCommand } from '../../../src/cli/commands/cloud';
import type { LoginResponse } from '../../../src/shared/cloud';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-cli-cloud-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: () => void = () => undefined;
  const io: CliIo = {
    stdout: { write: (chunk: string) => out.push(chunk) },
    stderr: { write: (chunk: string) => err.push(chunk) },
    stdin: new PassThrough(),
    env,
    cwd: ROOT,
    interrupted: new Promise<void>((resolve) => (stop = resolve)),
  };
  return { io, out, err, stop: () => stop() };
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('clisonix cloud', () => {
  it('serves, logs method, path, status and ms per request with no secret, and stops on interrupt', async () => {
    const dir = await tempDir();
    const db = path.join(dir, 'nested', 'cloud.sqlite');
    const { io, out, err, stop } = fakeIo({ CLISONIX_CLOUD_DATA: path.join(dir, 'data') });
    const running = cloudCommand.run(['--port', '0', '--db', db], io);
    await waitFor(() => out.join('').includes('listening on'), 'the listening line');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(database: sqlite (.+)\)/.exec(out.join(''));
    expect(url?.[2]).toBe(db);
    const base = url![1]!;
    const password = 'cli-secret-password';
    await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cli@example.com', password }),
    });
    const login = (await (
      await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'cli@example.com', password }),
      })
    ).json()) as LoginResponse;
    await fetch(`${base}/health?token=${login.token}`, {
      headers: { authorization: `Bearer ${login.token}` },
    });
    await fetch(`${base}/health`, { headers: { 'x-api-key': login.api_key } });
    await fetch(`${base}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: login.refresh_token }),
    });

    const lines = out.join('').split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^POST \/auth\/register 201 \d+\.\d ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^POST \/auth\/login 200 \d+\.\d ms$/));
    expect(lines.filter((l) => /^GET \/health 200 \d+\.\d ms$/.test(l))).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^POST \/auth\/refresh 200 \d+\.\d ms$/));
    const everything = out.join('') + err.join('');
    for (const secret of [password, login.token, login.refresh_token, login.api_key]) {
      expect(everything).not.toContain(secret);
    }
    expect(err.join('')).toMatch(/JWT secret: .*jwt-secret \(generated now\)/);
    expect(existsSync(db)).toBe(true);

    stop();
    expect(await running).toBe(0);
    expect(out.join('')).toContain('Clisonix Cloud API stopped');
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it('refuses bad usage and a busy port with one clear line', async () => {
    const dir = await tempDir();
    const { io } = fakeIo({ CLISONIX_CLOUD_DATA: dir });
    await expect(cloudCommand.run(['--port', 'abc'], io)).rejects.toThrow(UsageError);
    await expect(cloudCommand.run(['--port', '70000'], io)).rejects.toThrow(/--port must be a whole number/);
    await expect(cloudCommand.run(['--bogus'], io)).rejects.toThrow(UsageError);

    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      await expect(
        cloudCommand.run(['--port', String(port), '--db', path.join(dir, 'x.sqlite')], io),
      ).rejects.toThrow(new UserError(`port ${port} is in use on 127.0.0.1; choose another with --port`));
    } finally {
      busy.close();
    }
    const { io: weak } = fakeIo({ CLISONIX_CLOUD_DATA: dir, CLISONIX_JWT_SECRET: 'short' });
    await expect(cloudCommand.run(['--port', '0'], weak)).rejects.toThrow(
      /CLISONIX_JWT_SECRET is 5 bytes long/,
    );
  });

  it('runs as `npm run cloud` and exits 0 on SIGTERM', async () => {
    const dir = await tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli/commands/cloud-main.ts'), '--port', '0', '--quiet'],
      {
        env: { ...process.env, CLISONIX_CLOUD_DATA: dir, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => out.includes('listening on'), `the listening line (got: ${out})`);
    const base = /listening on (\S+)/.exec(out)![1]!;
    expect((await fetch(`${base}/health`)).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).not.toMatch(/GET \/health/); // --quiet
    expect(existsSync(path.join(dir, 'cloud.sqlite'))).toBe(true);
  });
});
