// The seeds' Postman flows 1, 2 and 4 (postman_collection_auth.json), run by newman against a freshly started
// server (scripts/cloud-newman.mjs), on SQLite and on PostgreSQL: every assertion passes, no request gets a 5xx.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../helpers/cloud';
import { acquirePostgres, releasePostgres } from '../../helpers/postgres';

const ROOT = path.resolve(import.meta.dirname, '../../..');

interface NewmanReport {
  run: {
    stats: Record<'requests' | 'assertions' | 'testScripts', { total: number; failed: number }>;
    failures: unknown[];
    executions: { item: { name: string }; response?: { code: number } }[];
  };
}

function runScript(env: NodeJS.ProcessEnv, jsonOut: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'scripts/cloud-newman.mjs'), '--json-out', jsonOut],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// newman is a separate Node process that loads a large toolchain; on a loaded two-core machine one run can take
// most of a minute, which says nothing about the server.
describe.each(BACKENDS)('newman on %s', { timeout: 120_000 }, (backend) => {
  it('passes flows 1, 2 and 4 against a fresh server', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-newman-test-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    if (backend === 'postgres') env.DATABASE_URL = await (await acquirePostgres()).createDatabase();
    try {
      const jsonOut = path.join(dir, 'report.json');
      const { code, output } = await runScript(env, jsonOut);
      expect(output).toContain(`database: ${backend}; server 5xx answers: 0`);
      expect(code, output.slice(-3000)).toBe(0);
      const report = JSON.parse(await readFile(jsonOut, 'utf8')) as NewmanReport;
      expect(report.run.failures).toEqual([]);
      expect(report.run.stats.assertions.failed).toBe(0);
      expect(report.run.stats.assertions.total).toBeGreaterThanOrEqual(70);
      const names = report.run.executions.map((e) => e.item.name);
      for (const step of ['Step 1: Login', 'Expired Token', '3. Start Data Stream', '10. Cleanup']) {
        expect(names).toContain(step);
      }
      expect(
        report.run.executions.every((e) => (e.response?.code ?? 0) > 0 && (e.response?.code ?? 0) < 500),
      ).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
      if (backend === 'postgres') await releasePostgres();
    }
  });
});
