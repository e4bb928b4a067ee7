// The brain endpoints (ENGINE.md, the same src/engine code as the desktop): POST /api/brain/energy-check,
// /api/brain/harmony, /api/brain/scan-harmonic and /api/brain/music/brainsync?mode=, and
// GET /api/neural-symphony. Input is an uploaded file (multipart field "file") or ?recording_id= of a stored one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BRAINSYNC_MODES, type BrainAnalysisKind, type RecordingInfo } from '../../shared/cloud';
import type { Principal } from '../auth/auth-service';
import type { CloudEngine, DecodedEeg } from '../engine/ports';
import { engineUnavailable } from '../http/errors';
import { readMultipartFile } from '../http/multipart';
import { parseInput, uuidParam } from '../http/validate';
import type { AppContext } from '../server';
import { toRecordingInfo } from '../storage/recordings';

const SourceQuery = z.object({ recording_id: uuidParam.optional() });
const BrainsyncQuery = z.object({
  mode: z.enum(BRAINSYNC_MODES as [string, ...string[]], {
    error: `must be one of ${BRAINSYNC_MODES.join(', ')}`,
  }),
  recording_id: uuidParam.optional(),
});

interface Input {
  readonly eeg: DecodedEeg;
  readonly recording: RecordingInfo | null;
}

type AnalysisName = 'energyCheck' | 'harmony' | 'scanHarmonic';
const ANALYSES: readonly (readonly [string, AnalysisName, BrainAnalysisKind, string])[] = [
  ['/api/brain/energy-check', 'energyCheck', 'energy_check', 'The energy check'],
  ['/api/brain/harmony', 'harmony', 'harmony', 'The harmony analysis'],
  ['/api/brain/scan-harmonic', 'scanHarmonic', 'scan_harmonic', 'The harmonic scan'],
];

export function brainRoutes(app: FastifyInstance, ctx: AppContext): void {
  /** The EEG to work on: ?recording_id= of a stored recording, else the uploaded file (when `required`). */
  async function inputOf(
    request: FastifyRequest,
    who: Principal,
    recordingId: string | undefined,
    required: boolean,
  ) {
    if (recordingId !== undefined) {
      const row = await ctx.recordings.get(who.userId, recordingId);
      return { eeg: await ctx.recordings.loadEeg(row), recording: toRecordingInfo(row) } satisfies Input;
    }
    const file = await readMultipartFile(request, ctx.config.limits.singleUploadBytes, required);
    if (!file) return null;
    return { eeg: await ctx.recordings.decodeEeg(file.bytes), recording: null } satisfies Input;
  }

  for (const [path, name, kind, title] of ANALYSES) {
    app.post(path, async (request) => {
      const who = await ctx.authenticate(request);
      const { recording_id: recordingId } = parseInput(SourceQuery, request.query, 'query');
      const analyse = ctx.engine[name] as ((eeg: DecodedEeg) => Promise<object>) | null;
      if (analyse === null) throw engineUnavailable(title);
      const input = (await inputOf(request, who, recordingId, true))!;
      const report = await analyse(input.eeg);
      const analysisId = await ctx.analyses.save(who.userId, input.recording?.id ?? null, kind, report);
      return { ...report, analysis_id: analysisId, recording: input.recording };
    });
  }

  app.post('/api/brain/music/brainsync', async (request, reply) => {
    const who = await ctx.authenticate(request);
    const query = parseInput(BrainsyncQuery, request.query, 'query');
    const render = ctx.engine.brainsync;
    if (render === null) throw engineUnavailable('Brainsync');
    const input = await inputOf(request, who, query.recording_id, false);
    const wav = await render(
      query.mode as Parameters<NonNullable<CloudEngine['brainsync']>>[0],
      input?.eeg ?? null,
    );
    return sendWav(reply, wav, `brainsync-${query.mode}.wav`);
  });

  app.get('/api/neural-symphony', async (request, reply) => {
    const who = await ctx.authenticate(request);
    const { recording_id: recordingId } = parseInput(SourceQuery, request.query, 'query');
    const render = ctx.engine.neuralSymphony;
    if (render === null) throw engineUnavailable('The neural symphony');
    const row =
      recordingId === undefined
        ? await ctx.recordings.latestEeg(who.userId)
        : await ctx.recordings.get(who.userId, recordingId);
    const wav = await render(await ctx.recordings.loadEeg(row));
    return sendWav(reply, wav, `neural-symphony-${row.id}.wav`);
  });
}

function sendWav(reply: FastifyReply, wav: Uint8Array, fileName: string) {
  return reply
    .header('Content-Type', 'audio/wav')
    .header('Content-Disposition', `attachment; filename="${fileName}"`)
    .send(Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength));
}
