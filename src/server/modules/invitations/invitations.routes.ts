import { createRoute, z } from "@hono/zod-openapi";
import {
  actorScope,
  currentPrincipal,
  requestScope,
  requireBrowserSession,
  requireOrgPermission,
} from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  emailSchema,
  idParams,
  iso,
  jsonBody,
  jsonResponse,
  orgRoleSchema,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
} from "../../http";
import type { MeService } from "../me";
import { type InvitationsService, invitationStatus } from "./invitations.service";

const tags = ["Invitations"];
const statusSchema = z.enum(["pending", "accepted", "revoked", "expired"]);

const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: orgRoleSchema,
    status: statusSchema,
    invited_by_name: z.string().nullable(),
    expires_at: timestampSchema,
    created_at: timestampSchema,
  })
  .openapi("Invitation");

const createdInvitationSchema = invitationSchema
  .extend({
    mail_transport: z
      .enum(["smtp", "outbox"])
      .openapi({ description: "outbox: the mail was written to the server's outbox, not sent" }),
  })
  .openapi("CreatedInvitation");

const inviteInput = z
  .strictObject({ email: emailSchema, role: orgRoleSchema.exclude(["owner"]).default("member") })
  .openapi("InvitationInput");

const tokenSchema = z.string().min(20).max(200);

type InvitationLike = {
  id: string;
  email: string;
  role: z.infer<typeof orgRoleSchema>;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  inviterName?: string | null;
};

const toInvitation = (row: InvitationLike) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  status: invitationStatus(row, new Date()),
  invited_by_name: row.inviterName ?? null,
  expires_at: iso(row.expiresAt),
  created_at: iso(row.createdAt),
});

const listRoute = createRoute({
  method: "get",
  path: "/invitations",
  tags,
  summary: "Open invitations of the active org (pending and expired)",
  middleware: [requireOrgPermission("members.invite")] as const,
  request: { query: paginationQuerySchema },
  responses: { 200: jsonResponse(pageEnvelope(invitationSchema), "Invitations"), ...commonErrorResponses },
});

const createInvitationRoute = createRoute({
  method: "post",
  path: "/invitations",
  tags,
  summary: "Invite someone by email with a role",
  middleware: [requireOrgPermission("members.invite")] as const,
  request: { body: jsonBody(inviteInput) },
  responses: { 201: jsonResponse(dataEnvelope(createdInvitationSchema), "Invited"), ...commonErrorResponses },
});

const resendRoute = createRoute({
  method: "post",
  path: "/invitations/{id}/resend",
  tags,
  summary: "Send a fresh link (the old one stops working)",
  middleware: [requireOrgPermission("members.invite")] as const,
  request: { params: idParams },
  responses: { 200: jsonResponse(dataEnvelope(createdInvitationSchema), "Resent"), ...commonErrorResponses },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/invitations/{id}",
  tags,
  summary: "Revoke an invitation",
  middleware: [requireOrgPermission("members.invite")] as const,
  request: { params: idParams },
  responses: { 204: { description: "Revoked" }, ...commonErrorResponses },
});

const lookupRoute = createRoute({
  method: "get",
  path: "/invitations/lookup",
  tags,
  summary: "What an invitation link offers (no sign-in needed)",
  request: { query: z.object({ token: tokenSchema }) },
  responses: {
    200: jsonResponse(
      dataEnvelope(
        z.object({
          org_name: z.string(),
          email: z.string(),
          role: orgRoleSchema,
          status: statusSchema,
          invited_by_name: z.string().nullable(),
          expires_at: timestampSchema,
        }),
      ),
      "The invitation",
    ),
    ...commonErrorResponses,
  },
});

const acceptRoute = createRoute({
  method: "post",
  path: "/invitations/accept",
  tags,
  summary: "Accept an invitation addressed to your email (browser session only)",
  middleware: [requireBrowserSession] as const,
  request: { body: jsonBody(z.strictObject({ token: tokenSchema }).openapi("AcceptInvitation")) },
  responses: {
    200: jsonResponse(
      dataEnvelope(z.object({ org_id: z.string(), org_name: z.string(), role: orgRoleSchema })),
      "Joined",
    ),
    410: jsonResponse(z.object({}), "Expired, revoked or already used"),
    ...commonErrorResponses,
  },
});

export function invitationsRoutes(deps: { invitations: InvitationsService; me: MeService }) {
  const { invitations, me } = deps;
  return createRouter()
    .openapi(lookupRoute, async (c) => {
      const invitation = await invitations.lookup(c.req.valid("query").token);
      return c.json(
        {
          data: {
            org_name: invitation.orgName,
            email: invitation.email,
            role: invitation.role,
            status: invitation.status,
            invited_by_name: invitation.inviterName ?? null,
            expires_at: iso(invitation.expiresAt),
          },
        },
        200,
      );
    })
    .openapi(acceptRoute, async (c) => {
      const principal = currentPrincipal(c);
      const joined = await invitations.accept(actorScope(c), principal.email, c.req.valid("json").token);
      await me.setActiveOrg(principal.sessionId!, joined.orgId);
      return c.json({ data: { org_id: joined.orgId, org_name: joined.orgName, role: joined.role } }, 200);
    })
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await invitations.list(requestScope(c), query);
      return c.json({ data: rows.map(toInvitation), meta: pageMeta(query, total) }, 200);
    })
    .openapi(createInvitationRoute, async (c) => {
      const invitation = await invitations.create(
        requestScope(c),
        c.req.valid("json"),
        currentPrincipal(c).name,
      );
      return c.json(
        { data: { ...toInvitation(invitation), mail_transport: invitations.mailTransport } },
        201,
      );
    })
    .openapi(resendRoute, async (c) => {
      const invitation = await invitations.resend(
        requestScope(c),
        c.req.valid("param").id,
        currentPrincipal(c).name,
      );
      return c.json(
        { data: { ...toInvitation(invitation), mail_transport: invitations.mailTransport } },
        200,
      );
    })
    .openapi(revokeRoute, async (c) => {
      await invitations.revoke(requestScope(c), c.req.valid("param").id);
      return c.body(null, 204);
    });
}
