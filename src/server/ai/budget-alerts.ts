import { microUsdToUsd } from "../../core/ai-routing/cost";
import type { Logger } from "../logger";
import { recordAudit, systemScope } from "../modules/audit";
import type { BudgetAlertPayload, NotificationDraft, NotificationsService } from "../modules/notifications";
import { listBudgetAlertRecipients } from "./ai.queries";
import type { BudgetAlert } from "./budget";

const BUDGETS_PAGE = "/settings/ai/budgets";

const monthName = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" });

/** Small budgets are fractions of a cent: show enough digits to tell spent from limit. */
const usd = (microUsd: number) => `$${microUsdToUsd(microUsd).toFixed(microUsd < 1_000_000 ? 4 : 2)}`;

/** Once per budget per month, whichever replica sees the crossing and however often. */
export const budgetAlertKey = (alert: Pick<BudgetAlert, "month" | "userId">) =>
  `ai_budget_alert:${alert.month}:${alert.userId ? `user:${alert.userId}` : "org"}`;

function payloadFor(
  alert: BudgetAlert,
  recipientId: string,
  owner: { name: string } | undefined,
): BudgetAlertPayload {
  const percent = `${alert.alertPercent}%`;
  const title =
    alert.userId === null
      ? `AI spending passed ${percent} of the organization's monthly budget`
      : alert.userId === recipientId
        ? `Your AI spending passed ${percent} of your monthly budget`
        : `${owner?.name ?? "A member"}'s AI spending passed ${percent} of their monthly budget`;
  const ownBudget = alert.userId === recipientId;
  return {
    budget: alert.userId === null ? "org" : "user",
    user_id: alert.userId,
    user_name: owner?.name ?? null,
    month: alert.month,
    alert_percent: alert.alertPercent,
    spent_usd: microUsdToUsd(alert.spentMicroUsd),
    limit_usd: microUsdToUsd(alert.limitMicroUsd),
    title,
    excerpt: `${usd(alert.spentMicroUsd)} of ${usd(alert.limitMicroUsd)} spent in ${monthName.format(new Date(alert.month))}. ${
      ownBudget
        ? "AI features stop answering for you when it is used up."
        : "Calls are refused when it is used up."
    }`,
    link: ownBudget ? "" : BUDGETS_PAGE,
  };
}

/**
 * The gateway's onBudgetAlert, as the server wires it: an in-app notification to the org's
 * owners and admins, and for a per-user budget to that person too. The dedupe key makes it
 * at most one per recipient per budget per month, even when several replicas or a changed
 * limit report the crossing again.
 */
export function createBudgetAlertNotifier(deps: {
  notifications: Pick<NotificationsService, "transaction">;
  logger: Logger;
}) {
  return async (alert: BudgetAlert): Promise<void> => {
    deps.logger.warn(
      {
        org_id: alert.orgId,
        user_id: alert.userId,
        spent_micro_usd: alert.spentMicroUsd,
        limit_micro_usd: alert.limitMicroUsd,
      },
      `AI spending passed ${alert.alertPercent}% of the monthly budget`,
    );
    const scope = systemScope(alert.orgId);
    await deps.notifications.transaction(scope, async (tx, notify) => {
      const recipients = await listBudgetAlertRecipients(tx, alert.orgId, alert.userId);
      const owner = recipients.find((recipient) => recipient.userId === alert.userId);
      const dedupeKey = budgetAlertKey(alert);
      const drafts: NotificationDraft[] = recipients.map((recipient) => ({
        kind: "ai_budget_alert",
        recipientId: recipient.userId,
        payload: payloadFor(alert, recipient.userId, owner),
        dedupeKey,
      }));
      for (const row of await notify(drafts)) {
        await recordAudit(tx, scope, {
          action: "notification.ai_budget_alert_sent",
          entityType: "notification",
          entityId: row.id,
          after: { recipientId: row.recipientId, key: dedupeKey },
        });
      }
    });
  };
}
