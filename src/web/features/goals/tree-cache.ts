import type { CacheUpdate, GoalTree, KeyResult, Objective } from "./types";

/** The cached tree plus the ETag it was served (or patched) with. */
export interface CachedTree extends GoalTree {
  etag: string | null;
}

const bySortOrder = <T extends { sort_order: number; id: string }>(a: T, b: T) =>
  a.sort_order - b.sort_order || a.id.localeCompare(b.id);

/**
 * Patches a cached tree with a write's `_cacheUpdate` (see the CacheUpdate schema): upserted
 * nodes replace the node with the same id keeping its children, or are inserted under their
 * parent; objectives of another cycle drop out; removed ids go with their children. `stale`
 * says another write landed in between (the revisions do not follow on), so the patched tree
 * may still differ from the server's and should be revalidated.
 */
export function applyCacheUpdate(
  tree: CachedTree,
  update: CacheUpdate,
): { tree: CachedTree; stale: boolean } {
  const cycleId = tree.cycle?.id ?? null;
  const removedObjectives = new Set(update.remove.objectives);
  const removedKeyResults = new Set(update.remove.key_results);
  const removedTasks = new Set(update.remove.tasks);
  const movedTasks = new Map(update.upsert.tasks.map((task) => [task.id, task]));

  let objectives: Objective[] = tree.objectives
    .filter((objective) => !removedObjectives.has(objective.id))
    .map((objective) => ({
      ...objective,
      key_results: objective.key_results
        .filter((keyResult) => !removedKeyResults.has(keyResult.id))
        .map((keyResult) => ({
          ...keyResult,
          // A task that moved to another key result is re-inserted there below.
          tasks: keyResult.tasks.filter(
            (task) =>
              !removedTasks.has(task.id) &&
              (movedTasks.get(task.id)?.key_result_id ?? keyResult.id) === keyResult.id,
          ),
        })),
    }));

  for (const node of update.upsert.objectives) {
    const index = objectives.findIndex((objective) => objective.id === node.id);
    if (node.cycle_id !== cycleId) {
      if (index >= 0) objectives.splice(index, 1);
      continue;
    }
    if (index >= 0) objectives[index] = { ...node, key_results: objectives[index]!.key_results };
    else objectives.push({ ...node, key_results: [] });
  }

  for (const node of update.upsert.key_results) {
    const objective = objectives.find((candidate) => candidate.id === node.objective_id);
    if (!objective) continue;
    const index = objective.key_results.findIndex((keyResult) => keyResult.id === node.id);
    if (index >= 0) objective.key_results[index] = { ...node, tasks: objective.key_results[index]!.tasks };
    else objective.key_results.push({ ...node, tasks: [] } satisfies KeyResult);
  }

  for (const task of update.upsert.tasks) {
    const keyResult = objectives
      .find((objective) => objective.id === task.objective_id)
      ?.key_results.find((candidate) => candidate.id === task.key_result_id);
    if (!keyResult) continue;
    const index = keyResult.tasks.findIndex((candidate) => candidate.id === task.id);
    if (index >= 0) keyResult.tasks[index] = task;
    else keyResult.tasks.push(task);
  }

  objectives = objectives.sort(bySortOrder).map((objective) => ({
    ...objective,
    key_results: objective.key_results.sort(bySortOrder).map((keyResult) => ({
      ...keyResult,
      tasks: keyResult.tasks.sort(bySortOrder),
    })),
  }));

  const cycle = update.upsert.cycles.find((candidate) => candidate.id === cycleId) ?? tree.cycle;
  const stale = tree.revision !== update.revision - 1;
  const followsOn = !stale && update.cycle_id === cycleId;
  return {
    tree: {
      cycle,
      objectives,
      revision: Math.max(tree.revision, update.revision),
      // The server's ETag is only valid for a cache that was exactly one write behind.
      etag: followsOn ? update.etag : null,
    },
    stale,
  };
}
