import type { Database } from "../../db";
import { recordAudit, systemScope } from "../audit";
import { createOrg, getOrgBySlug, type Org } from "./orgs.queries";

export const DEMO_ORG = { name: "Demo Consulting", slug: "demo" } as const;

export interface OrgsService {
  findDemoOrg(): Promise<Org | undefined>;
  /** Creates the demo org on a fresh install; does nothing if it exists. */
  ensureDemoOrg(): Promise<Org>;
}

export function createOrgsService(deps: { db: Database }): OrgsService {
  const { db } = deps;
  return {
    findDemoOrg: () => getOrgBySlug(db, DEMO_ORG.slug),

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
  };
}
