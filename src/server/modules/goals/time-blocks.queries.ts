import { and, asc, eq, gt, isNull, lt } from "drizzle-orm";
import type { Executor } from "../../db";
import { calendarFeedTokens, goalTasks, keyResults, objectives, timeBlocks } from "../../db/schema";
import { type Viewer, visibleTo } from "./objectives.queries";

const timeBlockColumns = {
  id: timeBlocks.id,
  taskId: timeBlocks.taskId,
  userId: timeBlocks.userId,
  startsAt: timeBlocks.startsAt,
  endsAt: timeBlocks.endsAt,
  note: timeBlocks.note,
  completedAt: timeBlocks.completedAt,
  progressLogged: timeBlocks.progressLogged,
  createdAt: timeBlocks.createdAt,
  updatedAt: timeBlocks.updatedAt,
};

export interface TimeBlockRow {
  id: string;
  taskId: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  note: string;
  completedAt: Date | null;
  progressLogged: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const withContext = {
  ...timeBlockColumns,
  taskTitle: goalTasks.title,
  taskStatus: goalTasks.status,
  keyResultId: keyResults.id,
  keyResultTitle: keyResults.title,
  objectiveId: objectives.id,
  objectiveTitle: objectives.title,
};

/**
 * A person's time blocks overlapping [from, to) (or the one with `id`), with what they are for. Blocks whose task,
 * key result or objective is deleted, or whose objective the person can no longer see, are
 * left out (restoring or re-sharing brings them back).
 */
export async function listTimeBlocks(
  db: Executor,
  params: { orgId: string; viewer: Viewer; from?: Date; to?: Date; id?: string; limit: number },
) {
  return db
    .select(withContext)
    .from(timeBlocks)
    .innerJoin(goalTasks, eq(goalTasks.id, timeBlocks.taskId))
    .innerJoin(keyResults, eq(keyResults.id, goalTasks.keyResultId))
    .innerJoin(objectives, eq(objectives.id, goalTasks.objectiveId))
    .where(
      and(
        eq(timeBlocks.orgId, params.orgId),
        eq(timeBlocks.userId, params.viewer.userId),
        params.id ? eq(timeBlocks.id, params.id) : undefined,
        params.from ? gt(timeBlocks.endsAt, params.from) : undefined,
        params.to ? lt(timeBlocks.startsAt, params.to) : undefined,
        isNull(goalTasks.deletedAt),
        isNull(keyResults.deletedAt),
        isNull(objectives.deletedAt),
        visibleTo(params.viewer),
      ),
    )
    .orderBy(asc(timeBlocks.startsAt), asc(timeBlocks.id))
    .limit(params.limit);
}

export async function getTimeBlock(
  db: Executor,
  orgId: string,
  userId: string,
  id: string,
): Promise<TimeBlockRow | undefined> {
  const [row] = await db
    .select(timeBlockColumns)
    .from(timeBlocks)
    .where(and(eq(timeBlocks.orgId, orgId), eq(timeBlocks.userId, userId), eq(timeBlocks.id, id)))
    .limit(1);
  return row;
}

export async function createTimeBlock(
  db: Executor,
  values: { orgId: string; taskId: string; userId: string; startsAt: Date; endsAt: Date; note: string },
): Promise<TimeBlockRow> {
  const [row] = await db.insert(timeBlocks).values(values).returning(timeBlockColumns);
  return row!;
}

export async function updateTimeBlock(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<{
    startsAt: Date;
    endsAt: Date;
    note: string;
    completedAt: Date | null;
    progressLogged: boolean;
  }>,
): Promise<TimeBlockRow | undefined> {
  const [row] = await db
    .update(timeBlocks)
    .set(patch)
    .where(and(eq(timeBlocks.orgId, orgId), eq(timeBlocks.id, id)))
    .returning(timeBlockColumns);
  return row;
}

export async function deleteTimeBlock(db: Executor, orgId: string, id: string) {
  await db.delete(timeBlocks).where(and(eq(timeBlocks.orgId, orgId), eq(timeBlocks.id, id)));
}

// Calendar feed tokens -------------------------------------------------------------------------

const tokenColumns = {
  id: calendarFeedTokens.id,
  orgId: calendarFeedTokens.orgId,
  userId: calendarFeedTokens.userId,
  lastUsedAt: calendarFeedTokens.lastUsedAt,
  createdAt: calendarFeedTokens.createdAt,
};

export async function getLiveFeedToken(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .select(tokenColumns)
    .from(calendarFeedTokens)
    .where(
      and(
        eq(calendarFeedTokens.orgId, orgId),
        eq(calendarFeedTokens.userId, userId),
        isNull(calendarFeedTokens.revokedAt),
      ),
    )
    .limit(1);
  return row;
}

export async function revokeFeedTokens(
  db: Executor,
  orgId: string,
  userId: string,
  at: Date,
): Promise<number> {
  const rows = await db
    .update(calendarFeedTokens)
    .set({ revokedAt: at })
    .where(
      and(
        eq(calendarFeedTokens.orgId, orgId),
        eq(calendarFeedTokens.userId, userId),
        isNull(calendarFeedTokens.revokedAt),
      ),
    )
    .returning({ id: calendarFeedTokens.id });
  return rows.length;
}

export async function createFeedToken(
  db: Executor,
  values: { orgId: string; userId: string; tokenHash: string },
) {
  const [row] = await db.insert(calendarFeedTokens).values(values).returning(tokenColumns);
  return row!;
}

/**
 * The live token with this hash, in any org. The feed URL carries no org, so this look-up
 * runs as the owning role before a tenant transaction can be opened for the token's org.
 */
export async function findLiveFeedToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .select(tokenColumns)
    .from(calendarFeedTokens)
    .where(and(eq(calendarFeedTokens.tokenHash, tokenHash), isNull(calendarFeedTokens.revokedAt)))
    .limit(1);
  return row;
}

export async function touchFeedToken(db: Executor, orgId: string, id: string, at: Date) {
  await db
    .update(calendarFeedTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(calendarFeedTokens.orgId, orgId), eq(calendarFeedTokens.id, id)));
}

export type TimeBlockView = Awaited<ReturnType<typeof listTimeBlocks>>[number];
