import { createRoute, z } from "@hono/zod-openapi";
import {
  type Indicator,
  type ItemStatus,
  type ItemType,
  itemCode,
  type Priority,
  riskLevel,
  riskScore,
} from "../../../core/raid";
import { requestScope } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
} from "../../http";
import { uploadBodyLimit } from "../../storage";
import type { ItemFields } from "./item-rules";
import type { AttachmentRow, ItemFilter, LinkRow } from "./items.queries";
import type { ItemsService, ItemView } from "./items.service";
import { inOrg } from "./projects.routes";
import {
  addLinkInput,
  attachmentParams,
  attachmentSchema,
  commentInput,
  commentParams,
  commentSchema,
  convertInput,
  createItemInput,
  dashboardSchema,
  type ItemInputBody,
  itemDetailSchema,
  itemLinkSchema,
  itemPageSchema,
  itemParams,
  itemSchema,
  linkParams,
  listItemsQuery,
  projectParams,
  signedUrlSchema,
  splitCsv,
  timelineSchema,
  updateItemInput,
  uploadInput,
} from "./projects.schemas";

const tags = ["Project items"];

export const toItem = (view: ItemView) => {
  const score = riskScore(view.probability, view.impact);
  return {
    id: view.id,
    project_id: view.projectId,
    code: view.code,
    type: view.type,
    number: view.number,
    title: view.title,
    description: view.description,
    status: view.status,
    priority: view.priority,
    assignee:
      view.assigneeId && view.assigneeName !== null
        ? { id: view.assigneeId, name: view.assigneeName, email: view.assigneeEmail ?? "" }
        : null,
    start_date: view.startDate,
    finish_date: view.finishDate,
    deadline: view.deadline,
    percent_complete: view.percentComplete,
    completed_on: view.completedOn,
    indicator: view.indicator,
    tags: view.tags,
    probability: view.probability,
    impact: view.impact,
    risk_score: score,
    risk_level: score === null ? null : riskLevel(score),
    severity: view.severity,
    decision_date: view.decisionDate,
    rationale: view.rationale,
    created_by: view.createdBy,
    deleted_at: isoOrNull(view.deletedAt),
    created_at: iso(view.createdAt),
    updated_at: iso(view.updatedAt),
  };
};

const toLink = (itemId: string) => (link: LinkRow) => ({
  id: link.id,
  kind: link.kind,
  direction: link.fromItemId === itemId ? ("outgoing" as const) : ("incoming" as const),
  item: {
    id: link.otherId,
    code: itemCode(link.otherType, link.otherNumber),
    type: link.otherType,
    title: link.otherTitle,
    status: link.otherStatus,
  },
  created_at: iso(link.createdAt),
});

const toAttachment = (row: AttachmentRow) => ({
  id: row.id,
  file_name: row.fileName,
  content_type: row.contentType,
  size_bytes: row.sizeBytes,
  uploaded_by: { id: row.uploadedBy, name: row.uploaderName },
  created_at: iso(row.createdAt),
});

/** The list's query string as a filter (also used by exports, which take the same filters). */
export function itemFilterFrom(
  query: Omit<ListItemsQuery, "page" | "per_page">,
  userId: string | null,
): ItemFilter {
  return {
    types: splitCsv<ItemType>(query.type),
    statuses: splitCsv<ItemStatus>(query.status),
    priorities: splitCsv<Priority>(query.priority),
    indicators: splitCsv<Indicator>(query.indicator),
    assigneeId:
      query.assignee === undefined
        ? undefined
        : query.assignee === "none"
          ? null
          : query.assignee === "me"
            ? userId
            : query.assignee,
    tags: query.tag
      ?.split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    search: query.search,
    from: query.from,
    to: query.to,
  };
}

type ListItemsQuery = z.infer<typeof listItemsQuery>;

/** snake_case body → the service's fields; absent keys stay absent (PATCH semantics). */
export function toItemFields(body: ItemInputBody): ItemFields {
  const fields: ItemFields = {
    title: body.title,
    description: body.description,
    status: body.status,
    priority: body.priority,
    assigneeId: body.assignee_id,
    startDate: body.start_date,
    finishDate: body.finish_date,
    deadline: body.deadline,
    percentComplete: body.percent_complete,
    tags: body.tags,
    probability: body.probability,
    impact: body.impact,
    severity: body.severity,
    decisionDate: body.decision_date,
    rationale: body.rationale,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const historySchema = z
  .object({
    id: z.string(),
    action: z.string(),
    actor: z.object({ user_id: z.string().nullable(), name: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
    created_at: timestampSchema,
  })
  .openapi("ProjectItemChange");

const itemResponse = (description: string) => jsonResponse(dataEnvelope(itemSchema), description);

const routes = {
  list: createRoute({
    method: "get",
    path: "/projects/{id}/items",
    tags,
    summary: "The RAID log: filter, search, sort and page through items",
    middleware: inOrg,
    request: { params: projectParams, query: listItemsQuery },
    responses: { 200: jsonResponse(itemPageSchema, "Items"), ...commonErrorResponses },
  }),
  create: createRoute({
    method: "post",
    path: "/projects/{id}/items",
    tags,
    summary: "Add an item (numbered per type: R-1, A-1, …)",
    middleware: inOrg,
    request: { params: projectParams, body: jsonBody(createItemInput) },
    responses: { 201: itemResponse("Created"), ...commonErrorResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/projects/{id}/items/{itemId}",
    tags,
    summary: "An item with its links and counts of comments and attachments (deleted items open read-only)",
    middleware: inOrg,
    request: { params: itemParams },
    responses: { 200: jsonResponse(dataEnvelope(itemDetailSchema), "The item"), ...commonErrorResponses },
  }),
  update: createRoute({
    method: "patch",
    path: "/projects/{id}/items/{itemId}",
    tags,
    summary: "Change an item; team members may change only items assigned to them",
    middleware: inOrg,
    request: { params: itemParams, body: jsonBody(updateItemInput) },
    responses: { 200: itemResponse("Updated"), ...commonErrorResponses },
  }),
  remove: createRoute({
    method: "delete",
    path: "/projects/{id}/items/{itemId}",
    tags,
    summary: "Delete an item (restorable)",
    middleware: inOrg,
    request: { params: itemParams },
    responses: { 204: { description: "Deleted" }, ...commonErrorResponses },
  }),
  restore: createRoute({
    method: "post",
    path: "/projects/{id}/items/{itemId}/restore",
    tags,
    summary: "Restore a deleted item",
    middleware: inOrg,
    request: { params: itemParams },
    responses: { 200: itemResponse("Restored"), ...commonErrorResponses },
  }),
  history: createRoute({
    method: "get",
    path: "/projects/{id}/items/{itemId}/history",
    tags,
    summary: "Every change to the item, newest first, from the audit log",
    middleware: inOrg,
    request: { params: itemParams, query: paginationQuerySchema },
    responses: { 200: jsonResponse(pageEnvelope(historySchema), "Changes"), ...commonErrorResponses },
  }),
  addLink: createRoute({
    method: "post",
    path: "/projects/{id}/items/{itemId}/links",
    tags,
    summary: "Link this item to another: it became, depends on, or relates to it",
    middleware: inOrg,
    request: { params: itemParams, body: jsonBody(addLinkInput) },
    responses: {
      201: jsonResponse(dataEnvelope(itemLinkSchema), "Linked"),
      409: commonErrorResponses[400],
      ...commonErrorResponses,
    },
  }),
  removeLink: createRoute({
    method: "delete",
    path: "/projects/{id}/items/{itemId}/links/{linkId}",
    tags,
    summary: "Remove a link",
    middleware: inOrg,
    request: { params: linkParams },
    responses: { 204: { description: "Removed" }, ...commonErrorResponses },
  }),
  convert: createRoute({
    method: "post",
    path: "/projects/{id}/items/{itemId}/convert-to-issue",
    tags,
    summary: "Turn a risk into an issue: creates the issue, links it, closes the risk",
    middleware: inOrg,
    request: { params: itemParams, body: jsonBody(convertInput) },
    responses: {
      201: jsonResponse(dataEnvelope(z.object({ risk: itemSchema, issue: itemSchema })), "Converted"),
      409: commonErrorResponses[400],
      ...commonErrorResponses,
    },
  }),
  comments: createRoute({
    method: "get",
    path: "/projects/{id}/items/{itemId}/comments",
    tags,
    summary: "Comments on an item, oldest first",
    middleware: inOrg,
    request: { params: itemParams, query: paginationQuerySchema },
    responses: { 200: jsonResponse(pageEnvelope(commentSchema), "Comments"), ...commonErrorResponses },
  }),
  addComment: createRoute({
    method: "post",
    path: "/projects/{id}/items/{itemId}/comments",
    tags,
    summary: "Comment on an item (markdown)",
    middleware: inOrg,
    request: { params: itemParams, body: jsonBody(commentInput) },
    responses: { 201: jsonResponse(dataEnvelope(commentSchema), "Added"), ...commonErrorResponses },
  }),
  removeComment: createRoute({
    method: "delete",
    path: "/projects/{id}/items/{itemId}/comments/{commentId}",
    tags,
    summary: "Delete a comment: your own, or anyone's if you may edit every item",
    middleware: inOrg,
    request: { params: commentParams },
    responses: { 204: { description: "Deleted" }, ...commonErrorResponses },
  }),
  restoreComment: createRoute({
    method: "post",
    path: "/projects/{id}/items/{itemId}/comments/{commentId}/restore",
    tags,
    summary: "Restore a deleted comment: whoever may delete it may restore it",
    middleware: inOrg,
    request: { params: commentParams },
    responses: { 200: jsonResponse(dataEnvelope(commentSchema), "Restored"), ...commonErrorResponses },
  }),
  attachments: createRoute({
    method: "get",
    path: "/projects/{id}/items/{itemId}/attachments",
    tags,
    summary: "Files attached to an item",
    middleware: inOrg,
    request: { params: itemParams },
    responses: {
      200: jsonResponse(dataEnvelope(z.array(attachmentSchema)), "Attachments"),
      ...commonErrorResponses,
    },
  }),
  upload: createRoute({
    method: "post",
    path: "/projects/{id}/items/{itemId}/attachments",
    tags,
    summary: "Attach a file (multipart/form-data, field `file`)",
    middleware: inOrg,
    request: {
      params: itemParams,
      body: { required: true, content: { "multipart/form-data": { schema: uploadInput } } },
    },
    responses: { 201: jsonResponse(dataEnvelope(attachmentSchema), "Attached"), ...commonErrorResponses },
  }),
  download: createRoute({
    method: "get",
    path: "/projects/{id}/items/{itemId}/attachments/{attachmentId}/download",
    tags,
    summary: "A short-lived signed link that downloads the file",
    middleware: inOrg,
    request: { params: attachmentParams },
    responses: { 200: jsonResponse(dataEnvelope(signedUrlSchema), "Signed link"), ...commonErrorResponses },
  }),
  removeAttachment: createRoute({
    method: "delete",
    path: "/projects/{id}/items/{itemId}/attachments/{attachmentId}",
    tags,
    summary: "Remove an attachment (restorable)",
    middleware: inOrg,
    request: { params: attachmentParams },
    responses: { 204: { description: "Removed" }, ...commonErrorResponses },
  }),
  restoreAttachment: createRoute({
    method: "post",
    path: "/projects/{id}/items/{itemId}/attachments/{attachmentId}/restore",
    tags,
    summary: "Restore a removed attachment (its file was kept)",
    middleware: inOrg,
    request: { params: attachmentParams },
    responses: { 200: jsonResponse(dataEnvelope(attachmentSchema), "Restored"), ...commonErrorResponses },
  }),
  dashboard: createRoute({
    method: "get",
    path: "/projects/{id}/dashboard",
    tags,
    summary: "Counts by indicator, type and assignee, and the risk heat map",
    middleware: inOrg,
    request: { params: projectParams },
    responses: { 200: jsonResponse(dataEnvelope(dashboardSchema), "Dashboard"), ...commonErrorResponses },
  }),
  timeline: createRoute({
    method: "get",
    path: "/projects/{id}/timeline",
    tags,
    summary: "Dated items and their dependencies, for the Gantt",
    middleware: inOrg,
    request: { params: projectParams },
    responses: { 200: jsonResponse(dataEnvelope(timelineSchema), "Timeline"), ...commonErrorResponses },
  }),
};

export function itemRoutes(items: ItemsService) {
  const router = createRouter();
  // Uploads are exempt from the app-wide body limit and take MAX_UPLOAD_BYTES instead.
  router.use("/projects/:id/items/:itemId/attachments", uploadBodyLimit(items.maxUploadBytes));
  return router
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const scope = requestScope(c);
      const { rows, total, groups } = await items.list(scope, c.req.valid("param").id, {
        ...query,
        filter: { ...itemFilterFrom(query, scope.userId), deleted: query.deleted === "true" },
        sort: query.sort ?? (query.search ? "relevance" : "code"),
        direction: query.order ?? "asc",
      });
      return c.json({ data: rows.map(toItem), meta: { ...pageMeta(query, total), groups } }, 200);
    })
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      const item = await items.create(requestScope(c), c.req.valid("param").id, {
        ...toItemFields(body),
        type: body.type,
        title: body.title,
      });
      return c.json({ data: toItem(item) }, 201);
    })
    .openapi(routes.get, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const { links, commentCount, attachmentCount, canEdit, ...item } = await items.get(
        requestScope(c),
        id,
        itemId,
      );
      return c.json(
        {
          data: {
            ...toItem(item),
            links: links.map(toLink(itemId)),
            comment_count: commentCount,
            attachment_count: attachmentCount,
            can_edit: canEdit,
          },
        },
        200,
      );
    })
    .openapi(routes.update, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const item = await items.update(requestScope(c), id, itemId, toItemFields(c.req.valid("json")));
      return c.json({ data: toItem(item) }, 200);
    })
    .openapi(routes.remove, async (c) => {
      const { id, itemId } = c.req.valid("param");
      await items.remove(requestScope(c), id, itemId);
      return c.body(null, 204);
    })
    .openapi(routes.restore, async (c) => {
      const { id, itemId } = c.req.valid("param");
      return c.json({ data: toItem(await items.restore(requestScope(c), id, itemId)) }, 200);
    })
    .openapi(routes.history, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const query = c.req.valid("query");
      const { rows, total } = await items.history(requestScope(c), id, itemId, query);
      return c.json(
        {
          data: rows.map((row) => ({
            id: row.id,
            action: row.action,
            actor: { user_id: row.actorUserId, name: row.actorName },
            before: row.before,
            after: row.after,
            created_at: iso(row.createdAt),
          })),
          meta: pageMeta(query, total),
        },
        200,
      );
    })
    .openapi(routes.addLink, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const body = c.req.valid("json");
      const link = await items.addLink(requestScope(c), id, itemId, {
        toItemId: body.to_item_id,
        kind: body.kind,
      });
      return c.json({ data: toLink(itemId)(link) }, 201);
    })
    .openapi(routes.removeLink, async (c) => {
      const { id, itemId, linkId } = c.req.valid("param");
      await items.removeLink(requestScope(c), id, itemId, linkId);
      return c.body(null, 204);
    })
    .openapi(routes.convert, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const body = c.req.valid("json");
      const { risk, issue } = await items.convertRiskToIssue(requestScope(c), id, itemId, {
        title: body.title,
        severity: body.severity,
        assigneeId: body.assignee_id,
      });
      return c.json({ data: { risk: toItem(risk), issue: toItem(issue) } }, 201);
    })
    .openapi(routes.comments, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const query = c.req.valid("query");
      const { rows, total } = await items.listComments(requestScope(c), id, itemId, query);
      return c.json({ data: rows.map(toComment), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.addComment, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const comment = await items.addComment(requestScope(c), id, itemId, c.req.valid("json").body);
      return c.json({ data: toComment(comment) }, 201);
    })
    .openapi(routes.removeComment, async (c) => {
      const { id, itemId, commentId } = c.req.valid("param");
      await items.removeComment(requestScope(c), id, itemId, commentId);
      return c.body(null, 204);
    })
    .openapi(routes.restoreComment, async (c) => {
      const { id, itemId, commentId } = c.req.valid("param");
      return c.json(
        { data: toComment(await items.restoreComment(requestScope(c), id, itemId, commentId)) },
        200,
      );
    })
    .openapi(routes.attachments, async (c) => {
      const { id, itemId } = c.req.valid("param");
      return c.json(
        { data: (await items.listAttachments(requestScope(c), id, itemId)).map(toAttachment) },
        200,
      );
    })
    .openapi(routes.upload, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const { file } = c.req.valid("form");
      const attachment = await items.addAttachment(requestScope(c), id, itemId, {
        name: file.name,
        type: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      return c.json({ data: toAttachment(attachment) }, 201);
    })
    .openapi(routes.download, async (c) => {
      const { id, itemId, attachmentId } = c.req.valid("param");
      const link = await items.attachmentDownload(requestScope(c), id, itemId, attachmentId);
      return c.json({ data: { url: link.url, expires_at: iso(link.expiresAt) } }, 200);
    })
    .openapi(routes.removeAttachment, async (c) => {
      const { id, itemId, attachmentId } = c.req.valid("param");
      await items.removeAttachment(requestScope(c), id, itemId, attachmentId);
      return c.body(null, 204);
    })
    .openapi(routes.restoreAttachment, async (c) => {
      const { id, itemId, attachmentId } = c.req.valid("param");
      const attachment = await items.restoreAttachment(requestScope(c), id, itemId, attachmentId);
      return c.json({ data: toAttachment(attachment) }, 200);
    })
    .openapi(routes.dashboard, async (c) => {
      const dashboard = await items.dashboard(requestScope(c), c.req.valid("param").id);
      return c.json(
        {
          data: {
            as_of: dashboard.asOf,
            total: dashboard.total,
            by_indicator: dashboard.byIndicator,
            by_type: dashboard.byType,
            by_assignee: dashboard.byAssignee.map((entry) => ({
              user_id: entry.assigneeId,
              name: entry.name,
              total: entry.total,
              by_indicator: entry.byIndicator,
            })),
            heat_map: dashboard.heatMap,
          },
        },
        200,
      );
    })
    .openapi(routes.timeline, async (c) => {
      const timeline = await items.timeline(requestScope(c), c.req.valid("param").id);
      return c.json(
        {
          data: {
            as_of: timeline.asOf,
            items: timeline.items.map(toItem),
            dependencies: timeline.dependencies.map((dependency) => ({
              id: dependency.id,
              from_item_id: dependency.fromItemId,
              to_item_id: dependency.toItemId,
            })),
            truncated: timeline.truncated,
          },
        },
        200,
      );
    });
}

function toComment(row: {
  id: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
}) {
  return {
    id: row.id,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    created_at: iso(row.createdAt),
  };
}
