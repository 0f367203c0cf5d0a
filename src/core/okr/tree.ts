import { type IsoDate, utcDate } from "../calendar";
import { type CycleDates, cyclePhase } from "./cycles";
import {
  assessKeyResult,
  checkInStaleness,
  type KeyResultStatus,
  objectiveStatus,
  type RiskReason,
} from "./health";
import {
  type KeyResultType,
  keyResultProgress,
  objectiveProgress,
  type TaskStatus,
  taskCompletion,
} from "./progress";
import { type Grade, gradeOf, scoreKeyResult, scoreObjective } from "./scoring";

/**
 * Builds the goals tree in memory from flat rows: key results under their objective, tasks
 * under their key result, with progress rolled up and health assessed. Rows keep every field
 * they came with (the caller's own row types flow through), so the server loads plain rows
 * with a few queries and this one pass does the rest.
 */

export type ObjectiveAccess = "owner" | "edit" | "view";

export interface TreeObjectiveInput {
  id: string;
  cycleId: string;
  sortOrder: number;
}

export interface TreeKeyResultInput {
  id: string;
  objectiveId: string;
  type: KeyResultType;
  startValue: number;
  targetValue: number;
  currentValue: number;
  weight: number;
  confidence: number | null;
  sortOrder: number;
  lastCheckInAt: Date | null;
  createdAt: Date;
}

export interface TreeTaskInput {
  id: string;
  keyResultId: string;
  status: TaskStatus;
  sortOrder: number;
}

export interface KeyResultFacts {
  progress: number;
  score: number;
  status: KeyResultStatus;
  expectedProgress: number;
  reasons: RiskReason[];
  tasksDone: number;
  tasksTotal: number;
  staleCheckIn: boolean;
  daysSinceCheckIn: number;
}

export interface ObjectiveFacts {
  progress: number;
  score: number;
  grade: Grade;
  status: KeyResultStatus;
}

export type TaskNode<T extends TreeTaskInput> = T;
export type KeyResultNode<K extends TreeKeyResultInput, T extends TreeTaskInput> = K &
  KeyResultFacts & { tasks: TaskNode<T>[] };
export type ObjectiveNode<
  O extends TreeObjectiveInput,
  K extends TreeKeyResultInput,
  T extends TreeTaskInput,
> = O & ObjectiveFacts & { keyResults: KeyResultNode<K, T>[] };

/** The order of siblings in the tree: sort order, then id so that ties are stable. */
export const bySortOrder = (a: { sortOrder: number; id: string }, b: { sortOrder: number; id: string }) =>
  a.sortOrder - b.sortOrder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = key(row);
    const list = groups.get(id);
    if (list) list.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/**
 * Assembles objectives (sorted by sort order, then id) with their key results and tasks.
 * Key results whose objective is not in `objectives`, and tasks whose key result is not
 * among `keyResults`, are left out. `cycles` must hold every objective's cycle.
 */
export function buildGoalTree<
  O extends TreeObjectiveInput,
  K extends TreeKeyResultInput,
  T extends TreeTaskInput,
>(input: {
  objectives: readonly O[];
  keyResults: readonly K[];
  tasks: readonly T[];
  cycles: ReadonlyMap<string, CycleDates>;
  today: IsoDate;
}): ObjectiveNode<O, K, T>[] {
  const tasksByKeyResult = groupBy(input.tasks, (task) => task.keyResultId);
  const keyResultsByObjective = groupBy(input.keyResults, (kr) => kr.objectiveId);
  return [...input.objectives].sort(bySortOrder).map((objective) => {
    const cycle = input.cycles.get(objective.cycleId);
    if (!cycle) throw new RangeError(`cycle ${objective.cycleId} of objective ${objective.id} was not given`);
    const phase = cyclePhase(cycle, input.today);
    const keyResults = [...(keyResultsByObjective.get(objective.id) ?? [])]
      .sort(bySortOrder)
      .map((keyResult) => {
        const tasks = [...(tasksByKeyResult.get(keyResult.id) ?? [])].sort(bySortOrder);
        // Object.assign, not spreads: merging two wide objects by spread is a slow path in V8,
        // and the tree does it for every key result.
        return Object.assign({}, keyResult, keyResultFacts(keyResult, tasks, cycle, phase, input.today), {
          tasks,
        });
      });
    return Object.assign({}, objective, objectiveFacts(keyResults, phase), { keyResults });
  });
}

function keyResultFacts(
  keyResult: TreeKeyResultInput,
  tasks: readonly TreeTaskInput[],
  cycle: CycleDates,
  phase: ReturnType<typeof cyclePhase>,
  today: IsoDate,
): KeyResultFacts {
  const progress = keyResultProgress(keyResult, tasks);
  const assessment = assessKeyResult({ progress, confidence: keyResult.confidence, cycle, today });
  const completion = taskCompletion(tasks);
  const staleness = checkInStaleness({
    lastCheckInDate: keyResult.lastCheckInAt ? utcDate(keyResult.lastCheckInAt) : null,
    createdDate: utcDate(keyResult.createdAt),
    today,
    done: assessment.status === "done",
    cyclePhase: phase,
  });
  return {
    progress,
    score: scoreKeyResult(progress),
    status: assessment.status,
    expectedProgress: assessment.expectedProgress,
    reasons: assessment.reasons,
    tasksDone: completion.done,
    tasksTotal: completion.total,
    staleCheckIn: staleness.stale,
    daysSinceCheckIn: staleness.daysSince,
  };
}

function objectiveFacts(
  keyResults: readonly (TreeKeyResultInput & KeyResultFacts)[],
  phase: ReturnType<typeof cyclePhase>,
): ObjectiveFacts {
  const score = scoreObjective(keyResults);
  return {
    progress: objectiveProgress(keyResults),
    score,
    grade: gradeOf(score),
    status: objectiveStatus(
      keyResults.map((kr) => kr.status),
      phase,
    ),
  };
}
