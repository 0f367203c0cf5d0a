import { type Database, inTenant, type TenantScope, type Transaction } from "../../db";
import { createEventBus, type EventBus } from "../../events/bus";
import { AppError, iso, isoOrNull, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import type { Logger } from "../../logger";
import {
  checkInReminderMail,
  commentMail,
  mentionMail,
  shareMail,
  transferMail,
} from "../../mail/goals-templates";
import type { Mail, Mailer } from "../../mail/mailer";
import { recordAudit } from "../audit";
import {
  countUnread,
  createNotifications,
  getNotification,
  listNotifications,
  listNotificationsAfter,
  listRecipients,
  markAllNotificationsRead,
  type NotificationRow,
  setNotificationRead,
} from "./notifications.queries";

export type { NotificationRow };

/** What a comment or mention notification says. Payloads are stored and served as they are. */
export interface CommentPayload {
  actor_id: string | null;
  actor_name: string;
  objective_id: string;
  objective_title: string;
  target_type: "objective" | "key_result" | "task";
  target_id: string;
  target_title: string;
  comment_id: string;
  excerpt: string;
  /** Path in the web app, relative to the public URL. */
  link: string;
}

export interface SharePayload {
  actor_id: string | null;
  actor_name: string;
  objective_id: string;
  objective_title: string;
  permission: "view" | "edit";
  group_id: string | null;
  group_name: string | null;
  link: string;
}

/** An objective handed to a new owner. */
export interface TransferPayload {
  actor_id: string | null;
  actor_name: string;
  objective_id: string;
  objective_title: string;
  link: string;
}

export interface ReminderPayload {
  week_start: string;
  key_results: {
    id: string;
    title: string;
    objective_id: string;
    objective_title: string;
    days_since: number;
  }[];
  link: string;
}

/** An AI budget crossed its alert threshold: shown as it is (title, excerpt), never mailed. */
export interface BudgetAlertPayload {
  budget: "org" | "user";
  /** Whose budget, for a per-user one. */
  user_id: string | null;
  user_name: string | null;
  month: string;
  alert_percent: number;
  spent_usd: number;
  limit_usd: number;
  title: string;
  excerpt: string;
  /** The budgets page for those who manage them; empty for the member whose budget it is. */
  link: string;
}

export type NotificationDraft =
  | { kind: "mention" | "comment"; recipientId: string; payload: CommentPayload }
  | { kind: "share"; recipientId: string; payload: SharePayload }
  | { kind: "transfer"; recipientId: string; payload: TransferPayload }
  | { kind: "check_in_reminder"; recipientId: string; payload: ReminderPayload; dedupeKey: string }
  | { kind: "ai_budget_alert"; recipientId: string; payload: BudgetAlertPayload; dedupeKey: string };

/** Records notifications inside the caller's transaction; returns those actually created. */
export type Notify = (drafts: NotificationDraft[]) => Promise<NotificationRow[]>;

/** A notification as the API and the live stream show it: plain JSON, so it can cross replicas. */
export const toNotification = (row: NotificationRow) => ({
  id: row.id,
  kind: row.kind,
  payload: row.payload,
  read: row.readAt !== null,
  read_at: isoOrNull(row.readAt),
  created_at: iso(row.createdAt),
});

export type NotificationView = ReturnType<typeof toNotification>;

export type NotificationEvents = { notification: NotificationView };

export const streamKey = (orgId: string, userId: string) => `${orgId}:${userId}`;

/**
 * In-app notifications, pushed live over SSE and mailed. Notifications are written in the
 * same transaction as the change that causes them (a comment, a share), and pushed and mailed
 * only after that transaction commits, so nobody is told about something that was rolled back.
 */
export function createNotificationsService(deps: {
  db: Database;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
  bus?: EventBus<NotificationEvents>;
}) {
  const { db, logger } = deps;
  const bus =
    deps.bus ??
    createEventBus<NotificationEvents>({
      onListenerError: (error) => logger.warn({ err: error }, "a notification listener failed"),
    });

  function mailFor(row: NotificationRow, to: { name: string; email: string }): Mail | null {
    const url = `${deps.publicUrl}${String(row.payload.link ?? "/goals")}`;
    switch (row.kind) {
      case "mention":
      case "comment": {
        const payload = row.payload as unknown as CommentPayload;
        const input = {
          actorName: payload.actor_name,
          targetTitle: payload.target_title,
          excerpt: payload.excerpt,
          url,
        };
        return row.kind === "mention" ? mentionMail(to.email, input) : commentMail(to.email, input);
      }
      case "share": {
        const payload = row.payload as unknown as SharePayload;
        return shareMail(to.email, {
          actorName: payload.actor_name,
          objectiveTitle: payload.objective_title,
          permission: payload.permission,
          groupName: payload.group_name ?? undefined,
          url,
        });
      }
      case "transfer": {
        const payload = row.payload as unknown as TransferPayload;
        return transferMail(to.email, {
          actorName: payload.actor_name,
          objectiveTitle: payload.objective_title,
          url,
        });
      }
      case "ai_budget_alert":
        // In-app only: spending is watched from the budgets page, not the inbox.
        return null;
      case "check_in_reminder": {
        const payload = row.payload as unknown as ReminderPayload;
        return checkInReminderMail(to.email, {
          name: to.name,
          keyResults: payload.key_results.map((kr) => ({
            title: kr.title,
            objectiveTitle: kr.objective_title,
            daysSince: kr.days_since,
          })),
          url,
        });
      }
    }
  }

  /** Pushes committed notifications to open streams and mails them; mail failures are logged, not thrown. */
  async function deliver(orgId: string, rows: NotificationRow[]): Promise<void> {
    if (rows.length === 0) return;
    for (const row of rows) {
      bus.publish("notification", streamKey(orgId, row.recipientId), toNotification(row));
    }
    const recipients = new Map(
      (await listRecipients(db, [...new Set(rows.map((row) => row.recipientId))])).map((user) => [
        user.id,
        user,
      ]),
    );
    for (const row of rows) {
      const recipient = recipients.get(row.recipientId);
      const mail = recipient && mailFor(row, recipient);
      if (!mail) continue;
      try {
        await deps.mailer.send(mail);
      } catch (error) {
        logger.error({ err: error, notification: row.id }, "could not mail a notification");
      }
    }
  }

  return {
    /**
     * Runs `fn` in one tenant transaction and hands it `notify`, which records notifications
     * in that transaction. Nobody is notified of their own action. After commit the new
     * notifications are pushed live and mailed.
     */
    async transaction<T>(
      scope: TenantScope,
      fn: (tx: Transaction, notify: Notify) => Promise<T>,
    ): Promise<T> {
      const created: NotificationRow[] = [];
      const result = await inTenant(db, scope, (tx) =>
        fn(tx, async (drafts) => {
          const rows = await createNotifications(
            tx,
            drafts
              .filter((draft) => draft.recipientId !== scope.userId)
              .map((draft) => ({
                orgId: scope.orgId,
                recipientId: draft.recipientId,
                kind: draft.kind,
                payload: draft.payload as unknown as Record<string, unknown>,
                dedupeKey: "dedupeKey" in draft ? draft.dedupeKey : null,
              })),
          );
          created.push(...rows);
          return rows;
        }),
      );
      await deliver(scope.orgId, created);
      return result;
    },

    list: (scope: OrgScope, query: PaginationQuery & { unreadOnly: boolean }) =>
      inTenant(db, scope, (tx) =>
        listNotifications(tx, {
          orgId: scope.orgId,
          recipientId: scope.userId!,
          unreadOnly: query.unreadOnly,
          page: toPageRequest(query),
        }),
      ),

    unreadCount: (scope: OrgScope) =>
      inTenant(db, scope, (tx) => countUnread(tx, scope.orgId, scope.userId!)),

    /** Marks one of the caller's notifications read or unread; someone else's is not found. */
    setRead: (scope: OrgScope, id: string, read: boolean) =>
      inTenant(db, scope, async (tx) => {
        const before = await getNotification(tx, scope.orgId, scope.userId!, id);
        if (!before) throw new AppError("NOT_FOUND", { message: "No such notification" });
        if (Boolean(before.readAt) === read) return before;
        const after = await setNotificationRead(tx, scope.orgId, scope.userId!, id, read ? new Date() : null);
        await recordAudit(tx, scope, {
          action: read ? "notification.read" : "notification.unread",
          entityType: "notification",
          entityId: id,
        });
        return after!;
      }),

    markAllRead: (scope: OrgScope) =>
      inTenant(db, scope, async (tx) => {
        const updated = await markAllNotificationsRead(tx, scope.orgId, scope.userId!, new Date());
        if (updated > 0) {
          await recordAudit(tx, scope, {
            action: "notification.all_read",
            entityType: "notification",
            entityId: null,
            after: { count: updated },
          });
        }
        return updated;
      }),

    /** Notifications a reconnecting stream missed, oldest first. */
    missedSince: async (scope: OrgScope, afterId: string, limit = 500) =>
      (
        await inTenant(db, scope, (tx) =>
          listNotificationsAfter(tx, { orgId: scope.orgId, recipientId: scope.userId!, afterId, limit }),
        )
      ).map(toNotification),

    subscribe: (orgId: string, userId: string, listener: (notification: NotificationView) => void) =>
      bus.subscribe("notification", streamKey(orgId, userId), listener),
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
