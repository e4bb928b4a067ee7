// Browser mode's file doors on real HTTP: an upload for import (token, origin, size limit, streamed to the data
// folder's uploads/, removed once imported) and the download of a finished export (token, exports folder only).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferJob } from '../../../src/shared/api';
import { createAppServices, type AppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';
import { startBrowserModeServer, type BrowserModeServer } from '../../../src/main/web/browser-mode-server';
import { REPO_ROOT } from '../../helpers/cli';

let services: AppServices;
let server: BrowserModeServer;
let dataDir: string;
const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/edfbrowser/test_subsecond.edf');

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-files-'));
  services = createAppServices({
    mode: 'browser',
    version: 't',
    dataDir,
    resourcesDir: findResourcesDir(import.meta.url),
  });
  server = await startBrowserModeServer({
    services,
    rendererDir: null,
    port: 0,
    maxUploadBytes: 1024 * 1024,
  });
});

afterAll(async () => {
  await server.close();
  await services.dispose();
});

interface Reply {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

function http(
  method: string,
  pathAndQuery: string,
  { body, headers = {} }: { body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path: pathAndQuery,
        headers: { Host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const uploads = () =>
  existsSync(path.join(dataDir, 'uploads')) ? readdirSync(path.join(dataDir, 'uploads')) : [];

async function jobEnd(id: string): Promise<TransferJob> {
  for (;;) {
    const job = services.transfers!.jobs().find((j) => j.id === id);
    if (job && job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('browser mode uploads and downloads', { timeout: 60_000 }, () => {
  it('refuses uploads without the token, from another origin, and larger than the limit, keeping nothing', async () => {
    const body = readFileSync(FIXTURE);
    expect((await http('POST', `/api/upload?name=a.edf`, { body })).status).toBe(401);
    expect((await http('POST', `/api/upload?token=nope&name=a.edf`, { body })).status).toBe(401);
    const foreign = await http('POST', `/api/upload?token=${server.token}&name=a.edf`, {
      body,
      headers: { Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const big = await http('POST', `/api/upload?token=${server.token}&name=big.edf`, {
      body: Buffer.alloc(1_100_000),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body.toString())).toEqual({
      error: 'big.edf is larger than the 1 MiB an upload may have.',
    });
    // Chunked (no length declared): stopped while streaming.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `/api/upload?token=${server.token}&name=stream.edf`,
          headers: { 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(60_000));
      req.end();
    });
    expect(chunked).toBe(413);
    expect((await http('GET', `/api/upload?token=${server.token}&name=a.edf`)).status).toBe(405);
    expect(uploads()).toEqual([]);
  });

  it('uploads a file, imports it from the server-side path (then removes the upload), exports and downloads it', async () => {
    const body = readFileSync(FIXTURE);
    const up = await http(
      'POST',
      `/api/upload?token=${server.token}&name=${encodeURIComponent('night EEG.edf')}`,
      {
        body,
        headers: { Origin: `http://127.0.0.1:${server.port}`, 'Content-Type': 'application/octet-stream' },
      },
    );
    expect(up.status).toBe(200);
    const { path: serverPath, bytes } = JSON.parse(up.body.toString()) as { path: string; bytes: number };
    expect(bytes).toBe(body.length);
    expect(path.dirname(serverPath)).toBe(path.join(dataDir, 'uploads'));
    expect(readFileSync(serverPath).equals(body)).toBe(true);

    const started = await services.dispatch('recordings.import', { path: serverPath });
    expect(started.ok).toBe(true);
    const imported = await jobEnd((started as { result: TransferJob }).result.id);
    expect(imported).toMatchObject({ state: 'done', title: 'night EEG.edf' });
    expect(uploads()).toEqual([]);
    const info = await services.dispatch('recordings.get', { id: imported.recordingId });
    expect(info).toMatchObject({
      ok: true,
      result: {
        label: 'night EEG',
        notes: expect.stringMatching(/^Imported from night EEG\.edf /) as unknown,
      },
    });

    const exportCall = await services.dispatch('recordings.export', {
      id: imported.recordingId,
      format: 'edf',
    });
    const exported = await jobEnd((exportCall as { result: TransferJob }).result.id);
    expect(exported.output).toMatchObject({
      downloadable: true,
      fileName: expect.stringMatching(/^night_EEG-[0-9a-f]{8}\.edf$/) as unknown,
    });
    const name = exported.output!.fileName;
    const download = await http('GET', `/api/download/${name}?token=${server.token}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
    expect(download.body.equals(readFileSync(exported.output!.path))).toBe(true);
    expect(download.body.subarray(0, 8).toString('latin1')).toBe('0       ');

    expect((await http('GET', `/api/download/${name}`)).status).toBe(401);
    expect((await http('GET', `/api/download/..%2Frecordings.db?token=${server.token}`)).status).toBe(404);
    expect((await http('GET', `/api/download/missing.edf?token=${server.token}`)).status).toBe(404);
  });
});
