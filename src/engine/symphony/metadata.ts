// What travels inside a rendered WAV so that the result can be reproduced (ENGINE.md "Neural symphony"): the
// resolved parameters and mapping, what the input was (channels, rates, the stretch used, a CRC-32 of its
// samples) and the renderer. Stored as JSON in the LIST/INFO comment (ICMT); deterministic (no clock, no host),
// so the same input and parameters give the same bytes.
import { crc32 } from '../checksum/crc32';
import type { RecordingChannel } from '../brain/input';
import { readWavHeader, type WavTags } from '../formats/wav';
import type { BrainsyncPlan } from './brainsync';
import type { SymphonyScore } from './score';

/** Where the EEG came from, as the caller names it (a stored recording's id, a file name). */
export interface SoundSource {
  readonly kind: 'recording' | 'file' | 'none';
  readonly name: string;
}

export interface SymphonyMetadata {
  readonly kind: 'neural-symphony';
  readonly version: number;
  readonly source: SoundSource;
  /** CRC-32 of the float32 samples of each channel, in channel order, as 8 hex digits. */
  readonly inputCrc32: readonly string[];
  readonly renderer: string;
  readonly params: SymphonyScore['params'];
  readonly excerpt: SymphonyScore['source'];
  readonly tempo: SymphonyScore['tempo'];
  readonly peakAlphaHz: number | null;
}

export interface BrainsyncMetadata {
  readonly kind: 'brainsync';
  readonly version: number;
  readonly source: SoundSource;
  readonly inputCrc32: readonly string[];
  readonly renderer: string;
  readonly plan: Omit<BrainsyncPlan, 'personalised'> & {
    readonly personalised: Omit<BrainsyncPlan['personalised'], 'peakAlpha'> & {
      readonly peakAlphaHz: number | null;
      readonly channelPeakAlphaHz: readonly (number | null)[];
    };
  };
}

export type SoundMetadata = SymphonyMetadata | BrainsyncMetadata;

export function channelCrc32(channels: readonly RecordingChannel[]): string[] {
  return channels.map((c) =>
    crc32(new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength))
      .toString(16)
      .padStart(8, '0'),
  );
}

/** JSON with every character outside printable ASCII escaped (\uXXXX), as a WAV text tag needs. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function symphonyMetadata(
  score: SymphonyScore,
  source: SoundSource,
  inputCrc32: readonly string[],
  renderer: string,
): SymphonyMetadata {
  return {
    kind: 'neural-symphony',
    version: score.version,
    source,
    inputCrc32,
    renderer,
    params: score.params,
    excerpt: score.source,
    tempo: score.tempo,
    peakAlphaHz: score.peakAlpha.hz,
  };
}

export function brainsyncMetadata(
  plan: BrainsyncPlan,
  source: SoundSource,
  inputCrc32: readonly string[],
  renderer: string,
): BrainsyncMetadata {
  const { peakAlpha, ...personalised } = plan.personalised;
  return {
    kind: 'brainsync',
    version: plan.version,
    source,
    inputCrc32,
    renderer,
    plan: {
      ...plan,
      personalised: {
        ...personalised,
        peakAlphaHz: peakAlpha?.hz ?? null,
        channelPeakAlphaHz: peakAlpha?.channels.map((c) => c.hz) ?? [],
      },
    },
  };
}

export function metadataTags(title: string, metadata: SoundMetadata): WavTags {
  return { INAM: title.replace(/[^\x20-\x7e]/g, '?'), ISFT: 'Clisonix', ICMT: asciiJson(metadata) };
}

/** The metadata a Clisonix WAV carries, or null for any other WAV (or one whose comment is not ours). */
export function readSoundMetadata(wav: Uint8Array): SoundMetadata | null {
  const comment = readWavHeader(wav).tags.ICMT;
  if (!comment) return null;
  try {
    const parsed = JSON.parse(comment) as { kind?: unknown };
    return parsed.kind === 'neural-symphony' || parsed.kind === 'brainsync'
      ? (parsed as SoundMetadata)
      : null;
  } catch {
    return null;
  }
}
