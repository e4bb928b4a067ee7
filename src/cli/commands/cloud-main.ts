// `npm run cloud`: the cloud command on its own, for running the server without the whole CLI.
//   npm run cloud -- --port 8000 --db ./cloud.sqlite
import { EXIT, UsageError, UserError, type CliIo } from '../command';
import { cloudCommand } from './cloud';

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
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
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${cloudCommand.usage}\n`);
    process.exit(EXIT.ok);
  }
  process.exit(await cloudCommand.run(argv, io));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`clisonix cloud: ${error.message}\n\n${cloudCommand.usage}\n`);
    process.exit(EXIT.usage);
  }
  if (error instanceof UserError) {
    process.stderr.write(`clisonix cloud: ${error.message}\n`);
    process.exit(EXIT.userError);
  }
  throw error;
}
