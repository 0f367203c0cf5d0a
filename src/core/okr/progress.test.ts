import { describe, expect, it } from "vitest";
import {
  keyResultProgress,
  metricProgress,
  objectiveProgress,
  type TaskStatus,
  taskCompletion,
} from "./progress";
import { finalScores, gradeOf, scoreKeyResult, scoreObjective } from "./scoring";

const tasks = (...statuses: TaskStatus[]) => statuses.map((status) => ({ status }));

describe("metricProgress", () => {
  it.each([
    // [start, target, current, expected]
    [0, 50, 20, 0.4],
    [10, 60, 35, 0.5],
    [0, 50, 70, 1], // past the target counts as done
    [0, 50, -5, 0], // going backwards counts as nothing
    [8, 3, 5, 0.6], // a reduction: (5 - 8) / (3 - 8)
    [8, 3, 2, 1],
    [8, 3, 9, 0],
    [-20, 0, -5, 0.75], // from a loss of 20 to break-even
  ])("numeric %d -> %d at %d is %d", (startValue, targetValue, currentValue, expected) => {
    expect(metricProgress({ type: "numeric", startValue, targetValue, currentValue })).toBeCloseTo(
      expected,
      10,
    );
  });

  it("treats percentage key results like numeric ones", () => {
    expect(metricProgress({ type: "percentage", startValue: 40, targetValue: 80, currentValue: 70 })).toBe(
      0.75,
    );
    expect(metricProgress({ type: "percentage", startValue: 12, targetValue: 4, currentValue: 10 })).toBe(
      0.25,
    );
  });

  it("scores a hold-the-line key result (start = target) 1 only at the target", () => {
    const hold = { type: "numeric" as const, startValue: 99.9, targetValue: 99.9 };
    expect(metricProgress({ ...hold, currentValue: 99.9 })).toBe(1);
    expect(metricProgress({ ...hold, currentValue: 99.5 })).toBe(0);
  });

  it("reads boolean key results as done at 1 or more, whatever the start and target", () => {
    expect(metricProgress({ type: "boolean", startValue: 0, targetValue: 1, currentValue: 0 })).toBe(0);
    expect(metricProgress({ type: "boolean", startValue: 0, targetValue: 1, currentValue: 1 })).toBe(1);
    expect(metricProgress({ type: "boolean", startValue: 5, targetValue: 9, currentValue: 1 })).toBe(1);
  });
});

describe("task roll-up into key results", () => {
  it("counts done tasks out of all but cancelled ones", () => {
    expect(taskCompletion(tasks("done", "done", "todo", "cancelled", "in_progress"))).toEqual({
      done: 2,
      total: 4,
      ratio: 0.5,
    });
    expect(taskCompletion(tasks("cancelled"))).toEqual({ done: 0, total: 0, ratio: null });
    expect(taskCompletion([])).toEqual({ done: 0, total: 0, ratio: null });
  });

  it("measures a milestone key result by its tasks when it has some", () => {
    const milestone = { type: "milestone" as const, startValue: 0, targetValue: 5, currentValue: 4 };
    expect(keyResultProgress(milestone, tasks("done", "done", "todo", "cancelled"))).toBeCloseTo(2 / 3, 10);
    // Without tasks (or only cancelled ones): milestones reached out of the target.
    expect(keyResultProgress(milestone, [])).toBe(0.8);
    expect(keyResultProgress(milestone, tasks("cancelled"))).toBe(0.8);
  });

  it("never lets finished tasks stand in for an outcome that has not moved", () => {
    const numeric = { type: "numeric" as const, startValue: 10, targetValue: 30, currentValue: 10 };
    expect(keyResultProgress(numeric, tasks("done", "done"))).toBe(0);
    expect(keyResultProgress({ ...numeric, currentValue: 25 }, tasks("todo"))).toBe(0.75);
  });
});

describe("objectiveProgress", () => {
  it("weights key results", () => {
    // (0.4 * 1 + 1 * 3) / 4
    expect(
      objectiveProgress([
        { progress: 0.4, weight: 1 },
        { progress: 1, weight: 3 },
      ]),
    ).toBeCloseTo(0.85, 10);
  });

  it("counts key results equally when every weight is zero, and ignores negative weights", () => {
    expect(
      objectiveProgress([
        { progress: 0.2, weight: 0 },
        { progress: 0.6, weight: 0 },
      ]),
    ).toBeCloseTo(0.4, 10);
    expect(
      objectiveProgress([
        { progress: 1, weight: -2 },
        { progress: 0.5, weight: 1 },
      ]),
    ).toBe(0.5);
  });

  it("is 0 for an objective without key results", () => {
    expect(objectiveProgress([])).toBe(0);
  });
});

describe("end-of-cycle scoring", () => {
  it.each([
    [0, 0],
    [0.04, 0],
    [0.05, 0.1],
    [0.44, 0.4],
    [0.45, 0.5], // half up, not 0.4 from 0.45 / 0.1 = 4.4999...
    [0.65, 0.7],
    [0.96, 1],
    [1.3, 1],
    [-0.2, 0],
  ])("grades key result progress %d as %d", (progress, score) => {
    expect(scoreKeyResult(progress)).toBe(score);
  });

  it("averages key result scores by weight, to two decimals", () => {
    // (0.7 * 2 + 0.4 * 1) / 3 = 0.6
    expect(
      scoreObjective([
        { score: 0.7, weight: 2 },
        { score: 0.4, weight: 1 },
      ]),
    ).toBe(0.6);
    // (0.3 + 0.4 + 0.4) / 3 = 0.3666... -> 0.37
    expect(
      scoreObjective([
        { score: 0.3, weight: 1 },
        { score: 0.4, weight: 1 },
        { score: 0.4, weight: 1 },
      ]),
    ).toBe(0.37);
    expect(scoreObjective([])).toBe(0);
    expect(
      scoreObjective([
        { score: 0.2, weight: 0 },
        { score: 0.9, weight: 0 },
      ]),
    ).toBe(0.55);
  });

  it.each([
    [0, "red"],
    [0.3, "red"],
    [0.35, "red"],
    [0.39, "red"],
    [0.4, "yellow"],
    [0.65, "yellow"],
    [0.69, "yellow"],
    [0.7, "green"],
    [0.1 * 7, "green"], // 0.7000000000000001
    [1, "green"],
  ])("puts %d in the %s band", (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });

  it("grades an objective from its key results end to end", () => {
    const scores = [0.62, 0.75].map((progress) => ({ score: scoreKeyResult(progress), weight: 1 }));
    // 0.6 and 0.8 -> 0.7: green
    expect(scoreObjective(scores)).toBe(0.7);
    expect(gradeOf(scoreObjective(scores))).toBe("green");
  });

  it("records final scores: the objective's as computed, each key result's with its band", () => {
    expect(
      finalScores([
        {
          id: "o1",
          score: 0.55,
          grade: "yellow",
          keyResults: [
            { id: "k1", score: 0.3 },
            { id: "k2", score: 0.8 },
          ],
        },
        { id: "o2", score: 0, grade: "red", keyResults: [] },
      ]),
    ).toEqual({
      objectives: [
        { id: "o1", score: 0.55, grade: "yellow" },
        { id: "o2", score: 0, grade: "red" },
      ],
      keyResults: [
        { id: "k1", score: 0.3, grade: "red" },
        { id: "k2", score: 0.8, grade: "green" },
      ],
    });
  });
});
