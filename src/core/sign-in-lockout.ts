/**
 * Lockout after repeated failed sign-ins for one email. Counting per attempted email (whether
 * or not an account exists) keeps the answer the same for real and unknown addresses.
 */

export interface LockoutPolicy {
  maxFailures: number;
  /** Failures older than this no longer count. */
  failureWindowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailures: 5,
  failureWindowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

export const EMPTY_THROTTLE: ThrottleState = { failures: 0, lockedUntil: null, lastFailureAt: null };

/** Milliseconds until the lock lifts, or 0 when sign-in may be attempted. */
export function lockRemainingMs(state: ThrottleState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

export function afterFailure(
  state: ThrottleState,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): ThrottleState {
  const stale =
    !state.lastFailureAt || now.getTime() - state.lastFailureAt.getTime() > policy.failureWindowMs;
  const lockExpired = state.lockedUntil !== null && state.lockedUntil <= now;
  const failures = (stale || lockExpired ? 0 : state.failures) + 1;
  return {
    failures,
    lastFailureAt: now,
    lockedUntil: failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : null,
  };
}

export function afterSuccess(): ThrottleState {
  return EMPTY_THROTTLE;
}
