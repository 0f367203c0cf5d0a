/**
 * Progress roll-up: task -> key result -> objective. Every value is a fraction in [0, 1].
 *
 * The roll-up rule, in one place:
 * - numeric and percentage key results measure an outcome: progress is how far `current` has
 *   moved from `start` towards `target`, in either direction (a target below the start is a
 *   reduction, e.g. churn from 8% to 3%). Going past the target counts as 1, going backwards
 *   as 0. When start equals target the key result is a "hold the line" measure: 1 while
 *   current sits at the target, else 0.
 * - boolean key results are done (current >= 1) or not.
 * - milestone key results are measured by their milestones, and a milestone key result's
 *   tasks ARE its milestones: progress is the share of its tasks that are done (cancelled
 *   tasks do not count). Without tasks it falls back to `current` milestones reached out of
 *   `target`, from `start`.
 * - Tasks under numeric, percentage and boolean key results are the work, not the result:
 *   their completion is reported beside the key result (`taskCompletion`) and used by the
 *   health signals, but never overrides the measured outcome. Closing tasks must not score a
 *   key result whose number has not moved.
 * - An objective's progress is the weight-averaged progress of its key results (weights >= 0;
 *   if every weight is 0 they count equally). An objective without key results is at 0.
 */

export const KEY_RESULT_TYPES = ["numeric", "percentage", "boolean", "milestone"] as const;
export type KeyResultType = (typeof KEY_RESULT_TYPES)[number];

export const TASK_STATUSES = ["todo", "in_progress", "done", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Tasks that still need work: what counts towards someone's load. */
export const isOpenTask = (status: TaskStatus) => status === "todo" || status === "in_progress";

export interface KeyResultMeasure {
  type: KeyResultType;
  startValue: number;
  targetValue: number;
  currentValue: number;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** How far the measured value has moved from start to target (see the rule above). */
export function metricProgress(measure: KeyResultMeasure): number {
  const { type, startValue, targetValue, currentValue } = measure;
  if (type === "boolean") return currentValue >= 1 ? 1 : 0;
  const span = targetValue - startValue;
  if (span === 0) return currentValue === targetValue ? 1 : 0;
  return clamp01((currentValue - startValue) / span);
}

export interface TaskCompletion {
  done: number;
  /** Tasks that count: all but cancelled ones. */
  total: number;
  /** done / total, or null when there is nothing to count. */
  ratio: number | null;
}

export function taskCompletion(tasks: readonly { status: TaskStatus }[]): TaskCompletion {
  let done = 0;
  let total = 0;
  for (const task of tasks) {
    if (task.status === "cancelled") continue;
    total++;
    if (task.status === "done") done++;
  }
  return { done, total, ratio: total === 0 ? null : done / total };
}

/** A key result's progress from its measure and, for milestone key results, its tasks. */
export function keyResultProgress(
  measure: KeyResultMeasure,
  tasks: readonly { status: TaskStatus }[],
): number {
  if (measure.type === "milestone") {
    const completion = taskCompletion(tasks);
    if (completion.ratio !== null) return completion.ratio;
  }
  return metricProgress(measure);
}

export interface WeightedProgress {
  progress: number;
  weight: number;
}

/** Weight-averaged progress; equal weights when all are zero; 0 for no key results. */
export function objectiveProgress(keyResults: readonly WeightedProgress[]): number {
  if (keyResults.length === 0) return 0;
  const totalWeight = keyResults.reduce((sum, kr) => sum + Math.max(0, kr.weight), 0);
  if (totalWeight === 0) {
    return keyResults.reduce((sum, kr) => sum + kr.progress, 0) / keyResults.length;
  }
  return keyResults.reduce((sum, kr) => sum + kr.progress * Math.max(0, kr.weight), 0) / totalWeight;
}
