import type { Redis } from "ioredis";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Per-user call limits as token buckets: each user may burst up to their per-minute limit and
 * refills continuously at that rate.
 */
export interface RateLimiter {
  /** Takes one call from the bucket; when empty, says how long until the next call is allowed. */
  take(key: string, perMinute: number): Promise<RateDecision>;
}

/** Buckets untouched for this long are full again and carry no information. */
const IDLE_MS = 60_000;

/** One process's buckets: right for a single server, where nothing else shares the limit. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private lastEviction = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, perMinute: number): Promise<RateDecision> {
    const now = this.now();
    const refillPerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    const tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
    this.evictIdle(now);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, updatedAt: now });
    return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / refillPerMs) };
  }

  /** Dropping full buckets keeps memory bounded by the users active in the last minute. */
  private evictIdle(now: number): void {
    if (now - this.lastEviction < IDLE_MS) return;
    this.lastEviction = now;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt > IDLE_MS) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}

// The same bucket arithmetic as MemoryRateLimiter, run atomically inside Redis so that every
// replica draws from one bucket per user. The caller's clock is passed in (ARGV[2]) so both
// implementations answer identically for the same sequence of calls.
const TAKE_SCRIPT = `
local per_minute = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local refill_per_ms = per_minute / 60000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated_at')
local tokens = tonumber(state[1]) or per_minute
local updated_at = tonumber(state[2]) or now
tokens = math.min(per_minute, tokens + (now - updated_at) * refill_per_ms)
local retry_after = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  retry_after = math.ceil((1 - tokens) / refill_per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated_at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ${IDLE_MS * 2})
return retry_after
`;

/** Buckets in Redis, shared by every Cairn replica pointed at the same REDIS_URL. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix?: string; now?: () => number } = {},
  ) {}

  async take(key: string, perMinute: number): Promise<RateDecision> {
    const now = (this.options.now ?? Date.now)();
    const bucket = `${this.options.prefix ?? "cairn:"}ai-rate:${key}`;
    const retryAfterMs = Number(await this.redis.eval(TAKE_SCRIPT, 1, bucket, perMinute, now));
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  }
}
