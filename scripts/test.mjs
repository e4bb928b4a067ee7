#!/usr/bin/env node
// `npm test`: make sure the system packages the tests use are here (installing them where it can), then run
// every test once with Vitest. Extra arguments go to Vitest (`npm test -- test/unit`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const deps = spawnSync(process.execPath, [path.join(root, 'scripts/system-deps.mjs')], { stdio: 'inherit' });
if (deps.status !== 0) process.exit(deps.status ?? 1);

const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
