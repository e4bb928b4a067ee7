// Builds the app (electron-vite) before the tests when the build is missing or older than the sources, so the
// browser-mode tests always drive the same bundle that `npm start` serves.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const marker = path.join(root, 'out/renderer/index.html');
  const sources = Math.max(
    newestMtimeMs(path.join(root, 'src')),
    statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs,
  );
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  const cli = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  console.log('Building the app for the browser-mode tests (electron-vite build)...');
  execFileSync(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
