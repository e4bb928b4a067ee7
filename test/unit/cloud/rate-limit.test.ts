// Token buckets: the burst passes, the next request waits exactly until a token has refilled.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/cloud/http/rate-limit';

describe('RateLimiter', () => {
  it('lets a burst through, then asks for the time one token takes', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBeCloseTo(1, 9); // 60 per minute: one per second
    expect(limiter.take('b')).toBe(0); // keys are separate
    now += 500;
    expect(limiter.take('a')).toBeCloseTo(0.5, 9);
    now += 500;
    expect(limiter.take('a')).toBe(0);
    now += 3_600_000;
    expect(
      [limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')].map((w) => w > 0),
    ).toEqual([false, false, false, true]);
  });

  it('does nothing when the rule is off', () => {
    const limiter = new RateLimiter({ perMinute: 0, burst: 0 }, () => 0);
    expect(limiter.enabled).toBe(false);
    expect(Array.from({ length: 1000 }, () => limiter.take('x')).every((w) => w === 0)).toBe(true);
  });
});
