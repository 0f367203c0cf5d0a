import { slugify, uniqueSlug } from "../../../core/slug";
import { type Database, inTenant } from "../../db";
import { AppError, type OrgScope, type RequestScope } from "../../http";
import { recordAudit, systemScope } from "../audit";
import type { MembersService } from "../members";
import { createOrg, getOrg, getOrgBySlug, listSlugsLike, lockOrg, type Org, updateOrg } from "./orgs.queries";

export const DEMO_ORG = { name: "Demo Consulting", slug: "demo" } as const;

export function createOrgsService(deps: { db: Database; members: MembersService }) {
  const { db, members } = deps;
  return {
    findDemoOrg: () => getOrgBySlug(db, DEMO_ORG.slug),

    /** Creates the demo org on a fresh install; does nothing if it exists. */
    ensureDemoOrg: () =>
      db.transaction(async (tx) => {
        const existing = await getOrgBySlug(tx, DEMO_ORG.slug);
        if (existing) return existing;
        const org = await createOrg(tx, DEMO_ORG);
        await recordAudit(tx, systemScope(org.id), {
          action: "org.created",
          entityType: "organization",
          entityId: org.id,
          after: org,
        });
        return org;
      }),

    /** The first person to sign up on a fresh install becomes the owner of the demo org. */
    claimDemoOrg: (userId: string) =>
      db.transaction(async (tx) => {
        const demo = await getOrgBySlug(tx, DEMO_ORG.slug);
        if (!demo) return null;
        await lockOrg(tx, demo.id);
        if ((await members.count(demo.id, tx)) > 0) return null;
        await members.add(tx, { ...systemScope(demo.id), userId }, userId, "owner");
        return demo;
      }),

    /** A new org with its creator as owner. */
    async create(actor: Omit<RequestScope, "orgId">, input: { name: string }): Promise<Org> {
      const name = input.name.trim();
      return db.transaction(async (tx) => {
        const base = slugify(name);
        const org = await createOrg(tx, { name, slug: uniqueSlug(base, await listSlugsLike(tx, base)) });
        const scope = { ...actor, orgId: org.id };
        await recordAudit(tx, scope, {
          action: "org.created",
          entityType: "organization",
          entityId: org.id,
          after: org,
        });
        await members.add(tx, scope, actor.userId!, "owner");
        return org;
      });
    },

    async getCurrent(scope: OrgScope) {
      const org = await getOrg(db, scope.orgId);
      if (!org) throw new AppError("NOT_FOUND", { message: "Organization not found" });
      return { ...org, role: scope.role, memberCount: await members.count(scope.orgId) };
    },

    async update(scope: OrgScope, patch: { name: string }) {
      return inTenant(db, scope, async (tx) => {
        const before = await getOrg(tx, scope.orgId);
        if (!before) throw new AppError("NOT_FOUND", { message: "Organization not found" });
        const after = await updateOrg(tx, scope.orgId, { name: patch.name.trim() });
        await recordAudit(tx, scope, {
          action: "org.updated",
          entityType: "organization",
          entityId: scope.orgId,
          before: { name: before.name },
          after: { name: after!.name },
        });
        return after!;
      });
    },
  };
}

export type OrgsService = ReturnType<typeof createOrgsService>;
