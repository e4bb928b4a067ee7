// Opaque secrets (refresh tokens, API keys): 32 random bytes, base64url, with a readable prefix. Only their
// SHA-256 is stored; they carry 256 bits of entropy, so a fast hash is enough and lookups stay O(1).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const REFRESH_PREFIX = 'refresh_';
export const API_KEY_PREFIX = 'api_sk_';
/** 32 bytes in unpadded base64url. */
const BODY = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return REFRESH_PREFIX + randomBytes(32).toString('base64url');
}

export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** True when `value` has the exact shape of one of our secrets with that prefix (no database lookup needed otherwise). */
export function hasSecretShape(value: string, prefix: string): boolean {
  return value.startsWith(prefix) && BODY.test(value.slice(prefix.length));
}

export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** What an API key looks like in a list: enough to recognise it, far too little to use it. */
export function displayPrefix(apiKey: string): string {
  return apiKey.slice(0, API_KEY_PREFIX.length + 6);
}
