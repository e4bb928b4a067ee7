// Brainsync's plan and synthesis, measured with numpy's FFT and scipy's Welch (the reference Python) rather than
// by re-reading the formulas: the ears sound where the plan says, the fades start and end at zero, and a
// recording's peak alpha (found by scipy) personalises the beat.
import { describe, expect, it } from 'vitest';
import {
  brainsyncGain,
  planBrainsync,
  synthesizeBrainsync,
  type BrainsyncMode,
} from '../../../../src/engine/symphony';
import { runPython } from '../../../helpers/python';

/** Frequency of the largest FFT bin of each ear (2 s at 44.1 kHz: bins 0.5 Hz apart). */
async function earPeaksHz(
  left: Float32Array,
  right: Float32Array,
  rateHz: number,
): Promise<[number, number]> {
  return runPython<[number, number]>({
    code: `
def peak(x):
    spectrum = np.abs(np.fft.rfft(x))
    return float(np.fft.rfftfreq(len(x), 1 / args["rate"])[int(np.argmax(spectrum))])
emit([peak(arrays["left"]), peak(arrays["right"])])`,
    args: { rate: rateHz },
    arrays: { left, right },
  });
}

/** 8 channels of a sine at `alphaHz` (plus a smaller 20 Hz sine and a little deterministic noise), 250 Hz. */
function alphaRecording(alphaHz: number, seconds: number) {
  const rate = 250;
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  return Array.from({ length: 8 }, (_, c) => {
    const data = new Float32Array(seconds * rate);
    for (let i = 0; i < data.length; i++) {
      const t = i / rate;
      data[i] = 20 * Math.sin(2 * Math.PI * alphaHz * t + c) + 4 * Math.sin(2 * Math.PI * 20 * t) + noise();
    }
    return { label: `Ch${c + 1}`, sampleRateHz: rate, data };
  });
}

function peakOf(x: Float32Array): number {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  return peak;
}

describe('planBrainsync', () => {
  it.each([
    ['sleep', 2],
    ['meditate', 6],
    ['relax', 10],
    ['focus', 18],
  ] as const)('%s beats at %d Hz: measured on the rendered ears', async (mode, beatHz) => {
    const plan = planBrainsync({ mode, seconds: 2, carrierHz: 300 });
    expect(plan).toMatchObject({
      leftHz: 300,
      rightHz: 300 + beatHz,
      frameCount: 88200,
      personalised: { applied: false },
    });
    const [left, right] = synthesizeBrainsync(plan);
    const [leftPeak, rightPeak] = await earPeaksHz(left, right, 44100);
    expect(leftPeak).toBe(300);
    expect(rightPeak).toBe(300 + beatHz);
  });

  it('fades in from and out to exactly zero, never above the amplitude', () => {
    const plan = planBrainsync({ mode: 'relax', seconds: 4, sampleRateHz: 48000, amplitude: 0.25 });
    expect(plan.fadeSeconds).toBe(1); // 5 s asked by default, at most a quarter of 4 s
    const [left, right] = synthesizeBrainsync(plan);
    for (const ear of [left, right]) {
      expect(Math.abs(ear[0]!)).toBe(0);
      expect(Math.abs(ear[ear.length - 1]!)).toBe(0);
      expect(peakOf(ear)).toBeLessThanOrEqual(0.25);
      // The full level is reached between the fades.
      expect(peakOf(ear.subarray(48000, 3 * 48000))).toBeGreaterThan(0.249);
    }
    expect(brainsyncGain(plan, 0)).toBe(0);
    expect(brainsyncGain(plan, plan.frameCount / 2)).toBe(1);
  });

  it('personalises the beat from the peak alpha scipy finds in the recording', async () => {
    const recording = alphaRecording(9, 20);
    const scipyPeakHz = await runPython<number>({
      code: `
from scipy.signal import welch
peaks = []
for name in sorted(arrays):
    f, p = welch(arrays[name], fs=250, nperseg=500, noverlap=250, window="hann", detrend="constant")
    band = (f >= 7) & (f <= 14)
    peaks.append(f[band][np.argmax(p[band])])
emit(float(np.median(peaks)))`,
      arrays: Object.fromEntries(recording.map((c) => [c.label, c.data])),
    });
    expect(scipyPeakHz).toBe(9);
    const expected: Record<BrainsyncMode, number> = { sleep: 2, meditate: 6, relax: 10, focus: 18 };
    for (const mode of ['relax', 'focus'] as const) {
      const plan = planBrainsync({ mode, seconds: 10, recording });
      expect(plan.personalised.applied).toBe(true);
      expect(plan.personalised.peakAlpha?.hz).toBeCloseTo(scipyPeakHz, 2);
      expect(plan.beatHz).toBeCloseTo((expected[mode] * scipyPeakHz) / 10, 2);
    }
  });

  it.each([
    [
      { mode: 'party' as BrainsyncMode, seconds: 10 },
      /mode 'party' is not one of sleep, meditate, relax, focus/,
    ],
    [{ mode: 'relax' as const, seconds: 0.5 }, /length must be 1 to 3600 s, got 0.5/],
    [{ mode: 'relax' as const, seconds: 10, carrierHz: 20 }, /carrier must be 40 to 1500 Hz, got 20/],
    [
      { mode: 'relax' as const, seconds: 10, sampleRateHz: 22050 as 44100 },
      /sample rate must be 44100 or 48000 Hz, got 22050/,
    ],
  ])('refuses %j with a clear reason', (request, message) => {
    expect(() => planBrainsync(request)).toThrow(message);
  });
});
