import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import { COMMENT_TARGET_TYPES } from "../../db/schema";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  idParams,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
  uuidSchema,
} from "../../http";
import type { CommentRow } from "./comments.queries";
import type { CommentsService } from "./comments.service";

const tags = ["Comments"];
const use = requireOrgPermission("goals.use");

/** Long enough for a thoughtful paragraph or two, short enough to stay a comment. */
export const MAX_COMMENT_CHARS = 5000;

const targetTypeSchema = z.enum(COMMENT_TARGET_TYPES).openapi("CommentTargetType");
const bodySchema = z.string().trim().min(1, { error: "is required" }).max(MAX_COMMENT_CHARS).openapi({
  description:
    "Plain text; mention someone with @[Their name](user id). The server labels each mention with the person's current name; mentions of non-members become plain text.",
});

const commentSchema = z
  .object({
    id: z.string(),
    objective_id: z.string(),
    target_type: targetTypeSchema,
    target_id: z.string(),
    author_id: z.string().nullable(),
    author_name: z.string().nullable(),
    body: z.string(),
    mentions: z.array(z.string()).openapi({ description: "People mentioned who were notified" }),
    edited_at: timestampSchema.nullable(),
    created_at: timestampSchema,
  })
  .openapi("Comment");

const toComment = (row: CommentRow & { authorName: string | null }) => ({
  id: row.id,
  objective_id: row.objectiveId,
  target_type: row.targetType,
  target_id: row.targetId,
  author_id: row.authorId,
  author_name: row.authorName,
  body: row.body,
  mentions: row.mentions,
  edited_at: isoOrNull(row.editedAt),
  created_at: iso(row.createdAt),
});

const routes = {
  list: createRoute({
    method: "get",
    path: "/comments",
    tags,
    summary: "Comments on an objective, key result or task, oldest first",
    middleware: use,
    request: {
      query: paginationQuerySchema.extend({ target_type: targetTypeSchema, target_id: uuidSchema }),
    },
    responses: { 200: jsonResponse(pageEnvelope(commentSchema), "Comments"), ...commonErrorResponses },
  }),
  create: createRoute({
    method: "post",
    path: "/comments",
    tags,
    summary: "Comment on something you can see; mentioned people who can see it are notified",
    middleware: use,
    request: {
      body: jsonBody(
        z
          .strictObject({ target_type: targetTypeSchema, target_id: uuidSchema, body: bodySchema })
          .openapi("CommentInput"),
      ),
    },
    responses: { 201: jsonResponse(dataEnvelope(commentSchema), "Created"), ...commonErrorResponses },
  }),
  update: createRoute({
    method: "patch",
    path: "/comments/{id}",
    tags,
    summary: "Edit your comment; people newly mentioned are notified",
    middleware: use,
    request: {
      params: idParams,
      body: jsonBody(z.strictObject({ body: bodySchema }).openapi("CommentPatch")),
    },
    responses: { 200: jsonResponse(dataEnvelope(commentSchema), "Updated"), ...commonErrorResponses },
  }),
  remove: createRoute({
    method: "delete",
    path: "/comments/{id}",
    tags,
    summary: "Delete a comment (its author, the objective's owner or an admin); restorable",
    middleware: use,
    request: { params: idParams },
    responses: { 204: { description: "Deleted" }, ...commonErrorResponses },
  }),
  restore: createRoute({
    method: "post",
    path: "/comments/{id}/restore",
    tags,
    summary: "Restore a deleted comment (its author or an admin)",
    middleware: use,
    request: { params: idParams },
    responses: { 200: jsonResponse(dataEnvelope(commentSchema), "Restored"), ...commonErrorResponses },
  }),
};

export function commentsRoutes(comments: CommentsService) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const { target_type, target_id, ...query } = c.req.valid("query");
      const { rows, total } = await comments.list(
        requestScope(c),
        { type: target_type, id: target_id },
        query,
      );
      return c.json({ data: rows.map(toComment), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.create, async (c) =>
      c.json({ data: toComment(await comments.create(requestScope(c), c.req.valid("json"))) }, 201),
    )
    .openapi(routes.update, async (c) => {
      const row = await comments.update(requestScope(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json({ data: toComment(row) }, 200);
    })
    .openapi(routes.remove, async (c) => {
      await comments.remove(requestScope(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(routes.restore, async (c) =>
      c.json({ data: toComment(await comments.restore(requestScope(c), c.req.valid("param").id)) }, 200),
    );
}
