// `clisonix simulate` driven as the CLI runs it (run(argv, io)), with SerialBoardSource on the pty it prints.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError, UserError, type CliIo } from '../../../src/cli/command';
import { simulateCommand } from '../../../src/cli/commands/simulate';
import { SerialBoardSource } from '../../../src/main/devices/serial-board-source';
import { RecordingSink, waitFor } from './recording-sink';

function fakeIo() {
  let stdout = '';
  let stderr = '';
  let interrupt!: () => void;
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: new PassThrough(),
    env: {},
    cwd: process.cwd(),
    interrupted: new Promise<void>((resolve) => (interrupt = resolve)),
  };
  return { io, interrupt, out: () => stdout, err: () => stderr };
}

describe.concurrent('clisonix simulate', () => {
  it('prints a pty path on its own line, streams the signals asked for, and stops on Ctrl-C', async () => {
    const { io, interrupt, out, err } = fakeIo();
    const running = simulateCommand.run(['--board', 'cyton', '--signal', '2:sine:10:50', '--seed', '3'], io);
    const sink = new RecordingSink();
    try {
      await waitFor('the path line', () => out().endsWith('\n'), 5000, err);
      const path = out().trim();
      expect(path).toMatch(/^\/\S+\/cyton$/);
      expect(err()).toMatch(/Simulated OpenBCI Cyton \(8 channels, 250 Hz, 115200 baud\) at .*Ctrl-C stops/);
      const source = new SerialBoardSource({ path, board: 'cyton' });
      try {
        await source.start(sink);
        await waitFor(
          '1 s of samples',
          () => sink.sampleCount() >= 250,
          5000,
          () => sink.summary(),
        );
      } finally {
        await source.stop();
      }
    } finally {
      interrupt(); // Ctrl-C, also when an assertion failed: the simulator must not outlive the test
    }
    await expect(running).resolves.toBe(0);
    // 50 uV of 10 Hz on channel 2 (and nothing else: explicit signals replace the default headset).
    const ch2 = sink.channel(1).slice(0, 250);
    const rms = Math.sqrt(ch2.reduce((s, v) => s + v * v, 0) / ch2.length);
    expect(rms).toBeCloseTo(50 / Math.SQRT2, 1);
    // 10 upward zero crossings in 1 s, at samples 0, 25, ..., 225; the one at sample 0 has no sample before it.
    const crossings = ch2.filter((v, i) => i > 0 && ch2[i - 1]! < 0 && v >= 0).length;
    expect(crossings).toBe(9);
    expect(
      sink
        .channel(0)
        .slice(0, 250)
        .every((v) => v === 0),
    ).toBe(true);
    expect(err()).toMatch(/Stopped after \d+ samples/);
  });

  it.each([
    [[], /--board is required \(cyton, daisy, thinkgear\)/],
    [['--board', 'ganglion'], /--board ganglion is not one of cyton, daisy, thinkgear/],
    [['--board', 'cyton', '--pty', '--port', '/dev/ttyUSB0'], /either --port PATH or --pty, not both/],
    [
      ['--board', 'cyton', '--signal', '1:sine:200:5'],
      /200 Hz is not below the Nyquist frequency \(125 Hz\)/,
    ],
    [['--board', 'thinkgear', '--signal', '2:sine:10:5'], /channel 2 does not exist \(1-1\)/],
    [['--board', 'cyton', '--seed', 'x'], /--seed x is not an integer/],
    [['--board', 'cyton', '--rate', '5'], /rate/],
    [['--board', 'cyton', '--drop-every', '1'], /--drop-every 1 is not an integer >= 2/],
    [['--board', 'cyton', '--garbage-every', 'often'], /--garbage-every often is not an integer >= 1/],
    [['--board', 'cyton', '--samples', '0'], /--samples 0 is not an integer >= 1/],
  ])('refuses %j as bad usage', async (argv, message) => {
    const { io } = fakeIo();
    const error = await simulateCommand.run(argv, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('says when the port to speak on does not exist', async () => {
    const { io } = fakeIo();
    const error = await simulateCommand
      .run(['--board', 'daisy', '--port', '/nonexistent/ttyUSB9'], io)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/no serial port at \/nonexistent\/ttyUSB9/);
  });

  it('prints its usage with --help', async () => {
    const { io, out } = fakeIo();
    await expect(simulateCommand.run(['--help'], io)).resolves.toBe(0);
    expect(out()).toContain('Usage: clisonix simulate --board cyton|daisy|thinkgear [--port PATH | --pty]');
  });
});
