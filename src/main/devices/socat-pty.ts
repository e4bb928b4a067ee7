// A pseudo-terminal pair made by socat (socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B): bytes written
// on one end come out of the other, and each end is a real tty that node-serialport opens like a USB port.
// Killing socat makes both ends vanish at once, which is what an unplugged dongle looks like to the host.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants } from 'node:fs/promises';

export const SOCAT_PATH = '/usr/bin/socat';

export interface PtyPair {
  /** The end the simulated board holds. */
  readonly boardPath: string;
  /** The end the app opens. */
  readonly hostPath: string;
  readonly pid: number;
  /** Kills socat (only this process) and waits for it to exit; idempotent. */
  close(): Promise<void>;
}

async function resolveSocat(preferred?: string): Promise<string> {
  for (const candidate of [preferred, SOCAT_PATH, '/usr/local/bin/socat']) {
    if (!candidate) continue;
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next place
    }
  }
  return 'socat';
}

// socat outlives a Node process that ends without closing its pairs, so the ones still open are ended on exit.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function endOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGTERM');
  });
}

export async function createPtyPair(
  boardPath: string,
  hostPath: string,
  socatPath?: string,
): Promise<PtyPair> {
  const program = await resolveSocat(socatPath);
  const child = spawn(
    program,
    ['-d', '-d', `pty,raw,echo=0,link=${boardPath}`, `pty,raw,echo=0,link=${hostPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  endOnExit(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let log = '';
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`socat did not create the pty pair within 5 s: ${log.trim()}`)),
      5000,
    );
    function fail(error: Error) {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(error);
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new Error(
              'socat is not installed; it makes the pseudo-terminals (Debian/Ubuntu: sudo apt-get install socat)',
            )
          : new Error(`cannot run socat: ${error.message}`),
      );
    });
    child.once('exit', (code) =>
      fail(new Error(`socat exited (${code ?? 'signal'}) before the pty pair was ready: ${log.trim()}`)),
    );
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      // socat logs this once both ptys exist and their links are in place.
      if (!ready && log.includes('starting data transfer loop')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stderr.removeAllListeners('data');
  child.stderr.resume();
  let closing: Promise<void> | null = null;
  return {
    boardPath,
    hostPath,
    pid: child.pid ?? -1,
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      })();
      return closing;
    },
  };
}
