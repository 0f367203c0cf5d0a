import { and, eq, isNull, lt } from "drizzle-orm";
import type { Executor } from "../../db";
import { projectImportSessions } from "../../db/schema";

const sessions = projectImportSessions;

export type ImportSessionRow = typeof sessions.$inferSelect;
export type NewImportSession = typeof sessions.$inferInsert;

export async function createImportSession(db: Executor, values: NewImportSession): Promise<ImportSessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  return row!;
}

export async function getImportSession(
  db: Executor,
  orgId: string,
  projectId: string,
  id: string,
): Promise<ImportSessionRow | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.orgId, orgId), eq(sessions.projectId, projectId), eq(sessions.id, id)))
    .limit(1);
  return row;
}

/**
 * Marks a session committed, once: the conditional update takes the row lock, so of two
 * concurrent confirmations exactly one gets `true`.
 */
export async function markImportCommitted(
  db: Executor,
  orgId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ committedAt: at })
    .where(and(eq(sessions.orgId, orgId), eq(sessions.id, id), isNull(sessions.committedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Sessions are short-lived: drop the org's expired ones (parsed rows can be large). */
export async function deleteExpiredImportSessions(db: Executor, orgId: string, now: Date) {
  await db.delete(sessions).where(and(eq(sessions.orgId, orgId), lt(sessions.expiresAt, now)));
}
