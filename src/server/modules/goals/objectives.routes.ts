import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  errorSchema,
  idParams,
  iso,
  jsonBody,
  jsonResponse,
  timestampSchema,
  uuidSchema,
} from "../../http";
import type { CacheUpdate } from "./cache-update";
import {
  createKeyResultInput,
  createObjectiveInput,
  createTaskInput,
  keyResultNodeSchema,
  objectiveNodeSchema,
  shareInput,
  sharePermissionSchema,
  taskNodeSchema,
  toCacheUpdate,
  toKeyResultNode,
  toObjectiveNode,
  toTaskNode,
  toTreeObjective,
  treeSchema,
  updateKeyResultInput,
  updateObjectiveInput,
  updateTaskInput,
  writeEnvelope,
} from "./goals.schemas";
import type { ObjectivesService } from "./objectives.service";
import type { TreeService } from "./tree.service";

const tags = ["Goals"];
const use = requireOrgPermission("goals.use");

const deletedSchema = z.object({ id: z.string(), deleted_at: timestampSchema });
const shareSchema = z
  .object({
    id: z.string(),
    objective_id: z.string(),
    user_id: z.string().nullable(),
    user_name: z.string().nullable(),
    group_id: z.string().nullable(),
    group_name: z.string().nullable(),
    permission: sharePermissionSchema,
    created_at: timestampSchema,
  })
  .openapi("ObjectiveShare");
const objectiveTreeNode = treeSchema.shape.objectives.element;
const shareParams = idParams.extend({
  shareId: uuidSchema.openapi({ param: { name: "shareId", in: "path" } }),
});

/** The node a write produced, from its own cache update (null if the writer can no longer see it). */
const written = {
  objective: (update: CacheUpdate, id: string) => {
    const node = update.upsert.objectives.find((objective) => objective.id === id);
    return node ? toObjectiveNode(node) : null;
  },
  keyResult: (update: CacheUpdate, id: string) => {
    const node = update.upsert.keyResults.find((keyResult) => keyResult.id === id);
    return node ? toKeyResultNode(node) : null;
  },
  task: (update: CacheUpdate, id: string) => {
    const node = update.upsert.tasks.find((task) => task.id === id);
    return node ? toTaskNode(node) : null;
  },
};

const created = <T extends z.ZodType>(data: T, description = "Created") => ({
  201: jsonResponse(writeEnvelope(data), description),
  ...commonErrorResponses,
});
const changed = <T extends z.ZodType>(data: T, description: string) => ({
  200: jsonResponse(writeEnvelope(data), description),
  ...commonErrorResponses,
});

const routes = {
  tree: createRoute({
    method: "get",
    path: "/goals/tree",
    tags,
    summary: "Your whole goals tree for a cycle (own, shared and org-visible), with an ETag",
    description:
      "Objectives with their key results and tasks, progress rolled up and health assessed, in one response. " +
      "Without cycle_id: the running cycle (else the latest started, else the next). Send the ETag back in " +
      "If-None-Match to get 304 when nothing changed; writes return `_cacheUpdate` to patch a cached tree instead.",
    middleware: use,
    request: {
      query: z.object({ cycle_id: uuidSchema.optional() }),
      headers: z.object({ "if-none-match": z.string().max(1000).optional() }),
    },
    responses: {
      200: jsonResponse(dataEnvelope(treeSchema), "The tree"),
      304: { description: "Not modified: your cached tree (by ETag) is current" },
      ...commonErrorResponses,
    },
  }),
  getObjective: createRoute({
    method: "get",
    path: "/goals/objectives/{id}",
    tags,
    summary: "One objective with its key results and tasks",
    middleware: use,
    request: { params: idParams },
    responses: {
      200: jsonResponse(dataEnvelope(objectiveTreeNode), "The objective"),
      ...commonErrorResponses,
    },
  }),
  createObjective: createRoute({
    method: "post",
    path: "/goals/objectives",
    tags,
    summary: "Create an objective (you own it)",
    middleware: use,
    request: { body: jsonBody(createObjectiveInput) },
    responses: created(objectiveNodeSchema.nullable()),
  }),
  updateObjective: createRoute({
    method: "patch",
    path: "/goals/objectives/{id}",
    tags,
    summary: "Edit an objective (edit access; visibility, cycle and owner: owner only)",
    description:
      "Send only the fields that change: an unchanged parent_id is not re-checked. Handing the objective to " +
      "another member (owner_id) makes them its owner, notifies them, and leaves you an edit share, so the " +
      "response is the objective as you now see it (access `edit`).",
    middleware: use,
    request: { params: idParams, body: jsonBody(updateObjectiveInput) },
    responses: {
      ...changed(objectiveNodeSchema.nullable(), "Updated, as you now see it"),
      409: jsonResponse(
        errorSchema,
        "Conflicts with the objective's shares (making a group-shared objective private)",
      ),
    },
  }),
  deleteObjective: createRoute({
    method: "delete",
    path: "/goals/objectives/{id}",
    tags,
    summary: "Delete an objective and everything under it (owner; restorable)",
    middleware: use,
    request: { params: idParams },
    responses: changed(deletedSchema, "Deleted"),
  }),
  restoreObjective: createRoute({
    method: "post",
    path: "/goals/objectives/{id}/restore",
    tags,
    summary: "Restore a deleted objective (owner)",
    middleware: use,
    request: { params: idParams },
    responses: changed(objectiveNodeSchema.nullable(), "Restored"),
  }),
  createKeyResult: createRoute({
    method: "post",
    path: "/goals/objectives/{id}/key-results",
    tags,
    summary: "Add a key result (edit access)",
    middleware: use,
    request: { params: idParams, body: jsonBody(createKeyResultInput) },
    responses: created(keyResultNodeSchema.nullable()),
  }),
  updateKeyResult: createRoute({
    method: "patch",
    path: "/goals/key-results/{id}",
    tags,
    summary: "Edit a key result (edit access)",
    middleware: use,
    request: { params: idParams, body: jsonBody(updateKeyResultInput) },
    responses: changed(keyResultNodeSchema.nullable(), "Updated"),
  }),
  deleteKeyResult: createRoute({
    method: "delete",
    path: "/goals/key-results/{id}",
    tags,
    summary: "Delete a key result and its tasks (edit access; restorable)",
    middleware: use,
    request: { params: idParams },
    responses: changed(deletedSchema, "Deleted"),
  }),
  restoreKeyResult: createRoute({
    method: "post",
    path: "/goals/key-results/{id}/restore",
    tags,
    summary: "Restore a deleted key result (edit access)",
    middleware: use,
    request: { params: idParams },
    responses: changed(keyResultNodeSchema.nullable(), "Restored"),
  }),
  createTask: createRoute({
    method: "post",
    path: "/goals/key-results/{id}/tasks",
    tags,
    summary: "Add a task under a key result (edit access)",
    middleware: use,
    request: { params: idParams, body: jsonBody(createTaskInput) },
    responses: created(taskNodeSchema.nullable()),
  }),
  updateTask: createRoute({
    method: "patch",
    path: "/goals/tasks/{id}",
    tags,
    summary: "Edit a task (edit access; its assignee may change its status)",
    middleware: use,
    request: { params: idParams, body: jsonBody(updateTaskInput) },
    responses: changed(taskNodeSchema.nullable(), "Updated"),
  }),
  deleteTask: createRoute({
    method: "delete",
    path: "/goals/tasks/{id}",
    tags,
    summary: "Delete a task (edit access; restorable)",
    middleware: use,
    request: { params: idParams },
    responses: changed(deletedSchema, "Deleted"),
  }),
  restoreTask: createRoute({
    method: "post",
    path: "/goals/tasks/{id}/restore",
    tags,
    summary: "Restore a deleted task (edit access)",
    middleware: use,
    request: { params: idParams },
    responses: changed(taskNodeSchema.nullable(), "Restored"),
  }),
  listShares: createRoute({
    method: "get",
    path: "/goals/objectives/{id}/shares",
    tags,
    summary: "Who an objective is shared with",
    middleware: use,
    request: { params: idParams },
    responses: { 200: jsonResponse(dataEnvelope(z.array(shareSchema)), "Shares"), ...commonErrorResponses },
  }),
  share: createRoute({
    method: "post",
    path: "/goals/objectives/{id}/shares",
    tags,
    summary: "Share with a person or a group, or change a share's permission (owner)",
    description:
      "Sharing with a group makes a private objective group-visible. The person, or the group's members, are notified.",
    middleware: use,
    request: { params: idParams, body: jsonBody(shareInput) },
    responses: {
      200: jsonResponse(writeEnvelope(shareSchema), "Permission changed"),
      ...created(shareSchema, "Shared"),
    },
  }),
  unshare: createRoute({
    method: "delete",
    path: "/goals/objectives/{id}/shares/{shareId}",
    tags,
    summary: "Stop sharing (owner)",
    middleware: use,
    request: { params: shareParams },
    responses: changed(z.object({ id: z.string() }), "Removed"),
  }),
};

type ShareLike = {
  id: string;
  objectiveId: string;
  userId: string | null;
  groupId: string | null;
  permission: "view" | "edit";
  createdAt: Date;
  userName?: string | null;
  groupName?: string | null;
};
const toShare = (share: ShareLike) => ({
  id: share.id,
  objective_id: share.objectiveId,
  user_id: share.userId,
  user_name: share.userName ?? null,
  group_id: share.groupId,
  group_name: share.groupName ?? null,
  permission: share.permission,
  created_at: iso(share.createdAt),
});

export function objectivesRoutes(services: { objectives: ObjectivesService; tree: TreeService }) {
  const { objectives, tree } = services;
  return createRouter()
    .openapi(routes.tree, async (c) => {
      const result = await tree.getBody(requestScope(c), {
        cycleId: c.req.valid("query").cycle_id,
        ifNoneMatch: c.req.valid("header")["if-none-match"],
      });
      c.header("ETag", result.etag);
      // Private: the tree is per person. no-cache: revalidate with the ETag every time.
      c.header("Cache-Control", "private, no-cache");
      if (result.notModified) return c.body(null, 304);
      // Already serialized (and perhaps cached) by the service, in the GoalTree shape.
      return c.body(result.body, 200, { "Content-Type": "application/json" }) as never;
    })
    .openapi(routes.getObjective, async (c) =>
      c.json({ data: toTreeObjective(await objectives.get(requestScope(c), c.req.valid("param").id)) }, 200),
    )
    .openapi(routes.createObjective, async (c) => {
      const { value: id, cacheUpdate } = await objectives.create(requestScope(c), c.req.valid("json"));
      return c.json(
        { data: written.objective(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        201,
      );
    })
    .openapi(routes.updateObjective, async (c) => {
      const { value: id, cacheUpdate } = await objectives.update(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(
        { data: written.objective(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        200,
      );
    })
    .openapi(routes.deleteObjective, async (c) => {
      const { value, cacheUpdate } = await objectives.remove(requestScope(c), c.req.valid("param").id);
      return c.json(
        {
          data: { id: value.id, deleted_at: iso(value.deletedAt) },
          _cacheUpdate: toCacheUpdate(cacheUpdate),
        },
        200,
      );
    })
    .openapi(routes.restoreObjective, async (c) => {
      const { value: id, cacheUpdate } = await objectives.restore(requestScope(c), c.req.valid("param").id);
      return c.json(
        { data: written.objective(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        200,
      );
    })
    .openapi(routes.createKeyResult, async (c) => {
      const { value: id, cacheUpdate } = await objectives.createKeyResult(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(
        { data: written.keyResult(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        201,
      );
    })
    .openapi(routes.updateKeyResult, async (c) => {
      const { value: id, cacheUpdate } = await objectives.updateKeyResult(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(
        { data: written.keyResult(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        200,
      );
    })
    .openapi(routes.deleteKeyResult, async (c) => {
      const { value, cacheUpdate } = await objectives.removeKeyResult(
        requestScope(c),
        c.req.valid("param").id,
      );
      return c.json(
        {
          data: { id: value.id, deleted_at: iso(value.deletedAt) },
          _cacheUpdate: toCacheUpdate(cacheUpdate),
        },
        200,
      );
    })
    .openapi(routes.restoreKeyResult, async (c) => {
      const { value: id, cacheUpdate } = await objectives.restoreKeyResult(
        requestScope(c),
        c.req.valid("param").id,
      );
      return c.json(
        { data: written.keyResult(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        200,
      );
    })
    .openapi(routes.createTask, async (c) => {
      const { value: id, cacheUpdate } = await objectives.createTask(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ data: written.task(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 201);
    })
    .openapi(routes.updateTask, async (c) => {
      const { value: id, cacheUpdate } = await objectives.updateTask(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ data: written.task(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    })
    .openapi(routes.deleteTask, async (c) => {
      const { value, cacheUpdate } = await objectives.removeTask(requestScope(c), c.req.valid("param").id);
      return c.json(
        {
          data: { id: value.id, deleted_at: iso(value.deletedAt) },
          _cacheUpdate: toCacheUpdate(cacheUpdate),
        },
        200,
      );
    })
    .openapi(routes.restoreTask, async (c) => {
      const { value: id, cacheUpdate } = await objectives.restoreTask(
        requestScope(c),
        c.req.valid("param").id,
      );
      return c.json({ data: written.task(cacheUpdate, id), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    })
    .openapi(routes.listShares, async (c) => {
      const shares = await objectives.listShares(requestScope(c), c.req.valid("param").id);
      return c.json({ data: shares.map(toShare) }, 200);
    })
    .openapi(routes.share, async (c) => {
      const { value, cacheUpdate } = await objectives.share(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(
        { data: toShare(value.share), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        value.created ? 201 : 200,
      );
    })
    .openapi(routes.unshare, async (c) => {
      const { id, shareId } = c.req.valid("param");
      const { value, cacheUpdate } = await objectives.unshare(requestScope(c), id, shareId);
      return c.json({ data: { id: value }, _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    });
}
