import { describe, expect, it } from "vitest";
import { buildGoalTree } from "./tree";

const cycles = new Map([["c1", { startDate: "2026-07-01", endDate: "2026-09-28" }]]);
const at = (date: string) => new Date(`${date}T10:00:00Z`);

const objectives = [
  { id: "o1", cycleId: "c1", sortOrder: 2, title: "Grow revenue" },
  { id: "o2", cycleId: "c1", sortOrder: 1, title: "Hire well" },
];
const keyResult = {
  objectiveId: "o1",
  startValue: 0,
  targetValue: 100,
  currentValue: 0,
  weight: 1,
  confidence: null,
  lastCheckInAt: null,
  createdAt: at("2026-07-01"),
};
const keyResults = [
  // Sorted by sort order, not input order.
  {
    ...keyResult,
    id: "k2",
    type: "milestone" as const,
    weight: 3,
    sortOrder: 2,
    createdAt: at("2026-08-12"),
  },
  {
    ...keyResult,
    id: "k1",
    type: "numeric" as const,
    currentValue: 50,
    sortOrder: 1,
    lastCheckInAt: at("2026-08-01"),
  },
  // An orphan whose objective is not visible is left out.
  { ...keyResult, id: "k9", objectiveId: "hidden", type: "numeric" as const, sortOrder: 0 },
];
const tasks = [
  { id: "t3", keyResultId: "k2", status: "todo" as const, sortOrder: 3 },
  { id: "t1", keyResultId: "k2", status: "done" as const, sortOrder: 1 },
  { id: "t2", keyResultId: "k2", status: "done" as const, sortOrder: 2 },
  { id: "t4", keyResultId: "k2", status: "cancelled" as const, sortOrder: 4 },
  { id: "t5", keyResultId: "k1", status: "done" as const, sortOrder: 1 },
];

describe("buildGoalTree", () => {
  const tree = buildGoalTree({ objectives, keyResults, tasks, cycles, today: "2026-08-15" });

  it("nests key results and tasks in sort order and keeps the callers' fields", () => {
    expect(tree.map((objective) => objective.id)).toEqual(["o2", "o1"]);
    const grow = tree[1]!;
    expect(grow.title).toBe("Grow revenue");
    expect(grow.keyResults.map((kr) => kr.id)).toEqual(["k1", "k2"]);
    expect(grow.keyResults[1]!.tasks.map((task) => task.id)).toEqual(["t1", "t2", "t3", "t4"]);
  });

  it("rolls progress up from tasks to key results to the objective", () => {
    const [k1, k2] = tree[1]!.keyResults;
    expect(k1).toMatchObject({ progress: 0.5, score: 0.5, tasksDone: 1, tasksTotal: 1 });
    // Milestone: 2 of 3 counted tasks done.
    expect(k2!.progress).toBeCloseTo(2 / 3, 12);
    expect(k2).toMatchObject({ score: 0.7, tasksDone: 2, tasksTotal: 3 });
    // Weighted: (0.5 * 1 + 2/3 * 3) / 4 = 0.625; score (0.5 + 0.7 * 3) / 4 = 0.65.
    expect(tree[1]!.progress).toBeCloseTo(0.625, 12);
    expect(tree[1]).toMatchObject({ score: 0.65, grade: "yellow", status: "on_track" });
  });

  it("assesses pace and check-in freshness on the given day", () => {
    const [k1, k2] = tree[1]!.keyResults;
    expect(k1).toMatchObject({
      status: "on_track",
      expectedProgress: 0.5,
      staleCheckIn: true,
      daysSinceCheckIn: 14,
    });
    expect(k2).toMatchObject({ status: "on_track", staleCheckIn: false, daysSinceCheckIn: 3 });
    expect(tree[0]).toMatchObject({
      progress: 0,
      score: 0,
      grade: "red",
      status: "on_track",
      keyResults: [],
    });
  });

  it("refuses an objective whose cycle was not given", () => {
    expect(() =>
      buildGoalTree({
        objectives: [{ id: "o3", cycleId: "c2", sortOrder: 0 }],
        keyResults: [],
        tasks: [],
        cycles,
        today: "2026-08-15",
      }),
    ).toThrow(/cycle c2/);
  });
});
