import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { OrgRole } from "../../../core/permissions";
import type { Executor } from "../../db";
import { apiKeys, users } from "../../db/schema";
import type { PageRequest } from "../../http";

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  userId: apiKeys.userId,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};

export async function listApiKeys(db: Executor, params: { orgId: string; page: PageRequest }) {
  const where = eq(apiKeys.orgId, params.orgId);
  const [rows, [totals]] = await Promise.all([
    db
      .select({ ...keyColumns, userName: users.name })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(where)
      .orderBy(desc(apiKeys.createdAt))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db.select({ total: count() }).from(apiKeys).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function getApiKey(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select(keyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id)))
    .limit(1);
  return row;
}

/** Authentication look-up by hash, before any org is known. */
export async function getApiKeyByHash(db: Executor, keyHash: string) {
  const [row] = await db
    .select({ ...keyColumns, orgId: apiKeys.orgId, email: users.email, userName: users.name })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  return row;
}

export async function createApiKey(
  db: Executor,
  values: {
    orgId: string;
    userId: string;
    name: string;
    prefix: string;
    keyHash: string;
    role: OrgRole;
    expiresAt: Date | null;
  },
) {
  const [row] = await db.insert(apiKeys).values(values).returning(keyColumns);
  return row!;
}

export async function revokeApiKey(db: Executor, orgId: string, id: string, at: Date) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id)))
    .returning(keyColumns);
  return row;
}

export async function revokeApiKeysOfUser(db: Executor, orgId: string, userId: string, at: Date) {
  await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
}

export async function touchApiKey(db: Executor, id: string, at: Date) {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}
