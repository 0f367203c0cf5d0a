import { and, eq, gt } from "drizzle-orm";
import type { Executor } from "../db";
import { memberships, sessions, users } from "../db/schema";

/**
 * The session behind a cookie token, its person, and their role in the session's active org,
 * in one round trip: this runs on every authenticated request.
 */
export async function getLiveSession(db: Executor, token: string, now: Date) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      activeOrgId: sessions.activeOrgId,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(
      memberships,
      and(eq(memberships.userId, sessions.userId), eq(memberships.orgId, sessions.activeOrgId)),
    )
    .where(and(eq(sessions.token, token), gt(sessions.expiresAt, now)))
    .limit(1);
  return row;
}
