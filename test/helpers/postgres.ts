// A throwaway PostgreSQL cluster for tests: Debian's server binaries, initdb into a temporary directory (as the
// `postgres` system user when we run as root, since initdb refuses root), listening only on a Unix socket in that
// directory, stopped and removed afterwards. Each caller gets a fresh database in it.
// CLISONIX_TEST_DATABASE_URL (a superuser URL of a running server) replaces the local cluster.
// Missing binaries fail loudly: the PostgreSQL suite never skips.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

export interface PostgresCluster {
  /** Creates an empty database and returns its connection URL. */
  createDatabase(): Promise<string>;
  /** Stops and starts the server process (outage tests); absent for an external server. */
  readonly outage?: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

export class PostgresMissingError extends Error {
  override readonly name = 'PostgresMissingError';
}

/** The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl. */
export function findPostgresBin(root = PG_ROOT): string {
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new PostgresMissingError(
      `PostgreSQL server binaries not found (no ${root}/<version>/bin/initdb). Install the Debian package ` +
        `"postgresql" (apt-get install -y postgresql), or set CLISONIX_TEST_DATABASE_URL to a server's superuser URL.`,
    );
  }
  return path.join(root, newest, 'bin');
}

export async function startPostgres(): Promise<PostgresCluster> {
  const external = process.env.CLISONIX_TEST_DATABASE_URL;
  if (external !== undefined && external !== '') return databasesOn(external, () => Promise.resolve());

  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-pg-'));
  const data = path.join(dir, 'data');
  const asOwner = async (tool: string, args: string[]) => {
    const file = path.join(bin, tool);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    await chown(dir, uid, gid);
  }
  const stopNow = () => {
    try {
      const ctl = path.join(bin, 'pg_ctl');
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', ctl, ...args], { stdio: 'ignore' });
      else execFileSync(ctl, args, { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that dies must not leave a server behind.
  process.once('exit', stopNow);
  const startServer = () =>
    asOwner('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-k ${dir} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ]);

  try {
    await asOwner('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    await startServer();
  } catch (error) {
    stopNow();
    throw new Error(`could not start a test PostgreSQL cluster in ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const adminUrl = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  const cluster = databasesOn(adminUrl, () => {
    process.removeListener('exit', stopNow);
    stopNow();
    return Promise.resolve();
  });
  return {
    ...cluster,
    outage: {
      stop: async () => {
        await asOwner('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      },
      start: async () => {
        await startServer();
      },
    },
  };
}

function databasesOn(adminUrl: string, stop: () => Promise<void>): PostgresCluster {
  let counter = 0;
  return {
    async createDatabase() {
      const name = `clisonix_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop,
  };
}

let shared: { cluster: Promise<PostgresCluster>; users: number } | null = null;

/** One cluster per test file, shared by its suites; stopped when the last suite releases it. */
export async function acquirePostgres(): Promise<PostgresCluster> {
  shared ??= { cluster: startPostgres(), users: 0 };
  shared.users++;
  try {
    return await shared.cluster;
  } catch (error) {
    shared = null;
    throw error;
  }
}

export async function releasePostgres(): Promise<void> {
  if (!shared) return;
  shared.users--;
  if (shared.users > 0) return;
  const { cluster } = shared;
  shared = null;
  await (await cluster).stop();
}
