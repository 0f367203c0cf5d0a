import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { OrgRole } from "../../../core/permissions";
import type { Executor } from "../../db";
import { invitations, organizations, users } from "../../db/schema";
import type { PageRequest } from "../../http";

const invitationColumns = {
  id: invitations.id,
  orgId: invitations.orgId,
  email: invitations.email,
  role: invitations.role,
  invitedBy: invitations.invitedBy,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
  revokedAt: invitations.revokedAt,
  createdAt: invitations.createdAt,
};

export type InvitationRow = {
  id: string;
  orgId: string;
  email: string;
  role: OrgRole;
  invitedBy: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

export async function getInvitation(
  db: Executor,
  orgId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select(invitationColumns)
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)))
    .limit(1);
  return row;
}

/** Token look-up for the invitee, who is not a member yet: not confined to an org. */
export async function getInvitationByTokenHash(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ ...invitationColumns, orgName: organizations.name, inviterName: users.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  return row;
}

export async function listPendingInvitations(
  db: Executor,
  params: { orgId: string; now: Date; page: PageRequest },
) {
  const where = and(
    eq(invitations.orgId, params.orgId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
  );
  const [rows, [totals]] = await Promise.all([
    db
      .select({ ...invitationColumns, inviterName: users.name })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(where)
      .orderBy(desc(invitations.createdAt))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db.select({ total: count() }).from(invitations).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export async function createInvitation(
  db: Executor,
  values: {
    orgId: string;
    email: string;
    role: OrgRole;
    tokenHash: string;
    invitedBy: string | null;
    expiresAt: Date;
  },
): Promise<InvitationRow | undefined> {
  // Nothing is inserted while the address has an open invitation in the org (the partial
  // unique index invitations_org_email_open_key); a concurrent insert waits and then yields.
  const [row] = await db
    .insert(invitations)
    .values(values)
    .onConflictDoNothing()
    .returning(invitationColumns);
  return row;
}

export async function updateInvitation(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<{
    tokenHash: string;
    expiresAt: Date;
    acceptedAt: Date;
    acceptedBy: string;
    revokedAt: Date;
  }>,
): Promise<InvitationRow | undefined> {
  const [row] = await db
    .update(invitations)
    .set(patch)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)))
    .returning(invitationColumns);
  return row;
}
