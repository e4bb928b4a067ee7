import { startBrowserMode } from '../../main/web/start-browser-mode';
import { type CliCommand, parseCommandArgs, UsageError, UserError } from '../command';

export const DEFAULT_SERVE_PORT = 5170;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'browser mode: the full app at http://127.0.0.1:N/?token=...',
  usage: `Usage: clisonix serve [--port N] [--no-demo]

Serves Clisonix Desktop to a browser on this machine only (127.0.0.1), protected by a random
session token in the printed address. Keeps running until stopped (Ctrl-C).

Options:
  --port N     port to listen on (default ${DEFAULT_SERVE_PORT}, or any free port if that one is taken;
               0 = any free port)
  --no-demo    do not start the demo headset
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string' }, 'no-demo': { type: 'boolean' } });
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      throw new UsageError(`--port must be a port number from 0 to 65535, not '${values.port ?? ''}'`);
    }
    let server;
    try {
      server = await startBrowserMode({
        port: port ?? DEFAULT_SERVE_PORT,
        fallbackToFreePort: port === undefined,
        startDemo: !values['no-demo'],
        env: io.env,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new UserError(
          `port ${port ?? DEFAULT_SERVE_PORT} is already in use; choose another with --port N (0 = any free port)`,
        );
      }
      throw error;
    }
    io.stdout.write(`${server.url}\n`);
    io.stderr.write(
      `Clisonix Desktop is serving in browser mode${values['no-demo'] ? '' : ' with the demo headset'}; open the address above. Ctrl-C stops it.\n`,
    );
    await io.interrupted;
    await server.close();
    return 0;
  },
};
