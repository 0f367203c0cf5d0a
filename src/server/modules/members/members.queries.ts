import { and, asc, count, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { OrgRole } from "../../../core/permissions";
import type { Executor } from "../../db";
import { memberships, organizations, users } from "../../db/schema";
import type { PageRequest } from "../../http";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  image: string | null;
  role: OrgRole;
  joinedAt: Date;
}

const memberColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  image: users.image,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};

export async function getMembership(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .select({
      id: memberships.id,
      orgId: memberships.orgId,
      userId: memberships.userId,
      role: memberships.role,
    })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

export async function getMember(db: Executor, orgId: string, userId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

export async function listMembers(
  db: Executor,
  params: { orgId: string; search?: string; role?: OrgRole; page: PageRequest },
): Promise<{ rows: MemberRow[]; total: number }> {
  const filters: SQL[] = [eq(memberships.orgId, params.orgId)];
  if (params.role) filters.push(eq(memberships.role, params.role));
  if (params.search) {
    const pattern = `%${params.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    filters.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  const where = and(...filters);
  const [rows, [totals]] = await Promise.all([
    db
      .select(memberColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(where)
      .orderBy(asc(users.name), asc(users.email))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db
      .select({ total: count() })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function listMembershipsOfUser(db: Executor, userId: string) {
  return db
    .select({
      orgId: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function createMembership(
  db: Executor,
  values: { orgId: string; userId: string; role: OrgRole },
) {
  const [row] = await db.insert(memberships).values(values).returning({
    id: memberships.id,
    orgId: memberships.orgId,
    userId: memberships.userId,
    role: memberships.role,
  });
  return row!;
}

export async function updateMembershipRole(db: Executor, orgId: string, userId: string, role: OrgRole) {
  const [row] = await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId, role: memberships.role });
  return row;
}

export async function deleteMembership(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId, role: memberships.role });
  return row;
}

export async function countMembers(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ total: count() }).from(memberships).where(eq(memberships.orgId, orgId));
  return row?.total ?? 0;
}

export async function findMemberByEmail(db: Executor, orgId: string, email: string) {
  const [row] = await db
    .select({ userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(sql`lower(${users.email})`, email.toLowerCase())))
    .limit(1);
  return row;
}
