// Login throttling kept in the database, so that every server instance behind a load balancer sees the same
// counts: after `maxPerEmail` failures for one email (or `maxPerIp` from one address) within the window, further
// attempts get 429 with Retry-After until the oldest failure leaves the window. Success clears the email's count.
import { randomUUID } from 'node:crypto';
import type { CloudDb } from '../db/connect';
import { sha256Hex } from './secrets';

export interface LoginThrottleOptions {
  readonly maxPerEmail: number;
  readonly maxPerIp: number;
  readonly windowMs: number;
}

export class LoginThrottle {
  constructor(
    private readonly db: CloudDb,
    private readonly options: LoginThrottleOptions,
    private readonly now: () => number,
  ) {}

  /** Seconds to wait, or 0 when an attempt may go ahead. */
  async retryAfterS(email: string, ip: string): Promise<number> {
    const waits = await Promise.all([
      this.wait(emailBucket(email), this.options.maxPerEmail),
      this.wait(ipBucket(ip), this.options.maxPerIp),
    ]);
    return Math.max(...waits);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const createdAt = this.now();
    await this.db
      .insertInto('login_failures')
      .values([
        { id: randomUUID(), bucket: emailBucket(email), created_at: createdAt },
        { id: randomUUID(), bucket: ipBucket(ip), created_at: createdAt },
      ])
      .execute();
    // Old rows are of no use to anyone: drop them as we go, so the table stays the size of one window.
    await this.db
      .deleteFrom('login_failures')
      .where('created_at', '<', createdAt - this.options.windowMs)
      .execute();
  }

  async clear(email: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('bucket', '=', emailBucket(email)).execute();
  }

  private async wait(bucket: string, max: number): Promise<number> {
    if (max <= 0) return 0; // 0 turns this limit off
    const since = this.now() - this.options.windowMs;
    const recent = await this.db
      .selectFrom('login_failures')
      .select('created_at')
      .where('bucket', '=', bucket)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .limit(max)
      .execute();
    if (recent.length < max) return 0;
    // The max-th most recent failure decides when the count drops below the limit again.
    const deciding = recent[max - 1]?.created_at ?? this.now();
    return Math.max(1, Math.ceil((deciding + this.options.windowMs - this.now()) / 1000));
  }
}

/** Emails are throttled by their hash: the table never holds an address someone merely tried. */
const emailBucket = (email: string) => `email:${sha256Hex(email)}`;
const ipBucket = (ip: string) => `ip:${ip}`;
