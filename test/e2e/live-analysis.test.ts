// The Live page's analysis in browser mode, end to end: the built CLI serving the app with the demo headset,
// Debian's Chromium looking at the spectrum panel, the band bars, the quality badges and the display filter.
// Screenshots land in test-results/e2e/.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { REPO_ROOT } from '../helpers/cli';
import { serveBuiltApp, type ServedApp } from '../helpers/served-app';

const ARTIFACTS = path.join(REPO_ROOT, 'test-results/e2e');
let server: ServedApp | undefined;
let browser: Browser | undefined;
let page: Page;
const consoleProblems: string[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const home = await mkdtemp(path.join(tmpdir(), 'clisonix-e2e-live-'));
  server = await serveBuiltApp(home);
  const url = server.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
  await page.goto(`${url}#/live`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const traces = () => page.locator('[data-testid=live-traces]');
const autoScale = async () => Number(await traces().getAttribute('data-auto-scale-uv'));

/** Waits for 5 s of samples received after `since`, then until the automatic scale (µV/div) satisfies `ok`. */
async function scaleSettles(ok: (uv: number) => boolean, since: number): Promise<number> {
  await page.waitForFunction(
    (n) =>
      Number(
        document.querySelector<HTMLCanvasElement>('[data-testid=live-traces]')?.dataset.samplesReceived,
      ) > n,
    since + 1250,
  );
  // The scale that satisfied `ok`, not a later read: the demo's blinks and jaw clenches move it a step or two.
  let settled = Number.NaN;
  await expect
    .poll(
      async () => {
        settled = await autoScale();
        return settled;
      },
      { timeout: 15_000 },
    )
    .toSatisfy(ok);
  return settled;
}

/**
 * How solid the traces look, 0..1: per channel row, the mean ink of a pixel column over the height the row's
 * trace spans. Mains hum at 10 s per screen makes every column a full stroke (a solid band); EEG does not.
 * Only pixel columns with ink in the right half are read: samples drawn after the filter change.
 */
async function traceSolidity(rows: number): Promise<number> {
  return traces().evaluate((canvas: HTMLCanvasElement, n: number) => {
    // Read a copy: repeated readbacks of the live canvas itself would slow its drawing down.
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(canvas, 0, 0);
    const { width, height } = copy;
    const dpr = window.devicePixelRatio || 1;
    const plotH = height - Math.round(22 * dpr);
    const img = ctx.getImageData(0, 0, width, height).data;
    const bgAt = (2 * width + width - 2) * 4;
    const bg = [img[bgAt]!, img[bgAt + 1]!, img[bgAt + 2]!];
    const from = Math.round((Math.round(76 * dpr) + width) / 2);
    let total = 0;
    for (let r = 0; r < n; r++) {
      const y0 = Math.ceil((r * plotH) / n) + 2;
      const y1 = Math.floor(((r + 1) * plotH) / n) - 2;
      let top = Infinity;
      let bottom = -Infinity;
      let ink = 0;
      let columns = 0;
      for (let x = from; x < width; x++) {
        let inColumn = 0;
        for (let y = y0; y < y1; y++) {
          const i = (y * width + x) * 4;
          const d =
            Math.abs(img[i]! - bg[0]!) + Math.abs(img[i + 1]! - bg[1]!) + Math.abs(img[i + 2]! - bg[2]!);
          if (d > 120) {
            inColumn++;
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
          }
        }
        if (inColumn > 0) columns++;
        ink += inColumn;
      }
      total += columns > 0 ? ink / columns / (bottom - top + 1) : 0;
    }
    return total / n;
  }, rows);
}

async function chooseFilter(value: 'off' | 'band-pass' | 'band-pass-notch'): Promise<number> {
  const since = Number(await traces().getAttribute('data-samples-received'));
  await page.getByLabel('Display filter').selectOption(value);
  await expect
    .poll(() => page.getByTestId('display-filter').getAttribute('data-filtered'))
    .toBe(String(value !== 'off'));
  return since;
}

describe('Live page analysis in browser mode', { timeout: 120_000 }, () => {
  it('detects the demo headset’s 60 Hz mains and notches it: the automatic scale drops tenfold', async () => {
    await expect
      .poll(() => page.getByTestId('display-filter').textContent(), { timeout: 20_000 })
      .toBe('Display filter: 1-45 Hz band-pass + 60 Hz notch (auto)');
    expect(
      await page.getByLabel('Mains frequency of the notch').locator('option[value=auto]').textContent(),
    ).toBe('Auto (60 Hz detected)');
    const notched = await scaleSettles((uv) => uv <= 100, 0);
    const notchedSolidity = await traceSolidity(8);
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-analysis-notch-light.png') });

    const since = await chooseFilter('off');
    expect(await page.getByTestId('display-filter').textContent()).toBe(
      'Display filter: Raw signal (0.5 Hz DC blocker)',
    );
    const raw = await scaleSettles((uv) => uv >= 500, since);
    const rawSolidity = await traceSolidity(8);
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-analysis-raw-light.png') });
    // A wall of mains: the raw traces are solid bands, the notched ones lines.
    expect(rawSolidity).toBeGreaterThan(1.6 * notchedSolidity);
    expect(raw / notched, `raw ${raw} µV, notched ${notched} µV`).toBeGreaterThanOrEqual(5);

    const again = await chooseFilter('band-pass-notch');
    expect(await scaleSettles((uv) => uv <= 100, again)).toBeLessThanOrEqual(100);
  });

  it('shows the raw spectrum with the mains peak, band bars and a quality badge per channel', async () => {
    const spectrum = page.getByTestId('live-spectrum');
    await expect.poll(() => spectrum.getAttribute('data-channels'), { timeout: 20_000 }).toBe('8');
    // The spectrum is of the raw signal: the notch on screen does not hide the hum from it.
    expect((await spectrum.getAttribute('data-peaks-hz'))?.split(',')).toEqual(Array(8).fill('60'));
    await expect.poll(() => page.getByTestId('quality-badge').count()).toBe(8);
    const labels = await page
      .getByTestId('quality-badge')
      .evaluateAll((badges) => badges.map((b) => b.getAttribute('data-quality')));
    expect(labels).toEqual(Array(8).fill('line-noise'));
    const tooltip = await page.getByTestId('quality-badge').first().getAttribute('title');
    expect(tooltip).toMatch(
      /^Ch1: line noise\nline-noise: \d+\.\d % of 0\.5-100 Hz power lies within \+-1 Hz of 50\/60 Hz/,
    );
    expect(await page.getByTestId('band-bars').locator('li').count()).toBe(8);
  });

  it('shows a 10 Hz rhythm as a 10 Hz peak and alpha bars, emphasises a channel, in both themes', async () => {
    await page.getByRole('link', { name: 'Devices' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Synthetic headset' })
      .getByRole('button', { name: 'Connect' })
      .click();
    await page.getByRole('link', { name: 'Live' }).click();
    const spectrum = page.getByTestId('live-spectrum');
    await expect
      .poll(() => spectrum.getAttribute('data-peaks-hz'), { timeout: 20_000 })
      .toBe(Array(8).fill('10').join(','));
    const dominant = await page
      .getByTestId('band-bars')
      .locator('li')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-dominant-band')));
    expect(dominant).toEqual(Array(8).fill('alpha'));
    await expect
      .poll(() =>
        page.getByTestId('quality-badge').evaluateAll((b) => b.map((x) => x.getAttribute('data-quality'))),
      )
      .toEqual(Array(8).fill('good'));

    // The curves are drawn: many pixels of the plot differ from its background.
    const inked = await spectrum.evaluate((canvas: HTMLCanvasElement) => {
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(canvas, 0, 0);
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set<string>();
      for (let i = 0; i < img.length; i += 4) colours.add(`${img[i]},${img[i + 1]},${img[i + 2]}`);
      return colours.size;
    });
    expect(inked).toBeGreaterThan(50);

    await page.getByLabel('Emphasise a channel').selectOption('2');
    await expect.poll(() => spectrum.getAttribute('data-emphasised')).toBe('2');
    // Pointing at the 10 Hz peak reads the emphasised curve's value out.
    const box = (await spectrum.boundingBox())!;
    await page.mouse.move(box.x + 38 + ((10 - 0.5) / 59.5) * (box.width - 46), box.y + 40);
    await expect
      .poll(() => page.locator('.spectrum-readout').textContent())
      .toMatch(/^Ch\d · 10\.0 Hz · -?\d+\.\d dB µV²\/Hz$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-analysis-synthetic-light.png') });
    await page.keyboard.press('t');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => spectrum.getAttribute('data-drawn')).not.toBe('0');
    await page.waitForFunction(
      () =>
        Number(document.querySelector<HTMLCanvasElement>('[data-testid=live-spectrum]')?.dataset.drawn) > 2,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-analysis-synthetic-dark.png') });
    await page.keyboard.press('t');
  });

  it('collapses the panel and brings it back at the width it was dragged to', async () => {
    const panel = page.getByTestId('live-panel');
    const before = (await panel.boundingBox())!.width;
    await page.getByRole('separator', { name: 'Resize the spectrum panel' }).focus();
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(async () => (await panel.boundingBox())!.width).toBeCloseTo(before + 60, 0);
    await page.getByRole('button', { name: 'Spectrum panel' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await page.getByRole('button', { name: 'Spectrum panel' }).click();
    await expect.poll(async () => (await panel.boundingBox())!.width).toBeCloseTo(before + 60, 0);
  });

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });
});
