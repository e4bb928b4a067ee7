// Accounts, logins, refresh-token rotation, API keys, logout and authentication of every request
// (docs/design/API.md "Authentication").
import { randomUUID } from 'node:crypto';
import {
  type ApiKeyCreateResponse,
  type ApiKeyInfo,
  type ApiKeyRevokeResponse,
  type AuthMethod,
  type LoginResponse,
  type LogoutResponse,
  type LogoutScope,
  type RefreshResponse,
  type RegisterResponse,
} from '../../shared/cloud';
import { isUniqueViolation, type CloudDb } from '../db/connect';
import {
  authorizationRequired,
  conflict,
  insufficientPermissions,
  invalidApiKey,
  invalidCredentials,
  invalidRefreshToken,
  invalidToken,
  notFound,
  rateLimited,
  tokenExpired,
  type HttpError,
} from '../http/errors';
import { writeAudit, type AuditAction } from './audit';
import type { JwtIssuer } from './jwt';
import type { LoginThrottle } from './login-throttle';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords';
import {
  API_KEY_PREFIX,
  REFRESH_PREFIX,
  displayPrefix,
  hasSecretShape,
  newApiKey,
  newRefreshToken,
  sameDigest,
  sha256Hex,
} from './secrets';

/** Who is calling, once their credentials have been checked. */
export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly method: AuthMethod;
  /** The login behind a JWT, or behind a login's API key; null for a key made with POST /auth/api-key. */
  readonly sessionId: string | null;
  readonly apiKeyId: string | null;
}

export interface RequestContext {
  readonly ip: string;
  /** `METHOD /path` for the audit log. */
  readonly endpoint: string;
}

export interface AuthServiceOptions {
  readonly refreshTtlMs: number;
  /** A rotated refresh token used again within this window is a concurrent refresh, not a theft. */
  readonly refreshReuseGraceMs: number;
  /** Logins kept per user; the oldest are ended beyond this. */
  readonly maxSessionsPerUser: number;
  readonly now: () => number;
}

const LOGIN_KEY_LABEL = 'login';
/** How stale last_used_at may get before a request writes it again (avoids a write per request). */
const LAST_USED_RESOLUTION_MS = 60_000;
const BEARER = /^Bearer[ ]+([^\s]+)$/i;

export class AuthService {
  constructor(
    private readonly db: CloudDb,
    private readonly jwt: JwtIssuer,
    private readonly throttle: LoginThrottle,
    private readonly options: AuthServiceOptions,
  ) {}

  private now(): number {
    return this.options.now();
  }

  private audit(
    ctx: RequestContext,
    userId: string | null,
    action: AuditAction,
    statusCode: number,
    detail?: string,
  ): Promise<void> {
    return writeAudit(
      this.db,
      {
        userId,
        action,
        endpoint: ctx.endpoint,
        statusCode,
        ip: ctx.ip,
        ...(detail === undefined ? {} : { detail }),
      },
      this.now(),
    );
  }

  async register(email: string, password: string, ctx: RequestContext): Promise<RegisterResponse> {
    const passwordHash = await hashPassword(password);
    const now = this.now();
    const id = randomUUID();
    try {
      await this.db
        .insertInto('users')
        .values({ id, email, password_hash: passwordHash, created_at: now, updated_at: now })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('An account with this email already exists');
      throw error;
    }
    await this.audit(ctx, id, 'register', 201);
    return { user_id: id, email, created_at: new Date(now).toISOString() };
  }

  async login(email: string, password: string, ctx: RequestContext): Promise<LoginResponse> {
    const waitS = await this.throttle.retryAfterS(email, ctx.ip);
    if (waitS > 0) {
      await this.audit(ctx, null, 'login_throttled', 429);
      throw rateLimited(waitS, 'Too many failed logins; retry after the given delay');
    }
    const user = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'password_hash'])
      .where('email', '=', email)
      .executeTakeFirst();
    // The unknown-email path verifies against a dummy hash: same work, same time, same answer.
    const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!user || !passwordOk) {
      await this.throttle.recordFailure(email, ctx.ip);
      await this.audit(ctx, user?.id ?? null, 'login_failed', 401);
      throw invalidCredentials();
    }
    await this.throttle.clear(email);
    if (needsRehash(user.password_hash)) {
      const rehashed = await hashPassword(password);
      await this.db
        .updateTable('users')
        .set({ password_hash: rehashed, updated_at: this.now() })
        .where('id', '=', user.id)
        .execute();
    }

    const now = this.now();
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const apiKey = newApiKey();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({ id: sessionId, user_id: user.id, created_at: now, revoked_at: null, revoked_reason: null })
        .execute();
      await trx
        .insertInto('refresh_tokens')
        .values({
          id: randomUUID(),
          user_id: user.id,
          session_id: sessionId,
          token_hash: sha256Hex(refreshToken),
          parent_id: null,
          expires_at: now + this.options.refreshTtlMs,
          created_at: now,
          rotated_at: null,
          revoked_at: null,
        })
        .execute();
      await trx
        .insertInto('api_keys')
        .values({
          id: randomUUID(),
          user_id: user.id,
          session_id: sessionId,
          key_hash: sha256Hex(apiKey),
          prefix: displayPrefix(apiKey),
          label: LOGIN_KEY_LABEL,
          created_at: now,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
    });
    await this.endSessionsBeyondLimit(user.id);
    const { token } = await this.jwt.sign({ userId: user.id, email: user.email, sessionId });
    await this.audit(ctx, user.id, 'login', 200);
    return {
      token,
      refresh_token: refreshToken,
      api_key: apiKey,
      expires_in: this.jwt.ttlS,
      token_type: 'Bearer',
      user_id: user.id,
    };
  }

  async refresh(refreshToken: string, ctx: RequestContext): Promise<RefreshResponse> {
    const fail = async (detail: string, userId: string | null = null): Promise<never> => {
      await this.audit(ctx, userId, 'refresh_failed', 401, detail);
      throw invalidRefreshToken();
    };
    if (!hasSecretShape(refreshToken, REFRESH_PREFIX)) return fail('malformed token');
    const tokenHash = sha256Hex(refreshToken);
    const row = await this.db
      .selectFrom('refresh_tokens as rt')
      .innerJoin('sessions as s', 's.id', 'rt.session_id')
      .innerJoin('users as u', 'u.id', 'rt.user_id')
      .select([
        'rt.id',
        'rt.token_hash',
        'rt.user_id',
        'rt.session_id',
        'rt.expires_at',
        'rt.revoked_at',
        's.revoked_at as session_revoked_at',
        'u.email',
      ])
      .where('rt.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || !sameDigest(row.token_hash, tokenHash)) return fail('unknown token');
    if (row.revoked_at !== null || row.session_revoked_at !== null) return fail('revoked token', row.user_id);
    const now = this.now();
    if (row.expires_at <= now) return fail('expired token', row.user_id);

    const successor = newRefreshToken();
    const outcome = await this.db.transaction().execute(async (trx) => {
      // Exactly one caller wins the rotation; the row lock (PostgreSQL) or the single writer (SQLite) decides.
      const won = await trx
        .updateTable('refresh_tokens')
        .set({ rotated_at: now })
        .where('id', '=', row.id)
        .where('rotated_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      let kind: 'rotated' | 'concurrent' | 'reuse' = 'rotated';
      if (won.numUpdatedRows === 0n) {
        const current = await trx
          .selectFrom('refresh_tokens')
          .select(['rotated_at', 'revoked_at'])
          .where('id', '=', row.id)
          .executeTakeFirst();
        const rotatedAt = current?.rotated_at ?? null;
        kind =
          current?.revoked_at === null &&
          rotatedAt !== null &&
          now - rotatedAt <= this.options.refreshReuseGraceMs
            ? 'concurrent'
            : 'reuse';
      }
      if (kind === 'reuse') {
        await revokeSessions(trx, [row.session_id], now, 'refresh token reuse');
        return kind;
      }
      await trx
        .insertInto('refresh_tokens')
        .values({
          id: randomUUID(),
          user_id: row.user_id,
          session_id: row.session_id,
          token_hash: sha256Hex(successor),
          parent_id: row.id,
          expires_at: now + this.options.refreshTtlMs,
          created_at: now,
          rotated_at: null,
          revoked_at: null,
        })
        .execute();
      return kind;
    });

    if (outcome === 'reuse') {
      await this.audit(ctx, row.user_id, 'refresh_reuse_detected', 401, `session ${row.session_id} revoked`);
      throw invalidRefreshToken(
        'Refresh token was already used; this login has been ended. Please log in again.',
      );
    }
    const { token } = await this.jwt.sign({
      userId: row.user_id,
      email: row.email,
      sessionId: row.session_id,
    });
    await this.audit(ctx, row.user_id, outcome === 'rotated' ? 'refresh' : 'refresh_concurrent', 200);
    return { token, refresh_token: successor, expires_in: this.jwt.ttlS, token_type: 'Bearer' };
  }

  /** Checks the request's credentials (Bearer JWT or X-API-Key) and returns the caller, or throws a 401. */
  async authenticate(
    headers: { authorization?: string | undefined; apiKey?: string | undefined },
    ctx: RequestContext,
  ): Promise<Principal> {
    const failed = async (error: HttpError, detail: string, userId: string | null = null): Promise<never> => {
      await this.audit(ctx, userId, 'auth_failed', error.statusCode, detail);
      throw error;
    };
    if (headers.authorization !== undefined) {
      const bearer = BEARER.exec(headers.authorization.trim())?.[1];
      if (bearer === undefined) {
        return failed(invalidToken("Authorization header must be 'Bearer <token>'"), 'malformed header');
      }
      // Clients that put an API key in the Bearer slot are served as if they had used X-API-Key.
      if (bearer.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(bearer, ctx);
      return this.authenticateJwt(bearer, ctx);
    }
    if (headers.apiKey !== undefined) return this.authenticateApiKey(headers.apiKey.trim(), ctx);
    return failed(authorizationRequired(), 'no credentials');
  }

  private async authenticateJwt(token: string, ctx: RequestContext): Promise<Principal> {
    const outcome = await this.jwt.verify(token);
    if (!outcome.ok) {
      const error = outcome.reason === 'expired' ? tokenExpired(outcome.expiresAt) : invalidToken();
      await this.audit(
        ctx,
        null,
        'auth_failed',
        401,
        outcome.reason === 'expired' ? 'expired token' : 'invalid token',
      );
      throw error;
    }
    const { claims } = outcome;
    const session = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.email', 's.revoked_at'])
      .where('s.id', '=', claims.sessionId)
      .where('s.user_id', '=', claims.userId)
      .executeTakeFirst();
    if (!session || session.revoked_at !== null) {
      await this.audit(ctx, session ? claims.userId : null, 'auth_failed', 401, 'revoked token');
      throw invalidToken();
    }
    return {
      userId: claims.userId,
      email: session.email,
      method: 'jwt',
      sessionId: claims.sessionId,
      apiKeyId: null,
    };
  }

  private async authenticateApiKey(apiKey: string, ctx: RequestContext): Promise<Principal> {
    const refuse = async (detail: string): Promise<never> => {
      await this.audit(ctx, null, 'auth_failed', 401, detail);
      throw invalidApiKey();
    };
    if (!hasSecretShape(apiKey, API_KEY_PREFIX)) return refuse('malformed api key');
    const keyHash = sha256Hex(apiKey);
    const key = await this.db
      .selectFrom('api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select([
        'k.id',
        'k.key_hash',
        'k.user_id',
        'k.session_id',
        'k.last_used_at',
        'k.revoked_at',
        'u.email',
      ])
      .where('k.key_hash', '=', keyHash)
      .executeTakeFirst();
    if (!key || !sameDigest(key.key_hash, keyHash)) return refuse('unknown api key');
    if (key.revoked_at !== null) return refuse('revoked api key');
    const now = this.now();
    if (key.last_used_at === null || now - key.last_used_at > LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', key.id).execute();
    }
    return {
      userId: key.user_id,
      email: key.email,
      method: 'api_key',
      sessionId: key.session_id,
      apiKeyId: key.id,
    };
  }

  /** Refuses a caller that authenticated with an API key where only a Bearer JWT may act. */
  async requireJwt(principal: Principal, what: string, ctx: RequestContext): Promise<void> {
    if (principal.method === 'jwt') return;
    await this.audit(ctx, principal.userId, 'permission_denied', 403, what);
    throw insufficientPermissions(`An API key cannot ${what}; authenticate with a Bearer token`);
  }

  async createApiKey(
    principal: Principal,
    label: string,
    ctx: RequestContext,
  ): Promise<ApiKeyCreateResponse> {
    await this.requireJwt(principal, 'create API keys', ctx);
    const apiKey = newApiKey();
    const now = this.now();
    const id = randomUUID();
    await this.db
      .insertInto('api_keys')
      .values({
        id,
        user_id: principal.userId,
        session_id: null,
        key_hash: sha256Hex(apiKey),
        prefix: displayPrefix(apiKey),
        label,
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await this.audit(ctx, principal.userId, 'api_key_created', 200, `key ${id}`);
    return { api_key: apiKey, id, label, created_at: new Date(now).toISOString() };
  }

  async listApiKeys(principal: Principal): Promise<ApiKeyInfo[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .select(['id', 'label', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'session_id'])
      .where('user_id', '=', principal.userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      prefix: r.prefix,
      created_at: iso(r.created_at),
      last_used_at: r.last_used_at === null ? null : iso(r.last_used_at),
      revoked_at: r.revoked_at === null ? null : iso(r.revoked_at),
      from_login: r.session_id !== null,
    }));
  }

  async revokeApiKey(
    principal: Principal,
    keyId: string,
    ctx: RequestContext,
  ): Promise<ApiKeyRevokeResponse> {
    await this.requireJwt(principal, 'revoke API keys', ctx);
    const key = await this.db
      .selectFrom('api_keys')
      .select(['id', 'revoked_at'])
      .where('id', '=', keyId)
      .where('user_id', '=', principal.userId)
      .executeTakeFirst();
    if (!key) throw notFound('No API key with this id');
    let revokedAt = key.revoked_at;
    if (revokedAt === null) {
      revokedAt = this.now();
      await this.db.updateTable('api_keys').set({ revoked_at: revokedAt }).where('id', '=', key.id).execute();
      await this.audit(ctx, principal.userId, 'api_key_revoked', 200, `key ${key.id}`);
    }
    return { id: key.id, revoked_at: iso(revokedAt) };
  }

  /**
   * `session`: ends the caller's login at once (its JWTs, refresh tokens and login key), or the calling key when
   * it belongs to no login. `all`: every login and every API key of the user.
   */
  async logout(principal: Principal, scope: LogoutScope, ctx: RequestContext): Promise<LogoutResponse> {
    const now = this.now();
    const result = await this.db.transaction().execute(async (trx) => {
      if (scope === 'all') {
        const sessions = await trx
          .updateTable('sessions')
          .set({ revoked_at: now, revoked_reason: 'logout everywhere' })
          .where('user_id', '=', principal.userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        await trx
          .updateTable('refresh_tokens')
          .set({ revoked_at: now })
          .where('user_id', '=', principal.userId)
          .where('revoked_at', 'is', null)
          .execute();
        const keys = await trx
          .updateTable('api_keys')
          .set({ revoked_at: now })
          .where('user_id', '=', principal.userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return {
          revoked_sessions: Number(sessions.numUpdatedRows),
          revoked_api_keys: Number(keys.numUpdatedRows),
        };
      }
      if (principal.sessionId !== null) {
        return revokeSessions(trx, [principal.sessionId], now, 'logout');
      }
      const keys = await trx
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('id', '=', principal.apiKeyId ?? '')
        .where('user_id', '=', principal.userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return { revoked_sessions: 0, revoked_api_keys: Number(keys.numUpdatedRows) };
    });
    await this.audit(
      ctx,
      principal.userId,
      'logout',
      200,
      `scope ${scope}: ${result.revoked_sessions} sessions, ${result.revoked_api_keys} keys`,
    );
    return result;
  }

  /** Deletes the account and everything it owns; its tokens and keys stop working with the same commit. */
  async deleteUser(principal: Principal, ctx: RequestContext): Promise<void> {
    await this.requireJwt(principal, 'delete the account', ctx);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('file_chunks')
        .where(
          'file_id',
          'in',
          trx.selectFrom('uploads').select('id').where('user_id', '=', principal.userId),
        )
        .execute();
      await trx
        .deleteFrom('file_chunks')
        .where(
          'file_id',
          'in',
          trx.selectFrom('recordings').select('file_id').where('user_id', '=', principal.userId),
        )
        .execute();
      // Sessions, tokens, keys, recordings, uploads, analyses and streams go with the user (ON DELETE CASCADE);
      // audit rows stay, unlinked (ON DELETE SET NULL).
      await trx.deleteFrom('users').where('id', '=', principal.userId).execute();
    });
    await this.audit(ctx, null, 'user_deleted', 200, `user ${principal.userId}`);
  }

  private async endSessionsBeyondLimit(userId: string): Promise<void> {
    const active = await this.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(this.options.maxSessionsPerUser)
      .limit(1000)
      .execute();
    if (active.length === 0) return;
    const now = this.now();
    await this.db.transaction().execute((trx) =>
      revokeSessions(
        trx,
        active.map((s) => s.id),
        now,
        'too many sessions',
      ),
    );
  }
}

/** Ends logins at once: the sessions (so their JWTs fail), their refresh tokens and their login keys. */
async function revokeSessions(
  trx: CloudDb,
  sessionIds: readonly string[],
  now: number,
  reason: string,
): Promise<LogoutResponse> {
  const sessions = await trx
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', 'in', sessionIds)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await trx
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('session_id', 'in', sessionIds)
    .where('revoked_at', 'is', null)
    .execute();
  const keys = await trx
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('session_id', 'in', sessionIds)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return { revoked_sessions: Number(sessions.numUpdatedRows), revoked_api_keys: Number(keys.numUpdatedRows) };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
