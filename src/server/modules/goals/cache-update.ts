import { createHash } from "node:crypto";
import type { IsoDate } from "../../../core/calendar";
import {
  buildGoalTree,
  type KeyResultFacts,
  type ObjectiveAccess,
  type ObjectiveFacts,
} from "../../../core/okr";
import type { Executor } from "../../db";
import { type CycleRow, listCyclesByIds } from "./cycles.queries";
import {
  type AccessibleObjective,
  accessName,
  bumpRevision,
  type KeyResultRow,
  listKeyResultsOfObjectives,
  listObjectivesWithAccess,
  listTasksOfObjectives,
  markSubtreesWritten,
  type ObjectiveRow,
  type TaskRow,
  type Viewer,
} from "./objectives.queries";

/** An objective as the tree shows it, without its key results. */
export type ObjectiveNodeData = ObjectiveRow & ObjectiveFacts & { access: ObjectiveAccess };
/** A key result as the tree shows it, without its tasks. */
export type KeyResultNodeData = KeyResultRow & KeyResultFacts;

/**
 * What a client must do to its cached tree after a write (see the CacheUpdate schema).
 * `revision` is the org's goals revision after the write; `etag` is the tree ETag of
 * `cycleId` for the writer, valid for a cache that was at revision - 1.
 */
export interface CacheUpdate {
  revision: number;
  cycleId: string | null;
  etag: string | null;
  upsert: {
    cycles: CycleRow[];
    objectives: ObjectiveNodeData[];
    keyResults: KeyResultNodeData[];
    tasks: TaskRow[];
  };
  remove: { objectives: string[]; keyResults: string[]; tasks: string[] };
}

/** Bumped when the tree's shape changes, so caches from an older server do not match. */
const TREE_FORMAT = 1;

/**
 * The tree's weak ETag. The org's goals revision changes with every goals write (it is
 * bumped in the same transaction), the person, their live groups and whether their role sees
 * org-visible objectives decide what they can see, and the day decides pace and staleness;
 * anything else in the tree follows from these.
 */
export function treeEtag(input: {
  revision: number;
  userId: string;
  cycleId: string | null;
  groupIds: readonly string[];
  seesOrgVisible: boolean;
  today: IsoDate;
}): string {
  const digest = createHash("sha256")
    .update(
      [
        TREE_FORMAT,
        input.userId,
        input.cycleId ?? "-",
        [...input.groupIds].sort().join(","),
        input.seesOrgVisible ? "org" : "shared",
        input.today,
      ].join("|"),
    )
    .digest("base64url")
    .slice(0, 22);
  return `W/"${input.revision}-${digest}"`;
}

/** If-None-Match matching with weak comparison (RFC 9110 §13.1.2), lists and * included. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

/**
 * Collects what a write touched. Touching an objective re-sends it and its key results
 * (their progress may have moved); tasks are re-sent by id, or all of them for a subtree.
 */
export class CacheChanges {
  readonly objectives = new Set<string>();
  readonly tasks = new Set<string>();
  readonly cycles = new Set<string>();
  /** Objectives and key results whose every task must be re-sent (restored, or newly in view). */
  readonly objectiveSubtrees = new Set<string>();
  readonly keyResultSubtrees = new Set<string>();
  readonly removedObjectives = new Set<string>();
  readonly removedKeyResults = new Set<string>();
  readonly removedTasks = new Set<string>();

  touchObjective(id: string) {
    this.objectives.add(id);
  }
  touchSubtree(objectiveId: string) {
    this.objectives.add(objectiveId);
    this.objectiveSubtrees.add(objectiveId);
  }
  touchKeyResultSubtree(keyResult: { id: string; objectiveId: string }) {
    this.objectives.add(keyResult.objectiveId);
    this.keyResultSubtrees.add(keyResult.id);
  }
  touchTask(task: { id: string; objectiveId: string }) {
    this.tasks.add(task.id);
    this.objectives.add(task.objectiveId);
  }
  touchCycle(id: string) {
    this.cycles.add(id);
  }
  removeObjective(id: string) {
    this.removedObjectives.add(id);
  }
  removeKeyResult(keyResult: { id: string; objectiveId: string }) {
    this.removedKeyResults.add(keyResult.id);
    this.objectives.add(keyResult.objectiveId);
  }
  removeTask(task: { id: string; objectiveId: string }) {
    this.removedTasks.add(task.id);
    this.objectives.add(task.objectiveId);
  }
}

/** Builds tree nodes for the given objectives exactly as GET /goals/tree does. */
export async function buildNodes(
  tx: Executor,
  params: { orgId: string; objectives: AccessibleObjective[]; extraCycleIds?: string[]; today: IsoDate },
) {
  const ids = params.objectives.map((objective) => objective.id);
  const cycleIds = [
    ...new Set([...params.objectives.map((objective) => objective.cycleId), ...(params.extraCycleIds ?? [])]),
  ];
  // One after another: they share the transaction's connection, which runs one query at a time anyway.
  const keyResults = await listKeyResultsOfObjectives(tx, params.orgId, ids);
  const tasks = await listTasksOfObjectives(tx, params.orgId, ids);
  const cycles = await listCyclesByIds(tx, params.orgId, cycleIds);
  const tree = buildGoalTree({
    objectives: params.objectives.map(({ accessLevel, ...objective }) => ({
      ...objective,
      access: accessName(accessLevel) ?? "view",
    })),
    keyResults,
    tasks,
    cycles: new Map(cycles.map((cycle) => [cycle.id, cycle])),
    today: params.today,
  });
  return { tree, cycles, tasks };
}

/** Bumps the revision and works out the cache update for everything the write touched. */
export async function finishWrite(
  tx: Executor,
  params: { orgId: string; viewer: Viewer; changes: CacheChanges; today: IsoDate },
): Promise<CacheUpdate> {
  const { changes } = params;
  const revision = await bumpRevision(tx, params.orgId);
  const touched = [...changes.objectives].filter((id) => !changes.removedObjectives.has(id));
  await markSubtreesWritten(tx, params.orgId, touched, revision);
  const visible = await listObjectivesWithAccess(tx, {
    orgId: params.orgId,
    ids: touched,
    viewer: params.viewer,
  });
  const { tree, cycles, tasks } = await buildNodes(tx, {
    orgId: params.orgId,
    objectives: visible,
    extraCycleIds: [...changes.cycles],
    today: params.today,
  });
  // A touched objective the writer can no longer see (handed over, made private) leaves their tree.
  const lost = touched.filter((id) => !visible.some((objective) => objective.id === id));
  const cycleId = visible[0]?.cycleId ?? [...changes.cycles][0] ?? null;
  return {
    revision,
    cycleId,
    etag: cycleId
      ? treeEtag({
          revision,
          userId: params.viewer.userId,
          cycleId,
          groupIds: params.viewer.groupIds,
          seesOrgVisible: params.viewer.seesOrgVisible,
          today: params.today,
        })
      : null,
    upsert: {
      cycles: cycles.filter((cycle) => changes.cycles.has(cycle.id)),
      objectives: tree.map(({ keyResults: _keyResults, ...objective }) => objective),
      keyResults: tree.flatMap((objective) => objective.keyResults.map(({ tasks: _tasks, ...kr }) => kr)),
      tasks: tasks.filter(
        (task) =>
          !changes.removedTasks.has(task.id) &&
          (changes.tasks.has(task.id) ||
            changes.objectiveSubtrees.has(task.objectiveId) ||
            changes.keyResultSubtrees.has(task.keyResultId)),
      ),
    },
    remove: {
      objectives: [...changes.removedObjectives, ...lost],
      keyResults: [...changes.removedKeyResults],
      tasks: [...changes.removedTasks],
    },
  };
}
