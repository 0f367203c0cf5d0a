import type { Database } from "../../db";
import { AppError, type RequestScope } from "../../http";
import { recordAudit } from "../audit";
import type { MembersService } from "../members";
import { getProfile, setSessionActiveOrg, updateProfile } from "./me.queries";

type Actor = Omit<RequestScope, "orgId">;

export function createMeService(deps: { db: Database; members: MembersService }) {
  const { db, members } = deps;
  return {
    async get(userId: string, activeOrgId: string | null) {
      const [profile, orgs] = await Promise.all([getProfile(db, userId), members.listOrgsOfUser(userId)]);
      if (!profile) throw new AppError("UNAUTHENTICATED");
      return { profile, orgs, activeOrgId };
    },

    updateProfile: (actor: Actor, patch: { name: string }) =>
      db.transaction(async (tx) => {
        const before = await getProfile(tx, actor.userId!);
        const after = await updateProfile(tx, actor.userId!, { name: patch.name.trim() });
        await recordAudit(
          tx,
          { ...actor, orgId: null },
          {
            action: "user.profile_updated",
            entityType: "user",
            entityId: actor.userId,
            before: { name: before?.name },
            after: { name: after?.name },
          },
        );
        return after!;
      }),

    /** Points a browser session at another org the person belongs to. */
    async switchOrg(sessionId: string, userId: string, orgId: string) {
      const membership = await members.findMembership(orgId, userId);
      // Not a member looks the same as no such org.
      if (!membership) throw new AppError("NOT_FOUND", { message: "No such organization" });
      await setSessionActiveOrg(db, sessionId, orgId);
      return membership;
    },

    setActiveOrg: (sessionId: string, orgId: string) => setSessionActiveOrg(db, sessionId, orgId),

    /** User-level security events (sign-in) in the audit trail, outside any org. */
    recordSignIn: (session: { userId: string; ipAddress?: string | null; userAgent?: string | null }) =>
      recordAudit(
        db,
        {
          orgId: null,
          userId: session.userId,
          correlationId: null,
          ip: session.ipAddress ?? null,
          userAgent: session.userAgent ?? null,
        },
        { action: "auth.signed_in", entityType: "user", entityId: session.userId },
      ),
  };
}

export type MeService = ReturnType<typeof createMeService>;
