import { describe, expect, it } from "vitest";
import { assessKeyResult, checkInStaleness, loadByPerson, objectiveStatus } from "./health";

const cycle = { startDate: "2026-07-01", endDate: "2026-09-28" }; // 90 days; 2026-08-15 is halfway
const assess = (progress: number, today = "2026-08-15", confidence: number | null = null) =>
  assessKeyResult({ progress, confidence, cycle, today });

describe("at-risk detection", () => {
  it.each([
    // [progress, status, reasons]: halfway through, expected progress is 0.5
    [0.45, "on_track", []],
    [0.6, "on_track", []],
    [0.36, "on_track", []], // 0.14 behind
    [0.35, "at_risk", ["behind_pace"]], // 0.15 behind: the edge is at risk
    [0.3, "at_risk", ["behind_pace"]],
    [0.2, "off_track", ["far_behind_pace"]], // 0.3 behind
    [0, "off_track", ["far_behind_pace"]],
  ])("halfway through with progress %d is %s", (progress, status, reasons) => {
    const result = assess(progress);
    expect(result).toMatchObject({ status, reasons, expectedProgress: 0.5 });
    expect(result.gap).toBeCloseTo(0.5 - progress, 12);
  });

  it("lets low confidence make a key result on pace at risk or off track", () => {
    expect(assess(0.6, "2026-08-15", 0.5)).toMatchObject({ status: "on_track", reasons: [] });
    expect(assess(0.6, "2026-08-15", 0.4)).toMatchObject({ status: "at_risk", reasons: ["low_confidence"] });
    expect(assess(0.6, "2026-08-15", 0.2)).toMatchObject({
      status: "off_track",
      reasons: ["very_low_confidence"],
    });
    // High confidence does not excuse being far behind.
    expect(assess(0.1, "2026-08-15", 0.9)).toMatchObject({
      status: "off_track",
      reasons: ["far_behind_pace"],
    });
    expect(assess(0.3, "2026-08-15", 0.4)).toMatchObject({
      status: "at_risk",
      reasons: ["behind_pace", "low_confidence"],
    });
  });

  it("does not judge pace in the first tenth of the cycle", () => {
    expect(assess(0, "2026-07-05")).toMatchObject({ status: "on_track", reasons: [] }); // 4 / 90 elapsed
    expect(assess(0, "2026-07-10")).toMatchObject({ status: "on_track", reasons: [] }); // 0.1 elapsed, 0.1 behind
    expect(assess(0, "2026-07-15")).toMatchObject({ status: "at_risk", reasons: ["behind_pace"] }); // 14 / 90
    // Confidence still speaks during the grace period.
    expect(assess(0, "2026-07-05", 0.1)).toMatchObject({ status: "off_track" });
  });

  it("calls finished key results done and future cycles not started", () => {
    expect(assess(1, "2026-08-15", 0.1)).toMatchObject({ status: "done", reasons: [] });
    expect(assess(0, "2026-06-20")).toMatchObject({ status: "not_started", expectedProgress: 0 });
  });

  it("expects everything once the cycle has ended", () => {
    expect(assess(0.8, "2026-10-01")).toMatchObject({ status: "at_risk", expectedProgress: 1 });
    expect(assess(0.9, "2026-10-01")).toMatchObject({ status: "on_track" });
  });

  it("rates an objective by its least healthy key result", () => {
    expect(objectiveStatus(["on_track", "at_risk", "done"], "active")).toBe("at_risk");
    expect(objectiveStatus(["off_track", "at_risk"], "active")).toBe("off_track");
    expect(objectiveStatus(["done", "done"], "active")).toBe("done");
    expect(objectiveStatus(["done", "not_started"], "upcoming")).toBe("not_started");
    expect(objectiveStatus([], "active")).toBe("on_track");
    expect(objectiveStatus([], "upcoming")).toBe("not_started");
  });
});

describe("stale check-ins", () => {
  const base = { createdDate: "2026-07-01", today: "2026-08-15", done: false, cyclePhase: "active" as const };

  it("is stale from the seventh day without a check-in", () => {
    expect(checkInStaleness({ ...base, lastCheckInDate: "2026-08-09" })).toEqual({
      stale: false,
      daysSince: 6,
    });
    expect(checkInStaleness({ ...base, lastCheckInDate: "2026-08-08" })).toEqual({
      stale: true,
      daysSince: 7,
    });
    expect(checkInStaleness({ ...base, lastCheckInDate: "2026-08-15" })).toEqual({
      stale: false,
      daysSince: 0,
    });
  });

  it("counts from creation for a key result never checked in", () => {
    expect(checkInStaleness({ ...base, lastCheckInDate: null, createdDate: "2026-08-10" })).toEqual({
      stale: false,
      daysSince: 5,
    });
    expect(checkInStaleness({ ...base, lastCheckInDate: null })).toEqual({ stale: true, daysSince: 45 });
  });

  it("never nags about done key results or cycles that are not running", () => {
    expect(checkInStaleness({ ...base, lastCheckInDate: null, done: true }).stale).toBe(false);
    expect(checkInStaleness({ ...base, lastCheckInDate: null, cyclePhase: "ended" }).stale).toBe(false);
    expect(checkInStaleness({ ...base, lastCheckInDate: null, cyclePhase: "upcoming" }).stale).toBe(false);
    expect(checkInStaleness({ ...base, lastCheckInDate: "2026-08-12", thresholdDays: 3 }).stale).toBe(true);
  });
});

describe("load balance", () => {
  it("flags people far above or below the mean of open estimated minutes", () => {
    const result = loadByPerson(
      [
        { assigneeId: "ann", status: "todo", estimateMinutes: 120 },
        { assigneeId: "ann", status: "in_progress", estimateMinutes: 60 },
        { assigneeId: "ann", status: "done", estimateMinutes: 600 },
        { assigneeId: "bob", status: "todo", estimateMinutes: null }, // counts as 60
        { assigneeId: "cat", status: "done", estimateMinutes: 500 },
        { assigneeId: "cat", status: "cancelled", estimateMinutes: 300 },
        { assigneeId: null, status: "todo", estimateMinutes: 30 },
      ],
      ["cat"],
    );
    // Open minutes: ann 180, bob 60, cat 0; mean 80; overloaded above 120, underloaded below 40.
    expect(result.meanMinutes).toBe(80);
    expect(result.people).toEqual([
      { personId: "ann", openTasks: 2, openMinutes: 180, flag: "overloaded" },
      { personId: "bob", openTasks: 1, openMinutes: 60, flag: "balanced" },
      { personId: "cat", openTasks: 0, openMinutes: 0, flag: "underloaded" },
    ]);
    expect(result.unassignedOpenTasks).toBe(1);
    expect(result.balanced).toBe(false);
  });

  it("calls an even spread, one person, or nobody balanced", () => {
    const even = loadByPerson([
      { assigneeId: "ann", status: "todo", estimateMinutes: 100 },
      { assigneeId: "bob", status: "todo", estimateMinutes: 80 },
    ]);
    expect(even.balanced).toBe(true);
    expect(even.meanMinutes).toBe(90);
    expect(loadByPerson([{ assigneeId: "ann", status: "todo", estimateMinutes: 900 }]).balanced).toBe(true);
    expect(loadByPerson([])).toEqual({ people: [], meanMinutes: 0, unassignedOpenTasks: 0, balanced: true });
    // Nobody has open work: nothing to compare.
    expect(loadByPerson([], ["ann", "bob"]).balanced).toBe(true);
  });
});
