// Browser mode for real: services + HTTP + WebSocket on 127.0.0.1, a real `ws` client, the demo headset streaming.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame } from '../../../src/shared/frames';
import type { ServerMessage } from '../../../src/shared/api';
import { createAppServices, type AppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';
import { startBrowserModeServer, type BrowserModeServer } from '../../../src/main/web/browser-mode-server';

let services: AppServices;
let server: BrowserModeServer;
let origin: string;

beforeAll(async () => {
  const rendererDir = await mkdtemp(path.join(tmpdir(), 'clisonix-renderer-'));
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Clisonix</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  services = createAppServices({
    mode: 'browser',
    version: 'test',
    dataDir: rendererDir,
    resourcesDir: findResourcesDir(import.meta.url),
    startDemo: true,
  });
  await services.ready;
  server = await startBrowserModeServer({ services, rendererDir, port: 0 });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await services.dispose();
});

function rawText(data: WebSocket.RawData): string {
  return Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

function connect(query: string, headers: Record<string, string> = { Origin: origin }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, method: string, params: unknown): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData, binary: boolean) => {
      if (binary) return;
      const message = JSON.parse(rawText(data)) as ServerMessage;
      if (message.t === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, method, params }));
  });
}

describe('browser mode security', () => {
  it('refuses a WebSocket without the session token, with a wrong one, or from another origin', async () => {
    await expect(connect('')).rejects.toThrow('refused: 401');
    await expect(connect('?token=wrong')).rejects.toThrow('refused: 401');
    await expect(connect(`?token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow(
      'refused: 403',
    );
    await expect(connect(`?token=${server.token}`, {})).rejects.toThrow('refused: 403');
    await expect(
      connect(`?token=${server.token}`, { Origin: origin, Host: `evil.example:${server.port}` }),
    ).rejects.toThrow('refused: 403');
  });

  it('serves the page only with the token, with a strict CSP, and never outside the renderer folder', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=nope`)).status).toBe(401);
    expect((await fetch(`${origin}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${origin}/assets/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${origin}/%00`)).status).toBe(404);
    expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('browser mode API', () => {
  it('answers calls, rejects malformed ones clearly, and streams binary sample frames', async () => {
    const ws = await connect(`?token=${server.token}`);
    const frames: ReturnType<typeof decodeFrame>[] = [];
    ws.on('message', (data, binary) => {
      if (binary) frames.push(decodeFrame(new Uint8Array(data as Buffer)));
    });

    const status = await call(ws, 1, 'source.status', {});
    expect(status).toMatchObject({
      t: 'result',
      id: 1,
      outcome: { ok: true, result: { state: 'streaming', kind: 'demo', sampleRateHz: 250 } },
    });

    const invalid = await call(ws, 2, 'source.connect', { kind: 'synthetic', sampleRateHz: 'fast' });
    expect(invalid).toMatchObject({ outcome: { ok: false, error: { code: 'invalid_request' } } });

    const garbage = new Promise<ServerMessage>((resolve) => {
      const onMessage = (d: WebSocket.RawData, binary: boolean) => {
        if (binary) return;
        const message = JSON.parse(rawText(d)) as ServerMessage;
        if (message.t === 'result' && message.id === -1) {
          ws.off('message', onMessage);
          resolve(message);
        }
      };
      ws.on('message', onMessage);
    });
    ws.send('{not json');
    expect(await garbage).toMatchObject({
      t: 'result',
      id: -1,
      outcome: { ok: false, error: { code: 'invalid_request' } },
    });

    await new Promise((r) => setTimeout(r, 600));
    expect(frames.length).toBeGreaterThan(5);
    const first = frames[0]!;
    expect(first.channelCount).toBe(8);
    expect(first.sampleRateHz).toBe(250);
    // Frames continue each other sample for sample: nothing is lost or repeated on the way to the UI.
    for (let i = 1; i < frames.length; i++) {
      expect(frames[i]!.firstSample).toBe(frames[i - 1]!.firstSample + frames[i - 1]!.sampleCount);
      expect(frames[i]!.seq).toBe(frames[i - 1]!.seq + 1);
    }
    ws.close();
  });

  it('switches sources and pushes the new status as an event', async () => {
    const ws = await connect(`?token=${server.token}`);
    const statusEvent = new Promise<ServerMessage>((resolve) => {
      ws.on('message', (data, binary) => {
        if (binary) return;
        const message = JSON.parse(rawText(data)) as ServerMessage;
        if (
          message.t === 'event' &&
          message.name === 'source.status' &&
          (message.payload as { kind: string; state: string }).kind === 'synthetic' &&
          (message.payload as { state: string }).state === 'streaming'
        )
          resolve(message);
      });
    });
    const result = await call(ws, 1, 'source.connect', {
      kind: 'synthetic',
      channelCount: 4,
      sampleRateHz: 500,
      seed: 7,
    });
    expect(result).toMatchObject({
      outcome: {
        ok: true,
        result: { kind: 'synthetic', sampleRateHz: 500, channelLabels: ['Ch1', 'Ch2', 'Ch3', 'Ch4'] },
      },
    });
    expect(await statusEvent).toMatchObject({ t: 'event', name: 'source.status' });
    const aboveNyquist = await call(ws, 2, 'source.connect', {
      kind: 'synthetic',
      sampleRateHz: 100,
      signals: [{ channel: 0, frequencyHz: 60, amplitudeUv: 10 }],
    });
    expect(aboveNyquist).toMatchObject({
      outcome: {
        ok: false,
        error: { code: 'invalid_request', message: expect.stringMatching(/Nyquist/) as unknown },
      },
    });
    ws.close();
  });
});
