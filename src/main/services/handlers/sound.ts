import type { AudioClipInfo, RecordingStore } from '../../storage';
import { StorageError } from '../../storage';
import { readSoundMetadata } from '../../../engine/symphony';
import {
  ApiError,
  type AudioClip,
  type SoundMethods,
  type SoundProgress,
  type SoundSourceRequest,
} from '../../../shared/api';
import {
  brainsyncReadRange,
  fileSoundInput,
  recordingSoundInput,
  renderBrainsync,
  renderSymphony,
  SAMPLE_RECORDING_NAME,
  samplePath,
  symphonyPicture,
  symphonyReadRange,
  type LoadedSoundInput,
} from '../sound';
import { SYMPHONY_MAX_SECONDS } from '../schemas/sound';
import type { DomainHandlers, ServiceContext } from './context';
import { requireStore } from './recordings';

export function toAudioClip(info: AudioClipInfo): AudioClip {
  return {
    id: info.id,
    kind: info.kind,
    label: info.label,
    recordingId: info.recordingId,
    sampleRateHz: info.sampleRateHz,
    channelCount: info.channelCount,
    frameCount: info.frameCount,
    durationS: info.frameCount / info.sampleRateHz,
    byteLength: info.byteLength,
    createdAt: info.createdAt,
  };
}

/** Storage failures as the contract's errors, in the store's own words. */
function storageError(error: unknown): unknown {
  if (!(error instanceof StorageError)) return error;
  return new ApiError({
    code:
      error.code === 'not_found'
        ? 'not_found'
        : error.code === 'conflict'
          ? 'conflict'
          : error.code === 'invalid_input'
            ? 'invalid_request'
            : 'storage_error',
    message: error.message,
  });
}

function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storageError(error);
  }
}

const seconds = (s: number) => `${Number(s.toFixed(1))} s`;

export function soundHandlers(ctx: ServiceContext): DomainHandlers<SoundMethods> {
  const jobs = new Map<string, AbortController>();
  /** The last clip whose bytes were asked for: a clip is fetched in pieces, and SQLite hands out whole blobs. */
  let cached: { id: number; bytes: Uint8Array } | null = null;

  async function job<T>(
    jobId: string,
    task: SoundProgress['task'],
    work: (
      signal: AbortSignal,
      progress: (stage: SoundProgress['stage'], fraction: number) => void,
    ) => Promise<T>,
  ): Promise<T> {
    if (jobs.has(jobId)) {
      throw new ApiError({ code: 'conflict', message: `A render named ${jobId} is already running.` });
    }
    const controller = new AbortController();
    jobs.set(jobId, controller);
    // Never backwards, not even by rounding (the end of rendering, 0.05 + 0.9 * 1, lies a hair above 0.95).
    let shown = 0;
    const progress = (stage: SoundProgress['stage'], fraction: number) => {
      shown = Math.min(1, Math.max(shown, fraction));
      ctx.events.emit('sound.progress', { jobId, task, stage, fraction: shown });
    };
    try {
      return await work(controller.signal, progress);
    } finally {
      jobs.delete(jobId);
    }
  }

  function throwIfCancelled(signal: AbortSignal, what: string): void {
    if (signal.aborted) throw new ApiError({ code: 'cancelled', message: `${what} was cancelled.` });
  }

  async function load(source: SoundSourceRequest, range: [number, number]): Promise<LoadedSoundInput> {
    if (source.kind === 'sample') {
      return fileSoundInput(samplePath(ctx.options.resourcesDir), SAMPLE_RECORDING_NAME);
    }
    const store = requireStore(ctx);
    return guard(() => recordingSoundInput(store, source.id, range[0], range[1]));
  }

  function save(store: RecordingStore, clip: Parameters<RecordingStore['audioClips']['add']>[0]): AudioClip {
    const saved = guard(() => toAudioClip(store.audioClips.add(clip)));
    ctx.events.emit('sound.clipsChanged', { at: Date.now() });
    return saved;
  }

  return {
    'sound.symphony': (request) =>
      job(request.jobId, 'symphony', async (signal, progress) => {
        const store = requireStore(ctx);
        const params = {
          ...(request.seconds !== undefined && { seconds: request.seconds }),
          ...(request.startSeconds !== undefined && { startSeconds: request.startSeconds }),
          ...(request.speed !== undefined && { speed: request.speed }),
          ...(request.sampleRateHz !== undefined && { sampleRateHz: request.sampleRateHz }),
          maxSeconds: SYMPHONY_MAX_SECONDS,
        };
        progress('reading', 0);
        const loaded = await load(request.source, symphonyReadRange(params, SYMPHONY_MAX_SECONDS));
        throwIfCancelled(signal, 'The neural symphony');
        const title = request.label ?? `Neural symphony of ${loaded.name}`;
        const result = await renderSymphony(ctx.engine, loaded, params, title, {
          signal,
          onProgress: (f) => progress('rendering', 0.05 + 0.9 * f),
        });
        throwIfCancelled(signal, 'The neural symphony');
        progress('saving', 0.95);
        const score = result.score;
        const clip = save(store, {
          recordingId: loaded.recordingId,
          kind: 'symphony',
          label:
            request.label ??
            `Neural symphony · ${loaded.name} · ${seconds(score.durationSeconds)} · ${Math.round(score.tempo.bpm)} BPM`,
          sampleRateHz: score.sampleRateHz,
          channelCount: 1,
          frameCount: score.frameCount,
          format: 'wav',
          data: result.wav,
        });
        progress('saving', 1);
        return {
          clip,
          picture: symphonyPicture(score),
          tempoBpm: score.tempo.bpm,
          peakAlphaHz: score.peakAlpha.hz,
          warnings: score.warnings,
        };
      }),

    'sound.brainsync': (request) =>
      job(request.jobId, 'brainsync', async (signal, progress) => {
        const store = requireStore(ctx);
        progress('reading', 0);
        const loaded = request.source ? await load(request.source, brainsyncReadRange()) : null;
        throwIfCancelled(signal, 'Brainsync');
        const title = request.label ?? `Brainsync ${request.mode}`;
        const { wav, plan } = await renderBrainsync(
          ctx.engine,
          {
            mode: request.mode,
            seconds: request.seconds,
            ...(request.sampleRateHz !== undefined && { sampleRateHz: request.sampleRateHz }),
            ...(request.carrierHz !== undefined && { carrierHz: request.carrierHz }),
          },
          loaded,
          title,
          { signal, onProgress: (f) => progress('rendering', 0.05 + 0.9 * f) },
        );
        throwIfCancelled(signal, 'Brainsync');
        progress('saving', 0.95);
        const personal = plan.personalised;
        const clip = save(store, {
          recordingId: loaded?.recordingId ?? null,
          kind: 'brainsync',
          label:
            request.label ??
            `Brainsync ${plan.mode} · ${Number(plan.beatHz.toFixed(2))} Hz beat${personal.applied && loaded ? ` (from ${loaded.name})` : ''} · ${seconds(plan.durationSeconds)}`,
          sampleRateHz: plan.sampleRateHz,
          channelCount: 2,
          frameCount: plan.frameCount,
          format: 'wav',
          data: wav,
        });
        progress('saving', 1);
        return {
          clip,
          mode: plan.mode,
          leftHz: plan.leftHz,
          rightHz: plan.rightHz,
          beatHz: plan.beatHz,
          personalised: personal.applied,
          peakAlphaHz: personal.peakAlpha?.hz ?? null,
          note: personal.reason,
        };
      }),

    'sound.cancel': ({ jobId }) => {
      const controller = jobs.get(jobId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },

    'sound.clips': () =>
      guard(() =>
        requireStore(ctx)
          .audioClips.list()
          .map(toAudioClip)
          .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id),
      ),

    'sound.clip': ({ id }) =>
      guard(() => {
        const store = requireStore(ctx);
        const info = store.audioClips.info(id);
        if (!info) throw new ApiError({ code: 'not_found', message: `There is no audio clip ${id}.` });
        const bytes = store.audioClips.data(id);
        let metadata: Record<string, unknown> | null;
        try {
          metadata = readSoundMetadata(bytes) as Record<string, unknown> | null;
        } catch {
          metadata = null; // not a WAV Clisonix can read: the clip is still listed, without parameters
        }
        return { clip: toAudioClip(info), metadata };
      }),

    'sound.clipBytes': ({ id, offset, length }) =>
      guard(() => {
        if (cached?.id !== id) cached = { id, bytes: requireStore(ctx).audioClips.data(id) };
        const bytes = cached.bytes;
        if (offset > bytes.length) {
          throw new ApiError({
            code: 'invalid_request',
            message: `Audio clip ${id} holds ${bytes.length} bytes; offset ${offset} is past its end.`,
          });
        }
        const piece = bytes.subarray(offset, Math.min(bytes.length, offset + length));
        return {
          id,
          offset,
          totalBytes: bytes.length,
          mimeType: 'audio/wav' as const,
          base64: Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('base64'),
        };
      }),

    'sound.deleteClip': ({ id }) =>
      guard(() => {
        const deleted = requireStore(ctx).audioClips.remove(id);
        if (cached?.id === id) cached = null;
        if (deleted) ctx.events.emit('sound.clipsChanged', { at: Date.now() });
        return { deleted };
      }),
  };
}
