/**
 * Per-user call limits as token buckets held in this process: each user may burst up to
 * their per-minute limit and refills continuously at that rate. With several replicas each
 * enforces the limit on its own share of traffic (Redis is the scale-out path, see DESIGN.md).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one call from the bucket; when empty, says how long until the next call is allowed. */
  take(key: string, perMinute: number): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const now = this.now();
    const refillPerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    const tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
      this.evictIdle(now);
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, updatedAt: now });
    return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / refillPerMs) };
  }

  private lastEviction = 0;

  /** Full buckets carry no information; dropping them keeps memory bounded by active users. */
  private evictIdle(now: number): void {
    if (now - this.lastEviction < 60_000) return;
    this.lastEviction = now;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt > 60_000) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
