import { describe, expect, it } from "vitest";
import {
  countsAgainstBreaker,
  DEFAULT_RETRY_POLICY,
  type FailureKind,
  failureKindForStatus,
  parseRetryAfter,
  planRetry,
  type RetryPolicy,
} from "./retry";

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe("failureKindForStatus", () => {
  it.each([
    [429, "rate_limited"],
    [408, "timeout"],
    [500, "server_error"],
    [502, "server_error"],
    [529, "server_error"],
    [400, "client_error"],
    [401, "client_error"],
    [404, "client_error"],
  ] as const)("%i -> %s", (status, kind) => {
    expect(failureKindForStatus(status)).toBe(kind);
  });
});

describe("countsAgainstBreaker", () => {
  it.each([
    ["rate_limited", true],
    ["server_error", true],
    ["network", true],
    ["timeout", true],
    ["stream_interrupted", true],
    ["client_error", false],
    ["aborted", false],
  ] as const)("%s -> %s", (kind, counts) => {
    expect(countsAgainstBreaker(kind)).toBe(counts);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it("reads seconds, fractional seconds and OpenAI's retry-after-ms", () => {
    expect(parseRetryAfter({ "retry-after": "2" }, now)).toBe(2000);
    expect(parseRetryAfter({ "retry-after": "0.5" }, now)).toBe(500);
    expect(parseRetryAfter({ "retry-after-ms": "120", "retry-after": "1" }, now)).toBe(120);
  });

  it("reads an HTTP date, never negative", () => {
    expect(parseRetryAfter({ "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }, now)).toBe(3000);
    expect(parseRetryAfter({ "retry-after": "Tue, 31 Dec 2024 23:59:00 GMT" }, now)).toBe(0);
  });

  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after-ms": "abc" }, now)).toBeUndefined();
  });
});

describe("planRetry", () => {
  const plan = (kind: FailureKind, retriesSoFar: number, random = 0.5, retryAfterMs?: number) =>
    planRetry({ kind, retriesSoFar, retryAfterMs, policy, random });

  it("retries rate limits, server errors and network errors", () => {
    for (const kind of ["rate_limited", "server_error", "network"] as const) {
      expect(plan(kind, 0).retry).toBe(true);
    }
  });

  it("fails over at once on timeouts, client errors, broken streams and aborts", () => {
    for (const kind of ["timeout", "client_error", "stream_interrupted", "aborted"] as const) {
      expect(plan(kind, 0)).toEqual({ retry: false, reason: "not_retryable" });
    }
  });

  it("backs off exponentially with equal jitter", () => {
    // Ceilings 100, 200, 400: the delay lies in [ceiling/2, ceiling].
    expect(plan("server_error", 0, 0)).toEqual({ retry: true, delayMs: 50 });
    expect(plan("server_error", 0, 0.999)).toEqual({ retry: true, delayMs: 100 });
    expect(plan("server_error", 1, 0)).toEqual({ retry: true, delayMs: 100 });
    expect(plan("server_error", 2, 0.5)).toEqual({ retry: true, delayMs: 300 });
  });

  it("caps the backoff", () => {
    const wide: RetryPolicy = { maxRetries: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(
      planRetry({ kind: "network", retriesSoFar: 8, retryAfterMs: undefined, policy: wide, random: 0.999 }),
    ).toEqual({ retry: true, delayMs: 1000 });
  });

  it("stops after maxRetries", () => {
    expect(plan("rate_limited", 3)).toEqual({ retry: false, reason: "retries_exhausted" });
  });

  it("honours retry-after exactly, and fails over when it asks for longer than the cap", () => {
    expect(plan("rate_limited", 0, 0.9, 700)).toEqual({ retry: true, delayMs: 700 });
    expect(plan("rate_limited", 0, 0.9, 0)).toEqual({ retry: true, delayMs: 0 });
    expect(plan("rate_limited", 0, 0.9, 1001)).toEqual({ retry: false, reason: "retry_after_too_long" });
  });

  it("has a sane default policy", () => {
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBeGreaterThan(0);
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBeGreaterThan(DEFAULT_RETRY_POLICY.baseDelayMs);
  });
});
