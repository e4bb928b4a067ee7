// Recording and the Recordings page in browser mode, as a technician uses them: record the demo headset from the
// Live page with markers, find the take with its duration and its markers on the overview plot, rename it, export
// EDF+ and download it, trash and restore it, import a file with the picker, empty the trash after confirming.
// The built CLI serves the built UI; Debian's Chromium drives it. Screenshots land in test-results/e2e/.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEdf } from '../../src/engine/formats';
import { launchChromium } from '../helpers/chromium';
import { REPO_ROOT } from '../helpers/cli';
import { serveBuiltApp, type ServedApp } from '../helpers/served-app';

const ARTIFACTS = path.join(REPO_ROOT, 'test-results/e2e');
let server: ServedApp | undefined;
let url: string;
let browser: Browser | undefined;
let page: Page;
const consoleProblems: string[] = [];
let savedDurationText = '';

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const home = await mkdtemp(path.join(tmpdir(), 'clisonix-e2e-rec-'));
  server = await serveBuiltApp(home);
  url = server.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
  await page.goto(url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const control = () => page.getByTestId('record-control');
const rows = () => page.getByTestId('recording-row');

/** For each column x (CSS px), the pixels of the overview canvas with the marker colour (one readback). */
async function markerPixelsAt(xs: readonly number[]): Promise<number[]> {
  return page.getByTestId('overview').evaluate(
    (canvas: HTMLCanvasElement, columns: number[]) => {
      const ctx = canvas.getContext('2d')!;
      const dpr = window.devicePixelRatio || 1;
      const hex = getComputedStyle(document.documentElement).getPropertyValue('--marker').trim();
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      return columns.map((cssX) => {
        const px = Math.round(cssX * dpr);
        let hits = 0;
        for (let y = 0; y < canvas.height; y++) {
          const at = (y * canvas.width + px) * 4;
          const d = want.reduce((s, v, i) => s + Math.abs(image[at + i]! - v), 0);
          if (d < 60) hits++;
        }
        return hits;
      });
    },
    [...xs],
  );
}

describe('recordings in browser mode', { timeout: 120_000 }, () => {
  it('records the demo headset from the Live page with markers: elapsed time and saved samples count up', async () => {
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector<HTMLCanvasElement>('[data-testid=live-traces]')?.dataset.samplesReceived,
        ) > 250,
    );
    await page.getByLabel('Recording label').fill('Eyes open and closed');
    await page.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => control().getAttribute('data-state'), { timeout: 30_000 }).toBe('recording');
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid=record-committed]')?.getAttribute('data-committed')) >
        250,
    );
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('marker-status').textContent()).toMatch(/^Marker "Eyes closed"/);
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid=record-committed]')?.getAttribute('data-committed')) >
        750,
    );
    await page.getByLabel('Marker label').fill('Photic 10 Hz');
    await page.getByRole('button', { name: 'Add marker' }).click();
    await expect.poll(() => page.getByTestId('marker-status').textContent()).toContain('Photic 10 Hz');
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid=record-committed]')?.getAttribute('data-committed')) >
        1250,
    );
    expect(await page.getByTestId('record-elapsed').textContent()).toMatch(/^0:00:0[4-9]|0:00:[1-5]\d$/);
    expect(await page.getByTestId('status-recording').textContent()).toMatch(
      /^● Recording 0:00:\d\d · \d+\.\d s saved$/,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'recording-live.png') });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => control().getAttribute('data-state'), { timeout: 30_000 }).toBe('idle');
    const message = await page.getByTestId('record-message').textContent();
    expect(message).toMatch(/^Saved "Eyes open and closed" \(\d+\.\d s, complete\)\.$/);
    savedDurationText = /\((\d+\.\d) s/.exec(message ?? '')![1]!;
    expect(await page.getByTestId('status-recording').textContent()).toBe('Not recording');
  });

  it('lists the take with its duration, and draws its overview with both markers', async () => {
    await page.getByRole('link', { name: 'Recordings' }).click();
    await expect.poll(() => rows().count()).toBe(1);
    const row = rows().first();
    expect(await row.locator('td').first().textContent()).toBe('Eyes open and closed');
    expect(await row.locator('td').nth(3).textContent()).toBe(`${savedDurationText} s`);
    expect(await row.locator('td').nth(4).textContent()).toBe('8 ch @ 250 Hz');
    expect(await row.locator('td').nth(5).textContent()).toBe('complete');
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLCanvasElement>('[data-testid=overview]')?.dataset.drawn) > 0,
    );
    const overview = page.getByTestId('overview');
    expect(await overview.getAttribute('data-markers')).toBe('2');
    expect(await page.getByTestId('details-markers').textContent()).toBe('2');
    const xs = (await overview.getAttribute('data-marker-x'))!.split(',').map(Number);
    expect(xs).toHaveLength(2);
    expect(xs[1]!).toBeGreaterThan(xs[0]!);
    const between = Math.round((xs[0]! + xs[1]!) / 2);
    const [first, second, middle] = await markerPixelsAt([xs[0]!, xs[1]!, between]);
    expect(first, 'the first marker line').toBeGreaterThan(100);
    expect(second, 'the second marker line').toBeGreaterThan(100);
    // Between the markers there is signal, not the marker colour.
    expect(middle).toBeLessThan(10);
    await page.screenshot({ path: path.join(ARTIFACTS, 'recordings-light.png') });
  });

  it('renames the take, exports it as EDF+ and downloads the file', async () => {
    await page.getByLabel('Label', { exact: true }).fill('Resting state, subject 12');
    await page.getByLabel('Subject code').fill('S-012');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByTestId('details-label').textContent())
      .toBe('Resting state, subject 12');
    await expect
      .poll(() => rows().first().locator('td').first().textContent())
      .toBe('Resting state, subject 12');

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Export/ });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'recordings-export-dialog.png') });
    await dialog.getByRole('radio', { name: /EDF\+/ }).check();
    await dialog.getByRole('button', { name: 'Export' }).click();
    const link = page.getByTestId('download-link');
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    expect(await link.textContent()).toMatch(/^Download Resting_state_subject_12-[0-9a-f]{8}\.edf$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const edf = readEdf(new Uint8Array(readFileSync(file)));
    expect(edf.header.plus).toBe('C');
    expect(edf.header.patient?.code).toBe('S-012');
    expect(edf.signals.map((s) => s.label)).toEqual(['Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch6', 'Ch7', 'Ch8']);
    expect(edf.annotations.map((a) => a.text)).toEqual(
      expect.arrayContaining(['Eyes closed', 'Photic 10 Hz']),
    );
    expect(edf.header.recordCount * edf.header.recordDurationS).toBeCloseTo(
      Math.ceil(Number(savedDurationText)),
      0,
    );
  });

  it('moves the take to the trash and restores it', async () => {
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => page.getByTestId('recordings-empty').textContent()).toMatch(/^No recordings yet/);
    await page.getByRole('button', { name: 'Trash', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'recordings-trash.png') });
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => page.getByTestId('recordings-empty').textContent()).toBe('The trash is empty.');
    await page.getByRole('button', { name: 'Recordings', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
  });

  it('imports a file with the file picker (uploaded, then imported) and lists it with every rate', async () => {
    await page
      .getByTestId('import-input')
      .setInputFiles(path.join(REPO_ROOT, 'test/fixtures/edfbrowser/test_generator.bdf'));
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(2);
    const imported = rows().filter({ hasText: 'test_generator' });
    expect(await imported.locator('td').nth(4).textContent()).toBe('5 ch @ 1000/999/975/800/500 Hz');
    expect(await imported.locator('td').nth(3).textContent()).toBe('30.0 s');
    await expect
      .poll(() => page.locator('[data-testid=transfer-job][data-kind=import]').getAttribute('data-state'))
      .toBe('done');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=recording-details] h2')?.textContent === 'test_generator' &&
        Number(document.querySelector<HTMLCanvasElement>('[data-testid=overview]')?.dataset.drawn) > 0,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'recordings-imported.png') });
    await page.keyboard.press('t');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLCanvasElement>('[data-testid=overview]')?.dataset.drawn) > 1,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'recordings-dark.png') });
    await page.keyboard.press('t');
  });

  it('empties the trash only after a confirmation, and keeps everything when told to', async () => {
    await rows().filter({ hasText: 'test_generator' }).click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByRole('button', { name: 'Trash', exact: true }).click();
    await page.getByRole('button', { name: 'Empty trash…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Empty the trash?' });
    expect(await confirm.textContent()).toContain('1 recording (30.0 s of signal) will be deleted for good.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'recordings-empty-trash.png') });
    await confirm.getByRole('button', { name: 'Keep them' }).click();
    expect(await rows().count()).toBe(1);
    await page.getByRole('button', { name: 'Empty trash…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => page.getByTestId('recordings-empty').textContent()).toBe('The trash is empty.');
    await page.getByRole('button', { name: 'Recordings', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(consoleProblems).toEqual([]);
  });
});
