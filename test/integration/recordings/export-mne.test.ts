// Exports read back by MNE: a recording made live through the app's services from a simulated Cyton on a real
// pseudo-terminal (packets dropped on the way: a counter-jump gap; the dongle unplugged and plugged back: a
// reconnection), with markers, exported as EDF+, BDF+ and CSV, and a mixed-rate BDF+ import exported as EDF+.
// MNE (and numpy over MNE's own calibration) must find the channels, rates, start, annotations for the markers and
// both gaps, EDF+D where the device was away, and every recorded sample within the format's quantisation.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Marker, RecordingInfo, SourceStatus, TransferJob } from '../../../src/shared/api';
import { startPtySimulator, type PtySimulator } from '../../../src/main/devices/pty-simulator';
import { SOCAT_PATH } from '../../../src/main/devices/socat-pty';
import { type AppServices, createAppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';
import { RecordingStore } from '../../../src/main/storage';
import { REPO_ROOT } from '../../helpers/cli';
import { runPython } from '../../helpers/python';
import { MNE_HELPERS } from '../formats/mne-reference';

const resourcesDir = findResourcesDir(import.meta.url);
let services: AppServices | undefined;
let sim: PtySimulator | undefined;
let dataDir: string;
let info: RecordingInfo;
const markers: Marker[] = [];
let awayMs = 0;
/** Recorded samples of each channel, in order (what every export must hold, gaps left out). */
let recorded: Float32Array[] = [];

function app(): AppServices {
  if (!services) throw new Error('the services did not start');
  return services;
}

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const outcome = await app().dispatch(method, params);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.result as T;
}

function until(what: string, test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (test()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function exportJob(
  id: string,
  format: 'edf' | 'bdf' | 'csv',
  deidentify = false,
): Promise<TransferJob> {
  const job = await call<TransferJob>('recordings.export', { id, format, deidentify });
  let done: TransferJob | undefined;
  await until(`the ${format} export`, () => {
    done = app()
      .transfers!.jobs()
      .find((j) => j.id === job.id && j.state !== 'running');
    return done !== undefined;
  });
  expect(done!.state, done!.message ?? '').toBe('done');
  return done!;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-export-mne-'));
  // Packets 1000-1004 (4 s into the stream) never arrive: the Cyton's counter makes them a 5-sample gap.
  const simulator = await startPtySimulator({
    socatPath: SOCAT_PATH,
    board: 'cyton',
    seed: 5,
    faults: { dropPacket: (i) => i >= 1000 && i <= 1004 },
  });
  sim = simulator;
  services = createAppServices({ mode: 'browser', version: 't', dataDir, resourcesDir });
  await call<SourceStatus>('source.connect', { kind: 'serial', path: simulator.path, board: 'cyton' });
  await until('streaming', () => app().acquisition.status.state === 'streaming');
  await call('recording.start', { label: 'Live take', subjectCode: 'S-042', technician: 'Ada' });
  await sleep(1500);
  markers.push(await call<Marker>('marker.add', { label: 'eyes closed', source: 'key' }));
  await until('the dropped packets', () => app().acquisition.stats.gaps >= 1, 15_000);
  await sleep(500);
  markers.push(await call<Marker>('marker.add', { label: 'photic 10 Hz', source: 'button' }));
  await sleep(500);
  const unpluggedAt = Date.now();
  await simulator.unplug();
  await until('the device lost', () => app().acquisition.status.state !== 'streaming', 5000);
  // Away for over 2 s: at least one whole 1 s data record falls in the gap, so the EDF+ is discontinuous.
  await sleep(2200);
  await simulator.replug();
  await until('the next segment', () => app().acquisition.status.segment === 2, 15_000);
  await until('streaming again', () => app().acquisition.status.state === 'streaming', 15_000);
  awayMs = Date.now() - unpluggedAt;
  await sleep(700);
  markers.push(await call<Marker>('marker.add', { label: 'after reconnect', source: 'button' }));
  await sleep(800);
  await call('recording.stop');
  const [summary] = await call<{ id: string }[]>('recordings.list');
  info = await call<RecordingInfo>('recordings.get', { id: summary!.id });
  const store = RecordingStore.open(path.join(dataDir, 'recordings.db'));
  try {
    const blocks = store.readBlocks(store.resolveId(info.id), { fromSample: 0, toSample: info.sampleCount });
    const total = blocks.reduce((n, b) => n + b.sampleCount, 0);
    recorded = info.channels.map((_, c) => {
      const out = new Float32Array(total);
      let at = 0;
      for (const b of blocks) {
        out.set(b.data.subarray(c * b.sampleCount, (c + 1) * b.sampleCount), at);
        at += b.sampleCount;
      }
      return out;
    });
  } finally {
    store.close();
  }
}, 120_000);

afterAll(async () => {
  await services?.dispose();
  await sim?.close();
});

const CHECK = `${MNE_HELPERS}
def header_fields(path):
    h = open(path, 'rb').read(256)
    return {'patient': h[8:88].decode('latin-1').strip(), 'recording': h[88:168].decode('latin-1').strip(),
            'reserved': h[192:236].decode('latin-1').strip()}

def all_annotations(path):
    # mne.io.read_raw_edf reads an EDF+D file as if it were continuous and drops the annotations past the end of
    # the data it kept; mne.read_annotations reads every TAL of the file.
    return mne.read_annotations(path)

def kept_samples(path, raw, k):
    """Signal k's samples that are data: those not inside a 'Data gap' or 'No data' annotation."""
    ex = raw._raw_extras[0]
    values = decode_signals(path, raw)[k]
    spr = int(np.asarray(ex['n_samps'])[ex['sel']][k])
    rate = spr / float(ex['record_length'][0])
    onsets = record_onsets(path, raw) - record_onsets(path, raw)[0]
    t = (onsets[:, None] + np.arange(spr)[None, :] / rate).reshape(-1)
    keep = np.ones(len(t), bool)
    for a in all_annotations(path):
        if a['description'].startswith('Data gap') or a['description'].startswith('No data'):
            keep &= ~((t >= a['onset'] - 1e-9) & (t < a['onset'] + a['duration'] - 1e-9))
    return values[keep], rate

out = {}
for name in args['files']:
    path = args['dir'] + '/' + name
    raw = read_raw(path)
    ex = raw._raw_extras[0]
    worst_q, counts, rates_ = [], [], []
    for k in range(len(raw.ch_names)):
        ours = arrays['c%d' % k]
        values, rate = kept_samples(path, raw, k)
        counts.append(len(values))
        rates_.append(rate)
        step = abs(ex['cal'][k]) * ex['units'][k] * 1e6
        allow = step / 2 + np.abs(ours) * 2.0 ** -23 + 1e-9
        worst_q.append(worst(values, ours, allow) if len(values) == len(ours) else 1e9)
    onsets = record_onsets(path, raw)
    out[name] = {
        'chNames': raw.ch_names, 'rates': rates_, 'counts': counts, 'worst': worst_q,
        'measDateS': raw.info['meas_date'].timestamp() + float(record_onsets(path, raw)[0]),
        'annotations': [[float(a['onset']), float(a['duration']), a['description']] for a in all_annotations(path)],
        'recordSteps': sorted(set(np.round(np.diff(onsets), 6).tolist())),
        'header': header_fields(path),
    }
emit(out)
`;

interface MneExport {
  chNames: string[];
  rates: number[];
  counts: number[];
  worst: number[];
  measDateS: number;
  annotations: [number, number, string][];
  recordSteps: number[];
  header: { patient: string; recording: string; reserved: string };
}

describe('exports of a live recording, read back by MNE', { timeout: 120_000 }, () => {
  it('was recorded with two segments, a counter-jump gap and three markers', () => {
    expect(info.segments).toHaveLength(2);
    expect(info.gaps).toEqual([expect.objectContaining({ missingSamples: 5, reason: 'counter-jump' })]);
    expect(info.markers.map((m) => m.label)).toEqual(['eyes closed', 'photic 10 Hz', 'after reconnect']);
    expect(recorded[0]!.length).toBe(info.sampleCount - 5);
    expect(info.channels.map((c) => c.label)).toEqual([
      'Ch1',
      'Ch2',
      'Ch3',
      'Ch4',
      'Ch5',
      'Ch6',
      'Ch7',
      'Ch8',
    ]);
  });

  it('EDF+ and BDF+: channels, rate, start, EDF+D, annotations for markers and gaps, samples within half a step', async () => {
    const edf = await exportJob(info.id, 'edf');
    const bdf = await exportJob(info.id, 'bdf');
    const anonymous = await exportJob(info.id, 'edf', true);
    expect(edf.output).toMatchObject({
      downloadable: true,
      fileName: expect.stringMatching(/^Live_take-[0-9a-f]{8}\.edf$/) as unknown,
    });
    const arrays: Record<string, Float32Array> = {};
    recorded.forEach((values, c) => (arrays[`c${c}`] = values));
    const files = [edf, bdf, anonymous].map((j) => j.output!.fileName);
    const mne = await runPython<Record<string, MneExport>>({
      code: CHECK,
      args: { files, dir: path.join(dataDir, 'exports') },
      arrays,
    });
    const startLocalS =
      (info.segments[0]!.startedAt - new Date(info.segments[0]!.startedAt).getTimezoneOffset() * 60_000) /
      1000;
    for (const file of files) {
      const m = mne[file]!;
      expect(m.chNames).toEqual(info.channels.map((c) => c.label));
      expect(m.rates).toEqual(info.channels.map(() => 250));
      expect(m.counts).toEqual(recorded.map((r) => r.length));
      for (const [c, w] of m.worst.entries()) expect(w, `${file} channel ${c + 1}`).toBeLessThanOrEqual(1);
      // EDF has no time zone: the header (plus the first record's subsecond onset) holds the local wall clock of
      // the first sample, to the millisecond.
      expect(Math.abs(m.measDateS - startLocalS)).toBeLessThan(0.002);
      // The device was away for whole records: they are left out, and the file says it is discontinuous.
      expect(m.header.reserved).toMatch(/^(EDF|BDF)\+D$/);
      expect(m.recordSteps.length).toBeGreaterThan(1);
      const texts = m.annotations.map((a) => a[2]);
      expect(texts).toEqual(
        expect.arrayContaining([
          'eyes closed',
          'photic 10 Hz',
          'after reconnect',
          'Data gap (counter-jump)',
          'Data gap (reconnect)',
        ]),
      );
      // Markers sit where they were placed in wall-clock time (the reconnection's time away included).
      for (const marker of markers) {
        const onset = m.annotations.find((a) => a[2] === marker.label)![0];
        expect(Math.abs(onset - (marker.atMs - info.startedAt) / 1000), marker.label).toBeLessThan(0.25);
      }
      const counterGap = m.annotations.find((a) => a[2] === 'Data gap (counter-jump)')!;
      expect(counterGap[1]).toBeCloseTo(5 / 250, 6);
      const away = m.annotations.find((a) => a[2] === 'Data gap (reconnect)')!;
      expect(away[1] * 1000).toBeGreaterThan(400);
      expect(away[1] * 1000).toBeLessThan(awayMs + 500);
    }
    expect(mne[edf.output!.fileName]!.header.patient).toBe('S-042 X X X');
    expect(mne[edf.output!.fileName]!.header.recording).toMatch(
      /^Startdate \d\d-[A-Z]{3}-\d{4} X Ada OpenBCI_Cyton$/,
    );
    // De-identified: no subject code, no technician; the equipment stays.
    expect(mne[anonymous.output!.fileName]!.header.patient).toBe('X X X X');
    expect(mne[anonymous.output!.fileName]!.header.recording).toMatch(
      /^Startdate \d\d-[A-Z]{3}-\d{4} X X OpenBCI_Cyton$/,
    );
  });

  it('CSV: a row per recorded sample within the printed decimals, the time column jumping over the gaps', async () => {
    const csv = await exportJob(info.id, 'csv');
    expect(csv.warnings).toEqual([
      expect.stringMatching(/^Markers and gaps were written to Live_take-[0-9a-f]{8}-markers\.csv\.$/),
    ]);
    const arrays: Record<string, Float32Array> = {};
    recorded.forEach((values, c) => (arrays[`c${c}`] = values));
    const result = await runPython<{
      header: string[];
      rows: number;
      worst: number;
      jumps: number[];
      markers: string[];
    }>({
      code: `
import csv
path = args['path']
data = np.genfromtxt(path, delimiter=',', skip_header=1)
header = open(path).readline().strip().split(',')
worst = max(float(np.max(np.abs(data[:, c + 1] - arrays['c%d' % c]))) for c in range(data.shape[1] - 1))
steps = np.round(np.diff(data[:, 0]) * 250).astype(int)
rows = list(csv.reader(open(args['markers'])))
emit({'header': header, 'rows': int(data.shape[0]), 'worst': worst,
      'jumps': sorted(set(steps.tolist())), 'markers': [r[2] for r in rows[1:]]})
`,
      args: {
        path: csv.output!.path,
        markers: csv.output!.path.replace(/\.csv$/, '-markers.csv'),
      },
      arrays,
    });
    expect(result.header).toEqual(['time_s', ...info.channels.map((c) => `${c.label} (uV)`)]);
    expect(result.rows).toBe(recorded[0]!.length);
    expect(result.worst).toBeLessThanOrEqual(5e-5 + 1e-3 * 2 ** -10);
    // Consecutive rows step by one sample, except at the counter-jump gap (6 samples) and the time away.
    expect(result.jumps[0]).toBe(1);
    expect(result.jumps).toContain(6);
    expect(result.jumps.at(-1)).toBeGreaterThan(100);
    expect(result.markers).toEqual(
      expect.arrayContaining([
        'eyes closed',
        'photic 10 Hz',
        'after reconnect',
        'Data gap (counter-jump)',
        'Data gap (reconnect)',
      ]),
    );
  });

  it('a mixed-rate BDF+ import exported as EDF+ keeps every signal at its own rate', async () => {
    const fixture = path.join(REPO_ROOT, 'test/fixtures/edfbrowser/test_generator.bdf');
    const job = await call<TransferJob>('recordings.import', { path: fixture, label: 'Generator' });
    await until('the import', () =>
      app()
        .transfers!.jobs()
        .some((j) => j.id === job.id && j.state === 'done'),
    );
    const imported = app()
      .transfers!.jobs()
      .find((j) => j.id === job.id)!;
    const exported = await exportJob(imported.recordingId!, 'edf');
    const result = await runPython<{
      names: string[];
      rates: number[];
      origRates: number[];
      worst: number[];
    }>({
      code: `${MNE_HELPERS}
orig_path, ours_path = args['orig'], args['ours']
orig, ours = read_raw(orig_path), read_raw(ours_path)
a, b = decode_signals(orig_path, orig), decode_signals(ours_path, ours)
ex = ours._raw_extras[0]
worst_ = []
for k in range(len(a)):
    step = abs(ex['cal'][k]) * ex['units'][k] * 1e6
    # Half an EDF step, plus the float32 rounding of the stored samples.
    allow = step / 2 + np.abs(a[k]) * 2.0 ** -23 + 1e-9
    worst_.append(worst(b[k], a[k], allow) if len(a[k]) == len(b[k]) else 1e9)
emit({'names': ours.ch_names, 'rates': rates(ours), 'origRates': rates(orig), 'worst': worst_})
`,
      args: { orig: fixture, ours: exported.output!.path },
    });
    expect(result.rates).toEqual(result.origRates);
    expect(result.rates).toEqual([1000, 800, 500, 975, 999]);
    expect(result.names).toEqual(['sine 5Hz', 'square 13Hz', 'ramp 7Hz', 'pink noise', 'white noise']);
    for (const w of result.worst) expect(w).toBeLessThanOrEqual(1);
    expect(readFileSync(exported.output!.path).subarray(192, 197).toString('latin1')).toBe('EDF+C');
  });
});
