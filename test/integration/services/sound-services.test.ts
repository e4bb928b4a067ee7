// The sound.* contract through the real services: a real store in a temp data folder, the real engine worker,
// the shipped sample recording. A render reports progress to 100 %, saves a clip whose bytes (read back in
// pieces) are the WAV it describes with the parameters inside; a cancelled render saves nothing; bad requests
// get clear errors.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavHeader } from '../../../src/engine/formats/wav';
import { readSoundMetadata } from '../../../src/engine/symphony';
import { createAppServices, type AppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';
import type { AudioClip, MethodName, ParamsOf, ResultOf, SoundProgress } from '../../../src/shared/api';

let services: AppServices;
const progress: SoundProgress[] = [];

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-sound-services-'));
  services = createAppServices({
    mode: 'browser',
    version: 't',
    dataDir,
    resourcesDir: findResourcesDir(import.meta.url),
  });
  services.events.onEvent((name, payload) => {
    if (name === 'sound.progress') progress.push(payload as SoundProgress);
  });
});

afterAll(async () => {
  await services.dispose();
});

/** A call through the services' dispatcher (validation included) that must succeed, typed by the contract. */
async function call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const reply = await services.dispatch(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.result as ResultOf<M>;
}

async function clipBytes(clip: AudioClip, pieceLength: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(clip.byteLength);
  for (let offset = 0; offset < clip.byteLength;) {
    const piece = await call('sound.clipBytes', { id: clip.id, offset, length: pieceLength });
    expect(piece).toMatchObject({ id: clip.id, offset, totalBytes: clip.byteLength, mimeType: 'audio/wav' });
    const part = Buffer.from(piece.base64, 'base64');
    expect(part.length).toBe(Math.min(pieceLength, clip.byteLength - offset));
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

describe('sound.* through the services', { timeout: 60_000 }, () => {
  it('renders the sample’s symphony with progress to 100 % and saves a clip that carries its parameters', async () => {
    const result = await call('sound.symphony', { jobId: 'sym-1', source: { kind: 'sample' }, seconds: 3 });
    expect(result.clip).toMatchObject({
      kind: 'symphony',
      sampleRateHz: 44100,
      channelCount: 1,
      frameCount: 3 * 44100,
    });
    expect(result.picture.voices.map((v) => v.band)).toEqual(['delta', 'theta', 'alpha', 'beta', 'gamma']);
    expect(result.picture.voices.every((v) => v.relative.length === 12)).toBe(true);

    const mine = progress.filter((p) => p.jobId === 'sym-1');
    expect(mine.map((p) => p.stage)).toContain('rendering');
    expect(mine.at(-1)).toMatchObject({ task: 'symphony', stage: 'saving', fraction: 1 });
    mine.slice(1).forEach((p, i) => expect(p.fraction).toBeGreaterThanOrEqual(mine[i]!.fraction));

    const listed = await call('sound.clips', {});
    expect(listed).toEqual([result.clip]);
    // Read back in odd-sized pieces: the same WAV, its header and the metadata the detail reports.
    const wav = await clipBytes(result.clip, 100_003);
    expect(readWavHeader(wav)).toMatchObject({
      channels: 1,
      sampleRateHz: 44100,
      frames: 3 * 44100,
      bitsPerSample: 16,
    });
    const metadata = readSoundMetadata(wav);
    expect(metadata).toMatchObject({ kind: 'neural-symphony', params: { seconds: 3, hopMs: 250 } });
    const detail = await call('sound.clip', { id: result.clip.id });
    expect(detail.metadata).toEqual(JSON.parse(JSON.stringify(metadata)));
  });

  it('cancels a long brainsync while it renders and saves nothing', async () => {
    const before = await call('sound.clips', {});
    const reply = services.dispatch('sound.brainsync', { jobId: 'bs-long', mode: 'focus', seconds: 1800 });
    await expect
      .poll(() => progress.some((p) => p.jobId === 'bs-long' && p.stage === 'rendering'), { timeout: 20_000 })
      .toBe(true);
    expect(await call('sound.cancel', { jobId: 'bs-long' })).toEqual({ cancelled: true });
    expect(await reply).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await call('sound.clips', {})).toEqual(before);
    expect(await call('sound.cancel', { jobId: 'bs-long' })).toEqual({ cancelled: false });
  });

  it('answers bad requests with what is wrong', async () => {
    expect(
      await services.dispatch('sound.symphony', {
        jobId: 's',
        source: { kind: 'recording', id: 'nope' },
        seconds: 3,
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await services.dispatch('sound.symphony', { jobId: 's', source: { kind: 'sample' }, seconds: 601 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(
      await services.dispatch('sound.symphony', {
        jobId: 's',
        source: { kind: 'sample' },
        startSeconds: 1e6,
      }),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/starts at 1000000 s/) as unknown },
    });
    expect(await services.dispatch('sound.clipBytes', { id: 999, offset: 0, length: 10 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'There is no audio clip 999.' },
    });
  });

  it('deletes a clip', async () => {
    const [clip] = await call('sound.clips', {});
    expect(await call('sound.deleteClip', { id: clip!.id })).toEqual({ deleted: true });
    expect(await call('sound.clips', {})).toEqual([]);
    expect(await call('sound.deleteClip', { id: clip!.id })).toEqual({ deleted: false });
  });
});
