// The shape of a `clisonix` command (docs/design/CLI.md): exit 0 on success, 1 on a user error with one clear
// line on stderr, 2 on bad usage; `--json` prints one JSON document on stdout and nothing else there.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Resolves when the user asks to stop (Ctrl-C / SIGTERM); long-running commands await it. */
  readonly interrupted: Promise<void>;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `clisonix --help`. */
  readonly summary: string;
  /** Full text for `clisonix <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Bad usage: unknown option, missing argument. Exit code 2, usage hint on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The user's input or environment is wrong (file missing, port busy...). Exit code 1, one line on stderr. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export const EXIT = { ok: 0, userError: 1, usage: 2 } as const;

/** node:util parseArgs, with its errors turned into UsageErrors that name the problem. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
  { positionals = 0 }: { positionals?: number } = {},
) {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) {
      throw new UsageError(`unexpected argument '${parsed.positionals[positionals] ?? ''}'`);
    }
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message.replace(/^.*?: /, '') : String(error));
  }
}

/** Progress on stderr for long work: a redrawn line on a terminal, a line per 10 % otherwise. */
export function progressReporter(io: CliIo, label: string): (done: number, total: number) => void {
  let lastDecile = -1;
  return (done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    if (io.stderr.isTTY) {
      io.stderr.write(`\r${label} ${(fraction * 100).toFixed(0).padStart(3)} %${fraction >= 1 ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      io.stderr.write(`${label} ${decile * 10} %\n`);
    }
  };
}
