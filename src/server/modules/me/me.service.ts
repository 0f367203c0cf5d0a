import type { AuthEventOrigin } from "../../auth/auth";
import type { Database } from "../../db";
import { AppError, type RequestScope } from "../../http";
import { recordAudit } from "../audit";
import type { MembersService } from "../members";
import { getProfile, lockSessionActiveOrg, setSessionActiveOrg, updateProfile } from "./me.queries";

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

    /** Points a browser session at another org the person belongs to; audited in their own trail. */
    switchOrg: (actor: Actor, sessionId: string, orgId: string) =>
      db.transaction(async (tx) => {
        const membership = await members.findMembership(orgId, actor.userId!, tx);
        // Not a member looks the same as no such org.
        if (!membership) throw new AppError("NOT_FOUND", { message: "No such organization" });
        const previous = await lockSessionActiveOrg(tx, sessionId);
        if (previous === orgId) return membership;
        await setSessionActiveOrg(tx, sessionId, orgId);
        await recordAudit(
          tx,
          { ...actor, orgId: null },
          {
            action: "user.org_switched",
            entityType: "user",
            entityId: actor.userId,
            before: { active_org_id: previous ?? null },
            after: { active_org_id: orgId },
          },
        );
        return membership;
      }),

    setActiveOrg: (sessionId: string, orgId: string) => setSessionActiveOrg(db, sessionId, orgId),

    /** User-level security events (sign-up, sign-in) in the audit trail, outside any org. */
    recordSignUp: (user: { id: string; email: string; name: string }, origin: AuthEventOrigin) =>
      recordAudit(
        db,
        { ...origin, orgId: null, userId: user.id },
        {
          action: "auth.signed_up",
          entityType: "user",
          entityId: user.id,
          after: { email: user.email, name: user.name },
        },
      ),

    recordSignIn: (session: { userId: string }, origin: AuthEventOrigin) =>
      recordAudit(
        db,
        { ...origin, orgId: null, userId: session.userId },
        { action: "auth.signed_in", entityType: "user", entityId: session.userId },
      ),
  };
}

export type MeService = ReturnType<typeof createMeService>;
