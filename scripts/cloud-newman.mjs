#!/usr/bin/env node
// Runs postman_collection_auth.json with newman against a freshly started cloud server: a free port on
// 127.0.0.1, a new temporary data directory, SQLite (or PostgreSQL when DATABASE_URL is set). Fails when any
// assertion fails or when the server answered any request with a 5xx.
//   node scripts/cloud-newman.mjs [--json-out FILE] [--verbose]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: { 'json-out': { type: 'string' }, verbose: { type: 'boolean', default: false } },
});
const load = (file) => import(pathToFileURL(path.join(root, file)).href);
const { resolveCloudConfig } = await load('src/cloud/config.ts');
const { createCloudServer } = await load('src/cloud/server.ts');
const { JwtIssuer } = await load('src/cloud/auth/jwt.ts');

const dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-newman-'));
const secret = randomBytes(48).toString('base64url');
const { config } = await resolveCloudConfig(
  { dataDir, port: 0, host: '127.0.0.1' },
  { ...process.env, CLISONIX_JWT_SECRET: secret },
);
const fiveHundreds = [];
const server = await createCloudServer(config, {
  log: (line) => {
    if (/ 5\d\d [\d.]+ ms$/.test(line)) fiveHundreds.push(line);
    if (args.verbose || line.startsWith('error:')) console.error(`[server] ${line}`);
  },
});
const baseUrl = await server.listen();

// A token this server signed, which expired an hour ago: the collection's {{old_expired_token}}.
const anHourAgo = await JwtIssuer.create(config.jwtSecret, {
  issuer: config.jwtIssuer,
  audience: config.jwtAudience,
  ttlS: config.accessTokenTtlS,
  clockToleranceS: 0,
  now: () => Date.now() - 2 * 3600_000,
});
const expired = await anHourAgo.sign({
  userId: randomUUID(),
  email: 'expired@example.com',
  sessionId: randomUUID(),
});

const newman = createRequire(import.meta.url).resolve('newman/bin/newman.js');
const jsonOut = args['json-out'] ?? path.join(dataDir, 'newman.json');
const code = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [
      newman,
      'run',
      path.join(root, 'postman_collection_auth.json'),
      '--env-var',
      `base_url=${baseUrl}`,
      '--env-var',
      `old_expired_token=${expired.token}`,
      '--reporters',
      'cli,json',
      '--reporter-json-export',
      jsonOut,
      '--color',
      'off',
      '--disable-unicode',
    ],
    { stdio: 'inherit' },
  );
  child.on('close', (status) => resolve(status ?? 1));
});

await server.close();
await rm(dataDir, { recursive: true, force: true });
console.log(`database: ${config.database.kind}; server 5xx answers: ${fiveHundreds.length}`);
for (const line of fiveHundreds) console.error(`5xx: ${line}`);
process.exit(code === 0 && fiveHundreds.length === 0 ? 0 : 1);
