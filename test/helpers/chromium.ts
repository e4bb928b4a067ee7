// Debian's Chromium driven by playwright-core (Playwright's own browser download is not possible here).
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CLISONIX_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
