// The Analysis page in browser mode (the built CLI and renderer, Debian's Chromium): the OpenBCI sample recording
// analysed into a report whose pictures and tables are really there, saved as PNG and printed as one page, in both
// themes; a long stored recording cancelled from the page. Screenshots land in test-results/e2e/.
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../src/main/storage';
import { launchChromium } from '../helpers/chromium';
import { REPO_ROOT } from '../helpers/cli';
import { serveBuiltApp, type ServedApp } from '../helpers/served-app';
import { storeRecording } from '../helpers/stored-recording';

const ARTIFACTS = path.join(REPO_ROOT, 'test-results/e2e');
const BANDS = ['delta', 'theta', 'alpha', 'beta', 'gamma'];
let server: ServedApp | undefined;
let browser: Browser | undefined;
let page: Page;
const consoleProblems: string[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const home = await mkdtemp(path.join(tmpdir(), 'clisonix-e2e-analysis-'));
  // A long recording (32 channels, 5 min at 1000 Hz) to cancel from the page.
  const store = RecordingStore.open(path.join(home, 'recordings.db'));
  await storeRecording(store, {
    label: 'Long montage',
    sampleRateHz: 1000,
    seconds: 300,
    channels: Array.from({ length: 32 }, (_, c) => ({
      label: `E${c + 1}`,
      sines: [{ hz: 9 + c / 8, amplitudeUv: 20 }],
    })),
  });
  store.close();
  server = await serveBuiltApp(home, { demo: false });
  const url = server.url;
  browser = await launchChromium();
  // Tall enough that the whole report shows without scrolling (for the screenshots).
  page = await browser.newPage({ viewport: { width: 1280, height: 2600 }, acceptDownloads: true });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
  await page.goto(`${url}#/analysis`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Pixels are read from a copy made with willReadFrequently, so reading them does not slow the app's own canvases
// (or make Chromium warn about repeated readbacks).

/** Geometry of the PSD plot inside its canvas (plots.ts drawPsd, 11 px font), in canvas pixels. */
async function psdPixels(): Promise<{ bandShaded: boolean; lineInk: number; bandsDiffer: boolean }> {
  return page.getByTestId('psd-plot').evaluate((canvas: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(canvas, 0, 0);
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.width / dpr;
    const h = canvas.height / dpr;
    const left = 11 * 4.2;
    const right = w - 11 * 1.4;
    const top = 11 * 1.8;
    const bottom = h - 11 * 2.6;
    const xOf = (f: number) => left + ((right - left) * f) / 100;
    const all = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const rgb = (x: number, y: number) => {
      const i = (Math.round(y * dpr) * copy.width + Math.round(x * dpr)) * 4;
      return [all[i]!, all[i + 1]!, all[i + 2]!];
    };
    const y = top + 3;
    // Just under the top edge no channel's line passes: only band shading or the plain background.
    const alpha = rgb(xOf(10.5), y);
    const beta = rgb(xOf(20), y);
    const outside = rgb(xOf(75), y);
    const differs = (a: number[], b: number[]) => a.some((v, i) => Math.abs(v - b[i]!) > 3);
    let ink = 0;
    for (let py = Math.round(top * dpr); py < Math.round(bottom * dpr); py++) {
      for (let px = Math.round(left * dpr); px < Math.round(right * dpr); px++) {
        const i = (py * copy.width + px) * 4;
        // Saturated pixels are channel lines (the background, grid and band tints are near grey).
        if (Math.max(all[i]!, all[i + 1]!, all[i + 2]!) - Math.min(all[i]!, all[i + 1]!, all[i + 2]!) > 80)
          ink++;
      }
    }
    return {
      bandShaded: differs(alpha, outside) && differs(beta, outside),
      lineInk: ink,
      bandsDiffer: differs(alpha, beta),
    };
  });
}

async function saturatedPixels(testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(canvas, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (
        Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) >
        60
      )
        n++;
    }
    return n;
  });
}

describe('the Analysis page', { timeout: 120_000 }, () => {
  it('runs the OpenBCI sample recording and shows its report', async () => {
    const source = page.getByLabel('Recording to analyse');
    await source.selectOption({ label: 'OpenBCI sample recording (bundled, 8 ch, 250 Hz, 89.96 s)' });
    // Every state the progress element goes through, recorded in the page as it happens.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressStates: string[] }).progressStates = seen;
      new MutationObserver(() => {
        const state = document.querySelector<HTMLElement>('[data-testid=analysis-progress]')?.dataset.state;
        if (state && seen.at(-1) !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Run analysis' }).click();
    await page.waitForSelector('[data-testid=analysis-report]');
    await expect.poll(() => page.getByTestId('analysis-progress').getAttribute('data-state')).toBe('done');
    const states = await page.evaluate(
      () => (window as unknown as { progressStates: string[] }).progressStates,
    );
    expect(states.at(-1)).toBe('done');
    expect(states.some((s) => s === 'running' || s === 'queued')).toBe(true);

    await expect
      .poll(() => page.locator('#report-title').textContent())
      .toBe('EEG analysis report: OpenBCI_GUI-v6-blinks-jawClench-alpha.txt');
    const psd = page.getByTestId('psd-plot');
    expect(await psd.getAttribute('data-channels')).toBe('8');
    expect(await psd.getAttribute('data-bands')).toBe(BANDS.join(','));
    const pixels = await psdPixels();
    expect(pixels.bandShaded, 'the bands are shaded').toBe(true);
    expect(pixels.bandsDiffer, 'each band has its own shade').toBe(true);
    expect(pixels.lineInk, 'the channels are drawn').toBeGreaterThan(2000);

    const rows = page.getByTestId('band-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(8);
    for (let i = 0; i < 8; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      // Quality, then each band as "<number> µV²<percent> %".
      expect(['good', 'noisy', 'flat', 'railed', 'line-noise']).toContain(cells[0]);
      for (let b = 1; b <= BANDS.length; b++) expect(cells[b]).toMatch(/^[\d.,e-]+ µV²\d+\.\d %$/);
    }
    const labels = await page.getByTestId('quality-label').allTextContents();
    expect(labels).toHaveLength(8);
    // The sample is unfiltered Cyton data with strong mains: the report must say so, with the threshold.
    expect(await page.getByTestId('quality-table').textContent()).toMatch(
      /line-noise: \d+\.\d % of .* \(threshold 30\.0 %\)/,
    );
    await expect.poll(() => page.getByText(/^Thresholds: railed when ≥ 10 % of samples/).count()).toBe(1);

    expect(await page.getByTestId('harmony-heatmap').getAttribute('data-pairs')).toBe('28');
    expect(await saturatedPixels('harmony-heatmap'), 'the heatmap is coloured').toBeGreaterThan(5000);
    expect(await saturatedPixels('band-bars')).toBeGreaterThan(5000);
    expect(await page.getByTestId('harmony-index').textContent()).toMatch(/^0\.\d{3}$/);

    const peakRows = page.getByTestId('peaks-table').locator('tbody tr');
    expect(await peakRows.count()).toBe(8);
    expect(await peakRows.first().textContent()).toMatch(/\d+\.\d+ Hz \(\d+\.\d dB\)/);
    // Mains at 60 Hz with its harmonic at 120 Hz: a family somewhere in the report.
    expect(await page.getByTestId('peaks-table').textContent()).toMatch(/59\.9\d Hz: ×2 119\.\d Hz/);

    await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-light.png') });
  });

  it('shows the report in the dark theme too', async () => {
    const before = await page.getByTestId('psd-plot').getAttribute('data-drawn');
    await page.keyboard.press('t');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => page.getByTestId('psd-plot').getAttribute('data-theme')).toBe('dark');
    expect(Number(await page.getByTestId('psd-plot').getAttribute('data-drawn'))).toBeGreaterThan(
      Number(before),
    );
    const pixels = await psdPixels();
    expect(pixels.bandShaded && pixels.lineInk > 2000).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-dark.png') });
  });

  it('saves the report as a one-page PNG', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save PNG' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^clisonix-analysis-OpenBCI_GUI-v6-blinks-jawClench-alpha\.txt-[\d-]+\.png$/,
    );
    const file = path.join(ARTIFACTS, 'analysis-report.png');
    await download.saveAs(file);
    const png = await readFile(file);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: an A4 page at 150 dpi.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1240, 1754]);
    expect(png.length).toBeGreaterThan(100_000);
    await expect
      .poll(() => page.getByTestId('save-status').textContent())
      .toMatch(/^Saved clisonix-analysis-.*\.png \(\d+ KiB\)\.$/);
  });

  it('prints as exactly one page, light, whatever the screen theme', async () => {
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // What the page holds while it prints (this listener runs after the report's own).
    await page.evaluate(() => {
      window.addEventListener(
        'beforeprint',
        () => {
          const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=print-page] canvas');
          const copy = document.createElement('canvas');
          copy.width = copy.height = 1;
          const ctx = copy.getContext('2d', { willReadFrequently: true })!;
          if (canvas) ctx.drawImage(canvas, 0, 0, 1, 1, 0, 0, 1, 1);
          (window as unknown as { printed: unknown }).printed = {
            width: canvas?.width ?? 0,
            height: canvas?.height ?? 0,
            corner: [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)],
            hidesApp: document.documentElement.classList.contains('printing-report'),
          };
        },
        { once: true },
      );
    });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)).toHaveLength(1);
    // The one-page report at 300 dpi, on white, and nothing of the app around it.
    expect(await page.evaluate(() => (window as unknown as { printed: unknown }).printed)).toEqual({
      width: 2480,
      height: 3508,
      corner: [255, 255, 255],
      hidesApp: true,
    });
    await expect.poll(() => page.getByTestId('print-page').count()).toBe(0);
    await page.keyboard.press('t');
  });

  it('cancels a long analysis from the page', async () => {
    await page.getByLabel('Recording to analyse').selectOption({ index: 0 });
    expect(await page.getByLabel('Recording to analyse').inputValue()).toMatch(/^rec:/);
    await page.getByRole('button', { name: 'Run analysis' }).click();
    await page.getByRole('progressbar', { name: 'Analysis progress' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => page.getByTestId('analysis-progress').getAttribute('data-state'))
      .toBe('cancelled');
    expect(await page.getByTestId('analysis-progress').textContent()).toMatch(
      /^Long montage, whole recording: cancelled\./,
    );
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run analysis' }).isEnabled()).toBe(true);
  });

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });
});
