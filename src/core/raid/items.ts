import type { IsoDate } from "../calendar";

/** The RAID log's item types, plus the delivery items a project plan tracks. */
export const ITEM_TYPES = ["risk", "action", "issue", "decision", "deliverable", "milestone"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Item codes read like a RAID log: R-12 is risk number 12 of its project. */
export const ITEM_TYPE_PREFIX: Record<ItemType, string> = {
  risk: "R",
  action: "A",
  issue: "I",
  decision: "D",
  deliverable: "DL",
  milestone: "M",
};

/**
 * Workflow status (the Kanban columns). `done` and `closed` both finish an item: done when the
 * work was delivered, closed when it stopped mattering (a risk mitigated, withdrawn, or turned
 * into an issue).
 */
export const ITEM_STATUSES = ["open", "in_progress", "blocked", "done", "closed"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const FINISHED_STATUSES = ["done", "closed"] as const satisfies readonly ItemStatus[];

export const PRIORITIES = ["low", "medium", "high", "critical"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What a RAID log can be grouped by: each group is one run of rows, counted over every match. */
export const ITEM_GROUPS = ["type", "status", "priority", "indicator", "assignee"] as const;
export type ItemGroup = (typeof ITEM_GROUPS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * How two items relate. `became`: the source turned into the target (a risk that materialised
 * as an issue). `depends_on`: the source cannot finish before the target (timeline arrows).
 */
export const LINK_KINDS = ["became", "depends_on", "relates_to"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export function itemCode(type: ItemType, number: number): string {
  return `${ITEM_TYPE_PREFIX[type]}-${number}`;
}

/** Reads "R-12" / "dl-3" back into a type and number; undefined for anything else. */
export function parseItemCode(code: string): { type: ItemType; number: number } | undefined {
  const match = /^([A-Za-z]{1,2})-(\d{1,9})$/.exec(code.trim());
  if (!match) return undefined;
  const prefix = match[1]!.toUpperCase();
  const type = ITEM_TYPES.find((candidate) => ITEM_TYPE_PREFIX[candidate] === prefix);
  return type ? { type, number: Number(match[2]) } : undefined;
}

export const isFinishedStatus = (status: ItemStatus) =>
  (FINISHED_STATUSES as readonly ItemStatus[]).includes(status);

export interface CompletionState {
  status: ItemStatus;
  percentComplete: number;
  completedOn: IsoDate | null;
}

export type CompletionResult =
  | { ok: true; state: CompletionState }
  | { ok: false; field: "status" | "percent_complete"; message: string };

export const NEW_ITEM_COMPLETION: CompletionState = { status: "open", percentComplete: 0, completedOn: null };

/**
 * Applies a change of status and/or percent complete while keeping one invariant: an item is
 * finished (done or closed) exactly when it is 100% complete, and only then has a completion
 * date. The database enforces the same invariant with check constraints.
 *
 * - Finishing (status done/closed) sets 100% and dates the completion `today`
 *   (or `completedOn` when given, e.g. an imported finish date).
 * - Reaching 100% finishes the item as done (a closed item stays closed).
 * - Reopening (an unfinished status, or less than 100%) clears the completion date; reopening by
 *   status alone resets progress to 0% because the previous figure is unknown.
 * - Recording progress on an open item moves it to in progress.
 */
export function reconcileCompletion(
  current: CompletionState,
  change: { status?: ItemStatus; percentComplete?: number; completedOn?: IsoDate },
  today: IsoDate,
): CompletionResult {
  const { status, percentComplete } = change;
  const completedOn = (previous: CompletionState) =>
    isFinishedStatus(previous.status) && previous.completedOn
      ? previous.completedOn
      : (change.completedOn ?? today);

  if (status !== undefined && isFinishedStatus(status)) {
    if (percentComplete !== undefined && percentComplete < 100) {
      return { ok: false, field: "percent_complete", message: `must be 100 when the status is ${status}` };
    }
    return { ok: true, state: { status, percentComplete: 100, completedOn: completedOn(current) } };
  }
  if (status !== undefined) {
    if (percentComplete === 100) {
      return { ok: false, field: "status", message: "must be done or closed when 100% complete" };
    }
    const reopened = isFinishedStatus(current.status);
    const percent = percentComplete ?? (reopened ? 0 : current.percentComplete);
    return { ok: true, state: { status, percentComplete: percent, completedOn: null } };
  }
  if (percentComplete !== undefined) {
    if (percentComplete >= 100) {
      const finished = current.status === "closed" ? "closed" : "done";
      return {
        ok: true,
        state: { status: finished, percentComplete: 100, completedOn: completedOn(current) },
      };
    }
    let next: ItemStatus = current.status;
    if (isFinishedStatus(current.status)) next = percentComplete > 0 ? "in_progress" : "open";
    else if (current.status === "open" && percentComplete > 0) next = "in_progress";
    return { ok: true, state: { status: next, percentComplete, completedOn: null } };
  }
  return { ok: true, state: current };
}
