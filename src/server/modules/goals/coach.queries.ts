import { and, eq, inArray } from "drizzle-orm";
import type { CoachActionDraft } from "../../../core/okr";
import type { Executor } from "../../db";
import { goalCoachActions, keyResults, users } from "../../db/schema";

export type CoachActionRow = typeof goalCoachActions.$inferSelect;
type CoachActionPatch = Partial<
  Pick<
    CoachActionRow,
    "status" | "resultId" | "previous" | "errorCode" | "errorMessage" | "decidedAt" | "undoneAt"
  >
>;

/** Stores one reply's proposals for the person they were made to, in the order given. */
export async function insertCoachActions(
  db: Executor,
  params: { orgId: string; userId: string; interactionId: string | null; drafts: CoachActionDraft[] },
): Promise<CoachActionRow[]> {
  if (params.drafts.length === 0) return [];
  return db
    .insert(goalCoachActions)
    .values(
      params.drafts.map((draft) => ({
        orgId: params.orgId,
        userId: params.userId,
        interactionId: params.interactionId,
        kind: draft.kind,
        summary: draft.summary,
        targetId: draft.target_id,
        payload: draft.payload,
      })),
    )
    .returning();
}

/** One action, locked until the transaction ends so two accepts of it cannot both apply. */
export async function lockCoachAction(
  db: Executor,
  orgId: string,
  id: string,
): Promise<CoachActionRow | undefined> {
  const [row] = await db
    .select()
    .from(goalCoachActions)
    .where(and(eq(goalCoachActions.orgId, orgId), eq(goalCoachActions.id, id)))
    .for("update");
  return row;
}

export async function updateCoachAction(
  db: Executor,
  orgId: string,
  id: string,
  patch: CoachActionPatch,
): Promise<CoachActionRow> {
  const [row] = await db
    .update(goalCoachActions)
    .set(patch)
    .where(and(eq(goalCoachActions.orgId, orgId), eq(goalCoachActions.id, id)))
    .returning();
  return row!;
}

/** Display names by user id. */
export async function listUserNames(db: Executor, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return Object.fromEntries(rows.map((row) => [row.id, row.name]));
}

/** Puts a key result's check-in state back (undoing a check-in may leave it never checked in). */
export async function restoreKeyResultCheckInState(
  db: Executor,
  orgId: string,
  id: string,
  state: { currentValue: number; confidence: number | null; lastCheckInAt: Date | null },
): Promise<void> {
  await db
    .update(keyResults)
    .set(state)
    .where(and(eq(keyResults.orgId, orgId), eq(keyResults.id, id)));
}
