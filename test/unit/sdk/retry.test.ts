// The SDK's backoff: full jitter under an exponential ceiling, never sooner than Retry-After.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, backoffMs, isRetryableStatus, parseRetryAfter } from '../../../src/sdk/retry';

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 4000).toUTCString(), now)).toBe(4000);
    expect(parseRetryAfter(new Date(now - 4000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('draws a delay under 2^attempt times the base, capped, and at least Retry-After', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(policy, 0, null, () => 0)).toBe(0);
    expect(backoffMs(policy, 0, null, () => 0.999)).toBe(99);
    expect(backoffMs(policy, 3, null, () => 0.5)).toBe(400);
    expect(backoffMs(policy, 10, null, () => 0.999)).toBe(999);
    expect(backoffMs(policy, 0, 2500, () => 0.999)).toBe(2500);
    expect(backoffMs(policy, 4, 10, () => 0.5)).toBe(500);
  });

  it('retries 429 and 5xx except 501', () => {
    expect([400, 401, 404, 409, 429, 500, 501, 502, 503, 504].map(isRetryableStatus)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
  });
});
