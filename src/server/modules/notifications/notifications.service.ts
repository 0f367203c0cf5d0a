import { type Database, inTenant, type TenantScope, type Transaction } from "../../db";
import type { NotificationKind } from "../../db/schema";
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
import { createMailQueue } from "./mail-queue";
import {
  countUnread,
  createNotifications,
  getNotification,
  getNotificationSettings,
  listEmailMuted,
  listNotifications,
  listNotificationsAfter,
  markAllNotificationsRead,
  type NotificationRow,
  setNotificationRead,
  upsertNotificationSettings,
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

/** The kinds that are mailed too (unless the person turned their mail off); the rest stay in the app. */
export const MAILED_KINDS = [
  "mention",
  "comment",
  "share",
  "transfer",
  "check_in_reminder",
] as const satisfies readonly NotificationKind[];
export type MailedKind = (typeof MAILED_KINDS)[number];
const isMailed = (kind: NotificationKind): kind is MailedKind =>
  (MAILED_KINDS as readonly string[]).includes(kind);

/** Mail on or off per kind, from the kinds a person muted (none muted: all on). */
const emailChoices = (settings: { emailMuted: string[] } | undefined) =>
  Object.fromEntries(MAILED_KINDS.map((kind) => [kind, !settings?.emailMuted.includes(kind)])) as Record<
    MailedKind,
    boolean
  >;

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
 * Mail goes through the mail queue (mail-queue.ts), never inside the request; each person
 * chooses per org which kinds are mailed.
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

  const mail = createMailQueue({ db, mailer: deps.mailer, logger, render: mailFor });

  /** The mail state a new notification starts with: pending unless its kind is not mailed to that person. */
  async function mailStates(tx: Transaction, orgId: string, drafts: NotificationDraft[], now: Date) {
    const muted = await listEmailMuted(tx, orgId, [...new Set(drafts.map((draft) => draft.recipientId))]);
    return drafts.map((draft) =>
      isMailed(draft.kind) && !muted.get(draft.recipientId)?.has(draft.kind)
        ? { mailStatus: "pending" as const, mailNextAt: now }
        : { mailStatus: null, mailNextAt: null },
    );
  }

  return {
    /**
     * Runs `fn` in one tenant transaction and hands it `notify`, which records notifications
     * in that transaction. Nobody is notified of their own action. After commit the new
     * notifications are pushed live, and their mail is sent in the background.
     */
    async transaction<T>(
      scope: TenantScope,
      fn: (tx: Transaction, notify: Notify) => Promise<T>,
    ): Promise<T> {
      const created: NotificationRow[] = [];
      const result = await inTenant(db, scope, (tx) =>
        fn(tx, async (drafts) => {
          const wanted = drafts.filter((draft) => draft.recipientId !== scope.userId);
          const states = await mailStates(tx, scope.orgId, wanted, new Date());
          const rows = await createNotifications(
            tx,
            wanted.map((draft, index) => ({
              orgId: scope.orgId,
              recipientId: draft.recipientId,
              kind: draft.kind,
              payload: draft.payload as unknown as Record<string, unknown>,
              dedupeKey: "dedupeKey" in draft ? draft.dedupeKey : null,
              ...states[index]!,
            })),
          );
          created.push(...rows);
          return rows;
        }),
      );
      for (const row of created) {
        bus.publish("notification", streamKey(scope.orgId, row.recipientId), toNotification(row));
      }
      if (created.length > 0) mail.kick();
      return result;
    },

    /** Sends the notification mail that is due (the scheduled job; tests wait on it). */
    sendDueMail: (now?: Date) => mail.drain(now),

    /** Which kinds the caller gets by mail in this org (in the app they get every kind). */
    getSettings: (scope: OrgScope) =>
      inTenant(db, scope, async (tx) =>
        emailChoices(await getNotificationSettings(tx, scope.orgId, scope.userId!)),
      ),

    /** Turns mail on or off per kind; kinds not named keep their setting. */
    updateSettings: (scope: OrgScope, email: Partial<Record<MailedKind, boolean>>) =>
      inTenant(db, scope, async (tx) => {
        const before = emailChoices(await getNotificationSettings(tx, scope.orgId, scope.userId!));
        const after = { ...before, ...email };
        const saved = await upsertNotificationSettings(tx, {
          orgId: scope.orgId,
          userId: scope.userId!,
          emailMuted: MAILED_KINDS.filter((kind) => !after[kind]),
        });
        await recordAudit(tx, scope, {
          action: "notification_settings.updated",
          entityType: "notification_settings",
          entityId: scope.userId,
          before: { email: before },
          after: { email: after },
        });
        return emailChoices(saved);
      }),

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
