// A headset on a serial port, used the way a technician does in browser mode: the built `clisonix serve`, Debian's
// Chromium, and simulated boards speaking the real wire protocols on real pseudo-terminals (socat). The page
// connects through the "Other port" field, labels the channels with a montage, sees the device lost the moment the
// pty disappears and streaming come back when it returns. Screenshots land in test-results/e2e/.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../src/main/devices/pty-simulator';
import { SOCAT_PATH } from '../../src/main/devices/socat-pty';
import { launchChromium } from '../helpers/chromium';
import { REPO_ROOT } from '../helpers/cli';
import { serveBuiltApp, type ServedApp } from '../helpers/served-app';

const ARTIFACTS = path.join(REPO_ROOT, 'test-results/e2e');
const CYTON_MONTAGE = 'OpenBCI Cyton 8-ch (Ultracortex)';
const CYTON_LABELS = 'Fp1,Fp2,C3,C4,P7,P8,O1,O2';

let server: ServedApp | undefined;
let url: string;
let browser: Browser | undefined;
let page: Page;
let cyton: PtySimulator;
let thinkgear: PtySimulator;
const consoleProblems: string[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  [cyton, thinkgear] = await Promise.all([
    startPtySimulator({ board: 'cyton', seed: 4, socatPath: SOCAT_PATH }),
    startPtySimulator({ board: 'thinkgear', seed: 5, socatPath: SOCAT_PATH }),
  ]);
  const home = await mkdtemp(path.join(tmpdir(), 'clisonix-e2e-serial-'));
  server = await serveBuiltApp(home, { demo: false });
  url = server.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
  await page.goto(`${url}#/devices`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await Promise.all([cyton.close(), thinkgear.close()]);
});

const canvas = () => page.locator('[data-testid=live-traces]');
const numberOf = async (attribute: string) => Number(await canvas().getAttribute(attribute));

async function setTheme(theme: 'light' | 'dark'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
    await page.keyboard.press('t');
  }
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}

async function connectSerial(portPath: string, board: string): Promise<void> {
  await page.getByLabel('Other port', { exact: true }).fill(portPath);
  await page.getByLabel('Board', { exact: true }).selectOption(board);
  await page.getByRole('button', { name: 'Connect', exact: true }).first().click();
}

describe('serial headsets in browser mode', { timeout: 120_000 }, () => {
  it('says in words why a port that does not exist cannot be opened', async () => {
    await expect.poll(() => page.locator('h1').textContent()).toBe('Devices');
    await connectSerial('/dev/clisonix-no-such-port', 'cyton');
    const error = page.getByTestId('connect-error');
    await expect.poll(() => error.textContent()).toMatch(/No serial port at \/dev\/clisonix-no-such-port/);
    expect(await error.getAttribute('data-code')).toBe('not_found');
  });

  it('connects a Cyton typed under "Other port", by keyboard, and shows its channels and firmware', async () => {
    await page.getByLabel('Other port', { exact: true }).fill(cyton.path);
    await page.getByLabel('Board', { exact: true }).selectOption('cyton');
    // Keyboard only: focus the Connect button by tabbing from the board select, then Enter.
    await page.getByLabel('Board', { exact: true }).focus();
    let onConnect = false;
    for (let i = 0; i < 6 && !onConnect; i++) {
      await page.keyboard.press('Tab');
      onConnect = await page.evaluate(() => document.activeElement?.textContent === 'Connect');
    }
    expect(onConnect, 'Connect is reachable with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('status-source').getAttribute('data-state')).toBe('streaming');
    expect(await page.getByTestId('status-source').textContent()).toContain(`${cyton.path} - OpenBCI Cyton`);
    await expect.poll(() => page.getByTestId('firmware').textContent()).toMatch(/firmware v3\.1\.2/);
    expect(await page.getByTestId('channel-table').locator('tbody tr').count()).toBe(8);
    expect(await page.getByTestId('connect-error').count()).toBe(0);
  });

  it('applies a montage and a gain; the Live page shows 8 labelled channels streaming', async () => {
    const card = page.locator('.channel-setup');
    await card.getByLabel('Montage', { exact: true }).selectOption(CYTON_MONTAGE);
    await card.getByRole('button', { name: 'Apply montage' }).click();
    await expect.poll(() => page.getByLabel('Label of channel 5').inputValue()).toBe('P7');
    await page.getByLabel('Gain of channel 2').selectOption('8');
    await expect.poll(() => page.getByLabel('Gain of channel 2').inputValue()).toBe('8');
    await page.getByLabel('Label of channel 8').fill('Oz');
    await page.getByLabel('Label of channel 8').press('Enter');
    await expect.poll(() => page.getByText('In use:').count()).toBe(0); // edited by hand: no montage any more
    await page.getByLabel('Label of channel 8').fill('O2');
    await page.getByRole('button', { name: 'Apply labels' }).click();
    await expect.poll(() => page.getByLabel('Label of channel 8').inputValue()).toBe('O2');

    await setTheme('light');
    await page.screenshot({ path: path.join(ARTIFACTS, 'devices-light.png'), fullPage: true });
    await setTheme('dark');
    await page.screenshot({ path: path.join(ARTIFACTS, 'devices-dark.png'), fullPage: true });
    await setTheme('light');

    await page.getByRole('link', { name: 'Live' }).click();
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid=live-traces]');
      return c?.dataset.channels === '8' && Number(c.dataset.samplesReceived) >= 250;
    });
    expect(await canvas().getAttribute('data-channel-labels')).toBe(CYTON_LABELS);
    expect(await canvas().getAttribute('data-visible-channels')).toBe('8');
    const received = await numberOf('data-samples-received');
    await expect.poll(() => numberOf('data-samples-received')).toBeGreaterThan(received + 100);
  });

  it('shows the device lost at once when the pty disappears, and streaming again when it returns', async () => {
    const segment = Number(await page.getByTestId('status-source').getAttribute('data-segment'));
    await cyton.unplug();
    // Shown while the device is still away: from the status event itself, not after a reconnection attempt.
    await expect
      .poll(() => page.getByTestId('source-banner').getAttribute('data-state'))
      .toBe('reconnecting');
    expect(await page.getByTestId('source-banner').textContent()).toMatch(
      /Device lost — reconnecting….*Everything received until then is kept/,
    );
    expect(await page.getByTestId('status-source').getAttribute('data-state')).toBe('reconnecting');
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-device-lost.png') });
    const stalledAt = await numberOf('data-samples-received');

    await cyton.replug();
    await expect
      .poll(() => page.getByTestId('status-source').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('streaming');
    expect(await page.getByTestId('source-banner').getAttribute('data-state')).toBe('resumed');
    expect(await page.getByTestId('source-banner').textContent()).toContain(
      `Streaming again in segment ${segment + 1}:`,
    );
    await expect.poll(() => numberOf('data-samples-received')).toBeGreaterThan(stalledAt + 100);
    // The montage outlives the reconnection.
    expect(await canvas().getAttribute('data-channel-labels')).toBe(CYTON_LABELS);
  });

  it('switching a channel off powers it down on the Cyton and leaves it out of the traces', async () => {
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByLabel('Channel 3 on').click(); // the box follows the board's state, not the click
    await expect
      .poll(() => page.getByTestId('channel-toggle-note').textContent())
      .toMatch(/Channel 3 \(C3\) is powered down on the board/);
    await page.getByRole('link', { name: 'Live' }).click();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLCanvasElement>('[data-testid=live-traces]')?.dataset.visibleChannels ===
        '7',
    );
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByLabel('Channel 3 on').click();
    await expect.poll(() => page.getByTestId('channel-toggle-note').textContent()).toMatch(/powered up/);
    expect(await page.getByLabel('Channel 3 on').isChecked()).toBe(true);
  });

  it('shows a ThinkGear headset’s signal quality, attention and meditation', async () => {
    await connectSerial(thinkgear.path, 'thinkgear');
    await expect.poll(() => page.getByTestId('status-source').getAttribute('data-state')).toBe('streaming');
    await expect
      .poll(() => page.getByTestId('signal-quality').textContent(), { timeout: 10_000 })
      .toMatch(/good contact \(0\/200\)/);
    await expect.poll(() => page.getByTestId('attention').textContent()).toMatch(/^\d+$/);
    await expect.poll(() => page.getByTestId('meditation').textContent()).toMatch(/^\d+$/);
    expect(await page.getByTestId('channel-table').locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Gain of channel 1').count()).toBe(0);
    await page.getByLabel('Channel 1 on').click();
    await expect
      .poll(() => page.getByTestId('channel-toggle-note').textContent())
      .toMatch(/cannot switch channels off: Channel 1 \(EEG\) is hidden from the display only/);
    await page.getByLabel('Channel 1 on').click();
    await expect.poll(() => page.getByLabel('Channel 1 on').isChecked()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'devices-thinkgear.png'), fullPage: true });
  });

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });
});
