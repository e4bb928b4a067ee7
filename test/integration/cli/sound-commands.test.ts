// `clisonix symphony` and `clisonix brainsync` on the shipped OpenBCI sample file: the WAV they write is measured
// by soxi (an independent reader) and numpy's FFT; bad usage exits 2, bad input 1, an interruption writes nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWavPcm16 } from '../../../src/engine/formats/wav';
import { readSoundMetadata } from '../../../src/engine/symphony';
import { REPO_ROOT, runCliCaptured } from '../../helpers/cli';
import { runPython } from '../../helpers/python';

const SAMPLE = path.join(REPO_ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt');
const never = new Promise<void>(() => {});
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clisonix-sound-cli-'));
  env = { CLISONIX_HOME: dir };
});

const soxi = (flag: string, file: string) => execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim();

describe('clisonix symphony and brainsync', { timeout: 60_000 }, () => {
  it('writes the sample’s symphony as a mono WAV of the asked length, with its parameters', async () => {
    const out = path.join(dir, 'symphony.wav');
    const run = await runCliCaptured(
      ['symphony', SAMPLE, '--out', out, '--seconds', '5', '--start', '10', '--speed', '2', '--json'],
      { env, interrupted: never },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ out, duration_s: 5, channels: 1, from_s: 10, to_s: 20, hops: 40 });
    expect(run.stderr).toMatch(/Rendering the neural symphony/);
    expect(soxi('-s', out)).toBe(String(5 * 44100));
    expect(soxi('-c', out)).toBe('1');
    expect(soxi('-r', out)).toBe('44100');
    const metadata = readSoundMetadata(new Uint8Array(readFileSync(out)));
    expect(metadata).toMatchObject({
      kind: 'neural-symphony',
      params: { seconds: 5, speed: 2, startSeconds: 10 },
    });
  });

  it('renders the same symphony byte for byte from the same input and parameters (docs/sound.md)', async () => {
    const render = async (name: string) => {
      const out = path.join(dir, name);
      const run = await runCliCaptured(
        ['symphony', SAMPLE, '--out', out, '--seconds', '3', '--start', '20'],
        {
          env,
          interrupted: never,
        },
      );
      expect(run.code, run.stderr).toBe(0);
      return readFileSync(out);
    };
    const first = await render('again-1.wav');
    const second = await render('again-2.wav');
    expect(first.length).toBeGreaterThan(3 * 44100 * 2);
    expect(second.equals(first)).toBe(true);
  });

  it('writes brainsync whose ears numpy finds at the carrier and carrier + beat', async () => {
    const out = path.join(dir, 'sleep.wav');
    const run = await runCliCaptured(
      ['brainsync', '--mode', 'sleep', '--seconds', '4', '--carrier', '250', '--rate', '48000', '--out', out],
      { env, interrupted: never },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(soxi('-c', out)).toBe('2');
    expect(soxi('-r', out)).toBe('48000');
    const { channels } = decodeWavPcm16(new Uint8Array(readFileSync(out)));
    const peaks = await runPython<number[]>({
      code: `
emit([float(np.fft.rfftfreq(len(x), 1 / 48000)[int(np.argmax(np.abs(np.fft.rfft(x))))])
      for x in (arrays["left"], arrays["right"])])`,
      arrays: { left: channels[0]!, right: channels[1]! },
    });
    expect(peaks).toEqual([250, 252]);
  });

  it.each([
    [['brainsync', '--seconds', '4', '--out', 'x.wav'], 2, /--mode is required/],
    [['brainsync', '--mode', 'party', '--seconds', '4', '--out', 'x.wav'], 2, /--mode party is not one of/],
    [
      ['brainsync', '--mode', 'relax', '--seconds', '5000', '--out', 'x.wav'],
      2,
      /--seconds must be a number/,
    ],
    [['symphony', SAMPLE], 2, /--out WAV is required/],
    [['symphony', 'no-such-recording', '--out', 'x.wav'], 1, /no-such-recording/],
    [['symphony', SAMPLE, '--out', 'x.wav', '--start', '5000'], 1, /starts at 5000 s/],
  ])('%j exits %d and says why', async (argv, code, message) => {
    const run = await runCliCaptured(argv, { env, interrupted: never });
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(existsSync(path.join(REPO_ROOT, 'x.wav'))).toBe(false);
  });

  it('writes nothing when interrupted', async () => {
    const before = readdirSync(dir);
    const out = path.join(dir, 'interrupted.wav');
    const run = await runCliCaptured(['brainsync', '--mode', 'focus', '--seconds', '1800', '--out', out], {
      env,
      interrupted: Promise.resolve(),
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cancel/i);
    expect(readdirSync(dir)).toEqual(before);
  });
});
