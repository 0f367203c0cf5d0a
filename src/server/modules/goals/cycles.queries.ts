import { and, asc, count, desc, eq, gt, gte, inArray, lte } from "drizzle-orm";
import type { Executor } from "../../db";
import { goalCycles, objectives } from "../../db/schema";
import type { PageRequest } from "../../http";

const cycleColumns = {
  id: goalCycles.id,
  name: goalCycles.name,
  startDate: goalCycles.startDate,
  endDate: goalCycles.endDate,
  createdAt: goalCycles.createdAt,
  updatedAt: goalCycles.updatedAt,
};

export interface CycleRow {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  createdAt: Date;
  updatedAt: Date;
}

export async function listCycles(db: Executor, orgId: string, page: PageRequest) {
  const where = eq(goalCycles.orgId, orgId);
  const [rows, [totals]] = await Promise.all([
    db
      .select(cycleColumns)
      .from(goalCycles)
      .where(where)
      .orderBy(desc(goalCycles.startDate), desc(goalCycles.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(goalCycles).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function getCycle(db: Executor, orgId: string, id: string): Promise<CycleRow | undefined> {
  const [row] = await db
    .select(cycleColumns)
    .from(goalCycles)
    .where(and(eq(goalCycles.orgId, orgId), eq(goalCycles.id, id)))
    .limit(1);
  return row;
}

export async function listCyclesByIds(db: Executor, orgId: string, ids: string[]): Promise<CycleRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(cycleColumns)
    .from(goalCycles)
    .where(and(eq(goalCycles.orgId, orgId), inArray(goalCycles.id, ids)));
}

/**
 * The cycle "now" means: the one running on `today` (the latest-starting one if several
 * overlap), else the most recent one that has started, else the next one to start.
 */
export async function getCurrentCycle(
  db: Executor,
  orgId: string,
  today: string,
): Promise<CycleRow | undefined> {
  const [running] = await db
    .select(cycleColumns)
    .from(goalCycles)
    .where(and(eq(goalCycles.orgId, orgId), lte(goalCycles.startDate, today), gte(goalCycles.endDate, today)))
    .orderBy(desc(goalCycles.startDate))
    .limit(1);
  if (running) return running;
  const [past] = await db
    .select(cycleColumns)
    .from(goalCycles)
    .where(and(eq(goalCycles.orgId, orgId), lte(goalCycles.startDate, today)))
    .orderBy(desc(goalCycles.startDate))
    .limit(1);
  if (past) return past;
  const [next] = await db
    .select(cycleColumns)
    .from(goalCycles)
    .where(and(eq(goalCycles.orgId, orgId), gt(goalCycles.startDate, today)))
    .orderBy(asc(goalCycles.startDate))
    .limit(1);
  return next;
}

/** The cycle running on `today`, if any (a new objective without a cycle goes there). */
export async function getRunningCycle(
  db: Executor,
  orgId: string,
  today: string,
): Promise<CycleRow | undefined> {
  const [row] = await db
    .select(cycleColumns)
    .from(goalCycles)
    .where(and(eq(goalCycles.orgId, orgId), lte(goalCycles.startDate, today), gte(goalCycles.endDate, today)))
    .orderBy(desc(goalCycles.startDate))
    .limit(1);
  return row;
}

export async function createCycle(
  db: Executor,
  values: { orgId: string; name: string; startDate: string; endDate: string; createdBy: string | null },
): Promise<CycleRow> {
  const [row] = await db.insert(goalCycles).values(values).returning(cycleColumns);
  return row!;
}

export async function updateCycle(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<{ name: string; startDate: string; endDate: string }>,
): Promise<CycleRow | undefined> {
  const [row] = await db
    .update(goalCycles)
    .set(patch)
    .where(and(eq(goalCycles.orgId, orgId), eq(goalCycles.id, id)))
    .returning(cycleColumns);
  return row;
}

export async function deleteCycle(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .delete(goalCycles)
    .where(and(eq(goalCycles.orgId, orgId), eq(goalCycles.id, id)))
    .returning(cycleColumns);
  return row;
}

/** Objectives in a cycle, deleted ones included (they pin the cycle until purged). */
export async function countObjectivesInCycle(db: Executor, orgId: string, cycleId: string): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(objectives)
    .where(and(eq(objectives.orgId, orgId), eq(objectives.cycleId, cycleId)));
  return row?.total ?? 0;
}
