// `clisonix`: the app's services as a command (docs/design/CLI.md).
import { type CliCommand, type CliIo, EXIT, UsageError, UserError } from './command';
import { analyzeCommand } from './commands/analyze';
import { brainsyncCommand } from './commands/brainsync';
import { cloudCommand } from './commands/cloud';
import { devicesCommand } from './commands/devices';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { listCommand } from './commands/list';
import { recordCommand } from './commands/record';
import { serveCommand } from './commands/serve';
import { simulateCommand } from './commands/simulate';
import { symphonyCommand } from './commands/symphony';

export const COMMANDS: readonly CliCommand[] = [
  simulateCommand,
  devicesCommand,
  serveCommand,
  recordCommand,
  importCommand,
  exportCommand,
  listCommand,
  analyzeCommand,
  cloudCommand,
  symphonyCommand,
  brainsyncCommand,
];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: clisonix <command> [options]

Clisonix Desktop from the command line: acquisition, recordings, analysis and the cloud.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'clisonix <command> --help' for a command's options.
Exit codes: 0 success, 1 a problem with your input or machine (explained on stderr), 2 bad usage.
`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainUsage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    const { readAppVersion } = await import('../main/services/paths');
    io.stdout.write(`${readAppVersion(import.meta.url)}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`clisonix: unknown command '${name}'. Run 'clisonix --help' for the list.\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `clisonix ${command.name}: ${error.message}\nRun 'clisonix ${command.name} --help' for usage.\n`,
      );
      return EXIT.usage;
    }
    if (error instanceof UserError) {
      io.stderr.write(`clisonix ${command.name}: ${error.message}\n`);
      return EXIT.userError;
    }
    throw error;
  }
}

/** Process entry: real stdio, Ctrl-C/SIGTERM as `interrupted`, exit code from the command. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    interrupted,
  };
  try {
    process.exitCode = await runCli(argv, io);
  } catch (error) {
    // Not a user error: a bug. Say so plainly and keep the details for the report.
    io.stderr.write(
      `clisonix: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
  // Services keep timers and handles (stats, engine worker); a finished command must still end the process.
  setImmediate(() => process.exit());
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) void main();
