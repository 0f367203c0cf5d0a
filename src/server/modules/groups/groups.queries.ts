import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db";
import { groupMembers, groups, users } from "../../db/schema";
import type { PageRequest } from "../../http";

const groupColumns = {
  id: groups.id,
  name: groups.name,
  description: groups.description,
  deletedAt: groups.deletedAt,
  createdAt: groups.createdAt,
  updatedAt: groups.updatedAt,
};

export type GroupRow = {
  id: string;
  name: string;
  description: string;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const memberCount = sql<number>`(select count(*)::int from ${groupMembers} where ${groupMembers.groupId} = ${groups.id})`;

export async function listGroups(
  db: Executor,
  params: { orgId: string; deleted: boolean; page: PageRequest },
) {
  const where = and(
    eq(groups.orgId, params.orgId),
    params.deleted ? isNotNull(groups.deletedAt) : isNull(groups.deletedAt),
  );
  const [rows, [totals]] = await Promise.all([
    db
      .select({ ...groupColumns, memberCount })
      .from(groups)
      .where(where)
      .orderBy(asc(groups.name))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db.select({ total: count() }).from(groups).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function getGroup(db: Executor, orgId: string, id: string): Promise<GroupRow | undefined> {
  const [row] = await db
    .select(groupColumns)
    .from(groups)
    .where(and(eq(groups.orgId, orgId), eq(groups.id, id)))
    .limit(1);
  return row;
}

export async function listGroupMembers(db: Executor, orgId: string, groupId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, addedAt: groupMembers.createdAt })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(and(eq(groupMembers.orgId, orgId), eq(groupMembers.groupId, groupId)))
    .orderBy(asc(users.name));
}

export async function createGroup(
  db: Executor,
  values: { orgId: string; name: string; description: string },
) {
  const [row] = await db.insert(groups).values(values).returning(groupColumns);
  return row!;
}

export async function updateGroup(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<{ name: string; description: string; deletedAt: Date | null }>,
) {
  const [row] = await db
    .update(groups)
    .set(patch)
    .where(and(eq(groups.orgId, orgId), eq(groups.id, id)))
    .returning(groupColumns);
  return row;
}

export async function addGroupMember(
  db: Executor,
  values: { orgId: string; groupId: string; userId: string },
) {
  const rows = await db
    .insert(groupMembers)
    .values(values)
    .onConflictDoNothing()
    .returning({ userId: groupMembers.userId });
  return rows.length > 0;
}

export async function removeGroupMember(db: Executor, orgId: string, groupId: string, userId: string) {
  const rows = await db
    .delete(groupMembers)
    .where(
      and(eq(groupMembers.orgId, orgId), eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)),
    )
    .returning({ userId: groupMembers.userId });
  return rows.length > 0;
}

export async function removeUserFromGroups(db: Executor, orgId: string, userId: string) {
  await db.delete(groupMembers).where(and(eq(groupMembers.orgId, orgId), eq(groupMembers.userId, userId)));
}

/** Group ids a person belongs to in an org: used by sharing (objectives shared with a group). */
export async function listGroupIdsOfUser(db: Executor, orgId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.orgId, orgId), eq(groupMembers.userId, userId), isNull(groups.deletedAt)));
  return rows.map((row) => row.groupId);
}

export async function countGroupsWithIds(db: Executor, orgId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ total: count() })
    .from(groups)
    .where(and(eq(groups.orgId, orgId), inArray(groups.id, ids), isNull(groups.deletedAt)));
  return row?.total ?? 0;
}

/** Names of the org's live groups among `ids` (for showing and announcing shares). */
export async function listGroupNames(db: Executor, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(and(eq(groups.orgId, orgId), inArray(groups.id, ids), isNull(groups.deletedAt)));
}
