// The BUILT app in browser mode (`out/main/cli.js serve --port 0`) as a real process with its own data folder,
// for the end-to-end tests: its address with the session token, and a clean stop.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { exitOf, REPO_ROOT } from './cli';

export interface ServedApp {
  /** `http://127.0.0.1:<port>/?token=...`, as the server printed it. */
  readonly url: string;
  readonly process: ChildProcessWithoutNullStreams;
  /** Ctrl-C, as a technician stops it, then waits for the process to exit. */
  stop(): Promise<void>;
}

/** Starts the server with CLISONIX_HOME = `home`; `demo: false` starts it without the demo headset. */
export async function serveBuiltApp(
  home: string,
  { demo = true }: { demo?: boolean } = {},
): Promise<ServedApp> {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'out/main/cli.js'), 'serve', '--port', '0', ...(demo ? [] : ['--no-demo'])],
    { cwd: REPO_ROOT, env: { ...process.env, CLISONIX_HOME: home } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code})`)));
  });
  return {
    url,
    process: child,
    async stop() {
      child.kill('SIGINT');
      await exitOf(child);
    },
  };
}
