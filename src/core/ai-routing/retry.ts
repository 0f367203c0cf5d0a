/** Why a provider call failed, as far as retrying and circuit breaking care. */
export type FailureKind =
  | "rate_limited"
  | "server_error"
  | "network"
  | "timeout"
  | "client_error"
  | "stream_interrupted"
  | "aborted";

export interface RetryPolicy {
  /** Retries on the same model after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  /** No backoff is longer; a retry-after beyond it means: fail over instead of waiting. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 8_000 };

const RETRYABLE: ReadonlySet<FailureKind> = new Set(["rate_limited", "server_error", "network"]);

/**
 * Failures that say the provider is unhealthy. A 4xx other than 429 is about this request or
 * this key, and an abort is the caller's choice: neither should open a circuit for everyone.
 */
const UNHEALTHY: ReadonlySet<FailureKind> = new Set([
  "rate_limited",
  "server_error",
  "network",
  "timeout",
  "stream_interrupted",
]);

export function failureKindForStatus(status: number): FailureKind {
  if (status === 429) return "rate_limited";
  if (status === 408) return "timeout";
  if (status >= 500) return "server_error";
  return "client_error";
}

export function countsAgainstBreaker(kind: FailureKind): boolean {
  return UNHEALTHY.has(kind);
}

/**
 * Milliseconds a provider asked us to wait: `retry-after-ms` (OpenAI), else `retry-after` as
 * seconds or an HTTP date. Header names are expected lower-case, as fetch delivers them.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  nowMs: number,
): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers["retry-after-ms"];
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds.trim())) {
    return Math.ceil(Number(milliseconds));
  }
  const value = headers["retry-after"]?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: "not_retryable" | "retries_exhausted" | "retry_after_too_long" };

/**
 * Whether to call the same model again and after how long: exponential backoff with equal
 * jitter (half fixed, half random, so retries spread out yet never come back immediately),
 * or exactly what the provider asked for when it sent retry-after.
 * `random` is a number in [0, 1).
 */
export function planRetry(input: {
  kind: FailureKind;
  retriesSoFar: number;
  retryAfterMs: number | undefined;
  policy: RetryPolicy;
  random: number;
}): RetryDecision {
  const { kind, retriesSoFar, retryAfterMs, policy, random } = input;
  if (!RETRYABLE.has(kind)) return { retry: false, reason: "not_retryable" };
  if (retriesSoFar >= policy.maxRetries) return { retry: false, reason: "retries_exhausted" };
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxDelayMs) return { retry: false, reason: "retry_after_too_long" };
    return { retry: true, delayMs: retryAfterMs };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesSoFar);
  return { retry: true, delayMs: Math.round(ceiling / 2 + (random * ceiling) / 2) };
}
