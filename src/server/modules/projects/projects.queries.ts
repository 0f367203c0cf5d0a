import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { ProjectRole } from "../../../core/permissions";
import type { ItemType, ProjectStatus } from "../../../core/raid";
import type { Executor } from "../../db";
import { memberships, projectItemCounters, projectMembers, projects, users } from "../../db/schema";
import type { PageRequest } from "../../http";

const projectColumns = {
  id: projects.id,
  name: projects.name,
  description: projects.description,
  clientName: projects.clientName,
  status: projects.status,
  startDate: projects.startDate,
  endDate: projects.endDate,
  budgetTotal: projects.budgetTotal,
  currency: projects.currency,
  createdBy: projects.createdBy,
  deletedAt: projects.deletedAt,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
};

export type ProjectRow = {
  id: string;
  name: string;
  description: string;
  clientName: string | null;
  status: ProjectStatus;
  startDate: string | null;
  endDate: string | null;
  budgetTotal: string | null;
  currency: string;
  createdBy: string | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type ProjectValues = Partial<
  Pick<
    ProjectRow,
    "name" | "description" | "clientName" | "status" | "startDate" | "endDate" | "budgetTotal" | "currency"
  >
>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/**
 * Projects visible to a person: every project of the org when `allOfOrg` (org owners and
 * admins), otherwise those they are a member of. Visibility lives in the WHERE clause.
 */
export async function listProjects(
  db: Executor,
  params: {
    orgId: string;
    userId: string;
    allOfOrg: boolean;
    deleted: boolean;
    status?: ProjectStatus;
    search?: string;
    page: PageRequest;
  },
) {
  const myRole = sql<ProjectRole | null>`(select ${projectMembers.role} from ${projectMembers} where ${projectMembers.projectId} = ${projects.id} and ${projectMembers.userId} = ${params.userId})`;
  const conditions: SQL[] = [
    eq(projects.orgId, params.orgId),
    params.deleted ? isNotNull(projects.deletedAt) : isNull(projects.deletedAt),
  ];
  if (!params.allOfOrg) {
    conditions.push(
      sql`exists (select 1 from ${projectMembers} where ${projectMembers.projectId} = ${projects.id} and ${projectMembers.userId} = ${params.userId})`,
    );
  }
  if (params.status) conditions.push(eq(projects.status, params.status));
  if (params.search) {
    const pattern = `%${escapeLike(params.search)}%`;
    conditions.push(or(ilike(projects.name, pattern), ilike(projects.clientName, pattern))!);
  }
  const where = and(...conditions);
  const [rows, [totals]] = await Promise.all([
    db
      .select({ ...projectColumns, memberRole: myRole })
      .from(projects)
      .where(where)
      .orderBy(asc(projects.name), asc(projects.id))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db.select({ total: count() }).from(projects).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function getProject(db: Executor, orgId: string, id: string): Promise<ProjectRow | undefined> {
  const [row] = await db
    .select(projectColumns)
    .from(projects)
    .where(and(eq(projects.orgId, orgId), eq(projects.id, id)))
    .limit(1);
  return row;
}

export async function createProject(
  db: Executor,
  values: ProjectValues & { orgId: string; name: string; createdBy: string | null },
): Promise<ProjectRow> {
  const [row] = await db.insert(projects).values(values).returning(projectColumns);
  return row!;
}

export async function updateProject(
  db: Executor,
  orgId: string,
  id: string,
  patch: ProjectValues & { deletedAt?: Date | null },
): Promise<ProjectRow | undefined> {
  const [row] = await db
    .update(projects)
    .set(patch)
    .where(and(eq(projects.orgId, orgId), eq(projects.id, id)))
    .returning(projectColumns);
  return row;
}

export interface ProjectMemberRow {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
  billingRole: string | null;
  createdAt: Date;
}

const memberColumns = {
  userId: projectMembers.userId,
  name: users.name,
  email: users.email,
  role: projectMembers.role,
  billingRole: projectMembers.billingRole,
  createdAt: projectMembers.createdAt,
};

export async function getProjectMember(
  db: Executor,
  orgId: string,
  projectId: string,
  userId: string,
): Promise<ProjectMemberRow | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(
      and(
        eq(projectMembers.orgId, orgId),
        eq(projectMembers.projectId, projectId),
        eq(projectMembers.userId, userId),
      ),
    )
    .limit(1);
  return row;
}

export async function listProjectMembers(db: Executor, orgId: string, projectId: string) {
  return db
    .select(memberColumns)
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.orgId, orgId), eq(projectMembers.projectId, projectId)))
    .orderBy(asc(users.name), asc(users.id));
}

export async function addProjectMember(
  db: Executor,
  values: { orgId: string; projectId: string; userId: string; role: ProjectRole; billingRole: string | null },
) {
  await db.insert(projectMembers).values(values);
}

export async function updateProjectMember(
  db: Executor,
  orgId: string,
  projectId: string,
  userId: string,
  patch: { role?: ProjectRole; billingRole?: string | null },
) {
  const rows = await db
    .update(projectMembers)
    .set(patch)
    .where(
      and(
        eq(projectMembers.orgId, orgId),
        eq(projectMembers.projectId, projectId),
        eq(projectMembers.userId, userId),
      ),
    )
    .returning({ userId: projectMembers.userId });
  return rows.length > 0;
}

export async function removeProjectMember(db: Executor, orgId: string, projectId: string, userId: string) {
  const rows = await db
    .delete(projectMembers)
    .where(
      and(
        eq(projectMembers.orgId, orgId),
        eq(projectMembers.projectId, projectId),
        eq(projectMembers.userId, userId),
      ),
    )
    .returning({ userId: projectMembers.userId });
  return rows.length > 0;
}

/** Departure hook: someone who leaves the org leaves its projects. */
export async function removeUserFromProjects(db: Executor, orgId: string, userId: string) {
  await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.orgId, orgId), eq(projectMembers.userId, userId)));
}

/**
 * People who can hold items on a project: its members, plus the org's owners and admins
 * (who see every project). Used to validate assignees and to resolve names in imports.
 */
export async function listAssignablePeople(db: Executor, orgId: string, projectId: string) {
  const rows = await db
    .selectDistinct({ userId: users.id, name: users.name, email: users.email })
    .from(users)
    .leftJoin(
      projectMembers,
      and(
        eq(projectMembers.userId, users.id),
        eq(projectMembers.projectId, projectId),
        eq(projectMembers.orgId, orgId),
      ),
    )
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, users.id),
        eq(memberships.orgId, orgId),
        inArray(memberships.role, ["owner", "admin"]),
      ),
    )
    .where(or(isNotNull(projectMembers.userId), isNotNull(memberships.userId)));
  return rows.sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

/**
 * Reserves `howMany` consecutive item numbers of a type and returns the first. The upsert
 * takes the counter row's lock, so concurrent creators get distinct numbers.
 */
export async function reserveItemNumbers(
  db: Executor,
  params: { orgId: string; projectId: string; type: ItemType; howMany: number },
): Promise<number> {
  const [row] = await db
    .insert(projectItemCounters)
    .values({
      orgId: params.orgId,
      projectId: params.projectId,
      type: params.type,
      lastNumber: params.howMany,
    })
    .onConflictDoUpdate({
      target: [projectItemCounters.projectId, projectItemCounters.type],
      set: { lastNumber: sql`${projectItemCounters.lastNumber} + ${params.howMany}` },
    })
    .returning({ lastNumber: projectItemCounters.lastNumber });
  return row!.lastNumber - params.howMany + 1;
}
