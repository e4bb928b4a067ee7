// GET /health, GET /status, GET /api/system-status (all authenticated, as in the seeds' test flows).
import type { FastifyInstance } from 'fastify';
import type {
  EngineCapabilities,
  HealthResponse,
  StatusResponse,
  SystemStatusResponse,
} from '../../shared/cloud';
import type { CloudEngine } from '../engine/ports';
import { invalidToken } from '../http/errors';
import type { AppContext } from '../server';

export function systemRoutes(app: FastifyInstance, ctx: AppContext, version: string): void {
  app.get('/health', async (request): Promise<HealthResponse> => {
    await ctx.authenticate(request);
    return { status: 'healthy', version, time: new Date(ctx.config.now()).toISOString() };
  });

  app.get('/status', async (request): Promise<StatusResponse> => {
    const who = await ctx.authenticate(request);
    const db = ctx.database.db;
    const user = await db
      .selectFrom('users')
      .select(['created_at'])
      .where('id', '=', who.userId)
      .executeTakeFirst();
    if (!user) throw invalidToken('This account no longer exists');
    const recordings = await db
      .selectFrom('recordings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', who.userId)
      .executeTakeFirstOrThrow();
    return {
      status: 'ok',
      user: { id: who.userId, email: who.email, created_at: new Date(user.created_at).toISOString() },
      auth: who.method,
      recordings: recordings.n,
      active_streams: await ctx.alba.activeCount(who.userId),
      server_time: new Date(ctx.config.now()).toISOString(),
    };
  });

  app.get('/api/system-status', async (request): Promise<SystemStatusResponse> => {
    await ctx.authenticate(request);
    let latencyMs = 0;
    let ok = true;
    try {
      latencyMs = await ctx.database.ping();
    } catch {
      ok = false;
    }
    const now = ctx.config.now();
    return {
      status: ok ? 'ok' : 'degraded',
      version,
      started_at: new Date(ctx.startedAt).toISOString(),
      uptime_s: Math.max(0, Math.round((now - ctx.startedAt) / 1000)),
      node: process.version,
      database: { kind: ctx.database.kind, ok, latency_ms: Math.round(latencyMs * 100) / 100 },
      queue: {
        open_uploads: ok ? await ctx.uploads.openCount() : 0,
        active_streams: ok ? await ctx.alba.activeCount() : 0,
      },
      engine: capabilities(ctx.engine),
    };
  });
}

export function capabilities(engine: CloudEngine): EngineCapabilities {
  return {
    readers: {
      edf: engine.readers.edf !== null,
      bdf: engine.readers.bdf !== null,
      'openbci-text': engine.readers['openbci-text'] !== null,
      csv: engine.readers.csv !== null,
    },
    energy_check: engine.energyCheck !== null,
    harmony: engine.harmony !== null,
    scan_harmonic: engine.scanHarmonic !== null,
    brainsync: engine.brainsync !== null,
    neural_symphony: engine.neuralSymphony !== null,
  };
}
