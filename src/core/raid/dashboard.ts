import { INDICATORS, type Indicator } from "./indicator";
import { ITEM_TYPES, type ItemType } from "./items";

/** One group-by row: how many items share a type, an indicator and an assignee. */
export interface ItemTally {
  type: ItemType;
  indicator: Indicator;
  assigneeId: string | null;
  count: number;
}

export interface AssigneeSummary {
  assigneeId: string | null;
  total: number;
  byIndicator: Record<Indicator, number>;
}

export interface DashboardSummary {
  total: number;
  byIndicator: Record<Indicator, number>;
  byType: Record<ItemType, number>;
  /** Busiest first; unassigned items are one entry with a null id. */
  byAssignee: AssigneeSummary[];
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/**
 * Folds tallies into the dashboard's counts. Every indicator and type appears, zero or not, so
 * charts keep a stable legend. Ties between assignees are broken by id for a stable order.
 */
export function summarizeDashboard(tallies: ItemTally[]): DashboardSummary {
  const byIndicator = zeroes(INDICATORS);
  const byType = zeroes(ITEM_TYPES);
  const assignees = new Map<string | null, AssigneeSummary>();
  let total = 0;
  for (const { type, indicator, assigneeId, count } of tallies) {
    total += count;
    byIndicator[indicator] += count;
    byType[type] += count;
    let summary = assignees.get(assigneeId);
    if (!summary) {
      summary = { assigneeId, total: 0, byIndicator: zeroes(INDICATORS) };
      assignees.set(assigneeId, summary);
    }
    summary.total += count;
    summary.byIndicator[indicator] += count;
  }
  const byAssignee = [...assignees.values()].sort(
    (a, b) => b.total - a.total || (a.assigneeId ?? "").localeCompare(b.assigneeId ?? ""),
  );
  return { total, byIndicator, byType, byAssignee };
}
