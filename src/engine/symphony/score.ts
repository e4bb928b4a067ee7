// The neural symphony's score (ENGINE.md "Neural symphony"): pure data computed from a recording, which an audio
// backend renders. The recording is cut into hops; each hop's relative band powers drive one voice per band:
// loudness from the band's relative power, pitch from a pentatonic ladder (the band's level within its own range
// over the excerpt), brightness (a low-pass cutoff) from beta + gamma, and the tempo from the peak alpha frequency.
// Every note lies within one bar and ends before the next note of its voice starts, so at each bar line every
// voice is silent: a renderer may work bar by bar and stay exact, and nothing ever clicks at a boundary.
import { validateChannel, type RecordingChannel } from '../brain/input';
import { hopBandPowers } from './band-hops';
import {
  resolveSymphonyParams,
  type SymphonyParams,
  type SymphonyParamsInput,
  type Waveform,
} from './params';
import { recordingPeakAlpha, type RecordingPeakAlpha } from './peak-alpha';

export const SCORE_VERSION = 1;

export interface SymphonyInput {
  readonly channels: readonly RecordingChannel[];
  /** Recording time (s) of the first sample of the given arrays, when they are an excerpt (default 0). */
  readonly offsetSeconds?: number;
  /** Whole length of the recording (s), when the arrays are an excerpt of it. */
  readonly recordingSeconds?: number;
}

export interface ScoreNote {
  /** First frame of the note on the audio clock. */
  readonly startFrame: number;
  /** Frames from the start of the note to the end of its release (the note is silent after). */
  readonly frames: number;
  readonly frequencyHz: number;
  /** Degree on the voice's five-note ladder (0 = lowest). */
  readonly degree: number;
  /** The voice's loudness when the note starts (the loudness curve goes on changing under it). */
  readonly gain: number;
}

export interface ScoreVoice {
  readonly band: string;
  readonly waveform: Waveform;
  readonly beatsPerNote: number;
  /** The voice's lowest note; its low-pass cutoff is a multiple of it. */
  readonly lowestHz: number;
  /** Relative power of the band per hop (null = missing data). */
  readonly relative: readonly (number | null)[];
  /** Loudness per hop, reached at the hop's centre (linear in between). */
  readonly gain: readonly number[];
  /** Low-pass cutoff per hop (Hz), reached at the hop's centre. */
  readonly cutoffHz: readonly number[];
  readonly notes: readonly ScoreNote[];
  /** The band's relative power range over the excerpt, onto which the five degrees are spread. */
  readonly range: { readonly min: number | null; readonly max: number | null };
}

export interface SymphonyScore {
  readonly kind: 'neural-symphony-score';
  readonly version: number;
  readonly params: SymphonyParams;
  readonly source: {
    readonly channels: readonly { readonly label: string; readonly sampleRateHz: number }[];
    readonly recordingSeconds: number;
    /** EEG time (s) the piece covers. */
    readonly fromSeconds: number;
    readonly toSeconds: number;
  };
  readonly sampleRateHz: number;
  readonly frameCount: number;
  readonly durationSeconds: number;
  readonly peakAlpha: RecordingPeakAlpha;
  readonly tempo: {
    readonly bpm: number;
    readonly beatSeconds: number;
    /** The alpha frequency the tempo came from (the fallback when the recording shows none). */
    readonly alphaHz: number;
    readonly fromRecording: boolean;
  };
  readonly hops: {
    readonly count: number;
    /** Length of a hop on the audio clock (hopMs / speed). */
    readonly audioSeconds: number;
    readonly missing: number;
  };
  /** Brightness per hop: the summed relative power of the brightness bands (0..1; 0 where data is missing). */
  readonly brightness: readonly number[];
  readonly voices: readonly ScoreVoice[];
  /** Frames of the bar lines, from 0 to frameCount inclusive: silent instants for every voice. */
  readonly barFrames: readonly number[];
  /** Things a person should know about this score (the excerpt was shorter than asked...). */
  readonly warnings: readonly string[];
}

/** Frequency of a step on the ladder: step = octave * degrees + degree above the root. */
export function ladderHz(params: SymphonyParams, step: number): number {
  const degrees = params.scale.degreesSemitones;
  const octave = Math.floor(step / degrees.length);
  const semitones = 12 * octave + degrees[step % degrees.length]!;
  return params.scale.rootHz * 2 ** (semitones / 12);
}

/** The n-th degree (0..count-1) a level in [0, 1] falls on. */
export function degreeOf(level: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.floor(level * count)));
}

function recordingSecondsOf(channels: readonly RecordingChannel[]): number {
  return Math.max(...channels.map((c) => c.data.length / c.sampleRateHz));
}

export function buildSymphonyScore(
  input: SymphonyInput,
  paramsInput: SymphonyParamsInput = {},
  onProgress?: (done: number, total: number) => void,
): SymphonyScore {
  const params = resolveSymphonyParams(paramsInput);
  const channels = input.channels;
  if (channels.length === 0) throw new RangeError('the symphony needs at least one EEG channel');
  channels.forEach((c, i) => validateChannel(c, i));
  const offset = input.offsetSeconds ?? 0;
  const givenSeconds = recordingSecondsOf(channels);
  const recordingSeconds = input.recordingSeconds ?? offset + givenSeconds;
  const warnings: string[] = [];

  const hopEegSeconds = params.hopMs / 1000;
  const from = params.startSeconds;
  if (from >= recordingSeconds) {
    throw new RangeError(
      `the symphony starts at ${from} s but the recording lasts ${recordingSeconds.toFixed(3)} s`,
    );
  }
  const available = (Math.min(recordingSeconds, offset + givenSeconds) - from) / params.speed;
  let audioSeconds = Math.min(params.seconds ?? params.maxSeconds, available);
  if (params.seconds !== null && params.seconds > available) {
    warnings.push(
      `asked for ${params.seconds} s of audio but the recording holds ${available.toFixed(2)} s from ${from} s at speed ${params.speed}`,
    );
  } else if (params.seconds === null && available > params.maxSeconds) {
    warnings.push(`the piece is cut at ${params.maxSeconds} s (maxSeconds); the recording goes on`);
  }
  const hopAudioSeconds = hopEegSeconds / params.speed;
  const hopCount = Math.floor(audioSeconds / hopAudioSeconds + 1e-9);
  if (hopCount < 1) {
    throw new RangeError(
      `the excerpt is shorter than one hop (${params.hopMs} ms of EEG): ${(available * params.speed).toFixed(3)} s available`,
    );
  }
  audioSeconds = hopCount * hopAudioSeconds;
  const sampleRateHz = params.sampleRateHz;
  const frameCount = Math.round(audioSeconds * sampleRateHz);
  const toSeconds = from + hopCount * hopEegSeconds;

  // Peak alpha over the excerpt (the part of the arrays the piece covers).
  const excerpt = channels.map((c) => {
    const a = Math.max(0, Math.round((from - offset) * c.sampleRateHz));
    const b = Math.min(c.data.length, Math.round((toSeconds - offset) * c.sampleRateHz));
    return { ...c, data: c.data.subarray(a, Math.max(a + 1, b)) };
  });
  const peakAlpha = recordingPeakAlpha(excerpt, {
    segmentSeconds: params.tempo.peakAlphaSegmentSeconds,
    lowHz: params.tempo.peakAlphaLowHz,
    highHz: params.tempo.peakAlphaHighHz,
  });
  const alphaHz = peakAlpha.hz ?? params.tempo.fallbackAlphaHz;
  if (peakAlpha.hz === null) {
    warnings.push(
      `tempo from the fallback alpha of ${params.tempo.fallbackAlphaHz} Hz: ${peakAlpha.reason ?? ''}`,
    );
  }
  const bpm = Math.min(
    params.tempo.maxBpm,
    Math.max(params.tempo.minBpm, params.tempo.bpmPerAlphaHz * alphaHz),
  );
  const beatSeconds = 60 / bpm;

  const hops = hopBandPowers(
    channels,
    {
      startSeconds: from - offset,
      hopSeconds: hopEegSeconds,
      hopCount,
      windowSeconds: params.windowSeconds,
      segmentSeconds: params.segmentSeconds,
      bands: params.bands,
    },
    onProgress,
  );
  const bandIndex = new Map(params.bands.map((b, i) => [b.name, i]));
  const rel = (band: string, h: number): number | null => {
    const v = hops.relative[bandIndex.get(band)!]![h]!;
    return Number.isNaN(v) ? null : v;
  };
  let missing = 0;
  for (let h = 0; h < hopCount; h++) if (hops.channelsPerHop[h] === 0) missing++;
  if (missing === hopCount) warnings.push('no hop holds usable EEG: the piece is silent');
  else if (missing > 0) warnings.push(`${missing} of ${hopCount} hops have no usable EEG and are silent`);

  const brightness = Array.from({ length: hopCount }, (_, h) =>
    params.brightness.bands.reduce((sum, band) => sum + (rel(band, h) ?? 0), 0),
  );

  // Bar lines on the audio clock; every note is placed on the beat grid within its bar.
  const barSeconds = params.beatsPerBar * beatSeconds;
  const barFrames: number[] = [];
  for (let k = 0; ; k++) {
    const frame = Math.round(k * barSeconds * sampleRateHz);
    if (frame >= frameCount) break;
    barFrames.push(frame);
  }
  barFrames.push(frameCount);

  const degreeCount = params.scale.degreesSemitones.length;
  const env = params.envelope;
  const voices: ScoreVoice[] = params.voices.map((voice) => {
    const relative = Array.from({ length: hopCount }, (_, h) => rel(voice.band, h));
    const present = relative.filter((v): v is number => v !== null);
    const min = present.length ? Math.min(...present) : null;
    const max = present.length ? Math.max(...present) : null;
    const lowestHz = ladderHz(params, voice.firstStep);
    const gain = relative.map((v) =>
      v === null ? 0 : params.loudness.masterGain * v ** params.loudness.exponent,
    );
    const cutoffHz = brightness.map(
      (b) => lowestHz * 2 ** (params.brightness.minOctaves + b * params.brightness.spanOctaves),
    );
    const notes: ScoreNote[] = [];
    const notesPerBar = Math.round(params.beatsPerBar / voice.beatsPerNote);
    for (let bar = 0; bar < barFrames.length - 1; bar++) {
      for (let j = 0; j < notesPerBar; j++) {
        const beat = bar * params.beatsPerBar + j * voice.beatsPerNote;
        const startFrame = Math.round(beat * beatSeconds * sampleRateHz);
        if (startFrame >= frameCount) break;
        const nextFrame = Math.round((beat + voice.beatsPerNote) * beatSeconds * sampleRateHz);
        const h = Math.min(hopCount - 1, Math.floor(startFrame / sampleRateHz / hopAudioSeconds));
        const v = relative[h];
        if (v === null || v === undefined || gain[h] === 0) continue;
        const level = min === null || max === null || max - min < 1e-12 ? 0.5 : (v - min) / (max - min);
        const degree = degreeOf(level, degreeCount);
        notes.push({
          startFrame,
          frames: Math.max(1, Math.floor((nextFrame - startFrame) * env.legato)),
          frequencyHz: ladderHz(params, voice.firstStep + degree),
          degree,
          gain: gain[h]!,
        });
      }
    }
    return {
      band: voice.band,
      waveform: voice.waveform,
      beatsPerNote: voice.beatsPerNote,
      lowestHz,
      relative,
      gain,
      cutoffHz,
      notes,
      range: { min, max },
    };
  });

  return {
    kind: 'neural-symphony-score',
    version: SCORE_VERSION,
    params,
    source: {
      channels: channels.map((c) => ({ label: c.label, sampleRateHz: c.sampleRateHz })),
      recordingSeconds,
      fromSeconds: from,
      toSeconds,
    },
    sampleRateHz,
    frameCount,
    durationSeconds: frameCount / sampleRateHz,
    peakAlpha,
    tempo: { bpm, beatSeconds, alphaHz, fromRecording: peakAlpha.hz !== null },
    hops: { count: hopCount, audioSeconds: hopAudioSeconds, missing },
    brightness,
    voices,
    barFrames,
    warnings,
  };
}

/** The envelope of a note (ADSR with linear segments), scaled down when the note is shorter than its parts. */
export function noteEnvelope(
  params: SymphonyParams,
  noteSeconds: number,
): { attack: number; decay: number; release: number; sustain: number } {
  const e = params.envelope;
  const wanted = (e.attackMs + e.decayMs + e.releaseMs) / 1000;
  const scale = wanted > noteSeconds ? noteSeconds / wanted : 1;
  return {
    attack: (e.attackMs / 1000) * scale,
    decay: (e.decayMs / 1000) * scale,
    release: (e.releaseMs / 1000) * scale,
    sustain: e.sustainLevel,
  };
}

/** Value at time t of the curve through (centre of hop h, values[h]), linear between centres, held outside. */
export function hopCurveAt(values: readonly number[], hopSeconds: number, t: number): number {
  const x = t / hopSeconds - 0.5;
  if (x <= 0) return values[0]!;
  const last = values.length - 1;
  if (x >= last) return values[last]!;
  const i = Math.floor(x);
  const f = x - i;
  return values[i]! + (values[i + 1]! - values[i]!) * f;
}

/** Master fade: linear from 0 to 1 over fadeSeconds at the start, back to 0 at the end. */
export function fadeAt(score: SymphonyScore, t: number): number {
  const fade = Math.min(score.params.fadeSeconds, score.durationSeconds / 2);
  if (fade <= 0) return 1;
  return Math.max(0, Math.min(1, t / fade, (score.durationSeconds - t) / fade));
}
