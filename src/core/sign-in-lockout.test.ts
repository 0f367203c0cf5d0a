import { describe, expect, it } from "vitest";
import {
  afterFailure,
  afterSuccess,
  DEFAULT_LOCKOUT_POLICY,
  EMPTY_THROTTLE,
  lockRemainingMs,
  type ThrottleState,
} from "./sign-in-lockout";

const start = new Date("2026-01-01T10:00:00Z");
const later = (ms: number) => new Date(start.getTime() + ms);

function failTimes(count: number, stepMs = 1000): ThrottleState {
  let state = EMPTY_THROTTLE;
  for (let i = 0; i < count; i++) state = afterFailure(state, later(i * stepMs));
  return state;
}

describe("sign-in lockout", () => {
  it("does not lock before the limit", () => {
    const state = failTimes(DEFAULT_LOCKOUT_POLICY.maxFailures - 1);
    expect(state.failures).toBe(4);
    expect(state.lockedUntil).toBeNull();
    expect(lockRemainingMs(state, later(5000))).toBe(0);
  });

  it("locks at the limit for the lock period", () => {
    const state = failTimes(DEFAULT_LOCKOUT_POLICY.maxFailures);
    const lastFailure = later(4000);
    expect(state.lockedUntil).toEqual(new Date(lastFailure.getTime() + DEFAULT_LOCKOUT_POLICY.lockMs));
    expect(lockRemainingMs(state, lastFailure)).toBe(DEFAULT_LOCKOUT_POLICY.lockMs);
    expect(lockRemainingMs(state, new Date(state.lockedUntil!.getTime() - 1))).toBe(1);
    expect(lockRemainingMs(state, state.lockedUntil!)).toBe(0);
  });

  it("forgets failures older than the window", () => {
    const state = afterFailure(failTimes(4), later(3000 + DEFAULT_LOCKOUT_POLICY.failureWindowMs + 1));
    expect(state.failures).toBe(1);
    expect(state.lockedUntil).toBeNull();
  });

  it("counts afresh after a lock expires", () => {
    const locked = failTimes(5);
    const afterLock = afterFailure(locked, new Date(locked.lockedUntil!.getTime() + 1));
    expect(afterLock.failures).toBe(1);
    expect(afterLock.lockedUntil).toBeNull();
  });

  it("clears everything on success", () => {
    expect(afterSuccess()).toEqual(EMPTY_THROTTLE);
  });
});
