// The SDK in a real browser (Debian's Chromium through playwright-core), talking to the real server across
// origins: the bundle is built for the browser platform (a Node API in src/sdk would fail the build), the page
// lives on another 127.0.0.1 port, and the server grants CORS to that origin only.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sdk from '../../../src/sdk';
import { isUnexpected5xx, startTestCloud, type TestCloud } from '../../helpers/cloud';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO_HEAD = readFileSync(
  path.join(ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'),
  'utf8',
)
  .split('\n')
  .slice(0, 400)
  .join('\n');

interface Page {
  readonly server: http.Server;
  readonly origin: string;
}

async function servePage(script: string): Promise<Page> {
  const server = http.createServer((req, res) => {
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><meta charset="utf-8"><title>sdk</title><script src="/sdk.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let cloud: TestCloud;
let allowed: Page;
let foreign: Page;
let browser: Browser;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'src/sdk/index.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    globalName: 'ClisonixSdk',
    target: 'es2022',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  allowed = await servePage(script);
  foreign = await servePage(script);
  cloud = await startTestCloud('sqlite', { corsOrigins: [allowed.origin] });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser.close();
  for (const page of [allowed, foreign]) page.server.close();
  const served = cloud.served;
  await cloud.close();
  expect(served.filter(isUnexpected5xx)).toEqual([]);
});

describe('ClisonixClient in Chromium', () => {
  it('logs in, refreshes, uploads, asks and streams from a page on an allowed origin', async () => {
    const page = await browser.newPage();
    await page.goto(allowed.origin);
    const result = await page.evaluate(
      async ({ baseUrl, text }) => {
        const sdk = (globalThis as unknown as { ClisonixSdk: typeof Sdk }).ClisonixSdk;
        const client = new sdk.ClisonixClient({ baseUrl });
        const email = `browser-${Date.now()}@example.com`;
        await client.register(email, 'browser-password');
        const login = await client.login(email, 'browser-password');
        const health = await client.health();
        const refreshed = await client.refresh();
        const upload = await client.uploadEeg(new File([text], 'page.txt', { type: 'text/plain' }));
        const resumable = await client.uploadResumable('eeg', new Blob([`${text}\n`]), {
          fileName: 'big.txt',
        });
        const ask = await client.ask('How many recordings do I have?');
        await client.albaStreamsStart('page', { channels: 2 });
        await client.albaStreamsAppend('page', [[1.5, -2.5]], 0);
        const data = await client.albaStreamsData('page');
        let typed = '';
        try {
          await client.albaStreamsData('missing');
        } catch (error) {
          typed = `${(error as Error).name} ${(error as { status: number }).status}`;
        }
        return {
          tokenShape: login.token.split('.').length,
          health: health.status,
          rotated: refreshed.refresh_token !== login.refresh_token,
          channels: upload.recording.channels,
          resumable: resumable.status,
          answer: ask.answer,
          samples: data.samples,
          typed,
        };
      },
      { baseUrl: cloud.url, text: DEMO_HEAD },
    );
    expect(result).toEqual({
      tokenShape: 3,
      health: 'healthy',
      rotated: true,
      channels: 8,
      resumable: 'complete',
      answer: expect.stringMatching(/^You have 2 recordings: 2 EEG and 0 audio/),
      samples: [[1.5, -2.5]],
      typed: 'ClisonixNotFoundError 404',
    });
    await page.close();
  });

  it('is refused by the browser on an origin the server does not allow', async () => {
    const page = await browser.newPage();
    await page.goto(foreign.origin);
    const outcome = await page.evaluate(async (baseUrl) => {
      const sdk = (globalThis as unknown as { ClisonixSdk: typeof Sdk }).ClisonixSdk;
      const client = new sdk.ClisonixClient({ baseUrl, retry: { maxRetries: 0 } });
      try {
        await client.register(`foreign-${Date.now()}@example.com`, 'browser-password');
        return 'allowed';
      } catch (error) {
        return (error as Error).name;
      }
    }, cloud.url);
    expect(outcome).toBe('ClisonixNetworkError');
    await page.close();
  });
});
