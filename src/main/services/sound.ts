// The neural symphony and brainsync for the app and the `clisonix` command: where the EEG comes from (a stored
// recording, a file, the sample shipped with the app), the render on the engine thread, and what a failure means
// to a person. The score, the plan and the WAV are made by the engine (src/engine/symphony, engine worker).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SoundSource, SymphonyParamsInput } from '../../engine/symphony';
import type {
  BrainsyncTask,
  BrainsyncTaskResult,
  SoundInput,
  SymphonyTaskResult,
} from '../../engine/worker/sound-tasks';
import { ApiError, type SymphonyPicture } from '../../shared/api';
import { EngineError, type EngineHost } from '../engine-host/engine-host';
import type { RecordingStore } from '../storage';

/** The OpenBCI GUI recording shipped with the app (resources/demo): eyes-closed alpha, blinks, jaw clenches. */
export const SAMPLE_RECORDING_FILE = 'demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt';
export const SAMPLE_RECORDING_NAME = 'OpenBCI sample recording';

/** EEG around the excerpt read besides it: each hop's analysis window is centred on the hop (default 4 s). */
const WINDOW_MARGIN_SECONDS = 3;
/** Brainsync's peak alpha comes from at most the first ten minutes of a recording. */
const PERSONALISE_FROM_SECONDS = 600;

export interface LoadedSoundInput {
  readonly input: SoundInput;
  readonly transfer: ArrayBuffer[];
  readonly source: SoundSource;
  /** The stored recording it came from, if any. */
  readonly recordingId: string | null;
  /** What to call it in labels and messages. */
  readonly name: string;
}

export function samplePath(resourcesDir: string): string {
  return path.join(resourcesDir, SAMPLE_RECORDING_FILE);
}

/** A file of any EEG format the engine reads; the worker decodes it. */
export async function fileSoundInput(file: string, name = path.basename(file)): Promise<LoadedSoundInput> {
  let bytes: Uint8Array;
  try {
    // Copied into a buffer of its own: a small file's Buffer may share Node's pool, which must not be transferred.
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ApiError({
      code: code === 'ENOENT' ? 'not_found' : 'invalid_request',
      message:
        code === 'ENOENT' ? `There is no file ${file}.` : `Cannot read ${file}: ${(error as Error).message}`,
    });
  }
  return {
    input: { kind: 'file', bytes, fileName: path.basename(file) },
    transfer: [bytes.buffer as ArrayBuffer],
    source: { kind: 'file', name: path.basename(file) },
    recordingId: null,
    name,
  };
}

/**
 * Samples [fromSeconds, toSeconds) of a stored recording's EEG channels, planar. Samples the recording lacks
 * (gaps) are NaN: the engine treats them as missing and never fills them in.
 */
export function recordingSoundInput(
  store: RecordingStore,
  idOrPrefix: string,
  fromSeconds: number,
  toSeconds: number | null,
): LoadedSoundInput {
  const id = store.resolveId(idOrPrefix);
  const detail = store.get(id);
  const fs = detail.sampleRateHz;
  const fromSample = Math.max(0, Math.min(detail.sampleCount, Math.floor(fromSeconds * fs)));
  const toSample = Math.min(
    detail.sampleCount,
    toSeconds === null ? detail.sampleCount : Math.ceil(toSeconds * fs),
  );
  const count = toSample - fromSample;
  if (count <= 0) {
    throw new ApiError({
      code: 'invalid_request',
      message: `Recording "${detail.label}" lasts ${detail.durationS.toFixed(1)} s; there is nothing from ${fromSeconds} s on.`,
    });
  }
  // Stream 0 holds the channels at the recording's own rate (row k of a block is its k-th channel); an imported file
  // that mixed rates keeps its other channels in other streams, which a symphony at one rate leaves out.
  const eeg = (detail.streams[0]?.channels ?? [])
    .map((index, row) => ({ row, channel: detail.channels.find((c) => c.index === index) }))
    .filter((x): x is { row: number; channel: (typeof detail.channels)[number] } => x.channel?.unit === 'uV');
  if (eeg.length === 0) {
    throw new ApiError({
      code: 'invalid_request',
      message: `Recording "${detail.label}" has no EEG channel in microvolts.`,
    });
  }
  const data = eeg.map(() => new Float32Array(count).fill(NaN));
  for (const block of store.iterateBlocks(id, { range: { fromSample, toSample } })) {
    const at = block.firstSample - fromSample;
    eeg.forEach(({ row }, i) => {
      const start = row * block.sampleCount;
      data[i]!.set(block.data.subarray(start, start + block.sampleCount), at);
    });
  }
  return {
    input: {
      kind: 'channels',
      channels: eeg.map(({ channel }, i) => ({ label: channel.label, sampleRateHz: fs, data: data[i]! })),
      offsetSeconds: fromSample / fs,
      recordingSeconds: detail.durationS,
    },
    transfer: data.map((d) => d.buffer),
    source: { kind: 'recording', name: id },
    recordingId: id,
    name: `"${detail.label}"`,
  };
}

/** The stretch of a recording a symphony needs, with the analysis windows' margin on each side. */
export function symphonyReadRange(params: SymphonyParamsInput, maxSeconds: number): [number, number] {
  const start = params.startSeconds ?? 0;
  const audio = params.seconds ?? maxSeconds;
  return [
    Math.max(0, start - WINDOW_MARGIN_SECONDS),
    start + audio * (params.speed ?? 1) + WINDOW_MARGIN_SECONDS,
  ];
}

export function brainsyncReadRange(): [number, number] {
  return [0, PERSONALISE_FROM_SECONDS];
}

/** What a failed render means to a person: cancelled, bad input (the engine's own words), or a fault. */
export function soundError(error: unknown, what: string): unknown {
  if (error instanceof EngineError) {
    if (error.kind === 'cancelled')
      return new ApiError({ code: 'cancelled', message: `${what} was cancelled.` });
    const reason = error.message.replace(/^The analysis failed: /, '');
    return new ApiError({ code: 'engine_error', message: `${what} could not be made: ${reason}` });
  }
  return error;
}

export interface RenderOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number) => void;
}

export async function renderSymphony(
  engine: EngineHost,
  loaded: LoadedSoundInput,
  params: SymphonyParamsInput,
  title: string,
  options: RenderOptions = {},
): Promise<SymphonyTaskResult> {
  try {
    return await engine.request(
      'sound.symphony',
      { input: loaded.input, params, source: loaded.source, title },
      {
        transfer: loaded.transfer,
        ...(options.signal && { signal: options.signal }),
        onProgress: (done, total) => options.onProgress?.(done / total),
      },
    );
  } catch (error) {
    throw soundError(error, 'The neural symphony');
  }
}

export async function renderBrainsync(
  engine: EngineHost,
  request: BrainsyncTask['request'],
  loaded: LoadedSoundInput | null,
  title: string,
  options: RenderOptions = {},
): Promise<BrainsyncTaskResult> {
  try {
    return await engine.request(
      'sound.brainsync',
      {
        request,
        input: loaded?.input ?? null,
        source: loaded?.source ?? { kind: 'none', name: '' },
        title,
      },
      {
        transfer: loaded?.transfer ?? [],
        ...(options.signal && { signal: options.signal }),
        onProgress: (done, total) => options.onProgress?.(done / total),
      },
    );
  } catch (error) {
    throw soundError(error, 'Brainsync');
  }
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The score as the Sound page draws it: voices over time, rounded to what a picture can show. */
export function symphonyPicture(score: SymphonyTaskResult['score']): SymphonyPicture {
  const sr = score.sampleRateHz;
  return {
    durationS: score.durationSeconds,
    hopSeconds: score.hops.audioSeconds,
    tempoBpm: round(score.tempo.bpm, 2),
    voices: score.voices.map((v) => ({
      band: v.band,
      relative: v.relative.map((r) => (r === null ? null : round(r, 4))),
      gain: v.gain.map((g) => round(g, 4)),
      notes: v.notes.map(
        (n) =>
          [round(n.startFrame / sr, 4), round(n.frames / sr, 4), round(n.frequencyHz, 2), n.degree] as const,
      ),
    })),
  };
}
