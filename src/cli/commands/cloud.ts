// `clisonix cloud [--port N] [--host H] [--db PATH] [--data-dir DIR] [--quiet]`: the Clisonix Cloud API server
// (docs/design/CLI.md). Logs one line per request (method, path, status, ms) on stdout, never a secret; runs until
// Ctrl-C / SIGTERM, then closes cleanly.
import { ConfigError, resolveCloudConfig } from '../../cloud/config';
import { createCloudServer } from '../../cloud/server';
import { EXIT, UsageError, UserError, parseCommandArgs, type CliCommand } from '../command';

const USAGE = `Usage: clisonix cloud [--port N] [--host H] [--db PATH] [--data-dir DIR] [--quiet]

Runs the Clisonix Cloud API server (the contract in docs/design/API.md).

  --port N        TCP port (default 8000; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --db PATH       SQLite database file (default: cloud.sqlite in the data directory)
  --data-dir DIR  where the database and the generated JWT secret live
                  (default: CLISONIX_CLOUD_DATA, else CLISONIX_HOME/cloud, else the user-data folder)
  --quiet         no line per request

Environment: DATABASE_URL (PostgreSQL instead of SQLite, unless --db is given), CLISONIX_JWT_SECRET,
CLISONIX_RATE_LIMIT_PER_MIN, CLISONIX_AUTH_RATE_LIMIT_PER_MIN, CLISONIX_TRUST_PROXY=1, CLISONIX_CORS_ORIGINS.
See docs/cloud.md.`;

export const cloudCommand: CliCommand = {
  name: 'cloud',
  summary: 'Run the Clisonix Cloud API server',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    });
    const port = values.port === undefined ? 8000 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port ?? ''}"`);
    }
    const env = { ...io.env };
    // An explicit SQLite file wins over a PostgreSQL URL in the environment.
    if (values.db !== undefined) delete env.DATABASE_URL;

    let resolved;
    try {
      resolved = await resolveCloudConfig(
        {
          port,
          host: values.host ?? '127.0.0.1',
          ...(values.db === undefined ? {} : { dbFile: values.db }),
          ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
        },
        env,
      );
    } catch (error) {
      if (error instanceof ConfigError) throw new UserError(error.message);
      throw error;
    }
    const { config, notes } = resolved;
    for (const note of notes) io.stderr.write(`${note}\n`);

    const server = await createCloudServer(config, {
      log: (line) => {
        if (line.startsWith('error:') || line.startsWith('database:')) io.stderr.write(`${line}\n`);
        else if (!values.quiet) io.stdout.write(`${line}\n`);
      },
    }).catch((error: unknown) => {
      throw new UserError(
        `cannot open the database (${describeDatabase(config.database)}): ${messageOf(error)}`,
      );
    });
    let url: string;
    try {
      url = await server.listen();
    } catch (error) {
      await server.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new UserError(`port ${port} is in use on ${config.host}; choose another with --port`);
      if (code === 'EACCES')
        throw new UserError(`not allowed to listen on port ${port}; choose one above 1023`);
      throw new UserError(`cannot listen on ${config.host}:${port}: ${messageOf(error)}`);
    }
    io.stdout.write(
      `Clisonix Cloud API listening on ${url} (database: ${describeDatabase(config.database)})\n`,
    );
    await io.interrupted;
    await server.close();
    io.stdout.write('Clisonix Cloud API stopped\n');
    return EXIT.ok;
  },
};

/** Where the data lives, without any credential a URL may carry. */
function describeDatabase(
  target: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string },
): string {
  if (target.kind === 'sqlite') return `sqlite ${target.file}`;
  try {
    const url = new URL(target.url);
    const socket = url.searchParams.get('host');
    return `postgres ${url.hostname || socket || 'local socket'}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'postgres';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
