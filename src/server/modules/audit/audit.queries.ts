import { and, count, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import type { Executor } from "../../db";
import { auditEvents, users } from "../../db/schema";
import type { PageRequest } from "../../http";

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function createAuditEvent(db: Executor, event: NewAuditEvent) {
  const [row] = await db.insert(auditEvents).values(event).returning({ id: auditEvents.id });
  return row!;
}

export interface AuditFilter {
  orgId: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
}

function auditWhere(filter: AuditFilter) {
  const conditions: SQL[] = [eq(auditEvents.orgId, filter.orgId)];
  if (filter.action)
    conditions.push(like(auditEvents.action, `${filter.action.replace(/[\\%_]/g, "\\$&")}%`));
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.from) conditions.push(gte(auditEvents.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditEvents.createdAt, filter.to));
  return and(...conditions);
}

export async function listAuditEvents(db: Executor, filter: AuditFilter, page: PageRequest) {
  const where = auditWhere(filter);
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        actorUserId: auditEvents.actorUserId,
        actorApiKeyId: auditEvents.actorApiKeyId,
        actorName: users.name,
        actorEmail: users.email,
        before: auditEvents.before,
        after: auditEvents.after,
        correlationId: auditEvents.correlationId,
        ip: auditEvents.ip,
        userAgent: auditEvents.userAgent,
        createdAt: auditEvents.createdAt,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(auditEvents).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/** The distinct actions recorded in an org, for the audit page's filter menu. */
export async function listAuditActions(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.orgId, orgId))
    .orderBy(auditEvents.action);
  return rows.map((row) => row.action);
}
