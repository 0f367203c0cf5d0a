import { describe, expect, it } from "vitest";
import {
  checkInWeeks,
  cycleDatesProblem,
  cycleElapsedFraction,
  cycleFrom,
  cycleLengthDays,
  cyclePhase,
  dayOfCycle,
  isCheckInWeekOf,
  quarterOf,
  weekStartOf,
} from "./cycles";

describe("cycles", () => {
  it("makes 90-day cycles by default, leap years included", () => {
    // 31 (Jan) + 28 (Feb) + 31 (Mar) = 90
    expect(cycleFrom("2026-01-01")).toEqual({ startDate: "2026-01-01", endDate: "2026-03-31" });
    // 31 + 29 + 30: the 90th day of a leap year's first quarter is March 30
    expect(cycleFrom("2024-01-01")).toEqual({ startDate: "2024-01-01", endDate: "2024-03-30" });
    expect(cycleLengthDays(cycleFrom("2026-07-06"))).toBe(90);
  });

  it("takes a configurable length", () => {
    expect(cycleFrom("2026-07-06", 14)).toEqual({ startDate: "2026-07-06", endDate: "2026-07-19" });
    expect(cycleFrom("2026-07-06", 1)).toEqual({ startDate: "2026-07-06", endDate: "2026-07-06" });
    expect(() => cycleFrom("2026-07-06", 0)).toThrow(RangeError);
    expect(() => cycleFrom("2026-07-06", 367)).toThrow(RangeError);
    expect(() => cycleFrom("2026-07-06", 2.5)).toThrow(RangeError);
  });

  it("explains impossible date pairs", () => {
    expect(cycleDatesProblem({ startDate: "2026-07-01", endDate: "2026-09-30" })).toBeNull();
    expect(cycleDatesProblem({ startDate: "2026-07-01", endDate: "2026-06-30" })).toMatch(/before/);
    expect(cycleDatesProblem({ startDate: "2026-01-01", endDate: "2027-01-02" })).toMatch(/366/);
    expect(cycleDatesProblem({ startDate: "2026-02-30", endDate: "2026-03-01" })).toMatch(/YYYY-MM-DD/);
  });

  it.each([
    [
      "2026-08-15",
      { year: 2026, quarter: 3, name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30" },
    ],
    [
      "2026-12-31",
      { year: 2026, quarter: 4, name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" },
    ],
    [
      "2026-04-01",
      { year: 2026, quarter: 2, name: "Q2 2026", startDate: "2026-04-01", endDate: "2026-06-30" },
    ],
    [
      "2024-02-29",
      { year: 2024, quarter: 1, name: "Q1 2024", startDate: "2024-01-01", endDate: "2024-03-31" },
    ],
  ])("puts %s in its calendar quarter", (date, quarter) => {
    expect(quarterOf(date)).toEqual(quarter);
  });

  it("measures elapsed time in whole days that have passed", () => {
    const cycle = { startDate: "2026-07-01", endDate: "2026-09-28" }; // 90 days
    expect(cycleElapsedFraction(cycle, "2026-06-01")).toBe(0);
    expect(cycleElapsedFraction(cycle, "2026-07-01")).toBe(0);
    expect(cycleElapsedFraction(cycle, "2026-07-10")).toBe(0.1); // 9 / 90
    expect(cycleElapsedFraction(cycle, "2026-08-15")).toBe(0.5); // 45 / 90
    expect(cycleElapsedFraction(cycle, "2026-09-28")).toBeCloseTo(89 / 90, 12);
    expect(cycleElapsedFraction(cycle, "2026-09-29")).toBe(1);
    expect(cycleElapsedFraction(cycle, "2027-01-01")).toBe(1);
  });

  it("knows the phase and day of a cycle", () => {
    const cycle = { startDate: "2026-07-01", endDate: "2026-09-28" };
    expect(cyclePhase(cycle, "2026-06-30")).toBe("upcoming");
    expect(cyclePhase(cycle, "2026-07-01")).toBe("active");
    expect(cyclePhase(cycle, "2026-09-28")).toBe("active");
    expect(cyclePhase(cycle, "2026-09-29")).toBe("ended");
    expect(dayOfCycle(cycle, "2026-07-01")).toBe(1);
    expect(dayOfCycle(cycle, "2026-08-15")).toBe(46);
    expect(dayOfCycle(cycle, "2026-01-01")).toBe(1);
    expect(dayOfCycle(cycle, "2027-01-01")).toBe(90);
  });

  it("identifies check-in weeks by their Monday", () => {
    expect(weekStartOf("2026-07-01")).toBe("2026-06-29"); // a Wednesday
    expect(weekStartOf("2026-06-29")).toBe("2026-06-29");
    expect(weekStartOf("2026-07-05")).toBe("2026-06-29"); // Sunday ends the ISO week
  });

  it("takes check-ins for the weeks a cycle touches, from its first week to its last", () => {
    const cycle = { startDate: "2026-07-01", endDate: "2026-09-28" }; // Wednesday to Monday
    expect(checkInWeeks(cycle)).toEqual({ first: "2026-06-29", last: "2026-09-28" });
    expect(isCheckInWeekOf(cycle, "2026-06-29")).toBe(true);
    expect(isCheckInWeekOf(cycle, "2026-09-28")).toBe(true);
    expect(isCheckInWeekOf(cycle, "2026-06-22")).toBe(false);
    expect(isCheckInWeekOf(cycle, "2026-10-05")).toBe(false);
  });
});
