// Our EDF+/BDF+/CSV exports read back by MNE (and numpy): same channels, rates, annotations, record onsets and
// samples within the format's quantisation (half a digital step; the printed decimals for CSV).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../src/engine/formats/csv';
import {
  prepareEdfExport,
  type EdfExport,
  type EdfExportOptions,
} from '../../../src/engine/formats/edf-writer';
import {
  type ExportSource,
  planarExportSource,
  type PlanarRecording,
} from '../../../src/engine/formats/export-source';
import { parseOpenBciText } from '../../../src/engine/formats/openbci-text';
import { writeChunksToFile } from '../../helpers/file-byte-source';
import { runPython } from '../../helpers/python';
import { MNE_HELPERS } from './mne-reference';

const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = parseOpenBciText(
  readFileSync(
    path.resolve(import.meta.dirname, '../../../resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'),
    'utf8',
  ),
);
/** 20 s of the real demo recording (8 channels, 250 Hz, raw Cyton microvolts with their DC offsets). */
function demoSlice(seconds: number): PlanarRecording {
  const n = seconds * demo.sampleRateHz;
  const data = new Float32Array(8 * n);
  for (let c = 0; c < 8; c++)
    data.set(demo.data.subarray(c * demo.sampleCount, c * demo.sampleCount + n), c * n);
  return {
    sampleRateHz: demo.sampleRateHz,
    channelLabels: ['Fp1', 'Fp2', 'C3', 'C4', 'P7', 'P8', 'O1', 'O2'],
    sampleCount: n,
    data,
  };
}

async function exportTo(name: string, source: ExportSource, options: EdfExportOptions): Promise<EdfExport> {
  const exp = await prepareEdfExport(source, options);
  await writeChunksToFile(path.join(dir, name), exp.chunks());
  return exp;
}

const START = { epochMs: Date.UTC(2019, 4, 15, 16, 0, 53, 329) };
const MARKERS = [
  { onsetS: 2.5, durationS: 0, text: 'eyes closed' },
  { onsetS: 7.25, durationS: 1.5, text: 'jaw clench – strong' },
  { onsetS: 12.004, durationS: 0, text: 'blink' },
];

describe('exports read back by MNE', () => {
  it('EDF+ and BDF+: channels, rate, start, patient, annotations, samples within half a digital step', async () => {
    const rec = { ...demoSlice(20), annotations: MARKERS };
    const identity = {
      start: START,
      patient: {
        code: 'P-042',
        sex: 'F' as const,
        name: 'Ada Lovelace',
        birthDate: { year: 1990, month: 12, day: 10 },
      },
      recording: { technician: 'JD', equipment: 'Cyton' },
    };
    const edf = await exportTo('demo.edf', planarExportSource(rec), { format: 'edf', ...identity });
    const bdf = await exportTo('demo.bdf', planarExportSource(rec), { format: 'bdf', ...identity });
    const arrays: Record<string, Float32Array> = {};
    rec.channelLabels.forEach(
      (_, c) => (arrays[`c${c}`] = rec.data.subarray(c * rec.sampleCount, (c + 1) * rec.sampleCount)),
    );
    const result = await runPython<
      Record<
        string,
        {
          names: string[];
          sfreq: number;
          nTimes: number;
          measDateS: number;
          subject: Record<string, string>;
          annotations: [number, number, string][];
          worst: number[];
        }
      >
    >({
      code: `${MNE_HELPERS}
out = {}
for f, half in args['files'].items():
    raw = read_raw(args['dir'] + '/' + f, preload=True)
    data = raw.get_data() * 1e6
    worst_c = []
    for c in range(len(raw.ch_names)):
        orig = arrays['c' + str(c)]
        worst_c.append(worst(orig, data[c][:len(orig)], half[c] * (1 + 1e-9) + np.abs(orig) * 2.0 ** -23))
    si = raw._raw_extras[0]['subject_info']
    out[f] = {'names': raw.ch_names, 'sfreq': raw.info['sfreq'], 'nTimes': raw.n_times,
              'measDateS': raw.info['meas_date'].timestamp(),
              'subject': {k: str(v) for k, v in si.items()},
              'annotations': [[float(a['onset']), float(a['duration']), a['description']] for a in raw.annotations],
              'worst': worst_c}
emit(out)
`,
      args: {
        dir,
        files: {
          'demo.edf': edf.signals.map(halfStep),
          'demo.bdf': bdf.signals.map(halfStep),
        },
      },
      arrays,
    });
    for (const f of ['demo.edf', 'demo.bdf']) {
      const r = result[f]!;
      expect(r.names).toEqual(rec.channelLabels);
      expect(r.sfreq).toBe(250);
      expect(r.nTimes).toBe(rec.sampleCount);
      expect(r.measDateS).toBe(Math.floor(START.epochMs / 1000));
      expect(r.subject).toEqual({
        id: 'P-042',
        sex: 'F',
        name: 'Ada_Lovelace',
        birthday: '1990-12-10 00:00:00',
      });
      expect(r.annotations.map(([, , t]) => t)).toEqual(MARKERS.map((m) => m.text));
      r.annotations.forEach(([onset, duration], i) => {
        expect(Math.abs(onset - MARKERS[i]!.onsetS)).toBeLessThanOrEqual(1e-6);
        expect(duration).toBeCloseTo(MARKERS[i]!.durationS, 9);
      });
      for (const w of r.worst) expect(w, f).toBeLessThanOrEqual(1);
    }
    // BDF's 24 bits quantise 256 times finer than EDF's 16 over the same range.
    expect(halfStep(bdf.signals[0]!)).toBeLessThan(halfStep(edf.signals[0]!) / 200);
  });

  it('EDF+D with lost records: record onsets from the TALs, gap annotations, samples in record order', async () => {
    const rec: PlanarRecording = {
      ...demoSlice(12),
      gaps: [
        { atSample: 1000, missingSamples: 1000, reason: 'device-lost' },
        { atSample: 2250, missingSamples: 5, reason: 'counter-jump' },
      ],
      annotations: [{ onsetS: 9.5, durationS: 0, text: 'after the gap' }],
    };
    const exp = await exportTo('gaps.edf', planarExportSource(rec), { format: 'edf', start: START });
    expect(exp.header.plus).toBe('D');
    const arrays: Record<string, Float32Array> = {};
    // What the file should hold, record by record: the timeline with the lost records taken out.
    const source = planarExportSource(rec);
    const timeline = await source.read({
      firstSample: rec.channelLabels.map(() => 0),
      sampleCount: source.signals.map((s) => s.sampleCount),
    });
    const keptRecords = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    rec.channelLabels.forEach((_, c) => {
      const kept = new Float32Array(keptRecords.length * 250).fill(Number.NaN);
      keptRecords.forEach((k, r) => kept.set(timeline[c]!.subarray(k * 250, (k + 1) * 250), r * 250));
      arrays[`c${c}`] = kept;
    });
    const r = await runPython<{
      onsets: number[];
      reserved: string;
      annotations: [number, number, string][];
      worst: number[];
      nTimes: number;
    }>({
      code: `${MNE_HELPERS}
path = args['dir'] + '/gaps.edf'
raw = read_raw(path, preload=True)
data = raw.get_data() * 1e6
w = []
for c in range(len(raw.ch_names)):
    exp = arrays['c' + str(c)]
    ok = ~np.isnan(exp)
    w.append(worst(exp[ok], data[c][ok], args['half'][c] * (1 + 1e-9) + np.abs(exp[ok]) * 2.0 ** -23))
emit({'onsets': (record_onsets(path, raw) - record_onsets(path, raw)[0]).tolist(),
      'reserved': open(path, 'rb').read(236)[192:236].decode().strip(),
      'annotations': [[float(a['onset']), float(a['duration']), a['description']] for a in raw.annotations],
      'worst': w, 'nTimes': raw.n_times})
`,
      args: { dir, half: exp.signals.map(halfStep) },
      arrays,
    });
    expect(r.reserved).toBe('EDF+D');
    expect(r.onsets).toEqual(keptRecords);
    expect(r.nTimes).toBe(keptRecords.length * 250);
    for (const w of r.worst) expect(w).toBeLessThanOrEqual(1);
    expect(r.annotations).toContainEqual([4, 4, 'Data gap (device-lost)']);
    expect(r.annotations).toContainEqual([9.5, 0, 'after the gap']);
    expect(r.annotations.find(([, , t]) => t === 'Data gap (counter-jump)')?.[0]).toBeCloseTo(13, 9);
  });

  it('BDF+ with three rates: each signal at its own rate, within half a step', async () => {
    const rates = [512, 256, 8];
    const seconds = 10;
    const values = rates.map((r, i) =>
      Float32Array.from(
        { length: r * seconds },
        (_, j) => 120 * Math.sin((2 * Math.PI * (i + 1) * 3 * j) / r) + 15 * i,
      ),
    );
    const source: ExportSource = {
      signals: rates.map((r, i) => ({
        label: `sig${r}`,
        sampleRateHz: r,
        unit: i === 2 ? 'mV' : 'uV',
        sampleCount: r * seconds,
      })),
      gaps: [],
      annotations: [],
      read: (w) => w.firstSample.map((first, i) => values[i]!.slice(first, first + w.sampleCount[i]!)),
    };
    const exp = await exportTo('mixed.bdf', source, { format: 'bdf' });
    const arrays: Record<string, Float32Array> = {};
    // The 8 Hz signal was given in mV: as read back (microvolts) it is 1000 times larger.
    values.forEach((v, i) => (arrays[`s${i}`] = i === 2 ? v.map((x) => x * 1000) : v));
    const r = await runPython<{ rates: number[]; worst: number[]; names: string[] }>({
      code: `${MNE_HELPERS}
path = args['dir'] + '/mixed.bdf'
raw = read_raw(path)
dec = decode_signals(path, raw)
emit({'rates': rates(raw), 'names': raw.ch_names,
      'worst': [worst(arrays['s' + str(i)], dec[i], args['half'][i] * (1 + 1e-9) + np.abs(dec[i]) * 2.0 ** -23) for i in range(3)]})
`,
      args: { dir, half: exp.signals.map(halfStep) },
      arrays,
    });
    expect(r.rates).toEqual(rates);
    expect(r.names).toEqual(['sig512', 'sig256', 'sig8']);
    for (const w of r.worst) expect(w).toBeLessThanOrEqual(1);
  });

  it('CSV: numpy reads the same channels, rate (from the time column) and values within the printed decimals', async () => {
    const rec = {
      ...demoSlice(4),
      gaps: [{ atSample: 500, missingSamples: 25, reason: 'counter-jump' as const }],
    };
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of writeCsv(planarExportSource(rec), { decimals: 3 }))
      text += decoder.decode(chunk);
    writeFileSync(path.join(dir, 'demo.csv'), text);
    const arrays: Record<string, Float32Array> = {};
    rec.channelLabels.forEach(
      (_, c) => (arrays[`c${c}`] = rec.data.subarray(c * rec.sampleCount, (c + 1) * rec.sampleCount)),
    );
    const r = await runPython<{
      names: string[];
      rate: number;
      rows: number;
      gapRows: number[];
      worst: number[];
    }>({
      code: `
import csv
with open(args['path']) as fh:
    names = next(csv.reader(fh))
table = np.loadtxt(args['path'], delimiter=',', skiprows=1)
t = table[:, 0]
d = np.diff(t)
period = np.median(d)
emit({'names': names, 'rate': float(round(1 / period, 6)), 'rows': int(table.shape[0]),
      'gapRows': np.nonzero(d > 1.5 * period)[0].tolist(),
      'worst': [float(np.max(np.abs(table[:, c + 1] - arrays['c' + str(c)]) / (0.5e-3 + np.abs(arrays['c' + str(c)]) * 2.0 ** -23))) for c in range(8)]})
`,
      args: { path: path.join(dir, 'demo.csv') },
      arrays,
    });
    expect(r.names).toEqual(['time_s', ...rec.channelLabels.map((l) => `${l} (uV)`)]);
    expect(r.rate).toBe(250);
    expect(r.rows).toBe(rec.sampleCount);
    expect(r.gapRows).toEqual([499]);
    for (const w of r.worst) expect(w).toBeLessThanOrEqual(1);
  });
});

function halfStep(s: {
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  unitScale: number;
}): number {
  return ((Math.abs(s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin)) * s.unitScale) / 2;
}
