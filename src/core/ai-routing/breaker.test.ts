import { describe, expect, it } from "vitest";
import {
  admitCall,
  type BreakerPolicy,
  type BreakerState,
  CLOSED_BREAKER,
  recordFailure,
  recordNeutral,
  recordSuccess,
  visibleStatus,
  wouldAdmit,
} from "./breaker";

const policy: BreakerPolicy = { failureThreshold: 3, cooldownMs: 1000 };

function failTimes(state: BreakerState, times: number, now = 0): BreakerState {
  let current = state;
  for (let i = 0; i < times; i++) current = recordFailure(current, now, policy);
  return current;
}

describe("circuit breaker", () => {
  it("admits calls while closed and counts consecutive failures", () => {
    expect(admitCall(CLOSED_BREAKER, 0, policy)).toEqual({ admitted: true, next: CLOSED_BREAKER });
    expect(failTimes(CLOSED_BREAKER, 2)).toEqual({ status: "closed", consecutiveFailures: 2 });
  });

  it("opens at the failure threshold and refuses calls during the cooldown", () => {
    const open = failTimes(CLOSED_BREAKER, 3, 500);
    expect(open).toEqual({ status: "open", openedAt: 500 });
    expect(admitCall(open, 500, policy).admitted).toBe(false);
    expect(admitCall(open, 1499, policy).admitted).toBe(false);
    expect(wouldAdmit(open, 1499, policy)).toBe(false);
  });

  it("a success in between resets the count", () => {
    const afterSuccess = recordSuccess();
    expect(recordSuccess()).toEqual(CLOSED_BREAKER);
    // Two failures, a success, two more: never three in a row, so it stays closed.
    expect(failTimes(afterSuccess, 2)).toEqual({ status: "closed", consecutiveFailures: 2 });
    expect(failTimes(failTimes(CLOSED_BREAKER, 2), 1)).toEqual({ status: "open", openedAt: 0 });
  });

  it("lets exactly one probe through after the cooldown", () => {
    const open = failTimes(CLOSED_BREAKER, 3, 0);
    const probe = admitCall(open, 1000, policy);
    expect(probe).toEqual({ admitted: true, next: { status: "half_open", probeInFlight: true } });
    expect(admitCall(probe.next, 1001, policy).admitted).toBe(false);
  });

  it("closes when the probe succeeds and re-opens, restarting the cooldown, when it fails", () => {
    const halfOpen = admitCall(failTimes(CLOSED_BREAKER, 3, 0), 1000, policy).next;
    expect(recordSuccess()).toEqual(CLOSED_BREAKER);
    const reopened = recordFailure(halfOpen, 1200, policy);
    expect(reopened).toEqual({ status: "open", openedAt: 1200 });
    expect(admitCall(reopened, 2100, policy).admitted).toBe(false);
    expect(admitCall(reopened, 2200, policy).admitted).toBe(true);
  });

  it("frees the probe slot when the probe ends neutrally (caller abort, 4xx)", () => {
    const halfOpen = admitCall(failTimes(CLOSED_BREAKER, 3, 0), 1000, policy).next;
    const released = recordNeutral(halfOpen);
    expect(released).toEqual({ status: "half_open", probeInFlight: false });
    expect(admitCall(released, 1000, policy)).toEqual({
      admitted: true,
      next: { status: "half_open", probeInFlight: true },
    });
    expect(recordNeutral(CLOSED_BREAKER)).toBe(CLOSED_BREAKER);
  });

  it("keeps the cooldown running when a late call fails while open", () => {
    const open: BreakerState = { status: "open", openedAt: 100 };
    expect(recordFailure(open, 900, policy)).toBe(open);
  });

  it("shows an open circuit past its cooldown as half-open", () => {
    const open: BreakerState = { status: "open", openedAt: 0 };
    expect(visibleStatus(open, 999, policy)).toBe("open");
    expect(visibleStatus(open, 1000, policy)).toBe("half_open");
    expect(visibleStatus(CLOSED_BREAKER, 0, policy)).toBe("closed");
  });
});
