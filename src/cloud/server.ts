// The Clisonix Cloud API server (docs/design/API.md): Fastify over the cloud store, with the auth service, rate
// limits, one log line per request and every refusal as a JSON error body. Nothing a client sends gets a 500.
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import multipart from '@fastify/multipart';
import { NoResultError } from 'kysely';
import { CLOUD_ERROR } from '../shared/cloud';
import { AuthService, type Principal, type RequestContext } from './auth/auth-service';
import { JwtIssuer } from './auth/jwt';
import { LoginThrottle } from './auth/login-throttle';
import { dummyPasswordHash } from './auth/passwords';
import type { CloudConfig } from './config';
import {
  isDatabaseUnavailable,
  isForeignKeyViolation,
  isUniqueViolation,
  openDatabase,
  type CloudDatabase,
} from './db/connect';
import type { CloudEngine } from './engine/ports';
import { desktopEngine } from './engine/wiring';
import { HttpError, conflict, invalidRequest, rateLimited, unavailable } from './http/errors';
import { RateLimiter } from './http/rate-limit';
import { albaRoutes } from './routes/alba';
import { askRoutes } from './routes/ask';
import { authRoutes } from './routes/auth';
import { brainRoutes } from './routes/brain';
import { systemRoutes } from './routes/system';
import { uploadRoutes } from './routes/uploads';
import { AlbaService } from './storage/alba';
import { AnalysisStore } from './storage/analyses';
import { RecordingService } from './storage/recordings';
import { UploadService } from './storage/uploads';

export const CLOUD_API_VERSION = '1.1.0';

export interface CloudServerOptions {
  /** The brain engine and format readers; defaults to the desktop's own (src/cloud/engine/wiring.ts). */
  readonly engine?: CloudEngine;
  /** One line per request (method, path, status, ms) and server notices. Never a secret. */
  readonly log?: (line: string) => void;
}

/** Everything a route needs, built once per server. */
export interface AppContext {
  readonly config: CloudConfig;
  readonly database: CloudDatabase;
  readonly engine: CloudEngine;
  readonly auth: AuthService;
  readonly recordings: RecordingService;
  readonly uploads: UploadService;
  readonly alba: AlbaService;
  readonly analyses: AnalysisStore;
  readonly startedAt: number;
  /** Checks credentials and the caller's rate limit; throws the 401/429 to send. */
  authenticate(request: FastifyRequest): Promise<Principal>;
  requestContext(request: FastifyRequest): RequestContext;
}

export interface CloudServer {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  /** Every endpoint, as `METHOD /path/:param` (HEAD and OPTIONS left out). */
  readonly routes: readonly string[];
  /** Starts listening; resolves with the base URL (http://host:port). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5000;
const AUTH_PATHS = new Set(['/auth/login', '/auth/register', '/auth/refresh']);

export async function createCloudServer(
  config: CloudConfig,
  options: CloudServerOptions = {},
): Promise<CloudServer> {
  const log = options.log ?? (() => undefined);
  const database = await openDatabase(config.database, (error) => log(`database: ${error.message}`));
  const now = config.now;
  const jwt = await JwtIssuer.create(config.jwtSecret, {
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    ttlS: config.accessTokenTtlS,
    clockToleranceS: config.clockToleranceS,
    now,
  });
  const throttle = new LoginThrottle(
    database.db,
    {
      maxPerEmail: config.loginThrottle.maxPerEmail,
      maxPerIp: config.loginThrottle.maxPerIp,
      windowMs: config.loginThrottle.windowS * 1000,
    },
    now,
  );
  const auth = new AuthService(database.db, jwt, throttle, {
    refreshTtlMs: config.refreshTokenTtlS * 1000,
    refreshReuseGraceMs: config.refreshReuseGraceS * 1000,
    maxSessionsPerUser: config.maxSessionsPerUser,
    now,
  });
  const engine = options.engine ?? desktopEngine;
  const recordings = new RecordingService(database.db, engine, now);
  const uploads = new UploadService(
    database.db,
    recordings,
    {
      uploadBytes: config.limits.uploadBytes,
      partBytes: config.limits.partBytes,
      ttlMs: config.uploadTtlS * 1000,
    },
    now,
  );
  const ipLimiter = new RateLimiter(config.rateLimits.perIp, now);
  const authLimiter = new RateLimiter(config.rateLimits.authPerIp, now);
  const userLimiter = new RateLimiter(config.rateLimits.perUser, now);
  // Made before the first login so that the first unknown-email login is not faster than the rest.
  await dummyPasswordHash();

  const requestContext = (request: FastifyRequest): RequestContext => ({
    ip: request.ip,
    endpoint: `${request.method} ${request.routeOptions.url ?? pathOf(request.url)}`,
  });
  const context: AppContext = {
    config,
    database,
    engine,
    auth,
    recordings,
    uploads,
    alba: new AlbaService(database.db, database.kind, now),
    analyses: new AnalysisStore(database.db, now),
    startedAt: now(),
    requestContext,
    async authenticate(request) {
      const principal = await auth.authenticate(
        { authorization: header(request, 'authorization'), apiKey: header(request, 'x-api-key') },
        requestContext(request),
      );
      const waitS = userLimiter.take(`user:${principal.userId}`);
      if (waitS > 0) throw rateLimited(waitS);
      return principal;
    },
  };

  const app = Fastify({
    logger: false,
    bodyLimit: config.limits.jsonBodyBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    requestTimeout: 300_000,
    connectionTimeout: 300_000,
    // Our own words for every refusal; Fastify's JSON parser keeps rejecting __proto__ and constructor keys.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  // JSON bodies: an empty body is "no body" (POST .../stop with a Content-Type and nothing else is fine).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // Only JSON, octet-stream parts and multipart files are accepted; text/plain is a 415 like any other type.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: config.limits.partBytes },
    (_request, body, done) => {
      done(null, body);
    },
  );
  await app.register(multipart, { throwFileSizeLimit: true });

  app.addHook('onRequest', async (request, reply) => {
    applyCors(config.corsOrigins, request, reply);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      await reply.code(204).send();
      return;
    }
    const ipWait = ipLimiter.take(`ip:${request.ip}`);
    if (ipWait > 0) throw rateLimited(ipWait);
    if (request.method === 'POST' && AUTH_PATHS.has(pathOf(request.url))) {
      const authWait = authLimiter.take(`auth:${request.ip}`);
      if (authWait > 0) throw rateLimited(authWait);
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'no-store');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    log(`${request.method} ${safePath(request.url)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`);
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (!request.raw.complete) reply.header('Connection', 'close');
    await reply.code(404).send({
      error: CLOUD_ERROR.notFound,
      message: `No endpoint ${request.method} ${safePath(request.url)}`,
    });
  });

  app.setErrorHandler(async (error: FastifyError | HttpError | Error, request, reply) => {
    // A refusal sent before the body was read (a 401 on an upload, a 413): end the connection with it, so that the
    // rest of the body is not waited for on a keep-alive socket.
    if (!request.raw.complete) reply.header('Connection', 'close');
    if (error instanceof HttpError) {
      await reply.code(error.statusCode).headers(error.headers).send(error.body);
      return;
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: unparsable JSON, wrong media type, body too large, bad URL encoding.
      const refused = invalidRequest(describeClientError(error, config.limits.jsonBodyBytes), status);
      await reply.code(status).send(refused.body);
      return;
    }
    // Races with a deletion or a duplicate that no route anticipated are conflicts, not server faults.
    if (isForeignKeyViolation(error) || isUniqueViolation(error) || error instanceof NoResultError) {
      await reply
        .code(409)
        .send(conflict('The resource changed or was deleted meanwhile; reload and retry').body);
      return;
    }
    if (isDatabaseUnavailable(error)) {
      const down = unavailable('The database is unavailable; retry shortly');
      await reply.code(503).headers(down.headers).send(down.body);
      return;
    }
    log(`error: ${request.method} ${safePath(request.url)}: ${error.stack ?? error.message}`);
    await reply
      .code(500)
      .send({ error: CLOUD_ERROR.internal, message: 'Internal error; it has been logged' });
  });

  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${route.url}`);
    }
  });
  authRoutes(app, context);
  systemRoutes(app, context, CLOUD_API_VERSION);
  askRoutes(app, context);
  uploadRoutes(app, context);
  brainRoutes(app, context);
  albaRoutes(app, context);

  return {
    app,
    context,
    routes,
    listen: () => app.listen({ host: config.host, port: config.port }),
    async close() {
      // Requests in flight get a few seconds to finish; then every connection is cut.
      const deadline = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(deadline);
      }
      await database.close();
    },
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The path for a log line: no query string (it could carry anything) and no control characters. */
function safePath(url: string): string {
  let out = '';
  for (const ch of pathOf(url).slice(0, 200)) out += ch < ' ' || ch === '\u007f' ? '?' : ch;
  return out;
}

function describeClientError(error: Error, jsonLimit: number): string {
  const code = 'code' in error ? String(error.code) : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return `the request body is larger than the limit of ${jsonLimit} bytes`;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported Content-Type; send application/json';
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return 'Content-Length does not match the body';
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return `malformed JSON: ${error.message}`;
  return error.message.slice(0, 300);
}

/** Browsers on the allowed origins may call the API (credentials travel in headers, never in cookies). */
function applyCors(allowed: readonly string[], request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (origin === undefined || !allowed.includes(origin)) return;
  reply.header('Access-Control-Allow-Origin', origin);
  reply.header('Vary', 'Origin');
  reply.header('Access-Control-Expose-Headers', 'Retry-After, Content-Disposition');
  if (request.method === 'OPTIONS') {
    reply.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    reply.header('Access-Control-Allow-Headers', 'Authorization, X-API-Key, Content-Type, Idempotency-Key');
    reply.header('Access-Control-Max-Age', '600');
  }
}
