// Running `clisonix` in-process with captured output, or as a real child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI_BIN = path.join(REPO_ROOT, 'bin/clisonix.mjs');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliCaptured(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv; interrupted?: Promise<void> } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: new PassThrough(),
    env: { ...process.env, ...options.env },
    cwd: REPO_ROOT,
    interrupted: options.interrupted ?? Promise.resolve(),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Starts `clisonix <args>` as a real process; resolves with it once `firstLine` (stdout) has been printed. */
export function spawnCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcessWithoutNullStreams; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.stdout.on('data', (d: Buffer) => {
      buffered += String(d);
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(buffered.slice(0, newline));
    });
    child.once('exit', (code) =>
      reject(new Error(`clisonix exited with ${code} before printing a line: ${stderr}`)),
    );
  });
  return { child, firstLine };
}

export function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}
