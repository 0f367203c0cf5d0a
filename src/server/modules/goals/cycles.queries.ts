import { and, asc, count, desc, eq, gt, gte, inArray, lte, sql } from "drizzle-orm";
import type { FinalScore } from "../../../core/okr";
import type { Executor } from "../../db";
import { goalCycles, keyResults, objectives } from "../../db/schema";
import type { PageRequest } from "../../http";

const cycleColumns = {
  id: goalCycles.id,
  name: goalCycles.name,
  startDate: goalCycles.startDate,
  endDate: goalCycles.endDate,
  closedAt: goalCycles.closedAt,
  closedBy: goalCycles.closedBy,
  createdAt: goalCycles.createdAt,
  updatedAt: goalCycles.updatedAt,
};

export interface CycleRow {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  /** Set while the cycle is closed: its scores are final and its goals read-only. */
  closedAt: Date | null;
  closedBy: string | null;
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
  patch: Partial<{
    name: string;
    startDate: string;
    endDate: string;
    closedAt: Date | null;
    closedBy: string | null;
  }>,
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

/** Writes final scores in one statement per table (a cycle may hold a thousand key results). */
export async function recordFinalScores(
  db: Executor,
  orgId: string,
  scores: { objectives: FinalScore[]; keyResults: FinalScore[] },
) {
  for (const [table, rows] of [
    [objectives, scores.objectives],
    [keyResults, scores.keyResults],
  ] as const) {
    if (rows.length === 0) continue;
    const ids = `{${rows.map((row) => row.id).join(",")}}`;
    const values = `{${rows.map((row) => row.score).join(",")}}`;
    const grades = `{${rows.map((row) => row.grade).join(",")}}`;
    await db.execute(sql`
      update ${table} set final_score = v.score, final_grade = v.grade
      from unnest(${ids}::uuid[], ${values}::float8[], ${grades}::text[]) as v(id, score, grade)
      where ${table.orgId} = ${orgId} and ${table.id} = v.id`);
  }
}

/** Clears the final scores of a cycle's objectives and key results (reopening it). */
export async function clearFinalScores(db: Executor, orgId: string, cycleId: string) {
  const ofCycle = db
    .select({ id: objectives.id })
    .from(objectives)
    .where(and(eq(objectives.orgId, orgId), eq(objectives.cycleId, cycleId)));
  await db
    .update(keyResults)
    .set({ finalScore: null, finalGrade: null })
    .where(and(eq(keyResults.orgId, orgId), inArray(keyResults.objectiveId, ofCycle)));
  await db
    .update(objectives)
    .set({ finalScore: null, finalGrade: null })
    .where(and(eq(objectives.orgId, orgId), eq(objectives.cycleId, cycleId)));
}
