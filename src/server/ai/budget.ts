import {
  type BudgetStatus,
  budgetStatus,
  crossesAlertThreshold,
  monthKey,
  monthStart,
  userLimitMicroUsd,
} from "../../core/ai-routing/budget";
import { microUsdToUsd } from "../../core/ai-routing/cost";
import { type Database, type Executor, inTenant } from "../db";
import { AppError } from "../http";
import { getMonthlySpend } from "./ai.queries";
import type { OrgAiProfile } from "./org-profile";

export interface BudgetCheck {
  org: BudgetStatus;
  user: BudgetStatus;
}

export interface BudgetAlert {
  orgId: string;
  /** Null for the org's own budget. */
  userId: string | null;
  /** The budget month the call fell in, as its spend rows name it: `2025-03-01` (UTC). */
  month: string;
  spentMicroUsd: number;
  limitMicroUsd: number;
  alertPercent: number;
}

function limitsFor(profile: OrgAiProfile, userId: string | null) {
  return {
    org: profile.budget.orgLimitMicroUsd,
    user: userId
      ? userLimitMicroUsd(profile.budget.userOverrides.get(userId), profile.budget.userDefaultLimitMicroUsd)
      : null,
  };
}

function nextMonth(at: Date): Date {
  const start = monthStart(at);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/**
 * Refuses a call when the org's or the user's monthly budget is used up. It is a check
 * before the call, so the call that crosses a limit completes; the next one is refused.
 */
export async function checkBudget(
  db: Database,
  profile: OrgAiProfile,
  userId: string | null,
  at: Date,
): Promise<BudgetCheck> {
  const limits = limitsFor(profile, userId);
  if (limits.org === null && limits.user === null) {
    return { org: budgetStatus(0, null), user: budgetStatus(0, null) };
  }
  const spent = await inTenant(db, { orgId: profile.orgId }, (tx) =>
    getMonthlySpend(tx, { orgId: profile.orgId, month: monthKey(at), userId }),
  );
  const check = {
    org: budgetStatus(spent.orgMicroUsd, limits.org, profile.budget.alertPercent),
    user: budgetStatus(spent.userMicroUsd, limits.user, profile.budget.alertPercent),
  };
  for (const scope of ["org", "user"] as const) {
    const status = check[scope];
    if (status.state !== "exhausted") continue;
    throw new AppError("PAYMENT_REQUIRED", {
      message:
        scope === "org"
          ? "This organization's AI budget for the month is used up"
          : "Your AI budget for the month is used up",
      details: {
        budget: scope,
        spent_usd: microUsdToUsd(status.spentMicroUsd),
        limit_usd: microUsdToUsd(status.limitMicroUsd ?? 0),
        resets_at: nextMonth(at).toISOString(),
      },
    });
  }
  return check;
}

/**
 * The alerts a call set off, read after its spend was added (in the same transaction): at
 * most one per budget per month, for the call that carried spending across the threshold.
 */
export async function budgetAlertsAfter(
  tx: Executor,
  profile: OrgAiProfile,
  call: { userId: string | null; at: Date; costMicroUsd: number },
): Promise<BudgetAlert[]> {
  const limits = limitsFor(profile, call.userId);
  if ((limits.org === null && limits.user === null) || call.costMicroUsd === 0) return [];
  const month = monthKey(call.at);
  const after = await getMonthlySpend(tx, { orgId: profile.orgId, month, userId: call.userId });
  const { alertPercent } = profile.budget;
  const crossed = (spent: number, limit: number | null): limit is number =>
    limit !== null && crossesAlertThreshold(spent - call.costMicroUsd, spent, limit, alertPercent);
  const alerts: BudgetAlert[] = [];
  if (crossed(after.orgMicroUsd, limits.org)) {
    alerts.push({
      orgId: profile.orgId,
      userId: null,
      month,
      spentMicroUsd: after.orgMicroUsd,
      limitMicroUsd: limits.org,
      alertPercent,
    });
  }
  if (crossed(after.userMicroUsd, limits.user)) {
    alerts.push({
      orgId: profile.orgId,
      userId: call.userId,
      month,
      spentMicroUsd: after.userMicroUsd,
      limitMicroUsd: limits.user,
      alertPercent,
    });
  }
  return alerts;
}
