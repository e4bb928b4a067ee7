// `clisonix record`, `import`, `export` and `list` against real SQLite files (docs/design/CLI.md): exit codes
// 0/1/2, one line on stderr for a problem, the --json shapes, a recording killed with SIGKILL found interrupted
// with its data by the next `list`, and a full disk ending a recording with exit 1 and its samples intact.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../../src/main/storage';
import { exitOf, REPO_ROOT, runCliCaptured, spawnCli } from '../../helpers/cli';
import { tinyDisk } from '../storage/helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-cli-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
let dbCount = 0;
const freshDb = () => path.join(dir, `store-${++dbCount}.db`);

/** In-process, with no Ctrl-C (runCliCaptured's default interruption comes at once). */
function cli(argv: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return runCliCaptured(argv, { env, interrupted: new Promise<void>(() => undefined) });
}

function parsed(text: string): unknown {
  return JSON.parse(text);
}

interface SummaryJson {
  id: string;
  label: string;
  board: string | null;
  channels: number;
  sample_rate: number;
  sample_rates: number[];
  duration_s: number;
  status: string;
  sync_state: string;
  started_at: string;
  ended_at: string | null;
  stop_reason: string | null;
}

function summaryOf(text: string): SummaryJson {
  return JSON.parse(text) as SummaryJson;
}

function recordingsOf(text: string): SummaryJson[] {
  return (JSON.parse(text) as { recordings: SummaryJson[] }).recordings;
}

const SUMMARY_SHAPE = {
  id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
  label: expect.any(String) as unknown,
  channels: expect.any(Number) as unknown,
  sample_rate: expect.any(Number) as unknown,
  sample_rates: expect.any(Array) as unknown,
  duration_s: expect.any(Number) as unknown,
  status: expect.stringMatching(/^(recording|complete|interrupted)$/) as unknown,
  sync_state: 'local',
  started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
};

describe('clisonix record / import / export / list', { timeout: 120_000 }, () => {
  it('records the synthetic headset for a duration: the id on stdout, then list shows it (table and JSON)', async () => {
    const db = freshDb();
    const run = await cli([
      'record',
      '--board',
      'synthetic',
      '--duration',
      '1.5',
      '--label',
      'Bench check',
      '--db',
      db,
    ]);
    expect(run.stderr).toMatch(/Saved "Bench check": 8 ch @ 250 Hz, \d\.\d s, complete\.\n$/);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const listed = await cli(['list', '--json', '--db', db]);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const recordings = recordingsOf(listed.stdout);
    expect(recordings).toEqual([
      expect.objectContaining({
        ...SUMMARY_SHAPE,
        id,
        label: 'Bench check',
        channels: 8,
        sample_rate: 250,
        status: 'complete',
      }),
    ]);
    expect(recordings[0]!.sample_rates).toEqual([250]);
    // From the press of Record to the end of the duration; a loaded machine may add a timer's lateness.
    expect(recordings[0]!.duration_s).toBeGreaterThan(1.4);
    expect(recordings[0]!.duration_s).toBeLessThan(4);

    const table = await cli(['list', '--db', db]);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+LABEL\s+STARTED\s+DURATION\s+CHANNELS\s+STATUS\s+SYNC$/);
    expect(row).toMatch(
      new RegExp(
        `^${id.slice(0, 8)}\\s+Bench check\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+\\d\\.\\d s\\s+8 ch @ 250 Hz\\s+complete\\s+local$`,
      ),
    );

    const recordJson = await cli(['record', '--board', 'synthetic', '--duration', '1', '--json', '--db', db]);
    expect(recordJson.code).toBe(0);
    expect(summaryOf(recordJson.stdout)).toMatchObject({
      ...SUMMARY_SHAPE,
      channels: 8,
      status: 'complete',
    });
    expect(summaryOf(recordJson.stdout).label).toMatch(/^Recording \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('refuses bad usage with exit 2 and a usage hint, and a device that is not there with exit 1', async () => {
    const db = freshDb();
    for (const argv of [
      ['record', '--db', db],
      ['record', '--board', 'demo', '--port', '/dev/ttyUSB0', '--db', db],
      ['record', '--board', 'cyton', '--db', db],
      ['record', '--board', 'muse', '--port', 'x', '--db', db],
      ['record', '--board', 'synthetic', '--duration=-3', '--db', db],
      ['import', '--db', db],
      ['export', '--db', db],
      ['export', 'abcd', '--format', 'wav', '--out', 'x.wav', '--db', db],
      ['export', 'abcd', '--format', 'edf', '--db', db],
      ['list', '--bogus'],
    ]) {
      const run = await runCliCaptured(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toMatch(
        new RegExp(`^clisonix ${argv[0]}: .+\\nRun 'clisonix ${argv[0]} --help' for usage\\.\\n$`),
      );
      expect(run.stdout).toBe('');
    }
    const missing = await cli([
      'record',
      '--board',
      'cyton',
      '--port',
      path.join(dir, 'no-such-port'),
      '--db',
      db,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^clisonix record: .*no-such-port/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('imports every kind of file (--json shape), refuses a bad one with exit 1 and keeps nothing of it', async () => {
    const db = freshDb();
    const cases: [string, { channels: number; sample_rates: number[]; format: string; markers: number }][] = [
      ['edfbrowser/test_generator.edf', { channels: 11, sample_rates: [200], format: 'edf', markers: 2 }],
      [
        'edfbrowser/test_generator.bdf',
        { channels: 5, sample_rates: [1000, 999, 975, 800, 500], format: 'bdf', markers: 0 },
      ],
      ['edfbrowser/test_subsecond.edf', { channels: 1, sample_rates: [128], format: 'edf', markers: 4 }],
      [
        'openbci/OpenBCI_GUI-v5-blinks-jawClench-alpha.head.txt',
        { channels: 8, sample_rates: [250], format: 'openbci-text', markers: 0 },
      ],
    ];
    for (const [file, expected] of cases) {
      const run = await cli(['import', path.join(FIXTURES, file), '--json', '--db', db]);
      expect(run.code, `${file}: ${run.stderr}`).toBe(0);
      expect(parsed(run.stdout)).toMatchObject({
        ...SUMMARY_SHAPE,
        ...expected,
        status: 'complete',
        gaps: 0,
        warnings: expect.any(Array) as unknown,
      });
      expect(run.stderr).toMatch(/^Importing .* 0 %\n(.|\n)*Imported "/);
    }
    const csv = path.join(dir, 'two-channels.csv');
    writeFileSync(csv, `Fp1,Fp2\n${Array.from({ length: 500 }, (_, i) => `${i},${-i}`).join('\n')}\n`);
    const noRate = await cli(['import', csv, '--db', db]);
    expect(noRate.code).toBe(1);
    expect(noRate.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^clisonix import: two-channels\.csv: CSV has no time column; give the sample rate/,
    );
    const withRate = await cli(['import', csv, '--rate', '250', '--label', 'From a spreadsheet', '--db', db]);
    expect(withRate.code).toBe(0);
    const csvId = withRate.stdout.trim();

    const before = recordingsOf((await cli(['list', '--json', '--db', db])).stdout);
    expect(before.map((r) => r.label).sort()).toEqual(
      [
        'From a spreadsheet',
        'OpenBCI_GUI-v5-blinks-jawClench-alpha.head',
        'test_generator',
        'test_generator',
        'test_subsecond',
      ].sort(),
    );
    expect(before.find((r) => r.id === csvId)).toMatchObject({
      channels: 2,
      sample_rate: 250,
      duration_s: 2,
    });

    // A truncated EDF: refused with what is wrong, exit 1, and the store holds exactly what it held.
    const truncated = path.join(dir, 'truncated.edf');
    const whole = readFileSync(path.join(FIXTURES, 'edfbrowser/test_generator.edf'));
    writeFileSync(truncated, whole.subarray(0, whole.length - 1000));
    const bad = await cli(['import', truncated, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^clisonix import: truncated\.edf: .*(record|size|bytes)/i,
    );
    const missing = await cli(['import', path.join(dir, 'nope.edf'), '--db', db]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toMatch(/^clisonix import: There is no file .*nope\.edf\.\n$/);
    const after = recordingsOf((await cli(['list', '--json', '--db', db])).stdout);
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
  });

  it('exports by id prefix to EDF+, BDF+ and CSV; unknown ids are exit 1; nothing is left of a failed export', async () => {
    const db = freshDb();
    const imported = await cli(['import', path.join(FIXTURES, 'edfbrowser/test_generator.bdf'), '--db', db]);
    const id = imported.stdout.trim();
    const out = path.join(dir, 'exports');
    const noFolder = await cli([
      'export',
      id,
      '--format',
      'edf',
      '--out',
      path.join(out, 'mixed.edf'),
      '--db',
      db,
    ]);
    expect(noFolder).toMatchObject({
      code: 1,
      stderr: `clisonix export: Cannot write ${path.join(out, 'mixed.edf')}: the folder ${out} does not exist.\n`,
    });
    mkdirSync(out);
    const edf = await cli([
      'export',
      id.slice(0, 6),
      '--format',
      'edf',
      '--out',
      path.join(out, 'mixed.edf'),
      '--json',
      '--db',
      db,
    ]);
    expect(edf.code, edf.stderr).toBe(0);
    expect(parsed(edf.stdout)).toEqual({
      id,
      format: 'edf',
      path: path.join(out, 'mixed.edf'),
      bytes: readFileSync(path.join(out, 'mixed.edf')).length,
      companions: [],
      warnings: [],
    });
    expect(edf.stderr).toMatch(/Exporting to mixed\.edf 100 %/);
    const bdf = await cli([
      'export',
      id,
      '--format',
      'bdf',
      '--out',
      path.join(out, 'mixed.bdf'),
      '--db',
      db,
    ]);
    expect(bdf).toMatchObject({ code: 0, stdout: `${path.join(out, 'mixed.bdf')}\n` });
    // CSV holds one rate: this mixed-rate recording is refused, and no partial file stays.
    const csv = await cli([
      'export',
      id,
      '--format',
      'csv',
      '--out',
      path.join(out, 'mixed.csv'),
      '--db',
      db,
    ]);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(
      /^clisonix export: Cannot export to mixed\.csv: a CSV file holds one sample rate/,
    );
    expect(readdirSync(out).sort()).toEqual(['mixed.bdf', 'mixed.edf']);
    const unknown = await cli([
      'export',
      'ffffffff',
      '--format',
      'edf',
      '--out',
      path.join(out, 'x.edf'),
      '--db',
      db,
    ]);
    expect(unknown).toMatchObject({ code: 1, stderr: 'clisonix export: There is no recording ffffffff.\n' });
    expect(existsSync(path.join(out, 'x.edf'))).toBe(false);
  });

  it('a recording killed with SIGKILL is listed as interrupted by the next list, with its samples', async () => {
    const db = freshDb();
    const { child, firstLine } = spawnCli([
      'record',
      '--board',
      'synthetic',
      '--label',
      'Killed take',
      '--db',
      db,
    ]);
    const id = await firstLine;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // Let it commit for a while, then kill it without warning.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    child.kill('SIGKILL');
    await exitOf(child);
    const listed = await cli(['list', '--json', '--db', db]);
    const [r] = recordingsOf(listed.stdout);
    expect(r).toMatchObject({ id, label: 'Killed take', status: 'interrupted' });
    expect(r!.stop_reason).toMatch(/Clisonix stopped while recording/);
    expect(r!.duration_s).toBeGreaterThan(1);
    const store = RecordingStore.open(db);
    try {
      const detail = store.get(id);
      const blocks = store.readBlocks(detail.id, { fromSample: 0, toSample: detail.sampleCount });
      expect(blocks.reduce((n, b) => n + b.sampleCount, 0)).toBe(detail.sampleCount);
      expect(store.verifyRecording(detail.id)).toEqual([]);
      expect(store.checkIntegrity().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a full disk during a recording: exit 1 with one clear line, the committed samples intact', async () => {
    const disk = tinyDisk(768 * 1024);
    try {
      const db = path.join(disk.dir, 'recordings.db');
      const env = disk.kind === 'max_page_count' ? { CLISONIX_DB_MAX_PAGES: String(disk.maxPageCount) } : {};
      const run = await cli(['record', '--board', 'synthetic', '--label', 'Until full', '--db', db], env);
      expect(run.code, run.stderr).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(
        /^clisonix record: The disk holding .*recordings\.db is full .*free some space\. Everything saved before this moment is kept\. Recording [0-9a-f-]{36} keeps the \d+\.\d s saved before\.$/,
      );
      const id = run.stdout.trim();
      const store = RecordingStore.open(db);
      try {
        const detail = store.get(id);
        expect(detail.sampleCount).toBeGreaterThan(250);
        const blocks = store.readBlocks(detail.id, { fromSample: 0, toSample: detail.sampleCount });
        expect(blocks.reduce((n, b) => n + b.sampleCount, 0)).toBe(detail.sampleCount);
        expect(store.verifyRecording(detail.id)).toEqual([]);
      } finally {
        store.close();
      }
    } finally {
      disk.cleanup();
    }
  });
});
