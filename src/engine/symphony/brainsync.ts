// Brainsync (ENGINE.md): binaural beats. The carrier fc in the left ear, fc + beat in the right; the beat per
// mode (sleep delta 2 Hz, meditate theta 6 Hz, relax alpha 10 Hz, focus beta 18 Hz). With a recording, relax beats
// at the subject's peak alpha frequency and the other modes scale by the same factor (paf / 10 Hz).
// Synthesised here, purely, not through the audio backend: two sines whose phase is computed from the sample
// index (never accumulated, so no drift over an hour), under raised-cosine fades that start and end at exactly
// zero. That makes the tone exact to the bit, the same on every machine running this JavaScript engine, testable
// to the FFT bin, and cheap enough to render anywhere (the CLI, the cloud) without a native module.
import type { RecordingChannel } from '../brain/input';
import { recordingPeakAlpha, DEFAULT_PEAK_ALPHA_OPTIONS, type RecordingPeakAlpha } from './peak-alpha';

export type BrainsyncMode = 'sleep' | 'meditate' | 'relax' | 'focus';
export const BRAINSYNC_MODE_NAMES: readonly BrainsyncMode[] = ['sleep', 'meditate', 'relax', 'focus'];

/** The nominal beat of each mode and the band it aims at. */
export const BRAINSYNC_MODES: {
  readonly [M in BrainsyncMode]: { readonly beatHz: number; readonly band: string };
} = {
  sleep: { beatHz: 2, band: 'delta' },
  meditate: { beatHz: 6, band: 'theta' },
  relax: { beatHz: 10, band: 'alpha' },
  focus: { beatHz: 18, band: 'beta' },
};

/** The relax beat's nominal frequency: personal beats scale by peak alpha / this. */
export const NOMINAL_ALPHA_HZ = BRAINSYNC_MODES.relax.beatHz;

export interface BrainsyncRequest {
  readonly mode: BrainsyncMode;
  readonly seconds: number;
  readonly sampleRateHz?: 44100 | 48000;
  /** Left-ear tone (default 200 Hz). */
  readonly carrierHz?: number;
  /** Peak level of each ear, 0..1 of full scale (default 0.5, -6 dBFS). */
  readonly amplitude?: number;
  /** Raised-cosine fade at each end (default 5 s, at most a quarter of the piece). */
  readonly fadeSeconds?: number;
  /** EEG to personalise the beat from (its peak alpha frequency). */
  readonly recording?: readonly RecordingChannel[] | null;
}

export interface BrainsyncPlan {
  readonly kind: 'brainsync-plan';
  readonly version: number;
  readonly mode: BrainsyncMode;
  readonly band: string;
  readonly sampleRateHz: 44100 | 48000;
  readonly frameCount: number;
  readonly durationSeconds: number;
  readonly carrierHz: number;
  readonly nominalBeatHz: number;
  readonly beatHz: number;
  readonly leftHz: number;
  readonly rightHz: number;
  readonly amplitude: number;
  readonly fadeSeconds: number;
  readonly fadeFrames: number;
  readonly fade: 'raised-cosine';
  readonly personalised: {
    readonly applied: boolean;
    /** Peak alpha / nominal alpha, 1 when not personalised. */
    readonly scale: number;
    readonly peakAlpha: RecordingPeakAlpha | null;
    readonly reason: string | null;
  };
}

export const BRAINSYNC_PLAN_VERSION = 1;
const AUDIO_RATES: readonly number[] = [44100, 48000];
export const BRAINSYNC_MAX_SECONDS = 3600;

/** The peak alphas brainsync trusts for personalising: a human alpha rhythm, not an artefact at the range edge. */
const PLAUSIBLE_ALPHA_HZ = { low: 7, high: 14 } as const;

export function planBrainsync(request: BrainsyncRequest): BrainsyncPlan {
  if (!Object.hasOwn(BRAINSYNC_MODES, request.mode)) {
    throw new RangeError(`brainsync mode '${request.mode}' is not one of ${BRAINSYNC_MODE_NAMES.join(', ')}`);
  }
  const mode = BRAINSYNC_MODES[request.mode];
  const sampleRateHz = request.sampleRateHz ?? 44100;
  // Typed, but it may come from JSON: checked all the same.
  if (!AUDIO_RATES.includes(sampleRateHz)) {
    throw new RangeError(`brainsync sample rate must be 44100 or 48000 Hz, got ${sampleRateHz}`);
  }
  const seconds = request.seconds;
  if (!(Number.isFinite(seconds) && seconds >= 1 && seconds <= BRAINSYNC_MAX_SECONDS)) {
    throw new RangeError(`brainsync length must be 1 to ${BRAINSYNC_MAX_SECONDS} s, got ${seconds}`);
  }
  const carrierHz = request.carrierHz ?? 200;
  if (!(Number.isFinite(carrierHz) && carrierHz >= 40 && carrierHz <= 1500)) {
    throw new RangeError(`brainsync carrier must be 40 to 1500 Hz, got ${carrierHz}`);
  }
  const amplitude = request.amplitude ?? 0.5;
  if (!(Number.isFinite(amplitude) && amplitude > 0 && amplitude <= 1)) {
    throw new RangeError(`brainsync amplitude must be in (0, 1], got ${amplitude}`);
  }
  const frameCount = Math.round(seconds * sampleRateHz);
  const fadeSeconds = Math.min(request.fadeSeconds ?? 5, seconds / 4);
  if (!(Number.isFinite(fadeSeconds) && fadeSeconds >= 0)) {
    throw new RangeError(`brainsync fade must be >= 0 s, got ${String(request.fadeSeconds)}`);
  }

  let personalised: BrainsyncPlan['personalised'] = {
    applied: false,
    scale: 1,
    peakAlpha: null,
    reason: null,
  };
  if (request.recording && request.recording.length > 0) {
    const peakAlpha = recordingPeakAlpha(request.recording, DEFAULT_PEAK_ALPHA_OPTIONS);
    const hz = peakAlpha.hz;
    if (hz !== null && hz >= PLAUSIBLE_ALPHA_HZ.low && hz <= PLAUSIBLE_ALPHA_HZ.high) {
      personalised = { applied: true, scale: hz / NOMINAL_ALPHA_HZ, peakAlpha, reason: null };
    } else {
      personalised = {
        applied: false,
        scale: 1,
        peakAlpha,
        reason: `the nominal beat is used: ${peakAlpha.reason ?? `peak alpha ${hz} Hz is outside ${PLAUSIBLE_ALPHA_HZ.low}-${PLAUSIBLE_ALPHA_HZ.high} Hz`}`,
      };
    }
  }
  const beatHz = mode.beatHz * personalised.scale;
  return {
    kind: 'brainsync-plan',
    version: BRAINSYNC_PLAN_VERSION,
    mode: request.mode,
    band: mode.band,
    sampleRateHz,
    frameCount,
    durationSeconds: frameCount / sampleRateHz,
    carrierHz,
    nominalBeatHz: mode.beatHz,
    beatHz,
    leftHz: carrierHz,
    rightHz: carrierHz + beatHz,
    amplitude,
    fadeSeconds,
    fadeFrames: Math.round(fadeSeconds * sampleRateHz),
    fade: 'raised-cosine',
    personalised,
  };
}

/** Raised-cosine gain at frame n: 0 at the first and last frame, 1 in between the fades. */
export function brainsyncGain(plan: BrainsyncPlan, n: number): number {
  const fade = plan.fadeFrames;
  if (fade <= 0) return 1;
  const fromEnd = plan.frameCount - 1 - n;
  const k = Math.min(n, fromEnd);
  if (k >= fade) return 1;
  return 0.5 - 0.5 * Math.cos((Math.PI * Math.max(0, k)) / fade);
}

/** sin(2 pi f n / fs) with the phase reduced to one cycle first, so it stays exact for any n. */
function toneAt(frequencyHz: number, n: number, sampleRateHz: number): number {
  const cycles = (frequencyHz * n) / sampleRateHz;
  return Math.sin(2 * Math.PI * (cycles - Math.floor(cycles)));
}

/** Frames [start, end) of both ears into `left` and `right` (so a long render can be done piece by piece). */
export function fillBrainsync(
  plan: BrainsyncPlan,
  left: Float32Array,
  right: Float32Array,
  start: number,
  end: number,
): void {
  for (let n = start; n < end; n++) {
    const g = plan.amplitude * brainsyncGain(plan, n);
    left[n] = g * toneAt(plan.leftHz, n, plan.sampleRateHz);
    right[n] = g * toneAt(plan.rightHz, n, plan.sampleRateHz);
  }
}

/** The two ears, planar float samples. */
export function synthesizeBrainsync(plan: BrainsyncPlan): [Float32Array, Float32Array] {
  const left = new Float32Array(plan.frameCount);
  const right = new Float32Array(plan.frameCount);
  fillBrainsync(plan, left, right, 0, plan.frameCount);
  return [left, right];
}
