import { mentionsAsText, parseMentions, renderMentions } from "../../../core/mentions";
import { canInOrg } from "../../../core/permissions";
import { type Database, type Executor, inTenant } from "../../db";
import type { CommentTargetType } from "../../db/schema";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { recordAudit } from "../audit";
import type { GoalTarget, GoalTargets } from "../goals";
import type { CommentPayload, NotificationDraft, NotificationsService } from "../notifications";
import {
  type CommentRow,
  createComment,
  getAuthorName,
  getComment,
  listComments,
  listMemberNames,
  updateComment,
} from "./comments.queries";

/** At most this many people are notified from one comment. */
export const MAX_MENTIONS = 20;
const EXCERPT_CHARS = 280;

const excerptOf = (body: string) => {
  const text = mentionsAsText(body).replace(/\s+/g, " ").trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
};

/**
 * Comments on objectives, key results and tasks, with @mentions (syntax in core/mentions.ts).
 * Anyone who can see the target may comment; the author edits; the author, the objective's
 * owner or an org admin deletes (softly), and the author or an admin restores. Mentions carry
 * ids: the server labels them with the person's current name (members of the org only), so a
 * mention cannot pretend to be someone else. Mentioned people are notified if they can see the
 * target. The objective's owner hears of every new comment.
 */
export function createCommentsService(deps: {
  db: Database;
  notifications: NotificationsService;
  targets: GoalTargets;
}) {
  const { db, targets } = deps;

  /**
   * The body as stored: mentions of members of the org (the first MAX_MENTIONS people) labelled
   * with their names, any other mention turned into plain text.
   */
  async function labelMentions(tx: Executor, scope: OrgScope, body: string): Promise<string> {
    const mentioned = parseMentions(body)
      .slice(0, MAX_MENTIONS)
      .map((mention) => mention.userId);
    return renderMentions(body, await listMemberNames(tx, scope.orgId, mentioned));
  }

  /** Comments as readers see them: each mention labelled with the person's name as it is now. */
  async function withCurrentNames<T extends CommentRow>(
    tx: Executor,
    orgId: string,
    rows: T[],
  ): Promise<T[]> {
    const ids = [...new Set(rows.flatMap((row) => parseMentions(row.body).map((mention) => mention.userId)))];
    if (ids.length === 0) return rows;
    const names = await listMemberNames(tx, orgId, ids);
    return rows.map((row) => ({ ...row, body: renderMentions(row.body, names) }));
  }

  /** Mentioned people who may use Goals and can see the target: the ones worth notifying. */
  async function reachableMentions(tx: Executor, scope: OrgScope, target: GoalTarget, body: string) {
    const reachable: string[] = [];
    for (const { userId } of parseMentions(body)) {
      if (await targets.canSee(tx, scope.orgId, target.objectiveId, userId)) reachable.push(userId);
    }
    return reachable;
  }

  function payloadFor(
    target: GoalTarget,
    comment: { id: string; body: string },
    actor: { id: string | null; name: string },
  ): CommentPayload {
    return {
      actor_id: actor.id,
      actor_name: actor.name,
      objective_id: target.objectiveId,
      objective_title: target.objectiveTitle,
      target_type: target.type,
      target_id: target.id,
      target_title: target.title,
      comment_id: comment.id,
      excerpt: excerptOf(comment.body),
      link: `${target.link}&comment=${comment.id}`,
    };
  }

  async function requireComment(
    tx: Executor,
    scope: OrgScope,
    id: string,
    options: { deleted?: boolean } = {},
  ) {
    const comment = await getComment(tx, scope.orgId, id);
    if (!comment || Boolean(comment.deletedAt) !== Boolean(options.deleted))
      throw new AppError("NOT_FOUND", { message: "No such comment" });
    // A comment is visible exactly when its target is.
    const target = await targets
      .resolve(tx, scope, comment.targetType, comment.targetId)
      .catch((error: unknown) => {
        throw error instanceof AppError && error.code === "NOT_FOUND"
          ? new AppError("NOT_FOUND", { message: "No such comment" })
          : error;
      });
    return { comment, target };
  }

  const moderates = (scope: OrgScope) => canInOrg(scope.role, "goals.comments.moderate");

  return {
    list: (scope: OrgScope, target: { type: CommentTargetType; id: string }, query: PaginationQuery) =>
      inTenant(db, scope, async (tx) => {
        await targets.resolve(tx, scope, target.type, target.id);
        const { rows, total } = await listComments(tx, {
          orgId: scope.orgId,
          targetType: target.type,
          targetId: target.id,
          page: toPageRequest(query),
        });
        return { rows: await withCurrentNames(tx, scope.orgId, rows), total };
      }),

    create: (scope: OrgScope, input: { target_type: CommentTargetType; target_id: string; body: string }) =>
      deps.notifications.transaction(scope, async (tx, notify) => {
        const target = await targets.resolve(tx, scope, input.target_type, input.target_id);
        const body = await labelMentions(tx, scope, input.body);
        const mentions = await reachableMentions(tx, scope, target, body);
        const comment = await createComment(tx, {
          orgId: scope.orgId,
          objectiveId: target.objectiveId,
          targetType: target.type,
          targetId: target.id,
          authorId: scope.userId,
          body,
          mentions,
        });
        await recordAudit(tx, scope, {
          action: "comment.created",
          entityType: "comment",
          entityId: comment.id,
          after: { targetType: target.type, targetId: target.id, body: comment.body, mentions },
        });
        const authorName = (scope.userId && (await getAuthorName(tx, scope.userId))) || "Someone";
        const payload = payloadFor(target, comment, { id: scope.userId, name: authorName });
        const drafts: NotificationDraft[] = mentions.map((recipientId) => ({
          kind: "mention",
          recipientId,
          payload,
        }));
        if (!mentions.includes(target.ownerId))
          drafts.push({ kind: "comment", recipientId: target.ownerId, payload });
        await notify(drafts);
        return { ...comment, authorName };
      }),

    /** The author edits; people newly mentioned by the edit are notified, earlier ones are not again. */
    update: (scope: OrgScope, id: string, input: { body: string }) =>
      deps.notifications.transaction(scope, async (tx, notify) => {
        const { comment: before, target } = await requireComment(tx, scope, id);
        if (before.authorId !== scope.userId) {
          throw new AppError("FORBIDDEN", { message: "Only the author can edit a comment" });
        }
        const body = await labelMentions(tx, scope, input.body);
        const mentions = await reachableMentions(tx, scope, target, body);
        const after = await updateComment(tx, scope.orgId, id, {
          body,
          mentions,
          editedAt: new Date(),
        });
        await recordAudit(tx, scope, {
          action: "comment.updated",
          entityType: "comment",
          entityId: id,
          before: { body: before.body, mentions: before.mentions },
          after: { body: after!.body, mentions },
        });
        const authorName = (scope.userId && (await getAuthorName(tx, scope.userId))) || "Someone";
        const payload = payloadFor(target, after!, { id: scope.userId, name: authorName });
        await notify(
          mentions
            .filter((userId) => !before.mentions.includes(userId))
            .map((recipientId) => ({ kind: "mention" as const, recipientId, payload })),
        );
        return { ...after!, authorName };
      }),

    remove: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        const { comment, target } = await requireComment(tx, scope, id);
        if (comment.authorId !== scope.userId && target.ownerId !== scope.userId && !moderates(scope)) {
          throw new AppError("FORBIDDEN", {
            message: "Only the author, the objective's owner or an admin can delete a comment",
          });
        }
        await updateComment(tx, scope.orgId, id, { deletedAt: new Date() });
        await recordAudit(tx, scope, {
          action: "comment.deleted",
          entityType: "comment",
          entityId: id,
          before: { body: comment.body, authorId: comment.authorId },
        });
      }),

    /** Brings a deleted comment back (its author, or an admin); its target must still be visible. */
    restore: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        const { comment } = await requireComment(tx, scope, id, { deleted: true });
        if (comment.authorId !== scope.userId && !moderates(scope)) {
          throw new AppError("FORBIDDEN", { message: "Only the author or an admin can restore a comment" });
        }
        const restored = await updateComment(tx, scope.orgId, id, { deletedAt: null });
        await recordAudit(tx, scope, {
          action: "comment.restored",
          entityType: "comment",
          entityId: id,
          after: { body: restored!.body, authorId: restored!.authorId },
        });
        const authorName = (restored!.authorId && (await getAuthorName(tx, restored!.authorId))) || null;
        const [shown] = await withCurrentNames(tx, scope.orgId, [{ ...restored!, authorName }]);
        return shown!;
      }),
  };
}

export type CommentsService = ReturnType<typeof createCommentsService>;
