// openapi.yaml against the real server: it passes Redocly's recommended-strict lint, it declares exactly the
// server's endpoints, and a tour through every operation (successes and the error table) gets only responses
// whose status, media type and JSON body the contract allows.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoginResponse, UploadResponse, UploadSession } from '../../../src/shared/cloud';
import { newUser, useTestCloud, type TestCloud } from '../../helpers/cloud';
import { recordingEngine } from '../../helpers/engine-spy';
import { loadContract } from '../../helpers/openapi';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = readFileSync(path.join(ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'));
const SHORT = Buffer.from(DEMO.toString('utf8').split('\n').slice(0, 500).join('\n'));

function form(bytes: Uint8Array, name = 'rec.txt'): FormData {
  const data = new FormData();
  data.append('file', new Blob([Uint8Array.from(bytes)]), name);
  return data;
}

describe('openapi.yaml', () => {
  it('passes the linter (Redocly, recommended-strict)', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/lint-openapi.mjs')], {
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toContain('Your API description is valid');
    expect(run.status).toBe(0);
  });

  describe('against the server', () => {
    const cloud = useTestCloud('sqlite', { engine: recordingEngine().engine });

    it('declares exactly the endpoints the server has', () => {
      const served = cloud()
        .server.routes.map((r) => r.replace(/:(\w+)/g, '{$1}'))
        .sort();
      expect(loadContract().operations.slice().sort()).toEqual(served);
    });

    it('allows every response of a tour through all operations and the error table', async () => {
      const c = cloud();
      const contract = loadContract();
      const problems: string[] = [];
      const covered = new Set<string>();
      const call = async (
        method: string,
        url: string,
        init: {
          json?: unknown;
          body?: RequestInit['body'];
          headers?: Record<string, string>;
          token?: string;
          apiKey?: string;
        } = {},
      ) => {
        const headers: Record<string, string> = { ...init.headers };
        if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
        if (init.apiKey !== undefined) headers['x-api-key'] = init.apiKey;
        let body = init.body;
        if (init.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(init.json);
        }
        const response = await fetch(c.url + url, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        const type = response.headers.get('content-type');
        const raw = new Uint8Array(await response.arrayBuffer());
        const parsed: unknown = type?.includes('application/json')
          ? JSON.parse(new TextDecoder().decode(raw))
          : raw;
        c.statuses.push(response.status);
        problems.push(...contract.check(method, url, response.status, type, parsed));
        const operation = contract.match(method, url);
        if (operation !== null) covered.add(operation);
        return { status: response.status, body: parsed as Record<string, unknown> };
      };

      await tour(c, call);
      expect(problems).toEqual([]);
      // Every operation was exercised at least once.
      const missing = contract.operations.filter((op) => !covered.has(op));
      expect(missing).toEqual([]);
    });
  });
});

type Call = (
  method: string,
  url: string,
  init?: {
    json?: unknown;
    body?: RequestInit['body'];
    headers?: Record<string, string>;
    token?: string;
    apiKey?: string;
  },
) => Promise<{ status: number; body: Record<string, unknown> }>;

async function tour(c: TestCloud, call: Call): Promise<void> {
  const email = `tour-${Date.now()}@example.com`;
  const password = 'tour-password-1';
  expect((await call('POST', '/auth/register', { json: { email, password } })).status).toBe(201);
  await call('POST', '/auth/register', { json: { email, password } }); // 409
  await call('POST', '/auth/register', { json: { email: 'x' } }); // 400
  const login = (await call('POST', '/auth/login', { json: { email, password } }))
    .body as unknown as LoginResponse;
  await call('POST', '/auth/login', { json: { email, password: 'wrong-password' } }); // 401
  await call('POST', '/auth/login', { body: 'x=1', headers: { 'content-type': 'text/plain' } }); // 415
  await call('POST', '/auth/login', { json: { email, password: 'p'.repeat(2 * 1024 * 1024) } }); // 413
  const token = login.token;
  const apiKey = login.api_key;

  await call('GET', '/health'); // 401 Authorization required
  await call('GET', '/health', { apiKey: 'invalid_key_xxx' }); // 401 Invalid API key
  await call('GET', '/health', { token: 'not.a.jwt' }); // 401 invalid_token
  await call('GET', '/health', { token });
  await call('GET', '/health', { apiKey });
  await call('GET', '/status', { token });
  await call('GET', '/api/system-status', { apiKey });
  await call('POST', '/api/ask', {
    token,
    json: { question: 'How many recordings do I have?', include_details: true },
  });

  const refreshed = await call('POST', '/auth/refresh', { json: { refresh_token: login.refresh_token } });
  await call('POST', '/auth/refresh', { json: { refresh_token: 'refresh_nope' } }); // 401
  const key = await call('POST', '/auth/api-key', {
    token: refreshed.body.token as string,
    json: { label: 'tour' },
  });
  await call('POST', '/auth/api-key', { apiKey, json: { label: 'no' } }); // 403
  await call('GET', '/auth/api-keys', { token });
  await call('DELETE', `/auth/api-keys/${key.body.id as string}`, { token });
  await call('DELETE', `/auth/api-keys/${crypto.randomUUID()}`, { token }); // 404

  const upload = (await call('POST', '/api/uploads/eeg', { token, body: form(SHORT) }))
    .body as unknown as UploadResponse;
  await call('POST', '/api/uploads/eeg', {
    token,
    body: form(SHORT),
    headers: { 'idempotency-key': 'tour' },
  }); // 200
  await call('POST', '/api/uploads/eeg', { token, body: form(new Uint8Array(64).fill(1)) }); // 400
  const wav = readFileSync(path.join(ROOT, 'test/fixtures/edfbrowser/test_subsecond.edf')); // an EDF: not a WAV
  await call('POST', '/api/uploads/audio', { token, body: form(wav, 'x.wav') }); // 400
  const tone = new Uint8Array(44 + 8);
  const v = new DataView(tone.buffer);
  new TextEncoder().encodeInto('RIFF', tone);
  v.setUint32(4, 44, true);
  new TextEncoder().encodeInto('WAVEfmt ', tone.subarray(8));
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, 8000, true);
  v.setUint32(28, 16000, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  new TextEncoder().encodeInto('data', tone.subarray(36));
  v.setUint32(40, 8, true);
  await call('POST', '/api/uploads/audio', { token, body: form(tone, 'tone.wav') }); // 201
  await call('GET', '/api/recordings', { apiKey });

  const big = Buffer.from(DEMO.toString('utf8').replace('%Board', '%Tour = 1\n%Board'));
  const sha = createHash('sha256').update(big).digest('hex');
  const session = (
    await call('POST', '/api/uploads', {
      token,
      json: { kind: 'eeg', file_name: 'big.txt', size_bytes: big.length, sha256: sha },
    })
  ).body as unknown as UploadSession;
  const id = session.upload_id;
  await call('GET', `/api/uploads/${id}`, { token });
  for (let offset = 0; offset < big.length; offset += session.max_part_bytes) {
    await call('PUT', `/api/uploads/${id}/parts?offset=${offset}`, {
      token,
      body: Uint8Array.from(big.subarray(offset, offset + session.max_part_bytes)),
      headers: { 'content-type': 'application/octet-stream' },
    });
  }
  await call('PUT', `/api/uploads/${id}/parts?offset=1`, {
    token,
    body: new Uint8Array(3),
    headers: { 'content-type': 'application/octet-stream' },
  }); // 200: already stored
  await call('POST', `/api/uploads/${id}/complete`, { token }); // 201
  await call('POST', `/api/uploads/${id}/complete`, { token }); // 200
  const spare = (
    await call('POST', '/api/uploads', {
      token,
      json: { kind: 'audio', file_name: 'a.wav', size_bytes: 10, sha256: 'ab'.repeat(32) },
      headers: { 'idempotency-key': 'spare' },
    })
  ).body as unknown as UploadSession;
  await call('POST', `/api/uploads/${spare.upload_id}/complete`, { token }); // 409
  await call('DELETE', `/api/uploads/${spare.upload_id}`, { token });
  await call('GET', `/api/uploads/${spare.upload_id}`, { token }); // 404

  await call('POST', '/api/brain/energy-check', { token, body: form(SHORT) });
  await call('POST', `/api/brain/harmony?recording_id=${upload.recording.id}`, { token });
  await call('POST', '/api/brain/scan-harmonic', { apiKey, body: form(SHORT) });
  await call('POST', '/api/brain/energy-check', { token }); // 415
  await call('POST', '/api/brain/music/brainsync?mode=sleep', { token });
  await call('POST', '/api/brain/music/brainsync?mode=loud', { token }); // 400
  await call('GET', '/api/neural-symphony', { token });
  await call('GET', `/api/neural-symphony?recording_id=${crypto.randomUUID()}`, { token }); // 404

  await call('POST', '/api/alba/streams/start', { token, json: { stream_id: 'tour', channels: 2 } });
  await call('POST', '/api/alba/streams/start', { token, json: { stream_id: 'tour', channels: 2 } }); // 409
  await call('POST', '/api/alba/streams/tour/data', { token, json: { samples: [[1, 2]], first_sample: 0 } });
  await call('POST', '/api/alba/streams/tour/data', { token, json: { samples: [[1, 2]], first_sample: 5 } }); // 409
  await call('GET', '/api/alba/streams/tour/data?limit=5', { token });
  await call('GET', '/api/alba/streams/tour', { token });
  await call('GET', '/api/alba/streams/nope', { token }); // 404
  await call('POST', '/api/alba/streams/tour/stop', { token });
  await call('GET', '/api/alba/streams', { apiKey });

  await call('POST', '/auth/logout', { token: refreshed.body.token as string, json: { scope: 'session' } });
  const again = (await call('POST', '/auth/login', { json: { email, password } }))
    .body as unknown as LoginResponse;
  await call('DELETE', '/user', { apiKey: again.api_key }); // 403
  await call('DELETE', '/user', { token: again.token });
  await call('GET', '/status', { token: again.token }); // 401 invalid_token

  // A token that expired (the clock moves past exp + tolerance) gets token_expired with expires_at.
  const late = (await call('POST', '/auth/register', { json: { email: `late-${email}`, password } })).body;
  expect(late.user_id).toBeTruthy();
  const lateLogin = (await call('POST', '/auth/login', { json: { email: `late-${email}`, password } })).body;
  c.clock.advance(3700_000);
  const expired = await call('GET', '/health', { token: lateLogin.token as string });
  expect(expired.body.error).toBe('token_expired');
  await newUser(c); // the helper's own requests are checked by useTestCloud
}
