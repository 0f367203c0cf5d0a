import { eq } from "drizzle-orm";
import type { Executor } from "../../db";
import { sessions, users } from "../../db/schema";

const profileColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  emailVerified: users.emailVerified,
  image: users.image,
  twoFactorEnabled: users.twoFactorEnabled,
  createdAt: users.createdAt,
};

export async function getProfile(db: Executor, userId: string) {
  const [row] = await db.select(profileColumns).from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

export async function updateProfile(db: Executor, userId: string, patch: { name: string }) {
  const [row] = await db.update(users).set(patch).where(eq(users.id, userId)).returning(profileColumns);
  return row;
}

export async function setSessionActiveOrg(db: Executor, sessionId: string, orgId: string | null) {
  await db.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, sessionId));
}

/** The org a session acts in, locked until the transaction ends so a switch is recorded once. */
export async function lockSessionActiveOrg(db: Executor, sessionId: string) {
  const [row] = await db
    .select({ activeOrgId: sessions.activeOrgId })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .for("update");
  return row?.activeOrgId ?? null;
}
