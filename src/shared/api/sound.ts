// The Sound page's part of the contract: the neural symphony of a recording and brainsync (docs/design/ENGINE.md),
// rendered on the engine thread, saved as audio clips in the store with the parameters that made them, and the
// clips' bytes for playing and downloading. Long renders report progress as events and can be cancelled.
import type { Method, NoParams } from './contract';

export type BrainsyncModeName = 'sleep' | 'meditate' | 'relax' | 'focus';
export const BRAINSYNC_MODE_LIST: readonly BrainsyncModeName[] = ['sleep', 'meditate', 'relax', 'focus'];

/** EEG to sonify: a stored recording, or the OpenBCI sample recording shipped with the app (resources/demo). */
export type SoundSourceRequest =
  { readonly kind: 'recording'; readonly id: string } | { readonly kind: 'sample' };

export interface SymphonyRequest {
  /** Chosen by the caller (unique among its running jobs): progress events and `sound.cancel` name it. */
  readonly jobId: string;
  readonly source: SoundSourceRequest;
  /** Length of the audio in seconds (default: the rest of the recording, at most 600 s). */
  readonly seconds?: number;
  /** Where in the recording to start, in seconds (default 0). */
  readonly startSeconds?: number;
  /** Seconds of EEG per second of audio (default 1). */
  readonly speed?: number;
  readonly sampleRateHz?: 44100 | 48000;
  /** Name of the saved clip (default: says what it is). */
  readonly label?: string;
}

export interface BrainsyncRequest {
  readonly jobId: string;
  readonly mode: BrainsyncModeName;
  readonly seconds: number;
  readonly sampleRateHz?: 44100 | 48000;
  /** Left-ear carrier (default 200 Hz); the right ear hears carrier + beat. */
  readonly carrierHz?: number;
  /** EEG whose peak alpha frequency personalises the beat. */
  readonly source?: SoundSourceRequest | null;
  readonly label?: string;
}

export type AudioClipKind = 'symphony' | 'brainsync' | 'input';

export interface AudioClip {
  readonly id: number;
  readonly kind: AudioClipKind;
  readonly label: string;
  /** The recording it was made from; null for the sample, a file, or when that recording was deleted. */
  readonly recordingId: string | null;
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly frameCount: number;
  readonly durationS: number;
  readonly byteLength: number;
  /** Epoch ms. */
  readonly createdAt: number;
}

/** One voice of a symphony as the Sound page draws it. */
export interface SymphonyVoicePicture {
  readonly band: string;
  /** Relative power of the band per hop (null = missing data). */
  readonly relative: readonly (number | null)[];
  /** Loudness per hop (0..1 of full scale). */
  readonly gain: readonly number[];
  /** Notes as [start s, length s, frequency Hz, degree 0..4]. */
  readonly notes: readonly (readonly [number, number, number, number])[];
}

export interface SymphonyPicture {
  readonly durationS: number;
  /** Length of a hop on the audio clock. */
  readonly hopSeconds: number;
  readonly tempoBpm: number;
  readonly voices: readonly SymphonyVoicePicture[];
}

export interface SymphonyResult {
  readonly clip: AudioClip;
  readonly picture: SymphonyPicture;
  readonly tempoBpm: number;
  /** Peak alpha frequency of the excerpt (median over channels), null when it shows none. */
  readonly peakAlphaHz: number | null;
  /** What a person should know (the recording was shorter than asked, hops without data...). */
  readonly warnings: readonly string[];
}

export interface BrainsyncResult {
  readonly clip: AudioClip;
  readonly mode: BrainsyncModeName;
  readonly leftHz: number;
  readonly rightHz: number;
  readonly beatHz: number;
  /** Whether the beat follows the recording's peak alpha frequency, and why not when it does not. */
  readonly personalised: boolean;
  readonly peakAlphaHz: number | null;
  readonly note: string | null;
}

export interface AudioClipDetail {
  readonly clip: AudioClip;
  /** The parameters and mapping stored inside the clip's WAV (null for audio Clisonix did not render). */
  readonly metadata: Readonly<Record<string, unknown>> | null;
}

export interface AudioClipBytes {
  readonly id: number;
  readonly offset: number;
  readonly totalBytes: number;
  readonly mimeType: 'audio/wav';
  /** The bytes [offset, offset + length) of the WAV file, base64. */
  readonly base64: string;
}

export interface SoundProgress {
  readonly jobId: string;
  readonly task: 'symphony' | 'brainsync';
  readonly stage: 'reading' | 'rendering' | 'saving';
  /** 0..1 of the whole job. */
  readonly fraction: number;
}

/** Largest piece of a clip one `sound.clipBytes` call returns. */
export const CLIP_BYTES_MAX_LENGTH = 4 * 1024 * 1024;

export interface SoundMethods {
  'sound.symphony': Method<SymphonyRequest, SymphonyResult>;
  'sound.brainsync': Method<BrainsyncRequest, BrainsyncResult>;
  /** Stops a running render; resolves with whether one was running under that id. */
  'sound.cancel': Method<{ readonly jobId: string }, { readonly cancelled: boolean }>;
  /** Saved clips, newest first. */
  'sound.clips': Method<NoParams, readonly AudioClip[]>;
  'sound.clip': Method<{ readonly id: number }, AudioClipDetail>;
  'sound.clipBytes': Method<
    { readonly id: number; readonly offset: number; readonly length: number },
    AudioClipBytes
  >;
  'sound.deleteClip': Method<{ readonly id: number }, { readonly deleted: boolean }>;
}

export interface SoundEvents {
  'sound.progress': SoundProgress;
  /** A clip was saved or deleted: read the list again. */
  'sound.clipsChanged': { readonly at: number };
}
