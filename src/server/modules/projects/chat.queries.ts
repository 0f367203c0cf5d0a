import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db";
import { projectChatMessages, projectChatSessions } from "../../db/schema";
import type { PageRequest } from "../../http";

const sessions = projectChatSessions;
const messages = projectChatMessages;

export type ChatSessionRow = typeof sessions.$inferSelect;
export type ChatMessageRow = typeof messages.$inferSelect;
export type NewChatMessage = Omit<typeof messages.$inferInsert, "orgId" | "sessionId">;

/** Whose sessions a query may touch: one person's, on one project. */
interface Owner {
  orgId: string;
  projectId: string;
  userId: string;
}

const owned = (owner: Owner) =>
  and(
    eq(sessions.orgId, owner.orgId),
    eq(sessions.projectId, owner.projectId),
    eq(sessions.userId, owner.userId),
  );

export async function createChatSession(db: Executor, values: Owner & { id: string; title: string }) {
  await db.insert(sessions).values(values);
}

export async function getChatSession(
  db: Executor,
  owner: Owner,
  id: string,
): Promise<ChatSessionRow | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(owned(owner), eq(sessions.id, id)))
    .limit(1);
  return row;
}

/** One person's sessions on a project, most recently continued first, with their sizes. */
export async function listChatSessions(db: Executor, owner: Owner, page: PageRequest) {
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: sessions.id,
        title: sessions.title,
        messageCount: sql<number>`count(${messages.id})::int`,
        createdAt: sessions.createdAt,
        updatedAt: sessions.updatedAt,
      })
      .from(sessions)
      .leftJoin(messages, eq(messages.sessionId, sessions.id))
      .where(owned(owner))
      .groupBy(sessions.id)
      .orderBy(desc(sessions.updatedAt), desc(sessions.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(sessions).where(owned(owner)),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/** A session's turns, oldest first. */
export async function listChatMessages(
  db: Executor,
  orgId: string,
  sessionId: string,
): Promise<ChatMessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.orgId, orgId), eq(messages.sessionId, sessionId)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

/** Adds turns to a session, in order, and marks it as just continued. */
export async function appendChatMessages(
  db: Executor,
  orgId: string,
  sessionId: string,
  turns: NewChatMessage[],
) {
  if (turns.length === 0) return;
  // Strictly increasing times keep the turns in order however fast they are written.
  const start = Date.now();
  await db
    .insert(messages)
    .values(turns.map((turn, index) => ({ ...turn, orgId, sessionId, createdAt: new Date(start + index) })));
  await db
    .update(sessions)
    .set({ updatedAt: new Date(start + turns.length) })
    .where(and(eq(sessions.orgId, orgId), eq(sessions.id, sessionId)));
}

export async function deleteChatSession(db: Executor, owner: Owner, id: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(and(owned(owner), eq(sessions.id, id)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}
