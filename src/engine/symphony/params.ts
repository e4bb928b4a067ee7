// Every parameter of the neural symphony's mapping (ENGINE.md "Neural symphony"), with its default, in one place.
// The score echoes the resolved parameters, and the rendered WAV carries them, so a result can be reproduced.
import { DEFAULT_BANDS, type BandDefinition } from '../brain/params';

export type Waveform = 'sine' | 'triangle' | 'sawtooth' | 'square';
export const WAVEFORMS: readonly Waveform[] = ['sine', 'triangle', 'sawtooth', 'square'];

/** One voice per band: how it sounds and how often it plays. */
export interface VoiceParams {
  /** The band (by name, one of `bands`) whose relative power drives this voice. */
  readonly band: string;
  readonly waveform: Waveform;
  /** First step of the voice's five notes on the pentatonic ladder (0 = the root). */
  readonly firstStep: number;
  /** Length of one note in beats: slow bands play long notes, fast bands short ones. */
  readonly beatsPerNote: number;
}

export interface SymphonyParams {
  /** Audio sample rate of the render. */
  readonly sampleRateHz: 44100 | 48000;
  /** Where in the recording the excerpt starts (s of EEG). */
  readonly startSeconds: number;
  /** Length of the audio (s); the excerpt is seconds * speed of EEG. Null: the rest of the recording, at most maxSeconds. */
  readonly seconds: number | null;
  /** Longest render accepted (s of audio), to keep the WAV a size a person can play and store. */
  readonly maxSeconds: number;
  /** Seconds of EEG per second of audio. */
  readonly speed: number;
  /** A hop: EEG time between two readings of the band powers. */
  readonly hopMs: number;
  /** Each hop's band powers come from a Welch PSD over this much EEG centred on the hop. */
  readonly windowSeconds: number;
  /** Welch segment length inside the window (50 % overlap, Hann, constant detrend as the engine's reports). */
  readonly segmentSeconds: number;
  readonly bands: readonly BandDefinition[];
  readonly voices: readonly VoiceParams[];
  readonly scale: {
    /** The pentatonic ladder's lowest note. */
    readonly rootHz: number;
    /** Semitones of the five degrees within an octave (major pentatonic by default). */
    readonly degreesSemitones: readonly number[];
  };
  readonly loudness: {
    /** Gain of a voice = masterGain * relativePower ^ exponent (0.5 keeps the quiet bands audible). */
    readonly masterGain: number;
    readonly exponent: number;
  };
  readonly brightness: {
    /** Brightness = sum of the relative powers of these bands (0..1). */
    readonly bands: readonly string[];
    /** Low-pass cutoff = voice's lowest note * 2 ^ (minOctaves + brightness * spanOctaves). */
    readonly minOctaves: number;
    readonly spanOctaves: number;
    readonly filterQ: number;
  };
  readonly tempo: {
    /** Beats per minute = bpmPerAlphaHz * peak alpha frequency, clamped to [minBpm, maxBpm]. */
    readonly bpmPerAlphaHz: number;
    readonly minBpm: number;
    readonly maxBpm: number;
    /** Used when the recording shows no alpha peak (the score says so). */
    readonly fallbackAlphaHz: number;
    /** Peak alpha search range (ENGINE.md: 7-14 Hz) on Welch PSDs with this segment length. */
    readonly peakAlphaLowHz: number;
    readonly peakAlphaHighHz: number;
    readonly peakAlphaSegmentSeconds: number;
  };
  readonly envelope: {
    readonly attackMs: number;
    readonly decayMs: number;
    /** Level held between decay and release, relative to the note's peak. */
    readonly sustainLevel: number;
    readonly releaseMs: number;
    /** Share of a note's slot that sounds; the rest is silence before the next note. */
    readonly legato: number;
  };
  /** Raised at the start and end of the whole piece (s). */
  readonly fadeSeconds: number;
  /** Bars rendered per piece of work; every bar line is a moment when every voice is silent. */
  readonly beatsPerBar: number;
}

export const DEFAULT_SYMPHONY_PARAMS: SymphonyParams = {
  sampleRateHz: 44100,
  startSeconds: 0,
  seconds: null,
  maxSeconds: 600,
  speed: 1,
  hopMs: 250,
  windowSeconds: 4,
  segmentSeconds: 2,
  bands: DEFAULT_BANDS,
  voices: [
    { band: 'delta', waveform: 'sine', firstStep: 0, beatsPerNote: 4 },
    { band: 'theta', waveform: 'triangle', firstStep: 3, beatsPerNote: 2 },
    { band: 'alpha', waveform: 'triangle', firstStep: 6, beatsPerNote: 1 },
    { band: 'beta', waveform: 'sawtooth', firstStep: 9, beatsPerNote: 0.5 },
    { band: 'gamma', waveform: 'square', firstStep: 12, beatsPerNote: 0.25 },
  ],
  scale: { rootHz: 110, degreesSemitones: [0, 2, 4, 7, 9] },
  loudness: { masterGain: 0.25, exponent: 0.5 },
  brightness: { bands: ['beta', 'gamma'], minOctaves: 1, spanOctaves: 4, filterQ: 0.7071 },
  tempo: {
    bpmPerAlphaHz: 10,
    minBpm: 50,
    maxBpm: 160,
    fallbackAlphaHz: 10,
    peakAlphaLowHz: 7,
    peakAlphaHighHz: 14,
    peakAlphaSegmentSeconds: 2,
  },
  envelope: { attackMs: 12, decayMs: 60, sustainLevel: 0.6, releaseMs: 30, legato: 0.92 },
  fadeSeconds: 0.5,
  beatsPerBar: 4,
};

/** Parameters as a caller gives them: any group may be left out or given in part. */
export type SymphonyParamsInput = {
  readonly [K in keyof SymphonyParams]?: SymphonyParams[K] extends readonly unknown[]
    ? SymphonyParams[K]
    : SymphonyParams[K] extends object | null
      ? Partial<NonNullable<SymphonyParams[K]>> | Extract<SymphonyParams[K], null>
      : SymphonyParams[K];
};

export function resolveSymphonyParams(input: SymphonyParamsInput = {}): SymphonyParams {
  const d = DEFAULT_SYMPHONY_PARAMS;
  const params: SymphonyParams = {
    sampleRateHz: input.sampleRateHz ?? d.sampleRateHz,
    startSeconds: input.startSeconds ?? d.startSeconds,
    seconds: input.seconds === undefined ? d.seconds : input.seconds,
    maxSeconds: input.maxSeconds ?? d.maxSeconds,
    speed: input.speed ?? d.speed,
    hopMs: input.hopMs ?? d.hopMs,
    windowSeconds: input.windowSeconds ?? d.windowSeconds,
    segmentSeconds: input.segmentSeconds ?? d.segmentSeconds,
    bands: input.bands ?? d.bands,
    voices: input.voices ?? d.voices,
    scale: { ...d.scale, ...input.scale },
    loudness: { ...d.loudness, ...input.loudness },
    brightness: { ...d.brightness, ...input.brightness },
    tempo: { ...d.tempo, ...input.tempo },
    envelope: { ...d.envelope, ...input.envelope },
    fadeSeconds: input.fadeSeconds ?? d.fadeSeconds,
    beatsPerBar: input.beatsPerBar ?? d.beatsPerBar,
  };
  checkSymphonyParams(params);
  return params;
}

function need(ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`symphony parameter ${what}`);
}

const positive = (x: number) => Number.isFinite(x) && x > 0;

export function checkSymphonyParams(p: SymphonyParams): void {
  need(
    // Typed, but it may come from JSON: checked all the same.
    ([44100, 48000] as readonly number[]).includes(p.sampleRateHz),
    `sampleRateHz must be 44100 or 48000, got ${p.sampleRateHz}`,
  );
  need(
    Number.isFinite(p.startSeconds) && p.startSeconds >= 0,
    `startSeconds must be >= 0, got ${p.startSeconds}`,
  );
  need(positive(p.maxSeconds), `maxSeconds must be positive, got ${p.maxSeconds}`);
  if (p.seconds !== null) {
    need(positive(p.seconds), `seconds must be positive, got ${p.seconds}`);
    need(p.seconds <= p.maxSeconds, `seconds must be at most ${p.maxSeconds} (maxSeconds), got ${p.seconds}`);
  }
  need(positive(p.speed) && p.speed <= 64, `speed must be in (0, 64], got ${p.speed}`);
  need(positive(p.hopMs) && p.hopMs >= 10, `hopMs must be at least 10, got ${p.hopMs}`);
  need(positive(p.segmentSeconds), `segmentSeconds must be positive, got ${p.segmentSeconds}`);
  need(
    positive(p.windowSeconds) && p.windowSeconds >= p.segmentSeconds,
    `windowSeconds must be >= segmentSeconds (${p.segmentSeconds}), got ${p.windowSeconds}`,
  );
  need(p.bands.length > 0, 'bands: at least one band is needed');
  const bandNames = new Set<string>();
  for (const b of p.bands) {
    need(
      Number.isFinite(b.lowHz) && Number.isFinite(b.highHz) && b.lowHz >= 0 && b.lowHz < b.highHz,
      `band '${b.name}' needs 0 <= low < high, got ${b.lowHz}-${b.highHz} Hz`,
    );
    need(!bandNames.has(b.name), `band '${b.name}' is defined twice`);
    bandNames.add(b.name);
  }
  need(p.voices.length > 0 && p.voices.length <= 16, `voices: 1 to 16 voices, got ${p.voices.length}`);
  for (const [i, v] of p.voices.entries()) {
    need(bandNames.has(v.band), `voices[${i}].band '${v.band}' is not one of the bands`);
    need(WAVEFORMS.includes(v.waveform), `voices[${i}].waveform must be one of ${WAVEFORMS.join(', ')}`);
    need(
      Number.isInteger(v.firstStep) && v.firstStep >= 0 && v.firstStep <= 40,
      `voices[${i}].firstStep must be an integer in 0..40`,
    );
    need(
      positive(v.beatsPerNote) && Number.isInteger(p.beatsPerBar / v.beatsPerNote),
      `voices[${i}].beatsPerNote must divide beatsPerBar (${p.beatsPerBar}), got ${v.beatsPerNote}`,
    );
  }
  need(
    positive(p.scale.rootHz) && p.scale.rootHz <= 2000,
    `scale.rootHz must be in (0, 2000], got ${p.scale.rootHz}`,
  );
  const degrees = p.scale.degreesSemitones;
  need(
    degrees.length >= 2 &&
      degrees[0] === 0 &&
      degrees.every((s, i) => Number.isFinite(s) && s < 12 && (i === 0 || s > degrees[i - 1]!)),
    'scale.degreesSemitones must rise from 0 and stay below 12',
  );
  need(
    positive(p.loudness.masterGain) && p.loudness.masterGain <= 1,
    'loudness.masterGain must be in (0, 1]',
  );
  need(positive(p.loudness.exponent) && p.loudness.exponent <= 4, 'loudness.exponent must be in (0, 4]');
  for (const b of p.brightness.bands)
    need(bandNames.has(b), `brightness band '${b}' is not one of the bands`);
  need(
    Number.isFinite(p.brightness.minOctaves) && p.brightness.minOctaves >= 0,
    'brightness.minOctaves must be >= 0',
  );
  need(
    Number.isFinite(p.brightness.spanOctaves) && p.brightness.spanOctaves >= 0,
    'brightness.spanOctaves must be >= 0',
  );
  need(positive(p.brightness.filterQ) && p.brightness.filterQ <= 20, 'brightness.filterQ must be in (0, 20]');
  const t = p.tempo;
  need(positive(t.bpmPerAlphaHz), 'tempo.bpmPerAlphaHz must be positive');
  need(
    positive(t.minBpm) && t.minBpm <= t.maxBpm && t.maxBpm <= 400,
    'tempo needs 0 < minBpm <= maxBpm <= 400',
  );
  need(positive(t.fallbackAlphaHz), 'tempo.fallbackAlphaHz must be positive');
  need(
    t.peakAlphaLowHz >= 0 && t.peakAlphaLowHz < t.peakAlphaHighHz,
    'tempo needs peakAlphaLowHz < peakAlphaHighHz',
  );
  need(positive(t.peakAlphaSegmentSeconds), 'tempo.peakAlphaSegmentSeconds must be positive');
  const e = p.envelope;
  need(
    positive(e.attackMs) && positive(e.releaseMs) && e.decayMs >= 0,
    'envelope: attackMs and releaseMs must be positive, decayMs >= 0',
  );
  need(e.sustainLevel >= 0 && e.sustainLevel <= 1, 'envelope.sustainLevel must be in [0, 1]');
  need(e.legato > 0 && e.legato <= 1, 'envelope.legato must be in (0, 1]');
  need(
    Number.isFinite(p.fadeSeconds) && p.fadeSeconds >= 0 && p.fadeSeconds <= 10,
    'fadeSeconds must be in [0, 10]',
  );
  need(
    Number.isInteger(p.beatsPerBar) && p.beatsPerBar >= 1 && p.beatsPerBar <= 16,
    'beatsPerBar must be an integer in 1..16',
  );
}
