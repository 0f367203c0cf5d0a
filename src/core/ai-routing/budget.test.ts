import { describe, expect, it } from "vitest";
import { budgetStatus, crossesAlertThreshold, monthKey, monthStart, userLimitMicroUsd } from "./budget";

describe("budgetStatus", () => {
  it("is unlimited without a limit", () => {
    expect(budgetStatus(5_000_000, null)).toEqual({
      state: "unlimited",
      spentMicroUsd: 5_000_000,
      limitMicroUsd: null,
      remainingMicroUsd: null,
    });
  });

  it.each([
    [0, 100, "ok", 100],
    [79, 100, "ok", 21],
    [80, 100, "alert", 20],
    [99, 100, "alert", 1],
    [100, 100, "exhausted", 0],
    [150, 100, "exhausted", 0],
    [0, 0, "exhausted", 0],
  ] as const)("spent %i of %i -> %s", (spent, limit, state, remaining) => {
    const status = budgetStatus(spent, limit);
    expect(status.state).toBe(state);
    expect(status.remainingMicroUsd).toBe(remaining);
  });

  it("takes a custom alert threshold", () => {
    expect(budgetStatus(50, 100, 50).state).toBe("alert");
    expect(budgetStatus(49, 100, 50).state).toBe("ok");
  });
});

describe("crossesAlertThreshold", () => {
  it("is true only for the call that crosses 80%", () => {
    expect(crossesAlertThreshold(70, 85, 100)).toBe(true);
    expect(crossesAlertThreshold(70, 80, 100)).toBe(true);
    expect(crossesAlertThreshold(80, 90, 100)).toBe(false);
    expect(crossesAlertThreshold(10, 79, 100)).toBe(false);
    expect(crossesAlertThreshold(10, 120, 100)).toBe(true);
  });

  it("never fires without a positive limit", () => {
    expect(crossesAlertThreshold(0, 10, null)).toBe(false);
    expect(crossesAlertThreshold(0, 10, 0)).toBe(false);
  });
});

describe("userLimitMicroUsd", () => {
  it("prefers the user's override, even zero, over the org default", () => {
    expect(userLimitMicroUsd(5, 10)).toBe(5);
    expect(userLimitMicroUsd(0, 10)).toBe(0);
    expect(userLimitMicroUsd(undefined, 10)).toBe(10);
    expect(userLimitMicroUsd(undefined, null)).toBeNull();
  });
});

describe("months", () => {
  it("starts budgets on the first of the month in UTC", () => {
    expect(monthStart(new Date("2025-03-31T23:59:59Z")).toISOString()).toBe("2025-03-01T00:00:00.000Z");
    expect(monthKey(new Date("2025-12-01T00:00:00Z"))).toBe("2025-12-01");
    expect(monthKey(new Date("2026-01-01T00:30:00+01:00"))).toBe("2025-12-01");
  });
});
