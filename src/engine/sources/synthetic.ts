// The synthetic headset: sines and Gaussian noise per channel, a pure function of (seed, channel, sample index),
// so any block of any length at any position is reproducible.
import type { PullSource } from './pull-source';

export interface SyntheticSine {
  readonly channel: number;
  readonly frequencyHz: number;
  readonly amplitudeUv: number;
  readonly phaseRad?: number;
}

export interface SyntheticOptions {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly seed: number;
  /** Standard deviation of the white noise added to every channel. */
  readonly noiseUv: number;
  readonly sines: readonly SyntheticSine[];
  readonly channelLabels?: readonly string[];
}

/** Default: 8 channels at 250 Hz with an alpha rhythm, some beta and a trace of mains, as a quick demo. */
export function defaultSyntheticOptions(overrides: Partial<SyntheticOptions> = {}): SyntheticOptions {
  const channelCount = overrides.channelCount ?? 8;
  const sines: SyntheticSine[] = [];
  for (let c = 0; c < channelCount; c++) {
    sines.push({ channel: c, frequencyHz: 10, amplitudeUv: 20 - c, phaseRad: c * 0.3 });
    sines.push({ channel: c, frequencyHz: 21, amplitudeUv: 4, phaseRad: c });
    sines.push({ channel: c, frequencyHz: 50, amplitudeUv: 1.5 });
  }
  return { channelCount, sampleRateHz: 250, seed: 1, noiseUv: 3, sines, ...overrides };
}

/** 32-bit integer hash (lowbias32) of three integers: seed, channel, sample index. */
function hash3(a: number, b: number, c: number): number {
  let h = (a * 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(c + 0x165667b1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A standard normal value for (seed, channel, index), via Box-Muller on two hashed uniforms. */
export function gaussianAt(seed: number, channel: number, index: number): number {
  const u1 = (hash3(seed, channel, index * 2) + 1) / 4294967297;
  const u2 = hash3(seed, channel, index * 2 + 1) / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function createSyntheticSource(options: SyntheticOptions): PullSource {
  const { channelCount, sampleRateHz, seed, noiseUv, sines } = options;
  for (const s of sines) {
    if (!Number.isInteger(s.channel) || s.channel < 0 || s.channel >= channelCount) {
      throw new RangeError(
        `synthetic sine on channel ${s.channel}: there are channels 0..${channelCount - 1}`,
      );
    }
    if (!(s.frequencyHz >= 0 && s.frequencyHz < sampleRateHz / 2)) {
      throw new RangeError(
        `synthetic sine at ${s.frequencyHz} Hz is not below Nyquist (${sampleRateHz / 2} Hz)`,
      );
    }
  }
  const channelLabels = options.channelLabels ?? Array.from({ length: channelCount }, (_, c) => `Ch${c + 1}`);
  return {
    sampleRateHz,
    channelLabels,
    sampleCount: Number.POSITIVE_INFINITY,
    read(firstSample, count) {
      const data = new Float32Array(channelCount * count);
      for (let c = 0; c < channelCount; c++) {
        const row = data.subarray(c * count, (c + 1) * count);
        if (noiseUv > 0)
          for (let i = 0; i < count; i++) row[i] = noiseUv * gaussianAt(seed, c, firstSample + i);
      }
      for (const s of sines) {
        const row = data.subarray(s.channel * count, (s.channel + 1) * count);
        const w = (2 * Math.PI * s.frequencyHz) / sampleRateHz;
        const phase = s.phaseRad ?? 0;
        for (let i = 0; i < count; i++)
          row[i] = (row[i] ?? 0) + s.amplitudeUv * Math.sin(w * (firstSample + i) + phase);
      }
      return { firstSample, sampleCount: count, channelCount, sampleRateHz, data };
    },
  };
}
