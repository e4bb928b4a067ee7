// The JWT signing secret: from CLISONIX_JWT_SECRET, or generated once into the data directory (mode 0600) and
// read back on every later start. Never a literal in code.
import { randomBytes } from 'node:crypto';
import { chmod, link, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export const JWT_SECRET_ENV = 'CLISONIX_JWT_SECRET';
export const JWT_SECRET_FILE = 'jwt-secret';
const MIN_SECRET_BYTES = 32;

export interface JwtSecret {
  readonly secret: Uint8Array;
  readonly source: 'environment' | 'data-dir-existing' | 'data-dir-generated';
  /** Problems fixed on the way (e.g. a secret file readable by others), for the log. */
  readonly warnings: readonly string[];
}

export class JwtSecretError extends Error {
  override readonly name = 'JwtSecretError';
}

export async function loadJwtSecret(env: NodeJS.ProcessEnv, dataDir: string): Promise<JwtSecret> {
  const fromEnv = env[JWT_SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const secret = new TextEncoder().encode(fromEnv);
    if (secret.byteLength < MIN_SECRET_BYTES) {
      throw new JwtSecretError(
        `${JWT_SECRET_ENV} is ${secret.byteLength} bytes long; use at least ${MIN_SECRET_BYTES} random bytes (e.g. \`openssl rand -base64 48\`)`,
      );
    }
    return { secret, source: 'environment', warnings: [] };
  }

  const file = path.join(dataDir, JWT_SECRET_FILE);
  // Written whole into a private temporary file, then linked into place: link() fails if another starting
  // process got there first, and nobody ever reads a half-written secret.
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const secret = randomBytes(64);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${secret.toString('base64url')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
    return { secret, source: 'data-dir-generated', warnings: [] };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }

  const warnings: string[] = [];
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    await chmod(file, 0o600);
    warnings.push(`${file} was readable by others (mode ${mode.toString(8)}); it is now 600`);
  }
  const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  if (stored.byteLength < MIN_SECRET_BYTES) {
    throw new JwtSecretError(
      `${file} holds a secret shorter than ${MIN_SECRET_BYTES} bytes; delete it to make a new one`,
    );
  }
  return { secret: stored, source: 'data-dir-existing', warnings };
}
