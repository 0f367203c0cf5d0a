import { and, asc, count, eq, inArray, isNotNull, isNull, max, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Grade, KeyResultType, SharePermission, TaskStatus, Visibility } from "../../../core/okr";
import { type Executor, selectRows } from "../../db";
import { goalRevisions, goalTasks, keyResults, objectiveShares, objectives, users } from "../../db/schema";

// Objectives, key results, tasks, shares and the goals revision. Access is decided here, in
// SQL: whether a person sees an objective, and how (owner, edit, view), is one expression
// over ownership, visibility and shares, so lists and look-ups can never disagree.

/**
 * Who is asking: a person, the (live) groups they belong to in the org, and whether their role
 * sees org-visible objectives (a guest sees only what is shared with them).
 */
export interface Viewer {
  userId: string;
  groupIds: string[];
  seesOrgVisible: boolean;
}

export const ACCESS_LEVEL = { none: 0, view: 1, edit: 2, owner: 3 } as const;
export type AccessName = "owner" | "edit" | "view";

/**
 * Objective columns spelled out with their table: drizzle leaves the columns of a select's
 * own table unqualified, and inside the shares subquery an unqualified "id" would be the share's.
 */
const objectiveColumn = {
  id: sql.raw('"objectives"."id"'),
  ownerId: sql.raw('"objectives"."owner_id"'),
  visibility: sql.raw('"objectives"."visibility"'),
};

/** A uuid[] parameter: one bound value however many ids, where `in (...)` binds each. */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/**
 * Rows fetched as one JSON array built by the database. The tree loads thousands of key
 * results and tasks; handing them over as a single text value and parsing it natively is
 * several times faster than decoding every column of every row (markedly so on PGlite).
 * Timestamps arrive as strings and are turned back into Dates.
 */
async function selectJsonRows<T>(
  db: Executor,
  query: {
    columns: Record<string, AnyPgColumn>;
    from: PgTable;
    where: SQL;
    dates: readonly (keyof T & string)[];
  },
): Promise<T[]> {
  const list = sql.join(
    Object.entries(query.columns).map(([key, column]) => sql`${column} as ${sql.identifier(key)}`),
    sql`, `,
  );
  const [result] = await selectRows<{ rows: string }>(
    db,
    sql`select coalesce(json_agg(q), '[]')::text as rows from (select ${list} from ${query.from} where ${query.where}) q`,
  );
  const rows = JSON.parse(result!.rows) as Record<string, unknown>[];
  for (const row of rows) {
    for (const key of query.dates) {
      if (row[key] !== null) row[key] = new Date(row[key] as string);
    }
  }
  return rows as T[];
}

const sharesMatching = (viewer: Viewer) => {
  const byUser = sql`${objectiveShares.userId} = ${viewer.userId}`;
  if (viewer.groupIds.length === 0) return byUser;
  // Group shares count only once the objective is visible beyond its owner ("group" or "org").
  return sql`(${byUser} or (${objectiveColumn.visibility} <> 'private' and ${objectiveShares.groupId} in (${sql.join(
    viewer.groupIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})))`;
};

const orgVisibleLevel = (viewer: Viewer) =>
  viewer.seesOrgVisible ? sql`case when ${objectiveColumn.visibility} = 'org' then 1 else 0 end` : sql`0`;

/**
 * 3 owner, 2 edit (an edit share), 1 view (a view share, or an org-visible objective for a
 * role that sees those), 0 none. A share to a group applies to its members; shares to deleted
 * groups stop applying because `viewer.groupIds` holds live groups only.
 */
export function accessLevel(viewer: Viewer): SQL<number> {
  return sql<number>`(case when ${objectiveColumn.ownerId} = ${viewer.userId} then 3 else greatest(
    ${orgVisibleLevel(viewer)},
    coalesce((select max(case when ${objectiveShares.permission} = 'edit' then 2 else 1 end)
      from ${objectiveShares}
      where ${objectiveShares.objectiveId} = ${objectiveColumn.id} and ${sharesMatching(viewer)}), 0)
  ) end)`.mapWith(Number);
}

/** The same rule as a filter that can use indexes: can the viewer see the objective at all? */
export function visibleTo(viewer: Viewer): SQL {
  return or(
    eq(objectives.ownerId, viewer.userId),
    viewer.seesOrgVisible ? eq(objectives.visibility, "org") : undefined,
    sql`exists (select 1 from ${objectiveShares} where ${objectiveShares.objectiveId} = ${objectives.id} and ${sharesMatching(viewer)})`,
  )!;
}

export const accessName = (level: number): AccessName | null =>
  level >= 3 ? "owner" : level === 2 ? "edit" : level === 1 ? "view" : null;

const objectiveColumns = {
  id: objectives.id,
  cycleId: objectives.cycleId,
  parentId: objectives.parentId,
  ownerId: objectives.ownerId,
  title: objectives.title,
  description: objectives.description,
  visibility: objectives.visibility,
  sortOrder: objectives.sortOrder,
  finalScore: objectives.finalScore,
  finalGrade: objectives.finalGrade,
  deletedAt: objectives.deletedAt,
  createdAt: objectives.createdAt,
  updatedAt: objectives.updatedAt,
};

export interface ObjectiveRow {
  id: string;
  cycleId: string;
  parentId: string | null;
  ownerId: string;
  title: string;
  description: string;
  visibility: Visibility;
  sortOrder: number;
  /** Recorded when the cycle was closed; null while it is open. */
  finalScore: number | null;
  finalGrade: Grade | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AccessibleObjective = ObjectiveRow & { accessLevel: number };

/**
 * Live objectives of a cycle the viewer can see, each with the viewer's access level and the
 * revision that last touched its subtree (what names its tree node).
 */
export async function listVisibleObjectives(
  db: Executor,
  params: { orgId: string; cycleId: string; viewer: Viewer },
): Promise<(AccessibleObjective & { subtreeRevision: number })[]> {
  return db
    .select({
      ...objectiveColumns,
      accessLevel: accessLevel(params.viewer),
      subtreeRevision: objectives.subtreeRevision,
    })
    .from(objectives)
    .where(
      and(
        eq(objectives.orgId, params.orgId),
        eq(objectives.cycleId, params.cycleId),
        isNull(objectives.deletedAt),
        visibleTo(params.viewer),
      ),
    );
}

/** Every live objective of a cycle, whoever can see it (closing the cycle scores them all). */
export async function listLiveObjectivesOfCycle(
  db: Executor,
  orgId: string,
  cycleId: string,
): Promise<ObjectiveRow[]> {
  return db
    .select(objectiveColumns)
    .from(objectives)
    .where(and(eq(objectives.orgId, orgId), eq(objectives.cycleId, cycleId), isNull(objectives.deletedAt)));
}

/** Objectives by id that the viewer can see (deleted ones too when asked), with access. */
export async function listObjectivesWithAccess(
  db: Executor,
  params: { orgId: string; ids: string[]; viewer: Viewer; includeDeleted?: boolean },
): Promise<AccessibleObjective[]> {
  if (params.ids.length === 0) return [];
  return db
    .select({ ...objectiveColumns, accessLevel: accessLevel(params.viewer) })
    .from(objectives)
    .where(
      and(
        eq(objectives.orgId, params.orgId),
        inArray(objectives.id, params.ids),
        params.includeDeleted ? undefined : isNull(objectives.deletedAt),
        visibleTo(params.viewer),
      ),
    );
}

export async function getObjectiveWithAccess(
  db: Executor,
  params: { orgId: string; id: string; viewer: Viewer },
): Promise<AccessibleObjective | undefined> {
  const [row] = await listObjectivesWithAccess(db, { ...params, ids: [params.id], includeDeleted: true });
  return row;
}

/** Access level of another person on one objective (e.g. may this assignee see it?). */
export async function getAccessLevel(
  db: Executor,
  params: { orgId: string; objectiveId: string; viewer: Viewer },
): Promise<number> {
  const [row] = await db
    .select({ level: accessLevel(params.viewer) })
    .from(objectives)
    .where(and(eq(objectives.orgId, params.orgId), eq(objectives.id, params.objectiveId)))
    .limit(1);
  return row?.level ?? 0;
}

/** The objective's ancestors, nearest first, following parent links (cycle-safe). */
export async function listAncestorIds(db: Executor, orgId: string, id: string): Promise<string[]> {
  const rows = await db.execute(sql`
    with recursive chain(id, parent_id, depth) as (
      select ${objectives.id}, ${objectives.parentId}, 0 from ${objectives}
      where ${objectives.orgId} = ${orgId} and ${objectives.id} = ${id}
      union all
      select o.id, o.parent_id, chain.depth + 1 from ${objectives} o
      join chain on o.id = chain.parent_id
      where o.org_id = ${orgId} and chain.depth < 100
    )
    select id from chain where depth > 0 order by depth`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
}

type ObjectiveValues = {
  orgId: string;
  cycleId: string;
  ownerId: string;
  parentId: string | null;
  title: string;
  description: string;
  visibility: Visibility;
  sortOrder: number;
};

export async function createObjective(db: Executor, values: ObjectiveValues): Promise<ObjectiveRow> {
  const [row] = await db.insert(objectives).values(values).returning(objectiveColumns);
  return row!;
}

export async function updateObjective(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<Omit<ObjectiveValues, "orgId"> & { deletedAt: Date | null }>,
): Promise<ObjectiveRow | undefined> {
  const [row] = await db
    .update(objectives)
    .set(patch)
    .where(and(eq(objectives.orgId, orgId), eq(objectives.id, id)))
    .returning(objectiveColumns);
  return row;
}

/** New objectives go last among the owner's objectives of the cycle. */
export async function nextObjectiveSortOrder(db: Executor, orgId: string, cycleId: string, ownerId: string) {
  const [row] = await db
    .select({ last: max(objectives.sortOrder) })
    .from(objectives)
    .where(
      and(eq(objectives.orgId, orgId), eq(objectives.cycleId, cycleId), eq(objectives.ownerId, ownerId)),
    );
  return (row?.last ?? 0) + 1;
}

// Key results -------------------------------------------------------------------------------

const keyResultColumns = {
  id: keyResults.id,
  objectiveId: keyResults.objectiveId,
  title: keyResults.title,
  type: keyResults.type,
  startValue: keyResults.startValue,
  targetValue: keyResults.targetValue,
  currentValue: keyResults.currentValue,
  unit: keyResults.unit,
  weight: keyResults.weight,
  confidence: keyResults.confidence,
  sortOrder: keyResults.sortOrder,
  lastCheckInAt: keyResults.lastCheckInAt,
  finalScore: keyResults.finalScore,
  finalGrade: keyResults.finalGrade,
  deletedAt: keyResults.deletedAt,
  createdAt: keyResults.createdAt,
  updatedAt: keyResults.updatedAt,
};

export interface KeyResultRow {
  id: string;
  objectiveId: string;
  title: string;
  type: KeyResultType;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string | null;
  weight: number;
  confidence: number | null;
  sortOrder: number;
  lastCheckInAt: Date | null;
  finalScore: number | null;
  finalGrade: Grade | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listKeyResultsOfObjectives(
  db: Executor,
  orgId: string,
  objectiveIds: string[],
): Promise<KeyResultRow[]> {
  if (objectiveIds.length === 0) return [];
  return selectJsonRows<KeyResultRow>(db, {
    columns: keyResultColumns,
    from: keyResults,
    where: sql`${keyResults.orgId} = ${orgId} and ${keyResults.objectiveId} = any(${uuidArray(objectiveIds)}) and ${keyResults.deletedAt} is null`,
    dates: ["lastCheckInAt", "deletedAt", "createdAt", "updatedAt"],
  });
}

export async function getKeyResult(
  db: Executor,
  orgId: string,
  id: string,
): Promise<KeyResultRow | undefined> {
  const [row] = await db
    .select(keyResultColumns)
    .from(keyResults)
    .where(and(eq(keyResults.orgId, orgId), eq(keyResults.id, id)))
    .limit(1);
  return row;
}

type KeyResultValues = {
  orgId: string;
  objectiveId: string;
  title: string;
  type: KeyResultType;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string | null;
  weight: number;
  confidence: number | null;
  sortOrder: number;
};

export async function createKeyResult(db: Executor, values: KeyResultValues): Promise<KeyResultRow> {
  const [row] = await db.insert(keyResults).values(values).returning(keyResultColumns);
  return row!;
}

export async function updateKeyResult(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<
    Omit<KeyResultValues, "orgId" | "objectiveId"> & { deletedAt: Date | null; lastCheckInAt: Date }
  >,
): Promise<KeyResultRow | undefined> {
  const [row] = await db
    .update(keyResults)
    .set(patch)
    .where(and(eq(keyResults.orgId, orgId), eq(keyResults.id, id)))
    .returning(keyResultColumns);
  return row;
}

export async function nextKeyResultSortOrder(db: Executor, orgId: string, objectiveId: string) {
  const [row] = await db
    .select({ last: max(keyResults.sortOrder) })
    .from(keyResults)
    .where(and(eq(keyResults.orgId, orgId), eq(keyResults.objectiveId, objectiveId)));
  return (row?.last ?? 0) + 1;
}

// Tasks ------------------------------------------------------------------------------------

const taskColumns = {
  id: goalTasks.id,
  keyResultId: goalTasks.keyResultId,
  objectiveId: goalTasks.objectiveId,
  title: goalTasks.title,
  status: goalTasks.status,
  dueDate: goalTasks.dueDate,
  estimateMinutes: goalTasks.estimateMinutes,
  assigneeId: goalTasks.assigneeId,
  sortOrder: goalTasks.sortOrder,
  completedAt: goalTasks.completedAt,
  deletedAt: goalTasks.deletedAt,
  createdAt: goalTasks.createdAt,
  updatedAt: goalTasks.updatedAt,
};

export interface TaskRow {
  id: string;
  keyResultId: string;
  objectiveId: string;
  title: string;
  status: TaskStatus;
  dueDate: string | null;
  estimateMinutes: number | null;
  assigneeId: string | null;
  sortOrder: number;
  completedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listTasksOfObjectives(
  db: Executor,
  orgId: string,
  objectiveIds: string[],
): Promise<TaskRow[]> {
  if (objectiveIds.length === 0) return [];
  return selectJsonRows<TaskRow>(db, {
    columns: taskColumns,
    from: goalTasks,
    where: sql`${goalTasks.orgId} = ${orgId} and ${goalTasks.objectiveId} = any(${uuidArray(objectiveIds)}) and ${goalTasks.deletedAt} is null`,
    dates: ["completedAt", "deletedAt", "createdAt", "updatedAt"],
  });
}

export async function getTask(db: Executor, orgId: string, id: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select(taskColumns)
    .from(goalTasks)
    .where(and(eq(goalTasks.orgId, orgId), eq(goalTasks.id, id)))
    .limit(1);
  return row;
}

type TaskValues = {
  orgId: string;
  keyResultId: string;
  objectiveId: string;
  title: string;
  status: TaskStatus;
  dueDate: string | null;
  estimateMinutes: number | null;
  assigneeId: string | null;
  sortOrder: number;
  completedAt: Date | null;
};

export async function createTask(db: Executor, values: TaskValues): Promise<TaskRow> {
  const [row] = await db.insert(goalTasks).values(values).returning(taskColumns);
  return row!;
}

export async function updateTask(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<Omit<TaskValues, "orgId" | "objectiveId"> & { deletedAt: Date | null }>,
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(goalTasks)
    .set(patch)
    .where(and(eq(goalTasks.orgId, orgId), eq(goalTasks.id, id)))
    .returning(taskColumns);
  return row;
}

export async function nextTaskSortOrder(db: Executor, orgId: string, keyResultId: string) {
  const [row] = await db
    .select({ last: max(goalTasks.sortOrder) })
    .from(goalTasks)
    .where(and(eq(goalTasks.orgId, orgId), eq(goalTasks.keyResultId, keyResultId)));
  return (row?.last ?? 0) + 1;
}

// Shares -----------------------------------------------------------------------------------

const shareColumns = {
  id: objectiveShares.id,
  objectiveId: objectiveShares.objectiveId,
  userId: objectiveShares.userId,
  groupId: objectiveShares.groupId,
  permission: objectiveShares.permission,
  createdAt: objectiveShares.createdAt,
  updatedAt: objectiveShares.updatedAt,
};

export interface ShareRow {
  id: string;
  objectiveId: string;
  userId: string | null;
  groupId: string | null;
  permission: SharePermission;
  createdAt: Date;
  updatedAt: Date;
}

/** An objective's shares, people first (with their names), then groups. */
export async function listShares(db: Executor, orgId: string, objectiveId: string) {
  return db
    .select({ ...shareColumns, userName: users.name, userEmail: users.email })
    .from(objectiveShares)
    .leftJoin(users, eq(users.id, objectiveShares.userId))
    .where(and(eq(objectiveShares.orgId, orgId), eq(objectiveShares.objectiveId, objectiveId)))
    .orderBy(asc(objectiveShares.groupId), asc(users.name), asc(objectiveShares.id));
}

export async function getShare(db: Executor, orgId: string, objectiveId: string, id: string) {
  const [row] = await db
    .select(shareColumns)
    .from(objectiveShares)
    .where(
      and(
        eq(objectiveShares.orgId, orgId),
        eq(objectiveShares.objectiveId, objectiveId),
        eq(objectiveShares.id, id),
      ),
    )
    .limit(1);
  return row;
}

export async function findShare(
  db: Executor,
  params: { orgId: string; objectiveId: string; userId?: string; groupId?: string },
): Promise<ShareRow | undefined> {
  const recipient = params.userId
    ? eq(objectiveShares.userId, params.userId)
    : eq(objectiveShares.groupId, params.groupId!);
  const [row] = await db
    .select(shareColumns)
    .from(objectiveShares)
    .where(
      and(
        eq(objectiveShares.orgId, params.orgId),
        eq(objectiveShares.objectiveId, params.objectiveId),
        recipient,
      ),
    )
    .limit(1);
  return row;
}

export async function createShare(
  db: Executor,
  values: {
    orgId: string;
    objectiveId: string;
    userId: string | null;
    groupId: string | null;
    permission: SharePermission;
    createdBy: string | null;
  },
): Promise<ShareRow> {
  const [row] = await db.insert(objectiveShares).values(values).returning(shareColumns);
  return row!;
}

export async function updateSharePermission(
  db: Executor,
  orgId: string,
  id: string,
  permission: SharePermission,
) {
  const [row] = await db
    .update(objectiveShares)
    .set({ permission })
    .where(and(eq(objectiveShares.orgId, orgId), eq(objectiveShares.id, id)))
    .returning(shareColumns);
  return row!;
}

export async function deleteShare(db: Executor, orgId: string, id: string) {
  await db.delete(objectiveShares).where(and(eq(objectiveShares.orgId, orgId), eq(objectiveShares.id, id)));
}

export async function hasGroupShares(db: Executor, orgId: string, objectiveId: string): Promise<boolean> {
  const [row] = await db
    .select({ total: count() })
    .from(objectiveShares)
    .where(
      and(
        eq(objectiveShares.orgId, orgId),
        eq(objectiveShares.objectiveId, objectiveId),
        isNotNull(objectiveShares.groupId),
      ),
    );
  return (row?.total ?? 0) > 0;
}

/** A person's display name (for notifications written in their name). */
export async function getUserName(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name;
}

// Revision ---------------------------------------------------------------------------------

/** Moves the org's goals revision on; called once in every goals write transaction. */
export async function bumpRevision(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .insert(goalRevisions)
    .values({ orgId, revision: 1 })
    .onConflictDoUpdate({
      target: goalRevisions.orgId,
      set: { revision: sql`${goalRevisions.revision} + 1`, updatedAt: new Date() },
    })
    .returning({ revision: goalRevisions.revision });
  return row!.revision;
}

/** Records that a write at `revision` touched these objectives or something under them. */
export async function markSubtreesWritten(
  db: Executor,
  orgId: string,
  objectiveIds: string[],
  revision: number,
): Promise<void> {
  if (objectiveIds.length === 0) return;
  await db
    .update(objectives)
    // Not an edit of the objective itself: its updated_at stays.
    .set({ subtreeRevision: revision, updatedAt: sql`${objectives.updatedAt}` })
    .where(and(eq(objectives.orgId, orgId), inArray(objectives.id, objectiveIds)));
}

export async function getRevision(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .select({ revision: goalRevisions.revision })
    .from(goalRevisions)
    .where(eq(goalRevisions.orgId, orgId))
    .limit(1);
  return row?.revision ?? 0;
}
