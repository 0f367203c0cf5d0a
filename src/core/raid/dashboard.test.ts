import { describe, expect, it } from "vitest";
import { summarizeDashboard } from "./dashboard";

describe("summarizeDashboard", () => {
  it("counts by indicator, type and assignee with every key present", () => {
    const summary = summarizeDashboard([
      { type: "risk", indicator: "late_finish", assigneeId: "u1", count: 2 },
      { type: "risk", indicator: "completed", assigneeId: null, count: 1 },
      { type: "action", indicator: "late_finish", assigneeId: "u2", count: 3 },
      { type: "issue", indicator: "in_progress", assigneeId: "u1", count: 1 },
      { type: "action", indicator: "in_progress", assigneeId: "u2", count: 1 },
    ]);
    expect(summary.total).toBe(8);
    expect(summary.byIndicator).toMatchObject({
      late_finish: 5,
      completed: 1,
      in_progress: 2,
      not_started: 0,
    });
    expect(Object.keys(summary.byIndicator)).toHaveLength(10);
    expect(summary.byType).toEqual({
      risk: 3,
      action: 4,
      issue: 1,
      decision: 0,
      deliverable: 0,
      milestone: 0,
    });
    expect(summary.byAssignee.map((a) => [a.assigneeId, a.total])).toEqual([
      ["u2", 4],
      ["u1", 3],
      [null, 1],
    ]);
    expect(summary.byAssignee[0]!.byIndicator).toMatchObject({
      late_finish: 3,
      in_progress: 1,
      completed: 0,
    });
  });

  it("orders equal assignees by id so the list is stable", () => {
    const summary = summarizeDashboard([
      { type: "risk", indicator: "completed", assigneeId: "b", count: 1 },
      { type: "risk", indicator: "completed", assigneeId: "a", count: 1 },
    ]);
    expect(summary.byAssignee.map((a) => a.assigneeId)).toEqual(["a", "b"]);
  });

  it("is empty with no items", () => {
    const summary = summarizeDashboard([]);
    expect(summary).toMatchObject({ total: 0, byAssignee: [] });
    expect(Object.values(summary.byType).every((count) => count === 0)).toBe(true);
  });
});
