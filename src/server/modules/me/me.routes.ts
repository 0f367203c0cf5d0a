import { createRoute, z } from "@hono/zod-openapi";
import {
  actorScope,
  currentPrincipal,
  requireBrowserSession,
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
  uuidSchema,
} from "../../http";
import type { MeService } from "./me.service";

const tags = ["Me"];

const profileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    image: z.string().nullable(),
    two_factor_enabled: z.boolean(),
    created_at: timestampSchema,
  })
  .openapi("Profile");

const meSchema = z
  .object({
    user: profileSchema,
    orgs: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role: orgRoleSchema })),
    active_org: z.object({ id: z.string(), role: orgRoleSchema }).nullable(),
    via_api_key: z.boolean(),
  })
  .openapi("Me");

type Profile = {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  twoFactorEnabled: boolean | null;
  createdAt: Date;
};
const toProfile = (profile: Profile) => ({
  id: profile.id,
  name: profile.name,
  email: profile.email,
  email_verified: profile.emailVerified,
  image: profile.image,
  two_factor_enabled: profile.twoFactorEnabled ?? false,
  created_at: iso(profile.createdAt),
});

const getMe = createRoute({
  method: "get",
  path: "/me",
  tags,
  summary: "You: profile, organizations (an API key sees only its own) and the active one",
  middleware: [requireUser] as const,
  responses: { 200: jsonResponse(dataEnvelope(meSchema), "You"), ...commonErrorResponses },
});

const updateMe = createRoute({
  method: "patch",
  path: "/me",
  tags,
  summary: "Update your profile (browser session only)",
  middleware: [requireBrowserSession] as const,
  request: { body: jsonBody(z.strictObject({ name: nameSchema(80) }).openapi("ProfileInput")) },
  responses: { 200: jsonResponse(dataEnvelope(profileSchema), "Updated profile"), ...commonErrorResponses },
});

const switchOrg = createRoute({
  method: "post",
  path: "/me/active-org",
  tags,
  summary: "Switch the organization this browser session acts in (browser session only)",
  middleware: [requireBrowserSession] as const,
  request: { body: jsonBody(z.strictObject({ org_id: uuidSchema }).openapi("SwitchOrg")) },
  responses: {
    200: jsonResponse(dataEnvelope(z.object({ id: z.string(), role: orgRoleSchema })), "Switched"),
    ...commonErrorResponses,
  },
});

export function meRoutes(me: MeService) {
  return createRouter()
    .openapi(getMe, async (c) => {
      const principal = currentPrincipal(c);
      const membership = c.get("membership");
      const result = await me.get(principal.userId, membership?.orgId ?? null);
      return c.json(
        {
          data: {
            user: toProfile(result.profile),
            orgs: visibleOrgs(c, result.orgs).map((org) => ({
              id: org.orgId,
              name: org.name,
              slug: org.slug,
              role: org.role,
            })),
            active_org: membership ? { id: membership.orgId, role: membership.role } : null,
            via_api_key: principal.apiKeyId !== null,
          },
        },
        200,
      );
    })
    .openapi(updateMe, async (c) => {
      const profile = await me.updateProfile(actorScope(c), c.req.valid("json"));
      return c.json({ data: toProfile(profile) }, 200);
    })
    .openapi(switchOrg, async (c) => {
      const membership = await me.switchOrg(
        actorScope(c),
        currentPrincipal(c).sessionId!,
        c.req.valid("json").org_id,
      );
      return c.json({ data: { id: membership.orgId, role: membership.role } }, 200);
    });
}
