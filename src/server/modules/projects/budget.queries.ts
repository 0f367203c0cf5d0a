import { and, asc, count, desc, eq, gte, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { IsoDate } from "../../../core/calendar";
import type { Executor } from "../../db";
import {
  projectItems,
  projectMembers,
  projectRateCards,
  projectTimesheetEntries,
  users,
} from "../../db/schema";
import type { PageRequest } from "../../http";

const cards = projectRateCards;
const entries = projectTimesheetEntries;

const cardColumns = {
  id: cards.id,
  userId: cards.userId,
  userName: users.name,
  roleName: cards.roleName,
  hourlyRate: cards.hourlyRate,
  effectiveFrom: cards.effectiveFrom,
  createdAt: cards.createdAt,
  updatedAt: cards.updatedAt,
};

export type RateCardRow = {
  id: string;
  userId: string | null;
  userName: string | null;
  roleName: string | null;
  /** Decimal string. */
  hourlyRate: string;
  effectiveFrom: IsoDate | null;
  createdAt: Date;
  updatedAt: Date;
};

export async function listRateCards(db: Executor, orgId: string, projectId: string): Promise<RateCardRow[]> {
  return db
    .select(cardColumns)
    .from(cards)
    .leftJoin(users, eq(users.id, cards.userId))
    .where(and(eq(cards.orgId, orgId), eq(cards.projectId, projectId)))
    .orderBy(asc(cards.roleName), asc(users.name), asc(cards.effectiveFrom), asc(cards.id));
}

export async function getRateCard(
  db: Executor,
  orgId: string,
  projectId: string,
  id: string,
): Promise<RateCardRow | undefined> {
  const [row] = await db
    .select(cardColumns)
    .from(cards)
    .leftJoin(users, eq(users.id, cards.userId))
    .where(and(eq(cards.orgId, orgId), eq(cards.projectId, projectId), eq(cards.id, id)))
    .limit(1);
  return row;
}

export async function createRateCard(
  db: Executor,
  values: {
    orgId: string;
    projectId: string;
    userId: string | null;
    roleName: string | null;
    hourlyRate: string;
    effectiveFrom: IsoDate | null;
  },
) {
  const [row] = await db.insert(cards).values(values).returning({ id: cards.id });
  return row!.id;
}

export async function updateRateCard(
  db: Executor,
  orgId: string,
  projectId: string,
  id: string,
  patch: { hourlyRate?: string; effectiveFrom?: IsoDate | null },
) {
  await db
    .update(cards)
    .set(patch)
    .where(and(eq(cards.orgId, orgId), eq(cards.projectId, projectId), eq(cards.id, id)));
}

export async function deleteRateCard(db: Executor, orgId: string, projectId: string, id: string) {
  await db.delete(cards).where(and(eq(cards.orgId, orgId), eq(cards.projectId, projectId), eq(cards.id, id)));
}

const entryColumns = {
  id: entries.id,
  userId: entries.userId,
  userName: users.name,
  weekStart: entries.weekStart,
  hours: entries.hours,
  itemId: entries.itemId,
  itemType: projectItems.type,
  itemNumber: projectItems.number,
  itemTitle: projectItems.title,
  note: entries.note,
  updatedAt: entries.updatedAt,
};

export type TimesheetEntryRow = {
  id: string;
  userId: string;
  userName: string | null;
  weekStart: IsoDate;
  hours: string;
  itemId: string | null;
  itemType: string | null;
  itemNumber: number | null;
  itemTitle: string | null;
  note: string;
  updatedAt: Date;
};

export async function listTimesheetEntries(
  db: Executor,
  params: {
    orgId: string;
    projectId: string;
    userId?: string;
    from?: IsoDate;
    to?: IsoDate;
    page: PageRequest;
  },
) {
  const conditions: SQL[] = [eq(entries.orgId, params.orgId), eq(entries.projectId, params.projectId)];
  if (params.userId) conditions.push(eq(entries.userId, params.userId));
  if (params.from) conditions.push(gte(entries.weekStart, params.from));
  if (params.to) conditions.push(lte(entries.weekStart, params.to));
  const where = and(...conditions);
  const [rows, [totals]] = await Promise.all([
    db
      .select(entryColumns)
      .from(entries)
      .leftJoin(users, eq(users.id, entries.userId))
      .leftJoin(projectItems, eq(projectItems.id, entries.itemId))
      .where(where)
      .orderBy(desc(entries.weekStart), asc(users.name), asc(entries.id))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db.select({ total: count() }).from(entries).where(where),
  ]);
  return { rows: rows as TimesheetEntryRow[], total: totals?.total ?? 0 };
}

export async function listWeekEntries(
  db: Executor,
  params: { orgId: string; projectId: string; userId: string; weekStart: IsoDate },
): Promise<TimesheetEntryRow[]> {
  const rows = await db
    .select(entryColumns)
    .from(entries)
    .leftJoin(users, eq(users.id, entries.userId))
    .leftJoin(projectItems, eq(projectItems.id, entries.itemId))
    .where(
      and(
        eq(entries.orgId, params.orgId),
        eq(entries.projectId, params.projectId),
        eq(entries.userId, params.userId),
        eq(entries.weekStart, params.weekStart),
      ),
    )
    .orderBy(asc(entries.createdAt), asc(entries.id));
  return rows as TimesheetEntryRow[];
}

/** Replaces one person's week on a project with `lines` (an empty list clears it). */
export async function replaceWeekEntries(
  db: Executor,
  params: { orgId: string; projectId: string; userId: string; weekStart: IsoDate },
  lines: { itemId: string | null; hours: string; note: string; billingRole: string | null }[],
) {
  await db
    .delete(entries)
    .where(
      and(
        eq(entries.orgId, params.orgId),
        eq(entries.projectId, params.projectId),
        eq(entries.userId, params.userId),
        eq(entries.weekStart, params.weekStart),
      ),
    );
  if (lines.length > 0) await db.insert(entries).values(lines.map((line) => ({ ...params, ...line })));
}

/**
 * Hours per person, week and billing role (decimal strings): the input to costing. A line's
 * role is the one recorded with it, else the person's current one on the project.
 */
export async function sumHoursByPersonWeek(db: Executor, orgId: string, projectId: string) {
  const roleName = sql<string | null>`coalesce(${entries.billingRole}, ${projectMembers.billingRole})`;
  return db
    .select({
      userId: entries.userId,
      weekStart: entries.weekStart,
      roleName,
      hours: sql<string>`sum(${entries.hours})::text`,
    })
    .from(entries)
    .leftJoin(
      projectMembers,
      and(eq(projectMembers.projectId, entries.projectId), eq(projectMembers.userId, entries.userId)),
    )
    .where(and(eq(entries.orgId, orgId), eq(entries.projectId, projectId)))
    .groupBy(entries.userId, entries.weekStart, roleName)
    .orderBy(asc(entries.weekStart));
}

/**
 * Before someone leaves a project (or every project of the org), records their billing role
 * on their timesheet lines that carry none, so the hours keep their price once the
 * membership is gone.
 */
export async function recordLeaversBillingRole(
  db: Executor,
  params: { orgId: string; userId: string; projectId?: string },
) {
  await db
    .update(entries)
    .set({ billingRole: sql`${projectMembers.billingRole}` })
    .from(projectMembers)
    .where(
      and(
        eq(entries.orgId, params.orgId),
        eq(entries.userId, params.userId),
        params.projectId ? eq(entries.projectId, params.projectId) : undefined,
        isNull(entries.billingRole),
        eq(projectMembers.orgId, params.orgId),
        eq(projectMembers.projectId, entries.projectId),
        eq(projectMembers.userId, entries.userId),
      ),
    );
}
