#!/usr/bin/env node
// Lints openapi.yaml with Redocly's recommended-strict rules (redocly.yaml), offline and without telemetry.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const result = spawnSync(process.execPath, [cli, 'lint', 'openapi.yaml', '--format', 'stylish'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
});
process.exit(result.status ?? 1);
