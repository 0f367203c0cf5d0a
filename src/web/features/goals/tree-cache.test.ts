import { describe, expect, it } from "vitest";
import { applyCacheUpdate, type CachedTree } from "./tree-cache";
import type { CacheUpdate, Cycle, KeyResultFields, ObjectiveFields, TaskNode } from "./types";

const cycle: Cycle = {
  id: "c1",
  name: "Q4 2026",
  start_date: "2026-10-01",
  end_date: "2026-12-29",
  length_days: 90,
  closed_at: null,
  closed_by: null,
  created_at: "2026-10-01T00:00:00Z",
  updated_at: "2026-10-01T00:00:00Z",
};

const objective = (id: string, fields: Partial<ObjectiveFields> = {}): ObjectiveFields => ({
  id,
  cycle_id: "c1",
  parent_id: null,
  owner_id: "u1",
  title: `Objective ${id}`,
  description: "",
  visibility: "org",
  sort_order: 1,
  access: "owner",
  progress: 0,
  score: 0,
  grade: "red",
  final_score: null,
  final_grade: null,
  status: "not_started",
  created_at: "2026-10-01T00:00:00Z",
  updated_at: "2026-10-01T00:00:00Z",
  ...fields,
});

const keyResult = (
  id: string,
  objectiveId: string,
  fields: Partial<KeyResultFields> = {},
): KeyResultFields => ({
  id,
  objective_id: objectiveId,
  title: `KR ${id}`,
  type: "numeric",
  unit: null,
  start_value: 0,
  target_value: 10,
  current_value: 0,
  weight: 1,
  confidence: null,
  sort_order: 1,
  progress: 0,
  score: 0,
  final_score: null,
  final_grade: null,
  status: "not_started",
  expected_progress: 0.5,
  risk_reasons: [],
  tasks_done: 0,
  tasks_total: 0,
  stale_check_in: false,
  days_since_check_in: 0,
  last_check_in_at: null,
  updated_at: "2026-10-01T00:00:00Z",
  ...fields,
});

const task = (
  id: string,
  keyResultId: string,
  objectiveId = "o1",
  fields: Partial<TaskNode> = {},
): TaskNode => ({
  id,
  key_result_id: keyResultId,
  objective_id: objectiveId,
  title: `Task ${id}`,
  status: "todo",
  due_date: null,
  estimate_minutes: null,
  assignee_id: null,
  sort_order: 1,
  completed_at: null,
  updated_at: "2026-10-01T00:00:00Z",
  ...fields,
});

function tree(): CachedTree {
  return {
    cycle,
    revision: 7,
    etag: 'W/"7-x"',
    objectives: [
      {
        ...objective("o1"),
        key_results: [
          { ...keyResult("k1", "o1"), tasks: [task("t1", "k1")] },
          { ...keyResult("k2", "o1", { sort_order: 2 }), tasks: [] },
        ],
      },
      { ...objective("o2", { sort_order: 2 }), key_results: [] },
    ],
  };
}

function update(
  patch: Partial<CacheUpdate["upsert"]> & { remove?: Partial<CacheUpdate["remove"]> },
  revision = 8,
) {
  const { remove, ...upsert } = patch;
  return {
    revision,
    cycle_id: "c1",
    etag: `W/"${revision}-x"`,
    upsert: { cycles: [], objectives: [], key_results: [], tasks: [], ...upsert },
    remove: { objectives: [], key_results: [], tasks: [], ...remove },
  } satisfies CacheUpdate;
}

describe("applyCacheUpdate", () => {
  it("replaces an upserted objective but keeps its key results and tasks", () => {
    const { tree: next, stale } = applyCacheUpdate(
      tree(),
      update({ objectives: [objective("o1", { title: "Renamed", progress: 0.4 })] }),
    );
    expect(stale).toBe(false);
    expect(next.objectives[0]!.title).toBe("Renamed");
    expect(next.objectives[0]!.key_results.map((kr) => kr.id)).toEqual(["k1", "k2"]);
    expect(next.objectives[0]!.key_results[0]!.tasks.map((t) => t.id)).toEqual(["t1"]);
    expect(next.revision).toBe(8);
    expect(next.etag).toBe('W/"8-x"');
  });

  it("inserts new key results and tasks under their parents, in sort order", () => {
    const { tree: next } = applyCacheUpdate(
      tree(),
      update({
        key_results: [keyResult("k0", "o2", { sort_order: 0 })],
        tasks: [task("t0", "k1", "o1", { sort_order: 0 })],
      }),
    );
    expect(next.objectives[1]!.key_results.map((kr) => kr.id)).toEqual(["k0"]);
    expect(next.objectives[0]!.key_results[0]!.tasks.map((t) => t.id)).toEqual(["t0", "t1"]);
  });

  it("moves a task to the key result it now belongs to", () => {
    const { tree: next } = applyCacheUpdate(tree(), update({ tasks: [task("t1", "k2")] }));
    expect(next.objectives[0]!.key_results[0]!.tasks).toEqual([]);
    expect(next.objectives[0]!.key_results[1]!.tasks.map((t) => t.id)).toEqual(["t1"]);
  });

  it("removes ids with their children and drops objectives moved to another cycle", () => {
    const removed = applyCacheUpdate(tree(), update({ remove: { objectives: ["o1"] } })).tree;
    expect(removed.objectives.map((o) => o.id)).toEqual(["o2"]);
    const moved = applyCacheUpdate(
      tree(),
      update({ objectives: [objective("o2", { cycle_id: "c2" })] }),
    ).tree;
    expect(moved.objectives.map((o) => o.id)).toEqual(["o1"]);
    const taskGone = applyCacheUpdate(tree(), update({ remove: { tasks: ["t1"] } })).tree;
    expect(taskGone.objectives[0]!.key_results[0]!.tasks).toEqual([]);
  });

  it("flags a patch that skipped someone else's write, and forgets the ETag", () => {
    const { tree: next, stale } = applyCacheUpdate(tree(), update({}, 10));
    expect(stale).toBe(true);
    expect(next.etag).toBeNull();
    expect(next.revision).toBe(10);
  });

  it("does not touch the cached tree it was given", () => {
    const before = tree();
    const snapshot = JSON.stringify(before);
    applyCacheUpdate(before, update({ tasks: [task("t1", "k2")], key_results: [keyResult("k3", "o1")] }));
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});
