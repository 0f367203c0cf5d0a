import { and, count, desc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { Executor } from "../../db";
import { checkIns, goalCycles, goalTasks, keyResults, objectives, users } from "../../db/schema";
import type { PageRequest } from "../../http";

const checkInColumns = {
  id: checkIns.id,
  keyResultId: checkIns.keyResultId,
  authorId: checkIns.authorId,
  value: checkIns.value,
  confidence: checkIns.confidence,
  note: checkIns.note,
  weekStart: checkIns.weekStart,
  editedAt: checkIns.editedAt,
  createdAt: checkIns.createdAt,
};

export interface CheckInRow {
  id: string;
  keyResultId: string;
  authorId: string | null;
  value: number;
  confidence: number | null;
  note: string;
  weekStart: string;
  editedAt: Date | null;
  createdAt: Date;
}

// Deleted check-ins (undone coach check-ins) are kept, soft-deleted, and left out of everything here.

/** A key result's check-in history, newest week first, with each author's name. */
export async function listCheckIns(db: Executor, orgId: string, keyResultId: string, page: PageRequest) {
  const where = and(
    eq(checkIns.orgId, orgId),
    eq(checkIns.keyResultId, keyResultId),
    isNull(checkIns.deletedAt),
  );
  const [rows, [totals]] = await Promise.all([
    db
      .select({ ...checkInColumns, authorName: users.name })
      .from(checkIns)
      .leftJoin(users, eq(users.id, checkIns.authorId))
      .where(where)
      .orderBy(desc(checkIns.weekStart))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(checkIns).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function getCheckIn(db: Executor, orgId: string, id: string): Promise<CheckInRow | undefined> {
  const [row] = await db
    .select(checkInColumns)
    .from(checkIns)
    .where(and(eq(checkIns.orgId, orgId), eq(checkIns.id, id), isNull(checkIns.deletedAt)))
    .limit(1);
  return row;
}

export async function getCheckInForWeek(db: Executor, orgId: string, keyResultId: string, weekStart: string) {
  const [row] = await db
    .select(checkInColumns)
    .from(checkIns)
    .where(
      and(
        eq(checkIns.orgId, orgId),
        eq(checkIns.keyResultId, keyResultId),
        eq(checkIns.weekStart, weekStart),
        isNull(checkIns.deletedAt),
      ),
    )
    .limit(1);
  return row;
}

/** The check-in of the latest week: it sets the key result's current value and confidence. */
export async function getLatestCheckIn(db: Executor, orgId: string, keyResultId: string) {
  const [row] = await db
    .select(checkInColumns)
    .from(checkIns)
    .where(and(eq(checkIns.orgId, orgId), eq(checkIns.keyResultId, keyResultId), isNull(checkIns.deletedAt)))
    .orderBy(desc(checkIns.weekStart))
    .limit(1);
  return row;
}

export async function createCheckIn(
  db: Executor,
  values: {
    orgId: string;
    keyResultId: string;
    authorId: string | null;
    value: number;
    confidence: number | null;
    note: string;
    weekStart: string;
  },
): Promise<CheckInRow> {
  const [row] = await db.insert(checkIns).values(values).returning(checkInColumns);
  return row!;
}

export async function updateCheckIn(
  db: Executor,
  orgId: string,
  id: string,
  patch: { value?: number; confidence?: number | null; note?: string; editedAt: Date },
): Promise<CheckInRow | undefined> {
  const [row] = await db
    .update(checkIns)
    .set(patch)
    .where(and(eq(checkIns.orgId, orgId), eq(checkIns.id, id)))
    .returning(checkInColumns);
  return row;
}

/** Soft-deletes a check-in (undoing a coach check-in); the key result's state is the caller's to reset. */
export async function deleteCheckIn(db: Executor, orgId: string, id: string, at: Date): Promise<boolean> {
  const deleted = await db
    .update(checkIns)
    .set({ deletedAt: at })
    .where(and(eq(checkIns.orgId, orgId), eq(checkIns.id, id), isNull(checkIns.deletedAt)))
    .returning({ id: checkIns.id });
  return deleted.length > 0;
}

// Reminders ------------------------------------------------------------------------------------

/** Orgs with an open cycle running on `today`. Runs as the owning role: it looks across orgs. */
export async function listOrgsWithRunningCycles(db: Executor, today: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ orgId: goalCycles.orgId })
    .from(goalCycles)
    .where(
      and(lte(goalCycles.startDate, today), gte(goalCycles.endDate, today), isNull(goalCycles.closedAt)),
    );
  return rows.map((row) => row.orgId);
}

/**
 * Live key results in open cycles running on `today` whose last check-in (or creation, if none)
 * is before `before`, with their objective and its owner: the reminder candidates.
 */
export async function listKeyResultsQuietSince(db: Executor, orgId: string, today: string, before: Date) {
  return db
    .select({
      id: keyResults.id,
      title: keyResults.title,
      type: keyResults.type,
      startValue: keyResults.startValue,
      targetValue: keyResults.targetValue,
      currentValue: keyResults.currentValue,
      lastCheckInAt: keyResults.lastCheckInAt,
      createdAt: keyResults.createdAt,
      objectiveId: objectives.id,
      objectiveTitle: objectives.title,
      ownerId: objectives.ownerId,
    })
    .from(keyResults)
    .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
    .innerJoin(goalCycles, eq(goalCycles.id, objectives.cycleId))
    .where(
      and(
        eq(keyResults.orgId, orgId),
        isNull(keyResults.deletedAt),
        isNull(objectives.deletedAt),
        lte(goalCycles.startDate, today),
        gte(goalCycles.endDate, today),
        isNull(goalCycles.closedAt),
        lt(sql`coalesce(${keyResults.lastCheckInAt}, ${keyResults.createdAt})`, before),
      ),
    )
    .orderBy(objectives.ownerId, objectives.title, keyResults.sortOrder);
}

export async function listTaskStatusesOfKeyResults(db: Executor, orgId: string, keyResultIds: string[]) {
  if (keyResultIds.length === 0) return [];
  return db
    .select({ keyResultId: goalTasks.keyResultId, status: goalTasks.status })
    .from(goalTasks)
    .where(
      and(
        eq(goalTasks.orgId, orgId),
        inArray(goalTasks.keyResultId, keyResultIds),
        isNull(goalTasks.deletedAt),
      ),
    );
}
