import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst up to the per-minute limit, then refuses with a retry time", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let call = 0; call < 3; call++) expect(limiter.take("u", 3)).toEqual({ allowed: true });
    expect(limiter.take("u", 3)).toEqual({ allowed: false, retryAfterMs: 20_000 });
    now = 19_999;
    expect(limiter.take("u", 3).allowed).toBe(false);
    now = 20_000;
    expect(limiter.take("u", 3)).toEqual({ allowed: true });
  });

  it("keeps users apart", () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take("a", 1).allowed).toBe(true);
    expect(limiter.take("a", 1).allowed).toBe(false);
    expect(limiter.take("b", 1).allowed).toBe(true);
  });

  it("never refills beyond the limit", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    limiter.take("u", 2);
    now = 10 * 60_000;
    expect(limiter.take("u", 2).allowed).toBe(true);
    expect(limiter.take("u", 2).allowed).toBe(true);
    expect(limiter.take("u", 2).allowed).toBe(false);
  });

  it("forgets idle users", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    limiter.take("idle", 5);
    now = 61_000;
    limiter.take("active", 5);
    now = 122_000;
    limiter.take("active", 5);
    expect(limiter.size).toBe(1);
  });
});
