import { and, asc, count, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../db";
import { type NotificationKind, notifications, users } from "../../db/schema";
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
