// The server's settings: defaults, then the environment, then explicit options (CLI flags, tests).
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadJwtSecret, type JwtSecret } from './auth/jwt-secret';
import type { DatabaseTarget } from './db/connect';
import type { BucketRule } from './http/rate-limit';

export interface CloudLimits {
  /** JSON bodies. */
  readonly jsonBodyBytes: number;
  /** ALBA appends (JSON rows of samples). */
  readonly albaBodyBytes: number;
  readonly albaRowsPerAppend: number;
  readonly albaReadRows: number;
  /** One-request multipart uploads (uploads, brain endpoints). */
  readonly singleUploadBytes: number;
  /** Resumable uploads: the whole file, and one part. */
  readonly uploadBytes: number;
  readonly partBytes: number;
}

export interface CloudConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database: DatabaseTarget;
  readonly jwtSecret: Uint8Array;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly accessTokenTtlS: number;
  /** Allowed clock skew when checking exp/iat (API.md: at most 60 s). */
  readonly clockToleranceS: number;
  readonly refreshTokenTtlS: number;
  readonly refreshReuseGraceS: number;
  readonly maxSessionsPerUser: number;
  readonly loginThrottle: {
    readonly maxPerEmail: number;
    readonly maxPerIp: number;
    readonly windowS: number;
  };
  readonly rateLimits: {
    /** Every request, by client address. */
    readonly perIp: BucketRule;
    /** register, login and refresh, by client address. */
    readonly authPerIp: BucketRule;
    /** Authenticated requests, by user. */
    readonly perUser: BucketRule;
  };
  readonly limits: CloudLimits;
  /** How long an unfinished resumable upload is kept. */
  readonly uploadTtlS: number;
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  readonly trustProxy: boolean;
  /** Browser origins allowed to call the API (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /** The clock (epoch ms); tests move it. */
  readonly now: () => number;
}

export type CloudOptions = Partial<Omit<CloudConfig, 'database' | 'jwtSecret' | 'dataDir' | 'limits'>> & {
  readonly limits?: Partial<CloudLimits>;
  readonly dataDir?: string;
  /** SQLite file (default: cloud.sqlite in the data directory). */
  readonly dbFile?: string;
  /** PostgreSQL URL; wins over DATABASE_URL. */
  readonly databaseUrl?: string;
};

export const CLOUD_ENV = {
  jwtSecret: 'CLISONIX_JWT_SECRET',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'CLISONIX_CLOUD_DATA',
  home: 'CLISONIX_HOME',
  rateLimit: 'CLISONIX_RATE_LIMIT_PER_MIN',
  authRateLimit: 'CLISONIX_AUTH_RATE_LIMIT_PER_MIN',
  trustProxy: 'CLISONIX_TRUST_PROXY',
  corsOrigins: 'CLISONIX_CORS_ORIGINS',
} as const;

const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: CloudLimits = {
  jsonBodyBytes: 1 * MIB,
  albaBodyBytes: 8 * MIB,
  albaRowsPerAppend: 20_000,
  albaReadRows: 20_000,
  singleUploadBytes: 64 * MIB,
  uploadBytes: 1024 * MIB,
  partBytes: 8 * MIB,
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ResolvedConfig {
  readonly config: CloudConfig;
  /** Lines worth telling the operator at start (where the secret came from, fixes made). */
  readonly notes: readonly string[];
}

export async function resolveCloudConfig(
  options: CloudOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedConfig> {
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir(env));
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const databaseUrl = options.databaseUrl ?? nonEmpty(env[CLOUD_ENV.databaseUrl]);
  const database: DatabaseTarget =
    databaseUrl !== undefined
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'sqlite', file: path.resolve(options.dbFile ?? path.join(dataDir, 'cloud.sqlite')) };
  if (database.kind === 'sqlite') await mkdir(path.dirname(database.file), { recursive: true, mode: 0o700 });

  let secret: JwtSecret;
  try {
    secret = await loadJwtSecret(env, dataDir);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const notes = [...secret.warnings];
  if (secret.source !== 'environment') {
    notes.push(
      `JWT secret: ${path.join(dataDir, 'jwt-secret')} (${secret.source === 'data-dir-generated' ? 'generated now' : 'existing'})`,
    );
    if (database.kind === 'postgres') {
      notes.push(
        `several instances on one database must share ${CLOUD_ENV.jwtSecret}; this one uses its own file`,
      );
    }
  }

  const perMinute = envNumber(env, CLOUD_ENV.rateLimit, 1200);
  const authPerMinute = envNumber(env, CLOUD_ENV.authRateLimit, 60);
  const config: CloudConfig = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8000,
    dataDir,
    database,
    jwtSecret: secret.secret,
    jwtIssuer: options.jwtIssuer ?? 'clisonix-cloud',
    jwtAudience: options.jwtAudience ?? 'clisonix-api',
    accessTokenTtlS: options.accessTokenTtlS ?? 3600,
    clockToleranceS: Math.min(60, options.clockToleranceS ?? 60),
    refreshTokenTtlS: options.refreshTokenTtlS ?? 7 * 24 * 3600,
    refreshReuseGraceS: Math.min(30, options.refreshReuseGraceS ?? 30),
    maxSessionsPerUser: options.maxSessionsPerUser ?? 50,
    loginThrottle: options.loginThrottle ?? { maxPerEmail: 10, maxPerIp: 100, windowS: 15 * 60 },
    rateLimits: options.rateLimits ?? {
      perIp: { perMinute: perMinute * 2, burst: Math.ceil(perMinute / 2) },
      authPerIp: { perMinute: authPerMinute, burst: Math.ceil(authPerMinute / 2) },
      perUser: { perMinute, burst: Math.ceil(perMinute / 4) },
    },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    uploadTtlS: options.uploadTtlS ?? 24 * 3600,
    trustProxy: options.trustProxy ?? env[CLOUD_ENV.trustProxy] === '1',
    corsOrigins:
      options.corsOrigins ??
      (env[CLOUD_ENV.corsOrigins] ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    now: options.now ?? Date.now,
  };
  if (!(config.accessTokenTtlS >= 1)) throw new ConfigError('the access token lifetime must be at least 1 s');
  return { config, notes };
}

/** CLISONIX_CLOUD_DATA, else `cloud` under CLISONIX_HOME, else under the platform's user-data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const explicit = nonEmpty(env[CLOUD_ENV.dataDir]);
  if (explicit !== undefined) return explicit;
  const home = nonEmpty(env[CLOUD_ENV.home]);
  if (home !== undefined) return path.join(home, 'cloud');
  const user = os.homedir();
  if (process.platform === 'darwin')
    return path.join(user, 'Library', 'Application Support', 'Clisonix', 'cloud');
  if (process.platform === 'win32') {
    return path.join(nonEmpty(env.APPDATA) ?? path.join(user, 'AppData', 'Roaming'), 'Clisonix', 'cloud');
  }
  return path.join(nonEmpty(env.XDG_DATA_HOME) ?? path.join(user, '.local', 'share'), 'clisonix', 'cloud');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigError(`${name} must be a number >= 0 (0 turns it off), not "${raw}"`);
  return value;
}
