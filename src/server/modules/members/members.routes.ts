import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  iso,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
} from "../../http";
import {
  listMembersQuery,
  memberSchema,
  transferOwnershipSchema,
  updateMemberSchema,
  userIdParams,
} from "./members.schemas";
import type { MemberRow, MembersService } from "./members.service";

const tags = ["Members"];

export const toMember = (row: MemberRow) => ({
  user_id: row.userId,
  name: row.name,
  email: row.email,
  image: row.image,
  role: row.role,
  joined_at: iso(row.joinedAt),
});

const listRoute = createRoute({
  method: "get",
  path: "/members",
  tags,
  summary: "List the members of the active org",
  middleware: [requireOrgPermission("members.read")] as const,
  request: { query: listMembersQuery },
  responses: { 200: jsonResponse(pageEnvelope(memberSchema), "Members"), ...commonErrorResponses },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/members/{userId}",
  tags,
  summary: "Change a member's role",
  middleware: [requireOrgPermission("members.update_role")] as const,
  request: { params: userIdParams, body: jsonBody(updateMemberSchema) },
  responses: { 200: jsonResponse(dataEnvelope(memberSchema), "Updated member"), ...commonErrorResponses },
});

const removeRoute = createRoute({
  method: "delete",
  path: "/members/{userId}",
  tags,
  summary: "Remove a member from the org",
  middleware: [requireOrgPermission("members.remove")] as const,
  request: { params: userIdParams },
  responses: { 204: { description: "Removed" }, ...commonErrorResponses },
});

const leaveRoute = createRoute({
  method: "post",
  path: "/members/leave",
  tags,
  summary: "Leave the active org",
  middleware: [requireOrgPermission("org.read")] as const,
  responses: { 204: { description: "Left" }, ...commonErrorResponses },
});

const transferRoute = createRoute({
  method: "post",
  path: "/orgs/current/transfer-ownership",
  tags: ["Organizations"],
  summary: "Make another member the owner; you become an admin",
  middleware: [requireOrgPermission("org.transfer_ownership")] as const,
  request: { body: jsonBody(transferOwnershipSchema) },
  responses: {
    200: jsonResponse(dataEnvelope(z.object({ owner_user_id: z.string() })), "Transferred"),
    ...commonErrorResponses,
  },
});

export function membersRoutes(members: MembersService) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await members.list(requestScope(c), query);
      return c.json({ data: rows.map(toMember), meta: pageMeta(query, total) }, 200);
    })
    .openapi(leaveRoute, async (c) => {
      await members.leave(requestScope(c));
      return c.body(null, 204);
    })
    .openapi(updateRoute, async (c) => {
      const { userId } = c.req.valid("param");
      const member = await members.updateRole(requestScope(c), userId, c.req.valid("json").role);
      return c.json({ data: toMember(member) }, 200);
    })
    .openapi(removeRoute, async (c) => {
      await members.remove(requestScope(c), c.req.valid("param").userId);
      return c.body(null, 204);
    })
    .openapi(transferRoute, async (c) => {
      const { user_id } = c.req.valid("json");
      await members.transferOwnership(requestScope(c), user_id);
      return c.json({ data: { owner_user_id: user_id } }, 200);
    });
}
