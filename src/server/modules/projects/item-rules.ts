import type { IsoDate } from "../../../core/calendar";
import {
  type CompletionState,
  type ItemStatus,
  type ItemType,
  NEW_ITEM_COMPLETION,
  type Priority,
  reconcileCompletion,
  type Severity,
} from "../../../core/raid";

/** The editable fields of an item, as services receive them (camelCase, validated shapes). */
export interface ItemFields {
  title?: string;
  description?: string;
  status?: ItemStatus;
  priority?: Priority;
  assigneeId?: string | null;
  startDate?: IsoDate | null;
  finishDate?: IsoDate | null;
  deadline?: IsoDate | null;
  percentComplete?: number;
  tags?: string[];
  probability?: number | null;
  impact?: number | null;
  severity?: Severity | null;
  decisionDate?: IsoDate | null;
  rationale?: string | null;
}

/** An item's stored state, as far as the rules need it. */
export interface ItemState extends CompletionState {
  type: ItemType;
  title: string;
  description: string;
  priority: Priority;
  assigneeId: string | null;
  startDate: IsoDate | null;
  finishDate: IsoDate | null;
  deadline: IsoDate | null;
  tags: string[];
  probability: number | null;
  impact: number | null;
  severity: Severity | null;
  decisionDate: IsoDate | null;
  rationale: string | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export type ItemDecision = { ok: true; state: ItemState } | { ok: false; problems: FieldProblem[] };

/** Fields that exist only on one type of item, with the API name used in problems. */
const TYPE_ONLY_FIELDS: { field: keyof ItemFields; path: string; type: ItemType }[] = [
  { field: "probability", path: "probability", type: "risk" },
  { field: "impact", path: "impact", type: "risk" },
  { field: "severity", path: "severity", type: "issue" },
  { field: "decisionDate", path: "decision_date", type: "decision" },
  { field: "rationale", path: "rationale", type: "decision" },
];

export const BLANK_ITEM = (type: ItemType, title: string): ItemState => ({
  ...NEW_ITEM_COMPLETION,
  type,
  title,
  description: "",
  priority: "medium",
  assigneeId: null,
  startDate: null,
  finishDate: null,
  deadline: null,
  tags: [],
  probability: null,
  impact: null,
  severity: null,
  decisionDate: null,
  rationale: null,
});

/** Trimmed, non-empty, de-duplicated ignoring case (first spelling wins). */
export function normalizeTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    result.push(tag);
  }
  return result;
}

/**
 * Applies a change to an item (or to a blank item, for creation) and checks the business rules
 * that a schema cannot: type-only fields, date order, who may hold the item, and the
 * completion invariant. Returns every problem at once so a form (or an import row) can show
 * them together.
 */
export function applyItemChange(
  current: ItemState,
  change: ItemFields,
  context: { today: IsoDate; assignable: ReadonlySet<string>; completedOn?: IsoDate },
): ItemDecision {
  const problems: FieldProblem[] = [];
  for (const { field, path, type } of TYPE_ONLY_FIELDS) {
    const value = change[field];
    if (value !== undefined && value !== null && current.type !== type) {
      problems.push({ path, message: `only ${type}s have this field` });
    }
  }
  const { status, percentComplete, ...rest } = change;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  const merged: ItemState = { ...current, ...defined };
  if (change.tags) merged.tags = normalizeTags(change.tags);
  if (merged.startDate && merged.finishDate && merged.finishDate < merged.startDate) {
    problems.push({ path: "finish_date", message: "must be on or after the start date" });
  }
  if (change.assigneeId && !context.assignable.has(change.assigneeId)) {
    problems.push({ path: "assignee_id", message: "must be a member of the project" });
  }
  const completion = reconcileCompletion(
    current,
    { status, percentComplete, completedOn: context.completedOn },
    context.today,
  );
  if (!completion.ok) problems.push({ path: completion.field, message: completion.message });
  if (problems.length > 0 || !completion.ok) return { ok: false, problems };
  const { status: finalStatus, percentComplete: finalPercent, completedOn } = completion.state;
  return { ok: true, state: { ...merged, status: finalStatus, percentComplete: finalPercent, completedOn } };
}

/** The fields whose values differ between two states, for audit before/after. */
export function changedFields(before: ItemState, after: ItemState): (keyof ItemState)[] {
  return (Object.keys(after) as (keyof ItemState)[]).filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}
