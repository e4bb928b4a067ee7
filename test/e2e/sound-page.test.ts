// The Sound page in browser mode, as a technician uses it: the neural symphony of the sample recording rendered,
// drawn and playable; brainsync rendered and downloaded as a WAV; the saved clips listed with their parameters.
// The built CLI serves the built renderer; Debian's Chromium drives it. Screenshots land in test-results/e2e/.
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWavPcm16, readWavHeader } from '../../src/engine/formats/wav';
import { launchChromium } from '../helpers/chromium';
import { REPO_ROOT } from '../helpers/cli';
import { serveBuiltApp, type ServedApp } from '../helpers/served-app';

const ARTIFACTS = path.join(REPO_ROOT, 'test-results/e2e');
let server: ServedApp | undefined;
let url: string;
let browser: Browser | undefined;
let page: Page;
const consoleProblems: string[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const home = await mkdtemp(path.join(tmpdir(), 'clisonix-e2e-sound-'));
  server = await serveBuiltApp(home, { demo: false });
  url = server.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('console', (m) => {
    // This test's own pixel readbacks (scoreInk) draw Chromium's advice to set willReadFrequently.
    if (m.text().includes('willReadFrequently')) return;
    if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
  await page.goto(`${url}#/sound`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Pixels of the score canvas that differ from its background (the top-right corner). */
async function scoreInk(): Promise<number> {
  return page.getByTestId('score-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const { width, height } = canvas;
    const img = ctx.getImageData(0, 0, width, height).data;
    const at = (2 * width + width - 3) * 4;
    const bg = [img[at]!, img[at + 1]!, img[at + 2]!];
    let ink = 0;
    for (let i = 0; i < img.length; i += 4) {
      const d = Math.abs(img[i]! - bg[0]!) + Math.abs(img[i + 1]! - bg[1]!) + Math.abs(img[i + 2]! - bg[2]!);
      if (d > 60) ink++;
    }
    return ink;
  });
}

describe('the Sound page in browser mode', { timeout: 120_000 }, () => {
  it('renders the sample recording’s symphony, draws its score and plays it', async () => {
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sound');
    await expect.poll(() => page.getByTestId('clip-table').count()).toBe(0);
    expect(await page.getByText('No clips yet').isVisible()).toBe(true);
    await page.getByLabel('Source').selectOption('sample');
    await page.getByLabel('Length (s)').first().fill('4');
    await page.getByRole('button', { name: 'Render symphony' }).click();
    // Progress and cancel are offered while it renders.
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBeGreaterThan(0);
    await page.getByTestId('symphony-result').waitFor({ timeout: 90_000 });
    // The progress events reached 100 % before the result: the card says so.
    const done = page.getByTestId('symphony-done');
    expect(await done.getAttribute('data-fraction')).toBe('1');
    expect(await done.textContent()).toMatch(/^Done: 100 %, rendered and saved in \d+\.\d s\.$/);

    const audio = page.getByTestId('symphony-audio');
    expect(await audio.getAttribute('src')).toMatch(/^blob:/);
    await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('[data-testid=symphony-audio]');
      return a !== null && a.readyState >= 1 && Number.isFinite(a.duration);
    });
    const duration = await audio.evaluate((a: HTMLAudioElement) => a.duration);
    expect(duration).toBeCloseTo(4, 2);
    // Chromium decodes it: playing (muted) advances the clock.
    await audio.evaluate((a: HTMLAudioElement) => {
      a.muted = true;
      return a.play();
    });
    await page.waitForFunction(
      () =>
        (document.querySelector<HTMLAudioElement>('[data-testid=symphony-audio]')?.currentTime ?? 0) > 0.2,
    );
    await audio.evaluate((a: HTMLAudioElement) => a.pause());
    expect(await audio.evaluate((a: HTMLAudioElement) => a.error)).toBeNull();

    const canvas = page.getByTestId('score-canvas');
    expect(await canvas.getAttribute('data-voices')).toBe('5');
    expect(Number(await canvas.getAttribute('data-notes'))).toBeGreaterThan(10);
    expect(await scoreInk()).toBeGreaterThan(2000);
    await expect.poll(() => page.locator('[data-testid=clip-table] tbody tr').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sound-symphony-light.png'), fullPage: true });
  });

  it('renders brainsync and downloads it as a stereo WAV whose ears differ by the beat', async () => {
    await page.getByRole('radio', { name: /Focus/ }).click();
    await page.getByLabel('Length (s)').nth(1).fill('3');
    await page.getByRole('button', { name: 'Render brainsync' }).click();
    await page.getByTestId('brainsync-result').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('[data-testid=brainsync-audio]');
      return a !== null && a.readyState >= 1 && Number.isFinite(a.duration);
    });
    expect(
      await page.getByTestId('brainsync-audio').evaluate((a: HTMLAudioElement) => a.duration),
    ).toBeCloseTo(3, 2);
    expect(await page.getByTestId('brainsync-result').textContent()).toMatch(/beat 18\.00 Hz/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('brainsync-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Brainsync focus.*\.wav$/);
    const file = path.join(ARTIFACTS, 'brainsync-download.wav');
    await download.saveAs(file);
    const bytes = new Uint8Array(await readFile(file));
    const header = readWavHeader(bytes);
    expect(header).toMatchObject({ formatTag: 'pcm', bitsPerSample: 16, channels: 2, sampleRateHz: 44100 });
    expect(header.frames).toBe(3 * 44100);
    // Zero crossings per second of each ear: the right ear runs faster by the beat (18 Hz), within a cycle.
    const { channels } = decodeWavPcm16(bytes);
    const rate = (x: Float32Array) => {
      let rising = 0;
      for (let i = 1; i < x.length; i++) if (x[i - 1]! < 0 && x[i]! >= 0) rising++;
      return rising / 3;
    };
    expect(rate(channels[1]!) - rate(channels[0]!)).toBeGreaterThan(17 - 1);
    expect(rate(channels[1]!) - rate(channels[0]!)).toBeLessThan(18 + 1);
    await expect.poll(() => page.locator('[data-testid=clip-table] tbody tr').count()).toBe(2);
  });

  it('cancels a long brainsync mid-render and saves nothing', async () => {
    await page.getByLabel('Length (s)').nth(1).fill('1800');
    await page.getByRole('button', { name: 'Render brainsync' }).click();
    const progress = page.locator('.sound-progress');
    // Cancel only once the worker is rendering, so the cancel reaches the engine and not just the read.
    await expect.poll(async () => Number(await progress.getAttribute('data-fraction'))).toBeGreaterThan(0.05);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('brainsync-cancelled').waitFor({ timeout: 20_000 });
    expect(await page.locator('.sound-progress').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('[data-testid=clip-table] tbody tr').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Render brainsync' }).isEnabled()).toBe(true);
  });

  it('lists the saved clips with their parameters and plays one, in the dark theme too', async () => {
    const symphonyRow = page.locator('[data-testid=clip-table] tbody tr[data-kind=symphony]');
    await symphonyRow.getByRole('button', { name: 'Parameters' }).click();
    const params = page.getByTestId('clip-parameters');
    await params.waitFor();
    const metadata = JSON.parse((await params.textContent()) ?? '{}') as {
      kind: string;
      params: { hopMs: number; seconds: number };
    };
    expect(metadata.kind).toBe('neural-symphony');
    expect(metadata.params).toMatchObject({ hopMs: 250, seconds: 4 });

    await symphonyRow.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('[data-testid=clip-audio]');
      return a !== null && a.readyState >= 1 && Math.abs(a.duration - 4) < 0.01;
    });
    await page.evaluate(() => document.querySelector<HTMLAudioElement>('[data-testid=clip-audio]')?.pause());

    const before = await scoreInk();
    await page.keyboard.press('t');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(scoreInk).not.toBe(before);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sound-dark.png'), fullPage: true });
    await page.keyboard.press('t');
    expect(consoleProblems).toEqual([]);
  });
});
