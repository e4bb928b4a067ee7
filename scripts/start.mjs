#!/usr/bin/env node
// `npm start`: build, then open Clisonix Desktop in Electron where its binary exists (downloading it on first
// start, as electron does), else serve the same app in browser mode with one line saying why.
// `npm run serve` (or `npm start -- --browser`) goes straight to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const browserOnly = process.argv.includes('--browser');
const passThrough = process.argv.slice(2).filter((a) => a !== '--browser');

console.log('Building Clisonix Desktop…');
const build = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (build.status !== 0) {
  console.error('The build failed (see above).');
  process.exit(1);
}

/** The Electron binary, downloading it once if needed; null with the reason when it cannot be had. */
function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  if (!existsSync(path.join(dir, 'package.json')))
    return { binary: null, reason: 'the electron package is not installed' };
  const pathFile = path.join(dir, 'path.txt');
  const present = () =>
    existsSync(pathFile) && existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  if (!present()) {
    const install = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (install.status !== 0 || !present()) {
      const detail = `${install.stderr ?? ''}${install.error?.message ?? ''}`
        .split('\n')
        .find((l) => /error/i.test(l))
        ?.trim();
      return {
        binary: null,
        reason: `its binary could not be downloaded${detail ? `: ${detail.slice(0, 120)}` : ''}`,
      };
    }
  }
  return { binary: path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()), reason: null };
}

let electron = { binary: null, reason: 'browser mode was asked for' };
if (!browserOnly) electron = electronBinary();

if (electron.binary) {
  const child = spawn(electron.binary, [root, ...passThrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!browserOnly) {
    console.log(
      `Electron is not available on this machine (${electron.reason}), so Clisonix Desktop runs in browser mode: open the address below.`,
    );
  }
  const child = spawn(process.execPath, [path.join(root, 'out/main/cli.js'), 'serve', ...passThrough], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
