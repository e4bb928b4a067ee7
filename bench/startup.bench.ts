// Time from starting browser mode (the built `clisonix serve`, what `npm start` runs here) to 8 channels of the
// demo headset drawn in Chromium. Target from the skeleton issue: live traces within 3 s of start.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../test/helpers/chromium';
import type { BenchTable } from './harness';

const root = path.resolve(import.meta.dirname, '..');

async function once(): Promise<{ urlMs: number; tracesMs: number }> {
  const home = await mkdtemp(path.join(tmpdir(), 'clisonix-bench-'));
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const t0 = performance.now();
  const server = spawn(process.execPath, [path.join(root, 'out/main/cli.js'), 'serve', '--port', '0'], {
    env: { ...process.env, CLISONIX_HOME: home },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d: Buffer) => {
        out += String(d);
        const line = out.split('\n').find((l) => l.startsWith('http://'));
        if (line) resolve(line.trim());
      });
      server.once('exit', () => reject(new Error('serve exited')));
    });
    const urlMs = performance.now() - t0;
    await page.goto(url);
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid=live-traces]');
      return c?.dataset.channels === '8' && Number(c.dataset.framesDrawn) > 0;
    });
    return { urlMs, tracesMs: performance.now() - t0 };
  } finally {
    await browser.close();
    server.kill('SIGINT');
  }
}

export async function run(): Promise<BenchTable[]> {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await once());
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const tracesMs = median(runs.map((r) => r.tracesMs));
  return [
    {
      title: 'Start to live traces (browser mode, demo headset, 5 runs)',
      columns: ['step', 'median ms', 'worst ms'],
      rows: [
        [
          'process start -> URL printed',
          median(runs.map((r) => r.urlMs)),
          Math.max(...runs.map((r) => r.urlMs)),
        ],
        ['process start -> 8 channels drawn', tracesMs, Math.max(...runs.map((r) => r.tracesMs))],
      ],
      notes: [
        `target: traces within 3000 ms of start: ${tracesMs <= 3000 ? 'met' : 'NOT met'} (median ${Math.round(tracesMs)} ms)`,
      ],
    },
  ];
}
