// The neural symphony's audio backend: a score (src/engine/symphony) rendered with node-web-audio-api's
// OfflineAudioContext. Per voice: an oscillator, a low-pass filter whose cutoff follows the brightness curve, a
// gain that follows the loudness curve, and an envelope gain that shapes each note; all automation is linear
// ramps, so no parameter ever jumps.
// The piece is rendered bar by bar, one OfflineAudioContext per bar: every voice is silent at a bar line (see
// score.ts), so the seams are exact, progress and cancellation happen between bars, and a context only ever holds
// one bar's nodes and events. (OfflineAudioContext.suspend()/resume() would give progress within one context,
// but in node-web-audio-api 1.0.9 it panics in Rust intermittently: 11 of 20 runs of a 10 s render with nine
// suspends died with "Panic in async function"; none without them.)
// Rendering is deterministic: the same score gives the same samples, bit for bit (proved by the tests, also across
// worker processes); the graph and every event are fixed before rendering starts.
import type * as WebAudioModule from 'node-web-audio-api';
import type { OfflineAudioContext } from 'node-web-audio-api';
import { fadeAt, hopCurveAt, noteEnvelope, type ScoreVoice, type SymphonyScore } from '../symphony/score';

export interface RenderHooks {
  progress(doneFrames: number, totalFrames: number): void;
  /** Yields so a cancel can arrive; throws once the work is cancelled. */
  checkpoint(): Promise<void>;
}

/** Renders a score to mono float samples; the same score must always give the same samples. */
export interface SymphonyAudioBackend {
  /** Named in the WAV's metadata, so a result says what made it. */
  readonly name: string;
  render(score: SymphonyScore, hooks: RenderHooks): Promise<Float32Array>;
}

const WEB_AUDIO_VERSION = '1.0.x';

/** Piecewise-linear automation of `param` over [t0, t1) following `valueAt`, with breakpoints at `knots`. */
function automate(
  param: AudioParam,
  valueAt: (t: number) => number,
  knots: readonly number[],
  t0: number,
  t1: number,
): void {
  param.setValueAtTime(valueAt(t0), 0);
  for (const t of knots) if (t > t0 && t < t1) param.linearRampToValueAtTime(valueAt(t), t - t0);
  param.linearRampToValueAtTime(valueAt(t1), t1 - t0);
}

function hopCentres(score: SymphonyScore, t0: number, t1: number): number[] {
  const hop = score.hops.audioSeconds;
  const first = Math.max(0, Math.floor(t0 / hop - 0.5));
  const centres: number[] = [];
  for (let h = first; h < score.hops.count; h++) {
    const c = (h + 0.5) * hop;
    if (c >= t1) break;
    if (c > t0) centres.push(c);
  }
  return centres;
}

function addVoice(
  ctx: OfflineAudioContext,
  destination: AudioNode,
  score: SymphonyScore,
  voice: ScoreVoice,
  fromFrame: number,
  toFrame: number,
): void {
  const notes = voice.notes.filter((n) => n.startFrame >= fromFrame && n.startFrame < toFrame);
  if (notes.length === 0) return;
  const sr = score.sampleRateHz;
  const t0 = fromFrame / sr;
  const t1 = toFrame / sr;
  const knots = hopCentres(score, t0, t1);
  const hop = score.hops.audioSeconds;
  const nyquistGuard = 0.45 * sr;

  const osc = ctx.createOscillator();
  osc.type = voice.waveform;
  osc.frequency.setValueAtTime(notes[0]!.frequencyHz, 0);
  const filter = ctx.createBiquadFilter();
  filter.type = 'lowpass';
  // The Web Audio API gives a low-pass filter's Q in dB: 20 log10(Q) (Q = 1/sqrt(2) is Butterworth, -3.01 dB).
  filter.Q.value = 20 * Math.log10(score.params.brightness.filterQ);
  automate(
    filter.frequency,
    (t) => Math.min(nyquistGuard, hopCurveAt(voice.cutoffHz, hop, t)),
    knots,
    t0,
    t1,
  );
  const loudness = ctx.createGain();
  automate(loudness.gain, (t) => hopCurveAt(voice.gain, hop, t), knots, t0, t1);
  const envelope = ctx.createGain();
  envelope.gain.setValueAtTime(0, 0);
  for (const note of notes) {
    const s = (note.startFrame - fromFrame) / sr;
    const length = note.frames / sr;
    const e = noteEnvelope(score.params, length);
    // The pitch changes while the envelope is at zero, and an oscillator's phase runs on: no step in the output.
    osc.frequency.setValueAtTime(note.frequencyHz, s);
    envelope.gain.setValueAtTime(0, s);
    envelope.gain.linearRampToValueAtTime(1, s + e.attack);
    envelope.gain.linearRampToValueAtTime(e.sustain, s + e.attack + e.decay);
    envelope.gain.linearRampToValueAtTime(e.sustain, s + length - e.release);
    envelope.gain.linearRampToValueAtTime(0, s + length);
  }
  osc.connect(filter).connect(loudness).connect(envelope).connect(destination);
  osc.start(0);
}

type WebAudio = typeof WebAudioModule;

/** Loaded on first use: a machine where the native module does not load loses the symphony, not the engine. */
let webAudio: Promise<WebAudio> | null = null;

function loadWebAudio(): Promise<WebAudio> {
  webAudio ??= import('node-web-audio-api').catch((error: unknown) => {
    webAudio = null;
    throw new Error(
      `the audio renderer (node-web-audio-api) did not load: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  return webAudio;
}

async function renderBar(
  audio: WebAudio,
  score: SymphonyScore,
  fromFrame: number,
  toFrame: number,
): Promise<Float32Array> {
  const sr = score.sampleRateHz;
  const ctx = new audio.OfflineAudioContext({
    numberOfChannels: 1,
    length: toFrame - fromFrame,
    sampleRate: sr,
  });
  const master = ctx.createGain();
  const t0 = fromFrame / sr;
  const t1 = toFrame / sr;
  const fade = Math.min(score.params.fadeSeconds, score.durationSeconds / 2);
  automate(master.gain, (t) => fadeAt(score, t), [fade, score.durationSeconds - fade], t0, t1);
  master.connect(ctx.destination);
  for (const voice of score.voices) addVoice(ctx, master, score, voice, fromFrame, toFrame);
  const rendered = await ctx.startRendering();
  return rendered.getChannelData(0);
}

export const webAudioBackend: SymphonyAudioBackend = {
  name: `node-web-audio-api ${WEB_AUDIO_VERSION} OfflineAudioContext, one context per bar`,
  async render(score, hooks) {
    const audio = await loadWebAudio();
    const out = new Float32Array(score.frameCount);
    const bars = score.barFrames;
    for (let i = 0; i + 1 < bars.length; i++) {
      await hooks.checkpoint();
      const from = bars[i]!;
      const to = bars[i + 1]!;
      out.set((await renderBar(audio, score, from, to)).subarray(0, to - from), from);
      hooks.progress(to, score.frameCount);
    }
    return out;
  },
};
