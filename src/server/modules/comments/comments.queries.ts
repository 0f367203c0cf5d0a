import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../db";
import { type CommentTargetType, comments, memberships, users } from "../../db/schema";
import type { PageRequest } from "../../http";

const commentColumns = {
  id: comments.id,
  objectiveId: comments.objectiveId,
  targetType: comments.targetType,
  targetId: comments.targetId,
  authorId: comments.authorId,
  body: comments.body,
  mentions: comments.mentions,
  editedAt: comments.editedAt,
  deletedAt: comments.deletedAt,
  createdAt: comments.createdAt,
};

export interface CommentRow {
  id: string;
  objectiveId: string;
  targetType: CommentTargetType;
  targetId: string;
  authorId: string | null;
  body: string;
  mentions: string[];
  editedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
}

/** A target's live comments, oldest first (a conversation reads top to bottom), with author names. */
export async function listComments(
  db: Executor,
  params: { orgId: string; targetType: CommentTargetType; targetId: string; page: PageRequest },
) {
  const where = and(
    eq(comments.orgId, params.orgId),
    eq(comments.targetType, params.targetType),
    eq(comments.targetId, params.targetId),
    isNull(comments.deletedAt),
  );
  const [rows, [totals]] = await Promise.all([
    db
      .select({ ...commentColumns, authorName: users.name })
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(where)
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db.select({ total: count() }).from(comments).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function getComment(db: Executor, orgId: string, id: string): Promise<CommentRow | undefined> {
  const [row] = await db
    .select(commentColumns)
    .from(comments)
    .where(and(eq(comments.orgId, orgId), eq(comments.id, id)))
    .limit(1);
  return row;
}

export async function createComment(
  db: Executor,
  values: {
    orgId: string;
    objectiveId: string;
    targetType: CommentTargetType;
    targetId: string;
    authorId: string | null;
    body: string;
    mentions: string[];
  },
): Promise<CommentRow> {
  const [row] = await db.insert(comments).values(values).returning(commentColumns);
  return row!;
}

export async function updateComment(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<{ body: string; mentions: string[]; editedAt: Date; deletedAt: Date | null }>,
): Promise<CommentRow | undefined> {
  const [row] = await db
    .update(comments)
    .set(patch)
    .where(and(eq(comments.orgId, orgId), eq(comments.id, id)))
    .returning(commentColumns);
  return row;
}

export async function getAuthorName(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name;
}

/**
 * Current display names by user id (lower-case) of those among `ids` who are members of the
 * org, to label mentions with. Anyone else's name stays unknown: a stored body may hold any id.
 */
export async function listMemberNames(
  db: Executor,
  orgId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, orgId)))
    .where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id.toLowerCase(), row.name]));
}
