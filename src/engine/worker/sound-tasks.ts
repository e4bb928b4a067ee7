// The sound work the engine worker does (ENGINE.md "Brainsync" and "Neural symphony"): decode the EEG when it
// arrives as a file, build the score or the plan (pure engine), render it, encode the WAV with its metadata.
// Shared by the desktop's engine worker and the cloud (through the same worker entry).
import { decodeEegFile, FormatError } from '../formats';
import { encodeWav } from '../formats/wav';
import type { RecordingChannel } from '../brain/input';
import {
  brainsyncMetadata,
  buildSymphonyScore,
  channelCrc32,
  metadataTags,
  planBrainsync,
  symphonyMetadata,
  fillBrainsync,
  type BrainsyncMetadata,
  type BrainsyncPlan,
  type BrainsyncRequest,
  type SoundSource,
  type SymphonyMetadata,
  type SymphonyParamsInput,
  type SymphonyScore,
} from '../symphony';
import type { WorkerCallContext } from './protocol';
import { webAudioBackend, type SymphonyAudioBackend } from './symphony-audio';

/** EEG for a sound task: channels already in microvolts, or a file the worker decodes. */
export type SoundInput =
  | {
      readonly kind: 'channels';
      readonly channels: readonly RecordingChannel[];
      /** Recording time (s) of the first given sample, when the channels are an excerpt. */
      readonly offsetSeconds?: number;
      readonly recordingSeconds?: number;
    }
  | { readonly kind: 'file'; readonly bytes: Uint8Array; readonly fileName: string };

export interface SymphonyTask {
  readonly input: SoundInput;
  readonly params: SymphonyParamsInput;
  readonly source: SoundSource;
  readonly title: string;
}

export interface SymphonyTaskResult {
  readonly wav: Uint8Array;
  readonly score: SymphonyScore;
  readonly metadata: SymphonyMetadata;
}

export interface BrainsyncTask {
  readonly request: Omit<BrainsyncRequest, 'recording'>;
  readonly input: SoundInput | null;
  readonly source: SoundSource;
  readonly title: string;
}

export interface BrainsyncTaskResult {
  readonly wav: Uint8Array;
  readonly plan: BrainsyncPlan;
  readonly metadata: BrainsyncMetadata;
}

/** The name of the error a worker reports for input the user can fix (a bad file, a too-short recording). */
export const SOUND_INPUT_ERROR = 'SoundInputError';

export class SoundInputError extends Error {
  override readonly name = SOUND_INPUT_ERROR;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // OpenBCI GUI files are ASCII; a CSV from an old spreadsheet may be Latin-1.
    return latin1.decode(bytes);
  }
}

/** The EEG channels (microvolts) of an input; other channels of a file (accelerometer, status) are left out. */
export function eegChannels(input: SoundInput): {
  channels: RecordingChannel[];
  offsetSeconds: number;
  recordingSeconds: number | undefined;
} {
  if (input.kind === 'channels') {
    return {
      channels: [...input.channels],
      offsetSeconds: input.offsetSeconds ?? 0,
      recordingSeconds: input.recordingSeconds,
    };
  }
  let file;
  try {
    file = decodeEegFile(input.bytes, { fileName: input.fileName, decodeText });
  } catch (error) {
    if (error instanceof FormatError) throw new SoundInputError(`${input.fileName}: ${error.message}`);
    throw error;
  }
  const channels = file.channels
    .filter((c) => c.unit === 'uV' && c.data.length > 0)
    .map((c) => ({ label: c.label, sampleRateHz: c.sampleRateHz, data: c.data }));
  if (channels.length === 0) {
    throw new SoundInputError(`${input.fileName} has no EEG channel in microvolts`);
  }
  return { channels, offsetSeconds: 0, recordingSeconds: file.durationS };
}

/** Errors of the pure engine about the input (RangeError) become input errors with the same words. */
function asInputError(error: unknown): unknown {
  return error instanceof RangeError ? new SoundInputError(error.message) : error;
}

export async function renderSymphonyTask(
  task: SymphonyTask,
  context: WorkerCallContext,
  backend: SymphonyAudioBackend = webAudioBackend,
): Promise<SymphonyTaskResult> {
  const eeg = eegChannels(task.input);
  let score: SymphonyScore;
  try {
    // The analysis is a fifth of the work; the rendering the rest.
    score = buildSymphonyScore(
      {
        channels: eeg.channels,
        offsetSeconds: eeg.offsetSeconds,
        ...(eeg.recordingSeconds !== undefined && { recordingSeconds: eeg.recordingSeconds }),
      },
      task.params,
      (done, total) => context.progress(Math.round((200 * done) / total), 1000),
    );
  } catch (error) {
    throw asInputError(error);
  }
  await context.checkpoint();
  const samples = await backend.render(score, {
    progress: (done, total) => context.progress(200 + Math.round((790 * done) / total), 1000),
    checkpoint: () => context.checkpoint(),
  });
  const metadata = symphonyMetadata(score, task.source, channelCrc32(eeg.channels), backend.name);
  const wav = encodeWav({
    sampleRateHz: score.sampleRateHz,
    channels: [samples],
    tags: metadataTags(task.title, metadata),
  });
  context.progress(1000, 1000);
  return { wav, score, metadata };
}

export async function renderBrainsyncTask(
  task: BrainsyncTask,
  context: WorkerCallContext,
): Promise<BrainsyncTaskResult> {
  const eeg = task.input ? eegChannels(task.input) : null;
  let plan: BrainsyncPlan;
  try {
    plan = planBrainsync({ ...task.request, recording: eeg?.channels ?? null });
  } catch (error) {
    throw asInputError(error);
  }
  const left = new Float32Array(plan.frameCount);
  const right = new Float32Array(plan.frameCount);
  const chunkFrames = 1 << 16;
  for (let start = 0; start < plan.frameCount; start += chunkFrames) {
    const end = Math.min(plan.frameCount, start + chunkFrames);
    fillBrainsync(plan, left, right, start, end);
    context.progress(Math.round((900 * end) / plan.frameCount), 1000);
    await context.checkpoint();
  }
  const metadata = brainsyncMetadata(
    plan,
    task.source,
    eeg ? channelCrc32(eeg.channels) : [],
    'clisonix pure sine synthesis (phase from the sample index, raised-cosine fades)',
  );
  const wav = encodeWav({
    sampleRateHz: plan.sampleRateHz,
    channels: [left, right],
    tags: metadataTags(task.title, metadata),
  });
  context.progress(1000, 1000);
  return { wav, plan, metadata };
}
