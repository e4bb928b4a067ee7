// Access tokens: HS256 JWTs signed and verified with jose. The algorithm is pinned, typ is set and checked,
// exp/iat/iss/aud are checked with a bounded clock skew, and every claim the server relies on is required.
import { randomUUID, type webcrypto } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

export interface AccessClaims {
  readonly userId: string;
  readonly email: string;
  /** The login (session) this token belongs to: revoking the session ends the token at once. */
  readonly sessionId: string;
  readonly jti: string;
  readonly issuedAtS: number;
  readonly expiresAtS: number;
}

export type VerifyOutcome =
  | { readonly ok: true; readonly claims: AccessClaims }
  | { readonly ok: false; readonly reason: 'expired'; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'invalid' };

export interface JwtOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly ttlS: number;
  readonly clockToleranceS: number;
  readonly now: () => number;
}

const ALGORITHM = 'HS256';
const TYP = 'JWT';
/** Ours are ~400 bytes; anything far larger is not one of ours and is not worth parsing. */
const MAX_TOKEN_CHARS = 4096;

export class JwtIssuer {
  private constructor(
    private readonly key: webcrypto.CryptoKey,
    private readonly options: JwtOptions,
  ) {}

  static async create(secret: Uint8Array, options: JwtOptions): Promise<JwtIssuer> {
    if (secret.byteLength < 32) throw new Error('the JWT secret must be at least 32 bytes');
    const key = await crypto.subtle.importKey(
      'raw',
      Uint8Array.from(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    return new JwtIssuer(key, options);
  }

  get ttlS(): number {
    return this.options.ttlS;
  }

  async sign(subject: {
    userId: string;
    email: string;
    sessionId: string;
  }): Promise<{ token: string; expiresAtS: number }> {
    const issuedAtS = Math.floor(this.options.now() / 1000);
    const expiresAtS = issuedAtS + this.options.ttlS;
    const token = await new SignJWT({ user_id: subject.userId, email: subject.email, sid: subject.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: TYP })
      .setSubject(subject.userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(issuedAtS)
      .setExpirationTime(expiresAtS)
      .setJti(randomUUID())
      .sign(this.key);
    return { token, expiresAtS };
  }

  async verify(token: string): Promise<VerifyOutcome> {
    if (token.length > MAX_TOKEN_CHARS) return { ok: false, reason: 'invalid' };
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        typ: TYP,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceS,
        // Also refuses an iat in the future (beyond the tolerance): nobody can hold a token we have not issued yet.
        maxTokenAge: this.options.ttlS,
        currentDate: new Date(this.options.now()),
        requiredClaims: ['sub', 'iat', 'exp', 'jti', 'sid', 'user_id', 'email'],
      });
      const { sub, sid, email, user_id: userId, jti, iat, exp } = payload;
      if (
        typeof sub !== 'string' ||
        typeof sid !== 'string' ||
        typeof email !== 'string' ||
        userId !== sub ||
        typeof jti !== 'string' ||
        typeof iat !== 'number' ||
        typeof exp !== 'number'
      ) {
        return { ok: false, reason: 'invalid' };
      }
      return {
        ok: true,
        claims: { userId: sub, email, sessionId: sid, jti, issuedAtS: iat, expiresAtS: exp },
      };
    } catch (error) {
      // jose checks the signature before the claims: an expired token reaching here was signed by us.
      if (error instanceof errors.JWTExpired && typeof error.payload.exp === 'number') {
        return { ok: false, reason: 'expired', expiresAt: new Date(error.payload.exp * 1000) };
      }
      if (error instanceof errors.JOSEError || error instanceof TypeError)
        return { ok: false, reason: 'invalid' };
      throw error;
    }
  }
}
