// Stored recordings made through the store's own API (createRecording + a real writer thread), from known sines.
import type { BoardKind } from '../../src/shared/api';
import type { RecordingStore } from '../../src/main/storage';
import type { RecordingId } from '../../src/shared/units';
import { synthesize, type SineSpec } from './compare';

export interface ChannelSpec {
  readonly label: string;
  readonly sines: readonly SineSpec[];
  readonly noiseUv?: number;
  readonly gain?: number;
  /** Replace every `railEvery`-th sample by the ADC's positive full scale (a railed channel). */
  readonly railEvery?: number;
}

export interface RecordingSpec {
  readonly label: string;
  readonly sampleRateHz: number;
  readonly seconds: number;
  readonly channels: readonly ChannelSpec[];
  readonly board?: BoardKind;
  /** Samples [atSample - missingSamples, atSample) are lost (never stored). */
  readonly gap?: { readonly atSample: number; readonly missingSamples: number };
}

/** Full scale of a Cyton channel at gain 24, uV (the same figure the ADS1299 datasheet gives: 4.5 V / 24). */
export const CYTON_FULL_SCALE_UV = 4.5e6 / 24;

/** The samples of each channel, on the recording's clock (gap samples included, as they were generated). */
export function channelSamples(spec: RecordingSpec): Float32Array[] {
  const n = Math.round(spec.seconds * spec.sampleRateHz);
  return spec.channels.map((c, i) => {
    const data = synthesize(spec.sampleRateHz, n, c.sines, c.noiseUv ?? 2, i + 11);
    if (c.railEvery) for (let k = 0; k < n; k += c.railEvery) data[k] = CYTON_FULL_SCALE_UV;
    return data;
  });
}

export async function storeRecording(store: RecordingStore, spec: RecordingSpec): Promise<RecordingId> {
  const writer = await store.startRecording({
    label: spec.label,
    sampleRateHz: spec.sampleRateHz,
    board: spec.board ?? 'cyton',
    sourceKind: 'synthetic',
    channels: spec.channels.map((c) => ({ label: c.label, gain: c.gain ?? 24 })),
  });
  const samples = channelSamples(spec);
  const n = samples[0]!.length;
  const blockSamples = spec.sampleRateHz;
  const write = async (from: number, to: number) => {
    for (let at = from; at < to; at += blockSamples) {
      const count = Math.min(blockSamples, to - at);
      const data = new Float32Array(count * samples.length);
      samples.forEach((s, c) => data.set(s.subarray(at, at + count), c * count));
      writer.append({
        firstSample: at,
        sampleCount: count,
        channelCount: samples.length,
        sampleRateHz: spec.sampleRateHz,
        data,
      });
      await writer.drained();
    }
  };
  if (spec.gap) {
    await write(0, spec.gap.atSample - spec.gap.missingSamples);
    writer.gap({
      atSample: spec.gap.atSample,
      missingSamples: spec.gap.missingSamples,
      reason: 'device-lost',
    });
    await write(spec.gap.atSample, n);
  } else {
    await write(0, n);
  }
  const result = await writer.finish();
  return result.recordingId;
}
