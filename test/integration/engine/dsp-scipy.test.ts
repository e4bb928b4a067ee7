// The DSP layer against the reference: scipy.signal from Debian's /usr/bin/python3.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRealFft, type FftBackend } from '../../../src/engine/dsp/fft';
import { removeLine } from '../../../src/engine/dsp/detrend';
import {
  designButterworthBandPass,
  designNotch,
  sosRows,
  type SecondOrderSections,
} from '../../../src/engine/dsp/iir-design';
import { sosfilt, sosfiltfilt } from '../../../src/engine/dsp/sos-filter';
import { coherence, csd, welch } from '../../../src/engine/dsp/welch';
import { hannPeriodic } from '../../../src/engine/dsp/window';
import { expectAllClose, lcg } from '../../helpers/compare';
import { runPython } from '../../helpers/python';

interface Case {
  readonly name: string;
  readonly fs: number;
  readonly n: number;
}

// Odd lengths, a signal shorter than one 2 s segment, a prime segment length (Bluestein), a constant signal.
const CASES: readonly Case[] = [
  { name: 'fs250-odd', fs: 250, n: 10007 },
  { name: 'fs1000', fs: 1000, n: 20000 },
  { name: 'fs256', fs: 256, n: 3001 },
  { name: 'short', fs: 250, n: 301 },
  { name: 'fs173-prime', fs: 173, n: 2000 },
  { name: 'fs500-one-segment', fs: 500, n: 1000 },
  { name: 'constant', fs: 250, n: 2000 },
];

function makeSignal(c: Case, seed: number): Float32Array {
  const rand = lcg(seed);
  const x = new Float32Array(c.n);
  if (c.name === 'constant') return x.fill(-1234.5);
  for (let i = 0; i < c.n; i++) {
    const t = i / c.fs;
    x[i] =
      40 * Math.sin(2 * Math.PI * 10.3 * t + seed) +
      8 * Math.sin(2 * Math.PI * 23 * t) +
      3 * Math.sin(2 * Math.PI * 50 * t) +
      20 * (rand() - 0.5) +
      500 +
      15 * t;
  }
  return x;
}

const BANDPASS = [
  { fs: 250, lo: 1, hi: 45, order: 4 },
  { fs: 1000, lo: 1, hi: 45, order: 4 },
  { fs: 500, lo: 0.5, hi: 40, order: 2 },
  { fs: 256, lo: 8, hi: 13, order: 3 },
  { fs: 250, lo: 1, hi: 45, order: 5 },
] as const;
const NOTCH = [
  { fs: 250, f0: 50 },
  { fs: 250, f0: 60 },
  { fs: 500, f0: 50 },
  { fs: 1000, f0: 60 },
] as const;

interface Reference {
  welch: Record<string, { f: number[]; p: number[] }>;
  coherence: Record<string, { c: number[]; re: number[]; im: number[] }>;
  hann: number[][];
  detrend: number[];
  rfft: { re: number[]; im: number[] };
  butter: number[][][];
  notch: { b: number[]; a: number[] }[];
  filtered: { bandpass: number[]; bandpassFiltfilt: number[]; notch: number[]; notchFiltfilt: number[] };
}

const PYTHON = `
import warnings
import scipy.signal as ss
warnings.simplefilter('ignore')
out = {'welch': {}, 'coherence': {}}
for c in args['cases']:
    x = arrays[c['name'] + '_x']; y = arrays[c['name'] + '_y']
    f, p = ss.welch(x, c['fs'], nperseg=int(2 * c['fs']))
    out['welch'][c['name']] = {'f': f, 'p': p}
    if c['name'] != 'constant':
        _, coh = ss.coherence(x, y, c['fs'], nperseg=int(2 * c['fs']))
        _, pxy = ss.csd(x, y, c['fs'], nperseg=int(2 * c['fs']))
        out['coherence'][c['name']] = {'c': coh, 're': pxy.real, 'im': pxy.imag}
out['hann'] = [ss.get_window('hann', n) for n in args['hannLengths']]
out['detrend'] = ss.detrend(arrays['fs250-odd_x'], type='linear')
spec = np.fft.rfft(arrays['fs1000_x'][:2000])
out['rfft'] = {'re': spec.real, 'im': spec.imag}
out['butter'] = [ss.butter(b['order'], [b['lo'], b['hi']], btype='band', fs=b['fs'], output='sos') for b in args['bandpass']]
out['notch'] = [dict(zip('ba', ss.iirnotch(n['f0'], 30, n['fs']))) for n in args['notch']]
x = arrays['fs250-odd_x']
bp = out['butter'][0]
nb, na = ss.iirnotch(50, 30, 250)
nsos = np.array([np.concatenate([nb, na])])
out['filtered'] = {'bandpass': ss.sosfilt(bp, x), 'bandpassFiltfilt': ss.sosfiltfilt(bp, x),
                   'notch': ss.sosfilt(nsos, x), 'notchFiltfilt': ss.sosfiltfilt(nsos, x)}
emit(out)
`;

const HANN_LENGTHS = [1, 2, 5, 500, 2000];

describe('DSP against scipy.signal', () => {
  const signals = new Map(
    CASES.map((c, i) => [c.name, { x: makeSignal(c, i + 1), y: makeSignal(c, i + 101) }]),
  );
  let ref: Reference;

  beforeAll(async () => {
    const arrays: Record<string, Float32Array> = {};
    for (const [name, s] of signals) {
      arrays[`${name}_x`] = s.x;
      arrays[`${name}_y`] = s.y;
    }
    ref = await runPython<Reference>({
      code: PYTHON,
      args: { cases: CASES, hannLengths: HANN_LENGTHS, bandpass: BANDPASS, notch: NOTCH },
      arrays,
    });
  });

  describe.each<FftBackend>(['mixed-radix', 'fftjs'])('Welch PSD with the %s FFT backend', (backend) => {
    it.each(CASES.map((c) => c.name))('equals scipy.signal.welch(x, fs, nperseg=2*fs) on %s', (name) => {
      const c = CASES.find((k) => k.name === name)!;
      const result = welch(signals.get(name)!.x, { sampleRateHz: c.fs, fftBackend: backend });
      const expected = ref.welch[name]!;
      expectAllClose(result.frequenciesHz, expected.f, 1e-12, `${name} frequencies`);
      expectAllClose(result.psd, expected.p, 1e-6, `${name} PSD`, 1e-10);
      expect(result.psd.every(Number.isFinite)).toBe(true);
      expect(result.settings.segmentLength).toBe(Math.min(Math.trunc(2 * c.fs), c.n));
      expect(result.settings.segmentClippedToSignal).toBe(c.n < 2 * c.fs);
    });
  });

  it('cross spectra and coherence equal scipy.signal.csd and scipy.signal.coherence', () => {
    for (const c of CASES.filter((k) => k.name !== 'constant')) {
      const { x, y } = signals.get(c.name)!;
      const expected = ref.coherence[c.name]!;
      const coh = coherence(x, y, { sampleRateHz: c.fs });
      expectAllClose(coh.coherence, expected.c, 1e-6, `${c.name} coherence`, 1e-9);
      const pxy = csd(x, y, { sampleRateHz: c.fs });
      expectAllClose(pxy.re, expected.re, 1e-6, `${c.name} Pxy real`, 1e-9);
      expectAllClose(pxy.im, expected.im, 1e-6, `${c.name} Pxy imag`, 1e-9);
    }
  });

  it('periodic Hann equals get_window("hann", n) and linear detrend equals scipy.signal.detrend', () => {
    HANN_LENGTHS.forEach((n, i) => expectAllClose(hannPeriodic(n), ref.hann[i]!, 1e-14, `hann ${n}`, 1e-15));
    const x = Float64Array.from(signals.get('fs250-odd')!.x);
    removeLine(x);
    expectAllClose(x, ref.detrend, 1e-9, 'linear detrend', 1e-12);
  });

  it('both FFT backends equal numpy.fft.rfft at n = 2000', () => {
    const x = Float64Array.from(signals.get('fs1000')!.x.subarray(0, 2000));
    for (const backend of ['mixed-radix', 'fftjs'] as const) {
      const fft = createRealFft(2000, { backend });
      const re = new Float64Array(fft.binCount);
      const im = new Float64Array(fft.binCount);
      fft.forward(x, re, im);
      expectAllClose(re, ref.rfft.re, 1e-9, `${backend} rfft real`, 1e-13);
      expectAllClose(im, ref.rfft.im, 1e-9, `${backend} rfft imag`, 1e-13);
    }
  });

  it('Butterworth band-pass sections equal scipy.signal.butter(..., output="sos")', () => {
    BANDPASS.forEach((b, i) => {
      const { sos } = designButterworthBandPass(b.fs, b.lo, b.hi, b.order);
      const expected = ref.butter[i]!;
      expect(sos.sectionCount, `sections of ${JSON.stringify(b)}`).toBe(expected.length);
      expectAllClose(sosRows(sos).flat(), expected.flat(), 1e-10, `butter ${JSON.stringify(b)}`, 1e-14);
    });
  });

  it('notch sections equal scipy.signal.iirnotch(f0, 30, fs)', () => {
    NOTCH.forEach((n, i) => {
      const { sos } = designNotch(n.f0, n.fs);
      const expected = ref.notch[i]!;
      expectAllClose(sosRows(sos)[0]!, [...expected.b, ...expected.a], 1e-12, `notch ${n.f0}@${n.fs}`, 1e-15);
    });
  });

  it('sosfilt and sosfiltfilt outputs equal scipy for the band-pass and the notch', () => {
    const x = signals.get('fs250-odd')!.x;
    const bp: SecondOrderSections = designButterworthBandPass(250).sos;
    const notch = designNotch(50, 250).sos;
    expectAllClose(sosfilt(bp, x).y, ref.filtered.bandpass, 1e-7, 'sosfilt band-pass', 1e-9);
    expectAllClose(sosfiltfilt(bp, x), ref.filtered.bandpassFiltfilt, 1e-7, 'sosfiltfilt band-pass', 1e-9);
    expectAllClose(sosfilt(notch, x).y, ref.filtered.notch, 1e-9, 'sosfilt notch', 1e-12);
    expectAllClose(sosfiltfilt(notch, x), ref.filtered.notchFiltfilt, 1e-9, 'sosfiltfilt notch', 1e-12);
  });
});
