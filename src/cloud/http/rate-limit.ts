// Request rate limits: token buckets in memory, one per key (an address, or a user). Each server instance
// counts its own requests; login throttling, which must hold across instances, lives in the database instead.

export interface BucketRule {
  /** Sustained rate; 0 turns the rule off. */
  readonly perMinute: number;
  /** Requests allowed in a burst above the sustained rate. */
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Keys kept at most; beyond it the least recently refilled are forgotten (they were full anyway or idle). */
const MAX_KEYS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rule: BucketRule,
    private readonly now: () => number,
  ) {}

  get enabled(): boolean {
    return this.rule.perMinute > 0;
  }

  /** Takes one token for `key`: 0 when allowed, else the seconds until a token is available. */
  take(key: string): number {
    if (!this.enabled) return 0;
    const now = this.now();
    const perMs = this.rule.perMinute / 60_000;
    const capacity = Math.max(1, this.rule.burst);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedMs: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updatedMs) * perMs);
    bucket.updatedMs = now;
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_KEYS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / perMs / 1000;
  }
}
