// What a simulated headset measures: the seeded synthetic headset by default, or the signals asked for on the
// command line as SPECs "channel:kind:Hz:uV" (channel from 1), e.g. "1:sine:10:50" for 50 uV of 10 Hz on channel 1.
import type { PullSource } from '../../sources/pull-source';
import { createSyntheticSource, defaultSyntheticOptions, gaussianAt } from '../../sources/synthetic';

export type SignalKind = 'sine' | 'square' | 'noise' | 'dc';
export const SIGNAL_KINDS: readonly SignalKind[] = ['sine', 'square', 'noise', 'dc'];

export interface SignalSpec {
  /** From 0. */
  readonly channel: number;
  readonly kind: SignalKind;
  /** Ignored by noise and dc. */
  readonly frequencyHz: number;
  /** Peak amplitude (sine, square), standard deviation (noise) or level (dc). */
  readonly amplitudeUv: number;
}

export class SignalSpecError extends Error {
  override readonly name = 'SignalSpecError';
}

/** Parses "channel:kind:Hz:uV" (channel from 1) for a board with `channelCount` channels sampled at `sampleRateHz`. */
export function parseSignalSpec(text: string, channelCount: number, sampleRateHz: number): SignalSpec {
  const parts = text.split(':');
  const example = 'channel:kind:Hz:uV, e.g. 1:sine:10:50';
  if (parts.length !== 4) throw new SignalSpecError(`signal '${text}' should be ${example}`);
  const [channelText = '', kindText = '', hzText = '', uvText = ''] = parts;
  const channel = Number(channelText);
  if (!Number.isInteger(channel) || channel < 1 || channel > channelCount) {
    throw new SignalSpecError(`signal '${text}': channel ${channelText} does not exist (1-${channelCount})`);
  }
  const kind = kindText.toLowerCase() as SignalKind;
  if (!SIGNAL_KINDS.includes(kind)) {
    throw new SignalSpecError(
      `signal '${text}': kind '${kindText}' is not one of ${SIGNAL_KINDS.join(', ')}`,
    );
  }
  const frequencyHz = Number(hzText);
  if (hzText.trim() === '' || !Number.isFinite(frequencyHz) || frequencyHz < 0) {
    throw new SignalSpecError(`signal '${text}': frequency '${hzText}' is not a number of Hz >= 0`);
  }
  if ((kind === 'sine' || kind === 'square') && frequencyHz >= sampleRateHz / 2) {
    throw new SignalSpecError(
      `signal '${text}': ${frequencyHz} Hz is not below the Nyquist frequency (${sampleRateHz / 2} Hz)`,
    );
  }
  const amplitudeUv = Number(uvText);
  if (uvText.trim() === '' || !Number.isFinite(amplitudeUv)) {
    throw new SignalSpecError(`signal '${text}': amplitude '${uvText}' is not a number of microvolts`);
  }
  return { channel: channel - 1, kind, frequencyHz, amplitudeUv };
}

export interface SignalPlan {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly seed: number;
  /** Empty: the default synthetic headset (alpha, beta, a trace of mains and 3 uV of noise). */
  readonly specs: readonly SignalSpec[];
}

/** The plan as a reproducible PullSource: the value of sample i never depends on how it is read. */
export function createSignalSource(plan: SignalPlan): PullSource {
  const { channelCount, sampleRateHz, seed, specs } = plan;
  if (specs.length === 0) {
    return createSyntheticSource(defaultSyntheticOptions({ channelCount, sampleRateHz, seed }));
  }
  const sines = specs
    .filter((s) => s.kind === 'sine')
    .map((s) => ({ channel: s.channel, frequencyHz: s.frequencyHz, amplitudeUv: s.amplitudeUv }));
  const base = createSyntheticSource({ channelCount, sampleRateHz, seed, noiseUv: 0, sines });
  const extras = specs.filter((s) => s.kind !== 'sine');
  if (extras.length === 0) return base;
  return {
    sampleRateHz,
    channelLabels: base.channelLabels,
    sampleCount: Number.POSITIVE_INFINITY,
    read(firstSample, count) {
      const block = base.read(firstSample, count);
      for (const s of extras) {
        const row = block.data.subarray(s.channel * count, (s.channel + 1) * count);
        const w = (2 * Math.PI * s.frequencyHz) / sampleRateHz;
        for (let i = 0; i < count; i++) {
          const n = firstSample + i;
          const add =
            s.kind === 'noise'
              ? s.amplitudeUv * gaussianAt(seed + 7919, s.channel, n)
              : s.kind === 'square'
                ? Math.sin(w * n) >= 0
                  ? s.amplitudeUv
                  : -s.amplitudeUv
                : s.amplitudeUv;
          row[i] = (row[i] ?? 0) + add;
        }
      }
      return block;
    },
  };
}
