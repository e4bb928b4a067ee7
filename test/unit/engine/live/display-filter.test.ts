import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SampleBlock } from '../../../../src/shared/samples';
import type { LiveDisplaySettings } from '../../../../src/shared/api';
import { DisplayFilterChain, planDisplayFilter } from '../../../../src/engine/live/display-filter';
import { createSyntheticSource } from '../../../../src/engine/sources/synthetic';
import { runPython } from '../../../helpers/python';

const FS = 250;
// Two channels with a large DC offset (as a Cyton has), alpha, and 60 Hz hum.
const source = createSyntheticSource({
  channelCount: 2,
  sampleRateHz: FS,
  seed: 3,
  noiseUv: 5,
  sines: [
    { channel: 0, frequencyHz: 10, amplitudeUv: 20 },
    { channel: 0, frequencyHz: 60, amplitudeUv: 400 },
    { channel: 1, frequencyHz: 60, amplitudeUv: 250 },
  ],
});
const OFFSET_UV = [61_000, -16_500];

function read(firstSample: number, count: number): SampleBlock {
  const block = source.read(firstSample, count);
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < count; i++) block.data[c * count + i]! += OFFSET_UV[c]!;
  }
  return block;
}

function channel(block: SampleBlock, c: number): Float32Array {
  return block.data.subarray(c * block.sampleCount, (c + 1) * block.sampleCount);
}

const NOTCH_60 = { bandPass: { lowHz: 1, highHz: 45, order: 4 }, notchHz: 60 };

describe('display filter chain', () => {
  it('gives the same output whatever the frames the stream is cut into', () => {
    const whole = new DisplayFilterChain(NOTCH_60, 2, FS).process(read(0, 1500), 1);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 12 }), (sizes) => {
        const chain = new DisplayFilterChain(NOTCH_60, 2, FS);
        const out = new Float32Array(2 * 1500);
        let at = 0;
        for (let b = 0; at < 1500; b++) {
          const size = Math.min(sizes[b % sizes.length]!, 1500 - at);
          const filtered = chain.process(read(at, size), 1);
          for (let c = 0; c < 2; c++) out.set(channel(filtered, c), c * 1500 + at);
          at += size;
        }
        expect(out).toEqual(whole.data);
      }),
      { numRuns: 30 },
    );
  });

  it('equals scipy after 0.1 s of settling: sosfilt of butter(4, [1, 45]) + iirnotch(60, 30) from sosfilt_zi * mean(x[:25])', async () => {
    const block = read(0, 1000);
    const ours = new DisplayFilterChain(NOTCH_60, 2, FS).process(block, 1);
    const reference = await runPython<number[][]>({
      code: `
from scipy import signal
sos = np.vstack([signal.butter(4, [1, 45], btype='band', fs=250, output='sos'),
                 signal.tf2sos(*signal.iirnotch(60, 30, fs=250))])
out = []
for x in (arrays['a'], arrays['b']):
    y, _ = signal.sosfilt(sos, x, zi=signal.sosfilt_zi(sos) * x[:25].mean())
    out.append(y)
emit(out)`,
      arrays: { a: channel(block, 0), b: channel(block, 1) },
    });
    for (let c = 0; c < 2; c++) {
      const ref = reference[c]!;
      const got = channel(ours, c);
      const peak = Math.max(...ref.map(Math.abs));
      // The settling samples are not shown; from then on every sample is scipy's.
      expect(Array.from(got.subarray(0, 25)).every(Number.isNaN)).toBe(true);
      for (let i = 25; i < ref.length; i++) expect(Math.abs(got[i]! - ref[i]!)).toBeLessThan(1e-4 * peak);
    }
  });

  it('removes the DC offset without a step response and most of the hum', () => {
    const filtered = new DisplayFilterChain(NOTCH_60, 2, FS).process(read(0, 2500), 1);
    const rawRms = rms(channel(read(0, 2500), 0).map((v) => v - OFFSET_UV[0]!));
    const first = channel(filtered, 0);
    // From the first sample shown: no swing of tens of millivolts while the filter "charges".
    expect(first.subarray(0, 25).every(Number.isNaN)).toBe(true);
    expect(Math.max(...first.subarray(25, 250).map(Math.abs))).toBeLessThan(100);
    // After the notch has settled, what is left is alpha and noise (20 uV sine + 5 uV noise, RMS ~15 uV).
    expect(rms(first.subarray(500))).toBeLessThan(25);
    expect(rawRms).toBeGreaterThan(250);
  });

  it('never writes to the block it is given (other consumers hold it: the recording keeps the raw signal)', () => {
    const block = read(0, 500);
    const copy = block.data.slice();
    const filtered = new DisplayFilterChain(NOTCH_60, 2, FS).process(block, 1);
    expect(block.data).toEqual(copy);
    expect(filtered.data).not.toBe(block.data);
    expect(filtered).toMatchObject({ firstSample: 0, sampleCount: 500, channelCount: 2, sampleRateHz: FS });
  });

  it('starts afresh at a new segment and after a gap, as a new chain would', () => {
    const chain = new DisplayFilterChain(NOTCH_60, 2, FS);
    chain.process(read(0, 700), 1);
    // New segment: its clock restarts at 0.
    expect(chain.process(read(5000, 300), 2).data).toEqual(
      new DisplayFilterChain(NOTCH_60, 2, FS).process(read(5000, 300), 2).data,
    );
    // A gap: sample 5300..5399 never arrived.
    expect(chain.process(read(5400, 300), 2).data).toEqual(
      new DisplayFilterChain(NOTCH_60, 2, FS).process(read(5400, 300), 2).data,
    );
    // reset() (the acquisition's gap notice) does the same for a block that happens to continue the clock.
    chain.reset();
    expect(chain.process(read(5700, 300), 2).data).toEqual(
      new DisplayFilterChain(NOTCH_60, 2, FS).process(read(5700, 300), 2).data,
    );
  });

  it('refuses blocks of another shape', () => {
    const chain = new DisplayFilterChain(NOTCH_60, 2, FS);
    expect(() => chain.process({ ...read(0, 10), sampleRateHz: 500 }, 1)).toThrow(
      'block of 2 channels at 500 Hz given to a display filter for 2 channels at 250 Hz',
    );
  });
});

describe('display filter plan', () => {
  const plan = (settings: LiveDisplaySettings, fs: number, detected: 50 | 60 | null = null) =>
    planDisplayFilter(settings, fs, detected).applied;

  it('off: raw frames, the UI blocks DC', () => {
    expect(plan({ filter: 'off', mains: 60 }, 250)).toEqual({
      filtered: false,
      bandPass: null,
      notchHz: null,
      description: 'Raw signal (0.5 Hz DC blocker)',
      note: null,
    });
  });

  it('band-pass alone, and with a fixed or detected mains notch', () => {
    expect(plan({ filter: 'band-pass', mains: 'auto' }, 250, 60).description).toBe('1-45 Hz band-pass');
    expect(plan({ filter: 'band-pass-notch', mains: 50 }, 250, 60)).toMatchObject({
      filtered: true,
      notchHz: 50,
      description: '1-45 Hz band-pass + 50 Hz notch',
      note: null,
    });
    expect(plan({ filter: 'band-pass-notch', mains: 'auto' }, 250, 60)).toMatchObject({
      notchHz: 60,
      description: '1-45 Hz band-pass + 60 Hz notch (auto)',
    });
  });

  it('says why a chosen part does not run', () => {
    expect(plan({ filter: 'band-pass-notch', mains: 'auto' }, 250, null)).toMatchObject({
      filtered: true,
      notchHz: null,
      description: '1-45 Hz band-pass',
      note: 'no mains hum found yet, so no notch is applied',
    });
    // Daisy boards deliver 125 Hz: a 60 Hz notch still fits, 50 Hz too.
    expect(plan({ filter: 'band-pass-notch', mains: 60 }, 125).notchHz).toBe(60);
    expect(plan({ filter: 'band-pass-notch', mains: 60 }, 100)).toMatchObject({
      notchHz: null,
      note: 'a 60 Hz notch needs a sample rate above 120 Hz (this source: 100 Hz)',
    });
    expect(plan({ filter: 'band-pass', mains: 50 }, 80)).toEqual({
      filtered: false,
      bandPass: null,
      notchHz: null,
      description: 'Raw signal (0.5 Hz DC blocker)',
      note: 'the 1-45 Hz band-pass needs a sample rate above 90 Hz (this source: 80 Hz)',
    });
  });
});

function rms(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / x.length);
}
