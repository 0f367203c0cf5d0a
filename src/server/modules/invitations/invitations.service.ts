import { type OrgRole, outranksOrEquals } from "../../../core/permissions";
import { type Database, inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, type RequestScope, toPageRequest } from "../../http";
import { generateToken, hashToken } from "../../lib/tokens";
import type { Mailer } from "../../mail/mailer";
import { invitationMail } from "../../mail/templates";
import { recordAudit } from "../audit";
import type { MembersService } from "../members";
import type { OrgsService } from "../orgs";
import {
  createInvitation,
  getInvitation,
  getInvitationByTokenHash,
  type InvitationRow,
  listPendingInvitations,
  updateInvitation,
} from "./invitations.queries";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export function invitationStatus(
  invitation: Pick<InvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">,
  now: Date,
): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "pending";
}

export function createInvitationsService(deps: {
  db: Database;
  mailer: Mailer;
  members: MembersService;
  orgs: OrgsService;
  publicUrl: string;
  now?: () => Date;
}) {
  const { db, mailer, members } = deps;
  const now = deps.now ?? (() => new Date());
  const acceptUrl = (token: string) => `${deps.publicUrl}/invite?token=${encodeURIComponent(token)}`;

  async function sendInvitation(
    scope: OrgScope,
    email: string,
    role: OrgRole,
    token: string,
    inviterName: string,
  ) {
    const org = await deps.orgs.getCurrent(scope);
    await mailer.send(invitationMail(email, inviterName, org.name, role, acceptUrl(token)));
  }

  return {
    mailTransport: mailer.transport,

    list: (scope: OrgScope, query: PaginationQuery) =>
      inTenant(db, scope, (tx) =>
        listPendingInvitations(tx, { orgId: scope.orgId, now: now(), page: toPageRequest(query) }),
      ),

    async create(scope: OrgScope, input: { email: string; role: OrgRole }, inviterName: string) {
      const email = input.email.trim().toLowerCase();
      if (input.role === "owner") {
        throw new AppError("VALIDATION_ERROR", {
          message: "Invite as admin, member or guest; ownership moves only by transfer",
          details: [{ path: "role", message: "Cannot invite an owner" }],
        });
      }
      if (!outranksOrEquals(scope.role, input.role)) {
        throw new AppError("FORBIDDEN", { message: "You cannot invite someone above your own role" });
      }
      const token = generateToken();
      const invitation = await inTenant(db, scope, async (tx) => {
        if (await members.isMemberByEmail(tx, scope.orgId, email)) {
          throw new AppError("CONFLICT", { message: `${email} is already a member` });
        }
        const created = await createInvitation(tx, {
          orgId: scope.orgId,
          email,
          role: input.role,
          tokenHash: hashToken(token),
          invitedBy: scope.userId,
          expiresAt: new Date(now().getTime() + INVITATION_TTL_MS),
        });
        if (!created) {
          throw new AppError("CONFLICT", {
            message: `${email} already has an open invitation (pending or expired); resend it instead`,
          });
        }
        await recordAudit(tx, scope, {
          action: "invitation.created",
          entityType: "invitation",
          entityId: created.id,
          after: { email, role: input.role },
        });
        return created;
      });
      await sendInvitation(scope, email, input.role, token, inviterName);
      return invitation;
    },

    /** A fresh token and expiry; the old link stops working. */
    async resend(scope: OrgScope, id: string, inviterName: string) {
      const token = generateToken();
      const invitation = await inTenant(db, scope, async (tx) => {
        const existing = await getInvitation(tx, scope.orgId, id);
        if (!existing) throw new AppError("NOT_FOUND", { message: "No such invitation" });
        if (existing.acceptedAt || existing.revokedAt) {
          throw new AppError("CONFLICT", { message: "This invitation is no longer open" });
        }
        const updated = await updateInvitation(tx, scope.orgId, id, {
          tokenHash: hashToken(token),
          expiresAt: new Date(now().getTime() + INVITATION_TTL_MS),
        });
        await recordAudit(tx, scope, { action: "invitation.resent", entityType: "invitation", entityId: id });
        return updated!;
      });
      await sendInvitation(scope, invitation.email, invitation.role, token, inviterName);
      return invitation;
    },

    revoke: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        const existing = await getInvitation(tx, scope.orgId, id);
        if (!existing) throw new AppError("NOT_FOUND", { message: "No such invitation" });
        if (existing.acceptedAt)
          throw new AppError("CONFLICT", { message: "This invitation was already accepted" });
        if (existing.revokedAt) return existing;
        const revoked = await updateInvitation(tx, scope.orgId, id, { revokedAt: now() });
        await recordAudit(tx, scope, {
          action: "invitation.revoked",
          entityType: "invitation",
          entityId: id,
          before: { email: existing.email, role: existing.role },
        });
        return revoked!;
      }),

    /** What the invite page shows before the invitee signs in. Unknown tokens are 404. */
    async lookup(token: string) {
      const invitation = await getInvitationByTokenHash(db, hashToken(token));
      if (!invitation) throw new AppError("NOT_FOUND", { message: "This invitation link is not valid" });
      return { ...invitation, status: invitationStatus(invitation, now()) };
    },

    /** Joins the signed-in person to the org if the invitation is open and addressed to them. */
    async accept(actor: Omit<RequestScope, "orgId">, userEmail: string, token: string) {
      return db.transaction(async (tx) => {
        const invitation = await getInvitationByTokenHash(tx, hashToken(token));
        if (!invitation) throw new AppError("NOT_FOUND", { message: "This invitation link is not valid" });
        const status = invitationStatus(invitation, now());
        if (status !== "pending") {
          throw new AppError("GONE", { message: `This invitation is ${status}`, details: { status } });
        }
        if (invitation.email.toLowerCase() !== userEmail.toLowerCase()) {
          throw new AppError("FORBIDDEN", {
            message: `This invitation was sent to ${invitation.email}; sign in with that address to accept it`,
          });
        }
        const scope = { ...actor, orgId: invitation.orgId };
        await members.add(tx, scope, actor.userId!, invitation.role);
        await updateInvitation(tx, invitation.orgId, invitation.id, {
          acceptedAt: now(),
          acceptedBy: actor.userId!,
        });
        await recordAudit(tx, scope, {
          action: "invitation.accepted",
          entityType: "invitation",
          entityId: invitation.id,
          after: { email: invitation.email, role: invitation.role },
        });
        return { orgId: invitation.orgId, orgName: invitation.orgName, role: invitation.role };
      });
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
