export const DEFAULT_ALERT_PERCENT = 80;

export type BudgetState = "unlimited" | "ok" | "alert" | "exhausted";

export interface BudgetStatus {
  state: BudgetState;
  spentMicroUsd: number;
  limitMicroUsd: number | null;
  remainingMicroUsd: number | null;
}

/**
 * Where spending stands against a monthly limit. A null limit is no limit; a limit of zero
 * blocks everything. `alert` starts at alertPercent of the limit.
 */
export function budgetStatus(
  spentMicroUsd: number,
  limitMicroUsd: number | null,
  alertPercent = DEFAULT_ALERT_PERCENT,
): BudgetStatus {
  if (limitMicroUsd === null) {
    return { state: "unlimited", spentMicroUsd, limitMicroUsd, remainingMicroUsd: null };
  }
  const remainingMicroUsd = Math.max(0, limitMicroUsd - spentMicroUsd);
  const state: BudgetState =
    spentMicroUsd >= limitMicroUsd
      ? "exhausted"
      : spentMicroUsd * 100 >= limitMicroUsd * alertPercent
        ? "alert"
        : "ok";
  return { state, spentMicroUsd, limitMicroUsd, remainingMicroUsd };
}

/**
 * True for exactly the one call whose cost carries spending across the alert threshold, so
 * the alert fires once per month rather than on every call above it.
 */
export function crossesAlertThreshold(
  spentBeforeMicroUsd: number,
  spentAfterMicroUsd: number,
  limitMicroUsd: number | null,
  alertPercent = DEFAULT_ALERT_PERCENT,
): boolean {
  if (limitMicroUsd === null || limitMicroUsd === 0) return false;
  const threshold = limitMicroUsd * alertPercent;
  return spentBeforeMicroUsd * 100 < threshold && spentAfterMicroUsd * 100 >= threshold;
}

/** A user's limit: their own override if set, else the org's per-user default (null: none). */
export function userLimitMicroUsd(override: number | undefined, orgDefault: number | null): number | null {
  return override ?? orgDefault;
}

/** Budgets run per calendar month in UTC. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** `YYYY-MM-01`, the month a spend row belongs to. */
export function monthKey(at: Date): string {
  return monthStart(at).toISOString().slice(0, 10);
}
