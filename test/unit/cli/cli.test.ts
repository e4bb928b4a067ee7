import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exitOf, runCliCaptured, spawnCli } from '../../helpers/cli';

describe('clisonix command contract', () => {
  it('prints usage with --help (exit 0) and without a command (exit 2)', async () => {
    const help = await runCliCaptured(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: clisonix <command>/);
    expect(help.stdout).toContain('serve');
    const bare = await runCliCaptured([]);
    expect(bare.code).toBe(2);
  });

  it('rejects an unknown command or option as bad usage (exit 2, one line, no stack)', async () => {
    const unknown = await runCliCaptured(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      "clisonix: unknown command 'frobnicate'. Run 'clisonix --help' for the list.\n",
    );
    const badOption = await runCliCaptured(['serve', '--bogus']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/^clisonix serve: .*--bogus/);
    expect(badOption.stderr).not.toMatch(/\n\s+at /);
    const badPort = await runCliCaptured(['serve', '--port', 'eighty']);
    expect(badPort).toMatchObject({ code: 2 });
    expect(badPort.stderr).toContain("--port must be a port number from 0 to 65535, not 'eighty'");
  });

  it('prints a command help with --help', async () => {
    const run = await runCliCaptured(['serve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: clisonix serve \[--port N\]/);
  });

  it('reports a busy port as a user error (exit 1) with what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = await runCliCaptured(['serve', '--port', String(port), '--no-demo']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `clisonix serve: port ${port} is already in use; choose another with --port N (0 = any free port)\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('serve runs as a real process: prints the tokenised URL alone on its line and stops cleanly on SIGINT', async () => {
    const { child, firstLine } = spawnCli(['serve', '--port', '0', '--no-demo']);
    const url = await firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const withoutToken = await fetch(url.replace(/\?token=.*/, ''));
    expect(withoutToken.status).toBe(401);
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
  });
});
