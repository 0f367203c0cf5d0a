import { createRoute, z } from "@hono/zod-openapi";
import {
  actorScope,
  currentPrincipal,
  requestScope,
  requireBrowserSession,
  requireOrgPermission,
  requireUser,
  visibleOrgs,
} from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  iso,
  jsonBody,
  jsonResponse,
  nameSchema,
  orgRoleSchema,
  timestampSchema,
} from "../../http";
import type { MeService } from "../me";
import type { MembersService } from "../members";
import type { OrgsService } from "./orgs.service";

const tags = ["Organizations"];

const orgSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), created_at: timestampSchema })
  .openapi("Organization");
const myOrgSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), role: orgRoleSchema })
  .openapi("MyOrganization");
const currentOrgSchema = orgSchema
  .extend({ role: orgRoleSchema, member_count: z.number().int() })
  .openapi("CurrentOrganization");
const orgInputSchema = z.strictObject({ name: nameSchema(80) }).openapi("OrganizationInput");

const toOrg = (org: { id: string; name: string; slug: string; createdAt: Date }) => ({
  id: org.id,
  name: org.name,
  slug: org.slug,
  created_at: iso(org.createdAt),
});

const listMine = createRoute({
  method: "get",
  path: "/orgs",
  tags,
  summary: "The organizations you belong to (an API key sees only its own)",
  middleware: [requireUser] as const,
  responses: {
    200: jsonResponse(dataEnvelope(z.array(myOrgSchema)), "Your organizations"),
    ...commonErrorResponses,
  },
});

const createOrg = createRoute({
  method: "post",
  path: "/orgs",
  tags,
  summary: "Create an organization; you become its owner (browser session only)",
  middleware: [requireBrowserSession] as const,
  request: { body: jsonBody(orgInputSchema) },
  responses: { 201: jsonResponse(dataEnvelope(orgSchema), "Created"), ...commonErrorResponses },
});

const getCurrent = createRoute({
  method: "get",
  path: "/orgs/current",
  tags,
  summary: "The organization this request acts in",
  middleware: [requireOrgPermission("org.read")] as const,
  responses: {
    200: jsonResponse(dataEnvelope(currentOrgSchema), "Current organization"),
    ...commonErrorResponses,
  },
});

const updateCurrent = createRoute({
  method: "patch",
  path: "/orgs/current",
  tags,
  summary: "Rename the organization",
  middleware: [requireOrgPermission("org.update")] as const,
  request: { body: jsonBody(orgInputSchema) },
  responses: { 200: jsonResponse(dataEnvelope(orgSchema), "Updated"), ...commonErrorResponses },
});

export function orgsRoutes(deps: { orgs: OrgsService; members: MembersService; me: MeService }) {
  const { orgs, members, me } = deps;
  return createRouter()
    .openapi(listMine, async (c) => {
      const rows = visibleOrgs(c, await members.listOrgsOfUser(currentPrincipal(c).userId));
      return c.json(
        { data: rows.map((row) => ({ id: row.orgId, name: row.name, slug: row.slug, role: row.role })) },
        200,
      );
    })
    .openapi(createOrg, async (c) => {
      const org = await orgs.create(actorScope(c), c.req.valid("json"));
      await me.setActiveOrg(currentPrincipal(c).sessionId!, org.id);
      return c.json({ data: toOrg(org) }, 201);
    })
    .openapi(getCurrent, async (c) => {
      const org = await orgs.getCurrent(requestScope(c));
      return c.json({ data: { ...toOrg(org), role: org.role, member_count: org.memberCount } }, 200);
    })
    .openapi(updateCurrent, async (c) => {
      const org = await orgs.update(requestScope(c), c.req.valid("json"));
      return c.json({ data: toOrg(org) }, 200);
    });
}
