import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  idParams,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  nameSchema,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
  uuidSchema,
} from "../../http";
import type { GroupsService } from "./groups.service";

const tags = ["Groups"];

const groupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    member_count: z.number().int(),
    deleted_at: timestampSchema.nullable(),
    created_at: timestampSchema,
  })
  .openapi("Group");

const groupDetailSchema = groupSchema
  .omit({ member_count: true })
  .extend({
    members: z.array(
      z.object({ user_id: z.string(), name: z.string(), email: z.string(), added_at: timestampSchema }),
    ),
  })
  .openapi("GroupDetail");

const createInput = z
  .strictObject({ name: nameSchema(80), description: z.string().trim().max(500).optional() })
  .openapi("GroupInput");
const updateInput = z
  .strictObject({ name: nameSchema(80).optional(), description: z.string().trim().max(500).optional() })
  .openapi("GroupPatch");
const memberParams = idParams.extend({
  userId: uuidSchema.openapi({ param: { name: "userId", in: "path" } }),
});

type GroupLike = { id: string; name: string; description: string; deletedAt: Date | null; createdAt: Date };
const toGroup = (row: GroupLike & { memberCount?: number }) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  member_count: row.memberCount ?? 0,
  deleted_at: isoOrNull(row.deletedAt),
  created_at: iso(row.createdAt),
});

const read = requireOrgPermission("groups.read");
const write = requireOrgPermission("groups.write");

const routes = {
  list: createRoute({
    method: "get",
    path: "/groups",
    tags,
    summary: "Groups (teams) in the active org; deleted=true lists the bin",
    middleware: read,
    request: { query: paginationQuerySchema.extend({ deleted: z.enum(["true", "false"]).optional() }) },
    responses: { 200: jsonResponse(pageEnvelope(groupSchema), "Groups"), ...commonErrorResponses },
  }),
  create: createRoute({
    method: "post",
    path: "/groups",
    tags,
    summary: "Create a group",
    middleware: write,
    request: { body: jsonBody(createInput) },
    responses: {
      201: jsonResponse(dataEnvelope(groupSchema), "Created"),
      409: commonErrorResponses[400],
      ...commonErrorResponses,
    },
  }),
  get: createRoute({
    method: "get",
    path: "/groups/{id}",
    tags,
    summary: "A group and its members",
    middleware: read,
    request: { params: idParams },
    responses: { 200: jsonResponse(dataEnvelope(groupDetailSchema), "The group"), ...commonErrorResponses },
  }),
  update: createRoute({
    method: "patch",
    path: "/groups/{id}",
    tags,
    summary: "Rename or describe a group",
    middleware: write,
    request: { params: idParams, body: jsonBody(updateInput) },
    responses: { 200: jsonResponse(dataEnvelope(groupSchema), "Updated"), ...commonErrorResponses },
  }),
  remove: createRoute({
    method: "delete",
    path: "/groups/{id}",
    tags,
    summary: "Delete a group (restorable)",
    middleware: write,
    request: { params: idParams },
    responses: { 204: { description: "Deleted" }, ...commonErrorResponses },
  }),
  restore: createRoute({
    method: "post",
    path: "/groups/{id}/restore",
    tags,
    summary: "Restore a deleted group",
    middleware: write,
    request: { params: idParams },
    responses: { 200: jsonResponse(dataEnvelope(groupSchema), "Restored"), ...commonErrorResponses },
  }),
  addMember: createRoute({
    method: "post",
    path: "/groups/{id}/members",
    tags,
    summary: "Add an org member to the group",
    middleware: write,
    request: {
      params: idParams,
      body: jsonBody(z.strictObject({ user_id: uuidSchema }).openapi("GroupMemberInput")),
    },
    responses: { 204: { description: "Added" }, ...commonErrorResponses },
  }),
  removeMember: createRoute({
    method: "delete",
    path: "/groups/{id}/members/{userId}",
    tags,
    summary: "Remove someone from the group",
    middleware: write,
    request: { params: memberParams },
    responses: { 204: { description: "Removed" }, ...commonErrorResponses },
  }),
};

export function groupsRoutes(groups: GroupsService) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await groups.list(requestScope(c), {
        ...query,
        deleted: query.deleted === "true",
      });
      return c.json({ data: rows.map(toGroup), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.create, async (c) =>
      c.json({ data: toGroup(await groups.create(requestScope(c), c.req.valid("json"))) }, 201),
    )
    .openapi(routes.get, async (c) => {
      const group = await groups.get(requestScope(c), c.req.valid("param").id);
      const { member_count: _count, ...base } = toGroup(group);
      return c.json(
        {
          data: {
            ...base,
            members: group.members.map((member) => ({
              user_id: member.userId,
              name: member.name,
              email: member.email,
              added_at: iso(member.addedAt),
            })),
          },
        },
        200,
      );
    })
    .openapi(routes.update, async (c) => {
      const group = await groups.update(requestScope(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json({ data: toGroup(group) }, 200);
    })
    .openapi(routes.remove, async (c) => {
      await groups.remove(requestScope(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(routes.restore, async (c) =>
      c.json({ data: toGroup(await groups.restore(requestScope(c), c.req.valid("param").id)) }, 200),
    )
    .openapi(routes.addMember, async (c) => {
      await groups.addMember(requestScope(c), c.req.valid("param").id, c.req.valid("json").user_id);
      return c.body(null, 204);
    })
    .openapi(routes.removeMember, async (c) => {
      const { id, userId } = c.req.valid("param");
      await groups.removeMember(requestScope(c), id, userId);
      return c.body(null, 204);
    });
}
