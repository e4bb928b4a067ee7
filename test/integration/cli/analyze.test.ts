// `clisonix analyze`: the --json report of the OpenBCI demo file against scipy.signal.welch (python decodes the file
// itself), the readable report, a stored recording by id with a time range, and what a user reads on mistakes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalyzeJson } from '../../../src/shared/analysis';
import { RecordingStore } from '../../../src/main/storage';
import { REPO_ROOT, runCliCaptured } from '../../helpers/cli';
import { runPython } from '../../helpers/python';
import { storeRecording } from '../../helpers/stored-recording';

const DEMO = path.join(REPO_ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt');

interface Reference {
  bands: Record<string, number>;
  relative: Record<string, number>;
  total: number;
}

const PYTHON = `
import warnings
import scipy.signal as ss
warnings.simplefilter('ignore')
lines = [l for l in open(args['path'], encoding='utf-8').read().splitlines() if l and not l.startswith('%')]
rows = [l.split(',') for l in lines[1:]]
x = np.array([[float(v) for v in r[1:9]] for r in rows], dtype=np.float32).astype(np.float64).T
fs = 250.0
bands = {'delta': (0.5, 4), 'theta': (4, 8), 'alpha': (8, 13), 'beta': (13, 30), 'gamma': (30, 45)}
out = []
for ch in x:
    f, p = ss.welch(ch, fs, nperseg=int(2 * fs))
    power = lambda lo, hi: float(p[(f >= lo) & (f < hi)].sum() * (f[1] - f[0]))
    b = {k: power(lo, hi) for k, (lo, hi) in bands.items()}
    s = sum(b.values())
    out.append({'bands': b, 'relative': {k: v / s for k, v in b.items()}, 'total': power(0.5, 45)})
emit(out)
`;

/** Ctrl-C is never pressed (runCliCaptured's default interruption has already happened). */
const analyze = (args: readonly string[]) =>
  runCliCaptured(['analyze', ...args], { interrupted: new Promise<void>(() => undefined) });

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('clisonix analyze', () => {
  it('prints the CLI.md JSON shape for the demo file, with scipy.signal.welch band powers within 1e-4', async () => {
    const [run, reference] = await Promise.all([
      analyze([DEMO, '--json']),
      runPython<Reference[]>({ code: PYTHON, args: { path: DEMO } }),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as AnalyzeJson;
    expect(Object.keys(json)).toEqual(['recording', 'params', 'channels', 'harmony', 'overall']);
    expect(json.recording).toMatchObject({ channels: 8, format: 'openbci-text', sample_rates_hz: [250] });
    expect(json.params.welch).toMatchObject({ segment_seconds: 2, window: 'hann' });
    expect(json.channels).toHaveLength(reference.length);
    json.channels.forEach((c, i) => {
      const r = reference[i]!;
      for (const band of Object.keys(r.bands)) {
        expect(relativeError(c.bands[band]!, r.bands[band]!), `${c.label} ${band}`).toBeLessThanOrEqual(1e-4);
        expect(relativeError(c.relative[band]!, r.relative[band]!), `${c.label} ${band} rel.`).toBeLessThan(
          1e-4,
        );
      }
      expect(relativeError(c.total_power_uv2, r.total)).toBeLessThanOrEqual(1e-4);
      // The Cyton's ADC range is known (gain 24), so the railed fraction is a number, not "unknown".
      expect(c.railed_fraction).toEqual(expect.any(Number));
      for (const key of ['rms_uv', 'peak_alpha_hz', 'line_noise_ratio', 'quality', 'peaks']) {
        expect(c).toHaveProperty(key);
      }
    });
    expect(json.harmony).toMatchObject({ index: expect.any(Number), pairs: expect.any(Array) });
    // Progress went to stderr, nothing but the document to stdout.
    expect(run.stderr).toMatch(/Analysing 100 %/);
  }, 120_000);

  it('prints a readable report: channels x bands, quality with reasons, peaks, harmony', async () => {
    const run = await analyze([DEMO, '--from', '20', '--to', '50']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Analysis of OpenBCI_GUI-v6-blinks-jawClench-alpha\.txt \(openbci-text, 8 channels, 250 Hz, 20-50 s\)/,
    );
    expect(run.stdout).toMatch(
      /channel\s+Hz\s+delta 0\.5-4\s+theta 4-8\s+alpha 8-13\s+beta 13-30\s+gamma 30-45/,
    );
    for (let c = 1; c <= 8; c++) expect(run.stdout).toMatch(new RegExp(`^Ch${c}\\s+250\\s`, 'm'));
    expect(run.stdout).toMatch(/^Quality \(railed >= 10\.0% of samples/m);
    expect(run.stdout).toMatch(/line-noise: \d+\.\d % of 0\.5-100 Hz power lies within \+-1 Hz of 50\/60 Hz/);
    expect(run.stdout).toMatch(/^ {2}Ch1: .*Hz \(\d+\.\d dB\)/m);
    expect(run.stdout).toMatch(/^Harmony index \(mean 8-13 Hz coherence over 28 channel pairs\): 0\.\d{3}$/m);
  }, 60_000);

  it('analyses a stored recording by the start of its id, within --from/--to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-analyze-'));
    const db = path.join(dir, 'recordings.db');
    const store = RecordingStore.open(db);
    const id = await storeRecording(store, {
      label: 'Eyes closed',
      sampleRateHz: 250,
      seconds: 40,
      channels: [
        { label: 'O1', sines: [{ hz: 10, amplitudeUv: 30 }] },
        { label: 'O2', sines: [{ hz: 10, amplitudeUv: 20 }] },
      ],
    });
    store.close();
    const run = await analyze([id.slice(0, 8), '--db', db, '--json', '--from', '5', '--to', '35']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as AnalyzeJson;
    expect(json.recording).toMatchObject({ id, label: 'Eyes closed', from_s: 5, to_s: 35, duration_s: 30 });
    expect(json.channels.map((c) => c.samples)).toEqual([7500, 7500]);
    expect(json.channels.every((c) => Math.abs(c.peak_alpha_hz! - 10) < 0.25)).toBe(true);
    expect(json.harmony!.asymmetry).toEqual([
      expect.objectContaining({
        left: 'O1',
        right: 'O2',
        value: expect.closeTo(Math.log(20 ** 2 / 30 ** 2), 1) as unknown,
      }),
    ]);
  }, 60_000);

  it('says what is wrong, with exit 1 for input and 2 for usage', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-analyze-'));
    const missing = await analyze(['no-such-thing', '--db', path.join(dir, 'none.db')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(
      /no-such-thing is neither a file nor a recording: there is no recordings database at /,
    );
    const notEeg = await analyze([path.join(REPO_ROOT, 'package.json')]);
    expect(notEeg.code).toBe(1);
    expect(notEeg.stderr).toMatch(
      /package\.json is not EDF\/EDF\+, BDF\/BDF\+, an OpenBCI GUI recording or a CSV/,
    );
    const late = await analyze([DEMO, '--from', '500']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/the range starts at 500 s, but the recording is only 89\.96 s long/);
    expect(await analyze([])).toMatchObject({ code: 2 });
    const badRange = await analyze([DEMO, '--from', '10', '--to', '5']);
    expect(badRange).toMatchObject({ code: 2 });
    expect(badRange.stderr).toMatch(/--to \(5\) must be after --from \(10\)/);
    expect((await analyze([DEMO, '--from', 'soon'])).stderr).toMatch(
      /--from must be a number of seconds >= 0, not 'soon'/,
    );
  }, 60_000);
});
