import { and, asc, count, desc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../../db";
import {
  type MailStatus,
  type NotificationKind,
  notificationSettings,
  notifications,
  users,
} from "../../db/schema";
import type { PageRequest } from "../../http";

const notificationColumns = {
  id: notifications.id,
  recipientId: notifications.recipientId,
  kind: notifications.kind,
  payload: notifications.payload,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
};

export interface NotificationRow {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

export interface NewNotification {
  orgId: string;
  recipientId: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  dedupeKey?: string | null;
  /** "pending" to mail it (from `mailNextAt`), null for in-app only. */
  mailStatus: MailStatus | null;
  mailNextAt: Date | null;
}

/** Inserts notifications; one whose dedupe key was already used for that person is skipped. */
export async function createNotifications(db: Executor, rows: NewNotification[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({
      target: [notifications.orgId, notifications.recipientId, notifications.dedupeKey],
    })
    .returning(notificationColumns);
}

export async function listNotifications(
  db: Executor,
  params: { orgId: string; recipientId: string; unreadOnly: boolean; page: PageRequest },
) {
  const where = and(
    eq(notifications.orgId, params.orgId),
    eq(notifications.recipientId, params.recipientId),
    params.unreadOnly ? isNull(notifications.readAt) : undefined,
  );
  const [rows, [totals]] = await Promise.all([
    db
      .select(notificationColumns)
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.id))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db.select({ total: count() }).from(notifications).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function countUnread(db: Executor, orgId: string, recipientId: string): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(notifications)
    .where(
      and(
        eq(notifications.orgId, orgId),
        eq(notifications.recipientId, recipientId),
        isNull(notifications.readAt),
      ),
    );
  return row?.total ?? 0;
}

export async function getNotification(db: Executor, orgId: string, recipientId: string, id: string) {
  const [row] = await db
    .select(notificationColumns)
    .from(notifications)
    .where(
      and(
        eq(notifications.orgId, orgId),
        eq(notifications.recipientId, recipientId),
        eq(notifications.id, id),
      ),
    )
    .limit(1);
  return row;
}

export async function setNotificationRead(
  db: Executor,
  orgId: string,
  recipientId: string,
  id: string,
  readAt: Date | null,
) {
  const [row] = await db
    .update(notifications)
    .set({ readAt })
    .where(
      and(
        eq(notifications.orgId, orgId),
        eq(notifications.recipientId, recipientId),
        eq(notifications.id, id),
      ),
    )
    .returning(notificationColumns);
  return row;
}

export async function markAllNotificationsRead(
  db: Executor,
  orgId: string,
  recipientId: string,
  readAt: Date,
) {
  const rows = await db
    .update(notifications)
    .set({ readAt })
    .where(
      and(
        eq(notifications.orgId, orgId),
        eq(notifications.recipientId, recipientId),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

/** Notifications after `afterId` (UUIDv7 ids sort by creation), oldest first: the SSE replay. */
export async function listNotificationsAfter(
  db: Executor,
  params: { orgId: string; recipientId: string; afterId: string; limit: number },
): Promise<NotificationRow[]> {
  return db
    .select(notificationColumns)
    .from(notifications)
    .where(
      and(
        eq(notifications.orgId, params.orgId),
        eq(notifications.recipientId, params.recipientId),
        gt(notifications.id, params.afterId),
      ),
    )
    .orderBy(asc(notifications.id))
    .limit(params.limit);
}

/** Where to mail notifications: name and address of each recipient. */
export async function listRecipients(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, ids));
}

// Mail ---------------------------------------------------------------------------------------

/** A notification whose mail a sender has claimed. */
export type ClaimedMail = NotificationRow & { orgId: string; mailAttempts: number };

/**
 * Claims up to `limit` mails that are due, in any org, until `leaseUntil`: a sender that dies
 * mid-send leaves them to be retried when the lease runs out, and two senders (replicas) never
 * claim the same mail (SKIP LOCKED). Runs as the owning role: the queue spans orgs.
 */
export async function claimDueMails(
  db: Executor,
  params: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedMail[]> {
  const due = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.mailStatus, "pending"), lte(notifications.mailNextAt, params.now)))
    .orderBy(asc(notifications.mailNextAt), asc(notifications.id))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(notifications)
    .set({ mailNextAt: params.leaseUntil, mailAttempts: sql`${notifications.mailAttempts} + 1` })
    .where(inArray(notifications.id, due))
    .returning({
      ...notificationColumns,
      orgId: notifications.orgId,
      mailAttempts: notifications.mailAttempts,
    });
}

/** Records how a claimed mail went: sent, to be retried at `nextAt`, or given up on. */
export async function settleMail(
  db: Executor,
  id: string,
  outcome:
    | { status: "sent"; at: Date }
    | { status: "retry"; nextAt: Date }
    | { status: "failed" | "skipped" },
) {
  const patch =
    outcome.status === "sent"
      ? { mailStatus: "sent" as const, mailedAt: outcome.at, mailNextAt: null }
      : outcome.status === "retry"
        ? { mailNextAt: outcome.nextAt }
        : { mailStatus: outcome.status === "failed" ? ("failed" as const) : null, mailNextAt: null };
  await db.update(notifications).set(patch).where(eq(notifications.id, id));
}

// Settings -----------------------------------------------------------------------------------

export async function getNotificationSettings(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .select({ emailMuted: notificationSettings.emailMuted, updatedAt: notificationSettings.updatedAt })
    .from(notificationSettings)
    .where(and(eq(notificationSettings.orgId, orgId), eq(notificationSettings.userId, userId)))
    .limit(1);
  return row;
}

export async function upsertNotificationSettings(
  db: Executor,
  values: { orgId: string; userId: string; emailMuted: string[] },
) {
  const [row] = await db
    .insert(notificationSettings)
    .values(values)
    .onConflictDoUpdate({
      target: [notificationSettings.orgId, notificationSettings.userId],
      set: { emailMuted: values.emailMuted, updatedAt: new Date() },
    })
    .returning({ emailMuted: notificationSettings.emailMuted, updatedAt: notificationSettings.updatedAt });
  return row!;
}

/** The kinds each of these people turned mail off for, in one org. */
export async function listEmailMuted(
  db: Executor,
  orgId: string,
  userIds: string[],
): Promise<Map<string, Set<string>>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: notificationSettings.userId, emailMuted: notificationSettings.emailMuted })
    .from(notificationSettings)
    .where(and(eq(notificationSettings.orgId, orgId), inArray(notificationSettings.userId, userIds)));
  return new Map(rows.map((row) => [row.userId, new Set(row.emailMuted)]));
}
