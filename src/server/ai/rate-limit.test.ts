import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from "./rate-limit";

type Clock = { now: number };

// The same expectations for both stores: a replica using Redis must limit exactly as one
// process does on its own.
function behavesAsATokenBucket(create: (clock: Clock) => RateLimiter) {
  it("allows a burst up to the per-minute limit, then refuses with a retry time", async () => {
    const clock = { now: 0 };
    const limiter = create(clock);
    for (let call = 0; call < 3; call++) expect(await limiter.take("u", 3)).toEqual({ allowed: true });
    expect(await limiter.take("u", 3)).toEqual({ allowed: false, retryAfterMs: 20_000 });
    clock.now = 19_999;
    expect((await limiter.take("u", 3)).allowed).toBe(false);
    clock.now = 20_000;
    expect(await limiter.take("u", 3)).toEqual({ allowed: true });
  });

  it("keeps users apart", async () => {
    const limiter = create({ now: 0 });
    expect((await limiter.take("a", 1)).allowed).toBe(true);
    expect((await limiter.take("a", 1)).allowed).toBe(false);
    expect((await limiter.take("b", 1)).allowed).toBe(true);
  });

  it("never refills beyond the limit", async () => {
    const clock = { now: 0 };
    const limiter = create(clock);
    await limiter.take("u", 2);
    clock.now = 10 * 60_000;
    expect((await limiter.take("u", 2)).allowed).toBe(true);
    expect((await limiter.take("u", 2)).allowed).toBe(true);
    expect((await limiter.take("u", 2)).allowed).toBe(false);
  });
}

describe("MemoryRateLimiter", () => {
  behavesAsATokenBucket((clock) => new MemoryRateLimiter(() => clock.now));

  it("forgets idle users", async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    await limiter.take("idle", 5);
    now = 61_000;
    await limiter.take("active", 5);
    now = 122_000;
    await limiter.take("active", 5);
    expect(limiter.size).toBe(1);
  });
});

// Runs where a Redis server is given (CI sets TEST_REDIS_URL), like the PostgreSQL project.
describe.runIf(process.env.TEST_REDIS_URL)("RedisRateLimiter", () => {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? "");
  /** Another replica's connection. */
  const otherReplica = new Redis(process.env.TEST_REDIS_URL ?? "");
  const prefix = `cairn-test:${randomUUID()}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    otherReplica.disconnect();
  });

  behavesAsATokenBucket(
    (clock) => new RedisRateLimiter(redis, { prefix: `${prefix}${randomUUID()}:`, now: () => clock.now }),
  );

  it("shares one bucket between replicas", async () => {
    const shared = { prefix: `${prefix}shared:`, now: () => 0 };
    const replicaA = new RedisRateLimiter(redis, shared);
    const replicaB = new RedisRateLimiter(otherReplica, shared);
    expect((await replicaA.take("u", 2)).allowed).toBe(true);
    expect((await replicaB.take("u", 2)).allowed).toBe(true);
    expect((await replicaA.take("u", 2)).allowed).toBe(false);
    expect((await replicaB.take("u", 2)).allowed).toBe(false);
  });

  it("lets the bucket expire once it would be full again", async () => {
    const limiter = new RedisRateLimiter(redis, { prefix: `${prefix}ttl:` });
    await limiter.take("u", 5);
    const ttl = await redis.pttl(`${prefix}ttl:ai-rate:u`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
