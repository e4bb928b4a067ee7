// Access tokens: what JwtIssuer signs, and every way verify() refuses a token.
import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { JwtIssuer } from '../../../src/cloud/auth/jwt';

const secret = new TextEncoder().encode('s'.repeat(40));
const subject = { userId: crypto.randomUUID(), email: 'a@example.com', sessionId: crypto.randomUUID() };

async function issuer(now: () => number, toleranceS = 60) {
  return JwtIssuer.create(secret, {
    issuer: 'iss',
    audience: 'aud',
    ttlS: 3600,
    clockToleranceS: toleranceS,
    now,
  });
}

describe('JwtIssuer', () => {
  it('signs the claims API.md lists and verifies them back', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const jwt = await issuer(() => t0);
    const { token, expiresAtS } = await jwt.sign(subject);
    expect(expiresAtS).toBe(t0 / 1000 + 3600);
    expect(decodeJwt(token)).toMatchObject({
      user_id: subject.userId,
      sub: subject.userId,
      email: subject.email,
      sid: subject.sessionId,
      iss: 'iss',
      aud: 'aud',
      iat: t0 / 1000,
      exp: t0 / 1000 + 3600,
    });
    const outcome = await jwt.verify(token);
    expect(outcome).toEqual({
      ok: true,
      claims: { ...subject, jti: decodeJwt(token).jti, issuedAtS: t0 / 1000, expiresAtS: t0 / 1000 + 3600 },
    });
  });

  it('accepts a token up to the clock tolerance past exp, and calls it expired after', async () => {
    let now = Date.UTC(2026, 0, 1);
    const jwt = await issuer(() => now, 60);
    const { token } = await jwt.sign(subject);
    now += (3600 + 59) * 1000;
    expect((await jwt.verify(token)).ok).toBe(true);
    now += 2000;
    expect(await jwt.verify(token)).toEqual({
      ok: false,
      reason: 'expired',
      expiresAt: new Date(Date.UTC(2026, 0, 1) + 3600_000),
    });
  });

  it('refuses tokens it did not issue, from the future, too long, or signed with a weak secret', async () => {
    const now = Date.UTC(2026, 0, 1);
    const jwt = await issuer(() => now, 0);
    const claims = { user_id: subject.userId, email: subject.email, sid: subject.sessionId };
    const signed = (
      header: { alg: string; typ?: string },
      key: Uint8Array,
      patch: Record<string, unknown> = {},
      issuedAtS = now / 1000,
    ) =>
      new SignJWT({ ...claims, ...patch })
        .setProtectedHeader(header)
        .setSubject(subject.userId)
        .setIssuer('iss')
        .setAudience('aud')
        .setIssuedAt(issuedAtS)
        .setExpirationTime(issuedAtS + 3600)
        .setJti('j')
        .sign(key);
    const bad = [
      await signed({ alg: 'HS256', typ: 'JWT' }, new TextEncoder().encode('t'.repeat(40))),
      await signed({ alg: 'HS384', typ: 'JWT' }, secret),
      await signed({ alg: 'HS256' }, secret),
      await signed({ alg: 'HS256', typ: 'JWT' }, secret, { user_id: 'someone-else' }),
      await signed({ alg: 'HS256', typ: 'JWT' }, secret, {}, now / 1000 + 120),
      'e30.e30.',
      'x'.repeat(5000),
    ];
    for (const [i, token] of bad.entries())
      expect([i, await jwt.verify(token)]).toEqual([i, { ok: false, reason: 'invalid' }]);
    expect((await jwt.verify(await signed({ alg: 'HS256', typ: 'JWT' }, secret))).ok).toBe(true);
    await expect(
      JwtIssuer.create(new Uint8Array(16), {
        issuer: 'i',
        audience: 'a',
        ttlS: 1,
        clockToleranceS: 0,
        now: Date.now,
      }),
    ).rejects.toThrow(/at least 32 bytes/);
  });
});
