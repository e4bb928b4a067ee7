// The neural symphony's score from a recording whose content is known: alpha dominates the first half, beta the
// second. The hop band powers are checked against scipy's Welch, the tempo against scipy's peak alpha, and the
// voices must follow the bands (louder and higher where their band dominates). Missing EEG makes silent hops.
import { describe, expect, it } from 'vitest';
import { buildSymphonyScore, type SymphonyScore } from '../../../../src/engine/symphony';
import { runPython } from '../../../helpers/python';

const RATE_HZ = 250;
const SECONDS = 24;

/** Two channels: 10 Hz strong and 20 Hz weak for the first 12 s, then the other way round. */
function alphaThenBeta(): { label: string; sampleRateHz: number; data: Float32Array }[] {
  return [0, 1].map((c) => {
    const data = new Float32Array(SECONDS * RATE_HZ);
    for (let i = 0; i < data.length; i++) {
      const t = i / RATE_HZ;
      const [alpha, beta] = t < SECONDS / 2 ? [20, 3] : [3, 20];
      data[i] = alpha * Math.sin(2 * Math.PI * 10 * t + c) + beta * Math.sin(2 * Math.PI * 20 * t + 2 * c);
    }
    return { label: `Ch${c + 1}`, sampleRateHz: RATE_HZ, data };
  });
}

const voice = (score: SymphonyScore, band: string) => score.voices.find((v) => v.band === band)!;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('buildSymphonyScore', () => {
  const channels = alphaThenBeta();
  const score = buildSymphonyScore({ channels }, { seconds: SECONDS });
  const hopCount = (SECONDS * 1000) / 250;

  it('reads the band powers of each hop as scipy’s Welch does', async () => {
    const hops = [20, 70];
    // The 4 s window centred on hop h (clipped to the recording), as 2 s Hann segments with 50 % overlap.
    const reference = await runPython<number[][]>({
      code: `
from scipy.signal import welch
bands = [(0.5, 4), (4, 8), (8, 13), (13, 30), (30, 45)]
out = []
for h in args["hops"]:
    rel = np.zeros(len(bands))
    for name in sorted(arrays):
        x = arrays[name]
        start = min(len(x) - 1000, max(0, int(np.floor((h + 0.5) * 0.25 * 250 + 0.5)) - 500))
        f, p = welch(x[start:start + 1000], fs=250, nperseg=500, noverlap=250, window="hann", detrend="constant")
        df = f[1] - f[0]
        power = np.array([p[(f >= lo) & (f < hi)].sum() * df for lo, hi in bands])
        rel += power / power.sum()
    out.append((rel / len(arrays)).tolist())
emit(out)`,
      args: { hops },
      arrays: Object.fromEntries(channels.map((c) => [c.label, c.data])),
    });
    hops.forEach((h, i) =>
      score.voices.forEach((v, b) => expect(v.relative[h]).toBeCloseTo(reference[i]![b]!, 6)),
    );
  });

  it('takes its tempo from scipy’s peak alpha: 10 beats per minute per hertz', async () => {
    const peakHz = await runPython<number>({
      code: `
from scipy.signal import welch
peaks = []
for name in sorted(arrays):
    f, p = welch(arrays[name], fs=250, nperseg=500, noverlap=250, window="hann", detrend="constant")
    band = (f >= 7) & (f <= 14)
    peaks.append(f[band][np.argmax(p[band])])
emit(float(np.median(peaks)))`,
      arrays: Object.fromEntries(channels.map((c) => [c.label, c.data])),
    });
    expect(score.peakAlpha.hz).toBeCloseTo(peakHz, 3);
    expect(score.tempo).toMatchObject({ fromRecording: true });
    expect(score.tempo.bpm).toBeCloseTo(10 * peakHz, 2);
    expect(score.warnings).toEqual([]);
  });

  it('makes each voice louder and higher where its band dominates', () => {
    expect(score.hops.count).toBe(hopCount);
    expect(score.durationSeconds).toBe(SECONDS);
    expect(score.frameCount).toBe(SECONDS * 44100);
    // Hops whose 4 s window lies wholly within one half.
    const first = Array.from({ length: 30 }, (_, h) => h + 8);
    const second = first.map((h) => h + hopCount / 2);
    const alpha = voice(score, 'alpha');
    const beta = voice(score, 'beta');
    expect(mean(first.map((h) => alpha.gain[h]!))).toBeGreaterThan(
      2 * mean(second.map((h) => alpha.gain[h]!)),
    );
    expect(mean(second.map((h) => beta.gain[h]!))).toBeGreaterThan(2 * mean(first.map((h) => beta.gain[h]!)));
    const degreesIn = (notes: typeof alpha.notes, fromS: number, toS: number) =>
      notes.filter((n) => n.startFrame / 44100 >= fromS && n.startFrame / 44100 < toS).map((n) => n.degree);
    expect(Math.min(...degreesIn(alpha.notes, 2, 10))).toBeGreaterThan(
      Math.max(...degreesIn(alpha.notes, 14, 22)),
    );
    expect(Math.min(...degreesIn(beta.notes, 14, 22))).toBeGreaterThan(
      Math.max(...degreesIn(beta.notes, 2, 10)),
    );
    // Every note ends before its bar line: each bar line inside the piece is silent for every voice. (The last
    // bar is cut by the end of the piece, under the fade-out.)
    let checked = 0;
    for (const v of score.voices) {
      for (const n of v.notes) {
        const barEnd = score.barFrames.find((f) => f > n.startFrame)!;
        if (barEnd === score.frameCount) continue;
        expect(n.startFrame + n.frames).toBeLessThanOrEqual(barEnd);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('says so when the recording is shorter than asked, and refuses a start past its end', () => {
    const longer = buildSymphonyScore({ channels }, { seconds: 30, speed: 2, startSeconds: 4 });
    expect(longer.durationSeconds).toBe(10); // (24 - 4) s of EEG at 2 s per second of audio
    expect(longer.source).toMatchObject({ fromSeconds: 4, toSeconds: 24 });
    expect(longer.warnings).toEqual([
      'asked for 30 s of audio but the recording holds 10.00 s from 4 s at speed 2',
    ]);
    expect(() => buildSymphonyScore({ channels }, { startSeconds: 30 })).toThrow(
      'the symphony starts at 30 s but the recording lasts 24.000 s',
    );
    expect(() => buildSymphonyScore({ channels }, { hopMs: 5 })).toThrow('hopMs must be at least 10, got 5');
  });

  it('keeps silent where the EEG is missing and counts those hops', () => {
    const gapped = alphaThenBeta();
    for (const c of gapped) c.data.fill(NaN, 8 * RATE_HZ, 10 * RATE_HZ);
    const withGap = buildSymphonyScore({ channels: gapped }, { seconds: SECONDS });
    // A hop is missing when its 4 s window (clipped to the recording) touches the gap [8 s, 10 s).
    const missing = Array.from({ length: hopCount }, (_, h) => h).filter((h) => {
      const start = Math.min(SECONDS * RATE_HZ - 1000, Math.max(0, Math.round((h + 0.5) * 62.5) - 500));
      return start < 10 * RATE_HZ && start + 1000 > 8 * RATE_HZ;
    });
    expect(missing.length).toBeGreaterThan(20);
    expect(withGap.hops.missing).toBe(missing.length);
    expect(withGap.warnings).toContain(
      `${missing.length} of ${hopCount} hops have no usable EEG and are silent`,
    );
    const hopSeconds = 0.25;
    for (const v of withGap.voices) {
      for (const h of missing) {
        expect(v.relative[h]).toBeNull();
        expect(v.gain[h]).toBe(0);
      }
      for (const n of v.notes) expect(missing).not.toContain(Math.floor(n.startFrame / 44100 / hopSeconds));
    }
  });
});
