// The JWT secret: from the environment, or generated once into the data directory with mode 0600.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JwtSecretError, loadJwtSecret } from '../../../src/cloud/auth/jwt-secret';

const dirs: string[] = [];
const fresh = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-secret-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('loadJwtSecret', () => {
  it('uses CLISONIX_JWT_SECRET when it is long enough, and refuses a short one', async () => {
    const dir = await fresh();
    const secret = await loadJwtSecret({ CLISONIX_JWT_SECRET: 'k'.repeat(32) }, dir);
    expect(secret.source).toBe('environment');
    expect(Buffer.from(secret.secret).toString()).toBe('k'.repeat(32));
    await expect(loadJwtSecret({ CLISONIX_JWT_SECRET: 'k'.repeat(31) }, dir)).rejects.toThrow(JwtSecretError);
  });

  it('generates one secret into the data directory (0600), once, even when several processes start at once', async () => {
    const dir = await fresh();
    const loads = await Promise.all(Array.from({ length: 6 }, () => loadJwtSecret({}, dir)));
    expect(loads.filter((l) => l.source === 'data-dir-generated')).toHaveLength(1);
    const first = Buffer.from(loads[0]!.secret).toString('hex');
    for (const load of loads) expect(Buffer.from(load.secret).toString('hex')).toBe(first);
    expect(loads[0]!.secret.byteLength).toBe(64);
    const file = path.join(dir, 'jwt-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url').toString('hex')).toBe(first);
    expect((await import('node:fs')).readdirSync(dir)).toEqual(['jwt-secret']);
  });

  it('tightens a secret file others could read, and refuses one that is too short', async () => {
    const dir = await fresh();
    const file = path.join(dir, 'jwt-secret');
    await writeFile(file, `${Buffer.alloc(48, 7).toString('base64url')}\n`);
    await chmod(file, 0o644);
    const loaded = await loadJwtSecret({}, dir);
    expect(loaded.source).toBe('data-dir-existing');
    expect(loaded.warnings).toEqual([`${file} was readable by others (mode 644); it is now 600`]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFile(file, 'c2hvcnQ\n');
    await expect(loadJwtSecret({}, dir)).rejects.toThrow(/shorter than 32 bytes/);
  });
});
