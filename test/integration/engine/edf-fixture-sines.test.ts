// EDFbrowser's generator files (test/fixtures/edfbrowser): every sine is found at the frequency its label names,
// square and ramp waves show the harmonic families their Fourier series have, and every band power equals
// scipy.signal.welch's. The python side decodes the files itself (numpy over the header and the record layout),
// so neither the expected frequencies nor the samples come from our reader or our engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeJson } from '../../../src/shared/analysis';
import { EngineHost } from '../../../src/main/engine-host/engine-host';
import { runPython } from '../../helpers/python';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/edfbrowser');

interface PythonSignal {
  label: string;
  fs: number;
  bands: Record<string, number>;
  total: number;
  /** Power of the whole spectrum: bands far from a pure sine hold only rounding noise, compared against this. */
  all: number;
  argmaxHz: number;
}

const PYTHON = `
import warnings
import scipy.signal as ss
warnings.simplefilter('ignore')
raw = open(args['path'], 'rb').read()
n = int(raw[252:256])
records = int(raw[236:244])
duration = float(raw[244:252])
header_bytes = int(raw[184:192])
off = 256
def fields(width):
    global off
    values = [raw[off + i * width: off + (i + 1) * width].decode('latin1').strip() for i in range(n)]
    off += n * width
    return values
labels = fields(16); fields(80); fields(8)
pmin = [float(v) for v in fields(8)]; pmax = [float(v) for v in fields(8)]
dmin = [float(v) for v in fields(8)]; dmax = [float(v) for v in fields(8)]
fields(80); spr = [int(v) for v in fields(8)]
bps = 3 if raw[0] == 255 else 2
record_bytes = sum(spr) * bps
data = np.frombuffer(raw[header_bytes:header_bytes + records * record_bytes], dtype=np.uint8).reshape(records, record_bytes)
bands = {'delta': (0.5, 4), 'theta': (4, 8), 'alpha': (8, 13), 'beta': (13, 30), 'gamma': (30, 45)}
out = []
for i in range(n):
    if labels[i].endswith('Annotations'):
        continue
    start = sum(spr[:i]) * bps
    block = np.ascontiguousarray(data[:, start:start + spr[i] * bps]).reshape(-1)
    if bps == 2:
        d = block.view('<i2').astype(np.float64)
    else:
        b = block.reshape(-1, 3).astype(np.int64)
        d = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        d = np.where(d >= 1 << 23, d - (1 << 24), d).astype(np.float64)
    x = (d - dmin[i]) * (pmax[i] - pmin[i]) / (dmax[i] - dmin[i]) + pmin[i]
    fs = spr[i] / duration
    f, p = ss.welch(x.astype(np.float32).astype(np.float64), fs, nperseg=int(2 * fs))
    power = lambda lo, hi: float(p[(f >= lo) & (f < hi)].sum() * (f[1] - f[0]))
    out.append({'label': labels[i], 'fs': fs, 'bands': {k: power(lo, hi) for k, (lo, hi) in bands.items()},
                'total': power(0.5, 45), 'all': float(p.sum() * (f[1] - f[0])), 'argmaxHz': float(f[1:][np.argmax(p[1:])])})
emit(out)
`;

/** "sine 8.1777 Hz", "sine 5Hz", "square 13Hz", "ramp 7Hz" -> 8.1777, 5, 13, 7. */
function labelledHz(label: string, kind: string): number | null {
  const m = new RegExp(`^${kind}\\s*([\\d.]+)\\s*Hz$`, 'i').exec(label.trim());
  return m ? Number(m[1]) : null;
}

const engine = new EngineHost();
afterAll(() => engine.dispose());

describe.each(['test_generator.edf', 'test_generator.bdf'])('%s', (name) => {
  let ours: AnalyzeJson;
  let reference: PythonSignal[];
  beforeAll(async () => {
    const file = path.join(FIXTURES, name);
    const bytes = new Uint8Array(readFileSync(file));
    [ours, reference] = await Promise.all([
      engine
        .request('analysis.file', { bytes, fileName: name }, { transfer: [bytes.buffer] })
        .then((o) => o.document.report),
      runPython<PythonSignal[]>({ code: PYTHON, args: { path: file } }),
    ]);
  }, 120_000);

  it('analyses every signal at its own rate', () => {
    expect(ours.channels.map((c) => [c.label, c.sample_rate_hz])).toEqual(
      reference.map((r) => [r.label, r.fs]),
    );
  });

  it('finds every sine at the frequency of its label, as its strongest peak, within one bin', () => {
    const sines = reference.filter((r) => labelledHz(r.label, 'sine') !== null);
    expect(sines.length).toBeGreaterThanOrEqual(name.endsWith('.edf') ? 7 : 1);
    for (const r of sines) {
      const hz = labelledHz(r.label, 'sine')!;
      const c = ours.channels.find((ch) => ch.label === r.label)!;
      const bin = c.welch.bin_width_hz;
      // scipy agrees the label is right, so the check below tests the engine, not the file.
      expect(Math.abs(r.argmaxHz - hz), `${r.label}: scipy's maximum`).toBeLessThanOrEqual(bin);
      const strongest = [...c.peaks].sort((a, b) => b.power - a.power)[0];
      expect(strongest, `${r.label}: a peak`).toBeDefined();
      expect(
        Math.abs(strongest!.hz - hz),
        `${r.label}: strongest peak at ${strongest!.hz} Hz`,
      ).toBeLessThanOrEqual(bin);
      expect(strongest!.snr_db).toBeGreaterThan(3);
    }
  });

  it('reports the harmonic families of the square (odd harmonics) and ramp (all harmonics) waves', () => {
    for (const [kind, harmonics] of [
      ['square', [3, 5]],
      ['ramp', [2, 3, 4, 5]],
    ] as const) {
      for (const r of reference.filter((s) => labelledHz(s.label, kind) !== null)) {
        const hz = labelledHz(r.label, kind)!;
        const c = ours.channels.find((ch) => ch.label === r.label)!;
        const family = c.harmonic_families.find((f) => Math.abs(f.f0_hz - hz) <= c.welch.bin_width_hz);
        expect(family, `${r.label}: a family at ${hz} Hz`).toBeDefined();
        const ks = family!.harmonics.map((h) => h.k);
        for (const k of harmonics) expect(ks, `${r.label}: harmonic ${k}`).toContain(k);
      }
    }
  });

  it('gives scipy.signal.welch band and total powers within 1e-4 (1e-9 of the signal power for empty bands)', () => {
    for (const r of reference) {
      const c = ours.channels.find((ch) => ch.label === r.label)!;
      const pairs: [string, number, number][] = [
        ...Object.keys(r.bands).map((b): [string, number, number] => [b, c.bands[b]!, r.bands[b]!]),
        ['total', c.total_power_uv2, r.total],
      ];
      for (const [what, actual, expected] of pairs) {
        expect(
          Math.abs(actual - expected),
          `${r.label} ${what}: ${actual} vs scipy ${expected}`,
        ).toBeLessThanOrEqual(1e-4 * Math.abs(expected) + 1e-9 * r.all);
      }
    }
  });
});
