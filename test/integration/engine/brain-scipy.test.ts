// Brain reports against figures computed independently in the reference python from scipy.signal.welch and
// scipy.signal.coherence with the definitions of docs/design/ENGINE.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyze,
  channelsFromPlanar,
  type AnalysisReport,
  type RecordingInput,
} from '../../../src/engine/brain';
import { parseOpenBciText } from '../../../src/engine/formats/openbci-text';
import { expectAllClose, synthesize } from '../../helpers/compare';
import { runPython } from '../../helpers/python';

const DEMO = path.resolve(
  import.meta.dirname,
  '../../../resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt',
);

interface ChannelReference {
  f: number[];
  p: number[];
  bands: Record<string, number>;
  relative: Record<string, number>;
  total: number;
  lineRatio: number;
  paf: number;
}
interface Reference {
  channels: ChannelReference[];
  coherence: Record<string, number>;
}

// Each channel's rate travels in args; the python side knows nothing but the arrays and these definitions.
const PYTHON = `
import warnings
import scipy.signal as ss
warnings.simplefilter('ignore')
bands = {'delta': (0.5, 4), 'theta': (4, 8), 'alpha': (8, 13), 'beta': (13, 30), 'gamma': (30, 45)}
def power(f, p, lo, hi):
    return float(p[(f >= lo) & (f < hi)].sum() * (f[1] - f[0]))
chans = []
for i, fs in enumerate(args['rates']):
    x = arrays['c%d' % i]
    f, p = ss.welch(x, fs, nperseg=int(2 * fs))
    b = {k: power(f, p, lo, hi) for k, (lo, hi) in bands.items()}
    s = sum(b.values())
    line = float(p[(np.abs(f - 50) <= 1) | (np.abs(f - 60) <= 1)].sum() * (f[1] - f[0]))
    sel = np.flatnonzero((f >= 7) & (f <= 14))
    k = sel[np.argmax(p[sel])]
    a, m, c = p[k - 1], p[k], p[k + 1]
    paf = f[k] + 0.5 * (a - c) / (a - 2 * m + c) * (f[1] - f[0])
    chans.append({'f': f, 'p': p, 'bands': b, 'relative': {k2: v / s for k2, v in b.items()},
                  'total': power(f, p, 0.5, 45), 'lineRatio': line / power(f, p, 0.5, 100), 'paf': paf})
coh = {}
for i in range(len(args['rates'])):
    for j in range(i + 1, len(args['rates'])):
        if args['rates'][i] != args['rates'][j] or len(arrays['c%d' % i]) != len(arrays['c%d' % j]):
            continue
        fs = args['rates'][i]
        f, c = ss.coherence(arrays['c%d' % i], arrays['c%d' % j], fs, nperseg=int(2 * fs))
        coh['%d-%d' % (i, j)] = float(c[(f >= 8) & (f < 13)].mean())
emit({'channels': chans, 'coherence': coh})
`;

async function reference(input: RecordingInput): Promise<Reference> {
  const arrays: Record<string, Float32Array> = {};
  input.channels.forEach((c, i) => (arrays[`c${i}`] = c.data));
  return runPython<Reference>({
    code: PYTHON,
    args: { rates: input.channels.map((c) => c.sampleRateHz) },
    arrays,
  });
}

function compare(report: AnalysisReport, ref: Reference, input: RecordingInput): void {
  report.channels.forEach((c, i) => {
    const r = ref.channels[i]!;
    const what = `${c.label} (${c.sampleRateHz} Hz)`;
    const psd = analyze({ channels: [input.channels[i]!] }, { harmony: { enabled: false } }, undefined, {
      includePsd: true,
    }).channels[0]!.psd!;
    expectAllClose(psd.frequenciesHz, r.f, 1e-12, `${what} frequencies`);
    expectAllClose(psd.psdUv2PerHz, r.p, 1e-4, `${what} PSD`, 1e-9);
    for (const band of Object.keys(r.bands)) {
      expectAllClose([c.bandsUv2[band]!], [r.bands[band]!], 1e-4, `${what} ${band} power`);
      expectAllClose([c.relative[band]!], [r.relative[band]!], 1e-4, `${what} ${band} relative`);
    }
    expectAllClose([c.totalPowerUv2], [r.total], 1e-4, `${what} total power`);
    expectAllClose([c.lineNoise.ratio!], [r.lineRatio], 1e-4, `${what} line-noise ratio`);
    if (c.peakAlpha.hz !== null) expectAllClose([c.peakAlpha.hz], [r.paf], 1e-6, `${what} peak alpha`);
  });
  const pairs = report.harmony!.pairs.filter((p) => p.coherence !== null);
  expect(pairs.map((p) => `${p.aIndex}-${p.bIndex}`).sort()).toEqual(Object.keys(ref.coherence).sort());
  for (const p of pairs) {
    expectAllClose(
      [p.coherence!],
      [ref.coherence[`${p.aIndex}-${p.bIndex}`]!],
      1e-6,
      `coherence ${p.a}-${p.b}`,
    );
  }
}

describe('brain reports against scipy', () => {
  describe('on the OpenBCI demo recording', () => {
    const rec = parseOpenBciText(readFileSync(DEMO, 'utf8'));
    const input: RecordingInput = {
      channels: channelsFromPlanar(rec.data, rec.sampleCount, rec.sampleRateHz, [...rec.channelLabels]),
    };
    let ref: Reference;
    beforeAll(async () => {
      ref = await reference(input);
    });

    it('PSD bins, band powers, relative and total power, line-noise ratio, PAF and coherence match', () => {
      const report = analyze(input);
      expect(report.channels).toHaveLength(8);
      compare(report, ref, input);
      // The recording's mains is 60 Hz and it dominates the unfiltered spectrum.
      const strongest = report.channels.map(
        (c) => [...c.harmonicScan.peaks].sort((a, b) => b.snrDb - a.snrDb)[0]!,
      );
      expect(strongest.filter((p) => Math.abs(p.hz - 60) <= 0.5).length).toBeGreaterThanOrEqual(6);
    });
  });

  describe('on generated channels of mixed rates and lengths', () => {
    const input: RecordingInput = {
      channels: [
        {
          label: 'F3',
          sampleRateHz: 250,
          data: synthesize(250, 7501, [{ hz: 10.2, amplitudeUv: 15 }], 5, 1, 40),
        },
        {
          label: 'F4',
          sampleRateHz: 250,
          data: synthesize(250, 7501, [{ hz: 10.2, amplitudeUv: 9 }], 5, 2, -30),
        },
        {
          label: 'C3',
          sampleRateHz: 1000,
          data: synthesize(1000, 12000, [{ hz: 11.1, amplitudeUv: 12 }], 4, 3),
        },
        {
          label: 'C4',
          sampleRateHz: 1000,
          data: synthesize(1000, 12000, [{ hz: 9.7, amplitudeUv: 8 }], 4, 4),
        },
        { label: 'O1', sampleRateHz: 256, data: synthesize(256, 4097, [{ hz: 50, amplitudeUv: 30 }], 6, 5) },
        { label: 'O2', sampleRateHz: 256, data: synthesize(256, 4097, [{ hz: 8.4, amplitudeUv: 20 }], 6, 6) },
        { label: 'T7', sampleRateHz: 200, data: synthesize(200, 333, [{ hz: 12, amplitudeUv: 20 }], 3, 7) },
      ],
    };
    let ref: Reference;
    beforeAll(async () => {
      ref = await reference(input);
    });

    it('match per channel, and coherence pairs only within a rate', () => {
      const report = analyze(input);
      compare(report, ref, input);
      expect(report.harmony!.skipped.map((s) => s.label)).toEqual(['T7']);
    });
  });
});
