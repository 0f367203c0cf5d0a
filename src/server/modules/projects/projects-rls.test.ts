// Row-level security on every Projects table: a query run for org A that forgets its WHERE
// clause still sees none of org B's rows, and cannot write rows into org B.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, selectRows } from "../../db";
import { createOrgWithOwner } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { scopeOf } from "./testing/fixtures";

const PROJECT_TABLES = [
  "projects",
  "project_members",
  "project_item_counters",
  "project_items",
  "project_item_links",
  "project_item_comments",
  "project_item_attachments",
  "project_rate_cards",
  "project_timesheet_entries",
  "project_import_sessions",
];

let testApp: TestApp;
const orgs: Record<"A" | "B", { orgId: string; projectId: string }> = {} as never;

beforeAll(async () => {
  testApp = await createTestApp();
  const { projects, items, budget, imports } = testApp.services.projects;
  for (const label of ["A", "B"] as const) {
    const { orgId, owner } = await createOrgWithOwner(testApp, `RLS ${label}`);
    const scope = scopeOf(orgId, owner, "owner");
    const project = await projects.create(scope, { name: `Project ${label}`, startDate: "2025-01-06" });
    const risk = await items.create(scope, project.id, { type: "risk", title: `Risk ${label}` });
    const action = await items.create(scope, project.id, { type: "action", title: `Action ${label}` });
    await items.addLink(scope, project.id, action.id, { toItemId: risk.id, kind: "depends_on" });
    await items.addComment(scope, project.id, risk.id, `Comment ${label}`);
    await items.addAttachment(scope, project.id, risk.id, {
      name: "a.txt",
      type: "text/plain",
      bytes: new TextEncoder().encode(label),
    });
    await budget.createRateCard(scope, project.id, { userId: owner.userId, hourlyRate: 100 });
    await budget.saveWeek(scope, project.id, owner.userId, "2025-01-06", [{ itemId: null, hours: 8 }]);
    await imports.upload(
      scope,
      project.id,
      { name: "r.csv", bytes: new TextEncoder().encode("Type,Title\nRisk,x\n") },
      {},
    );
    orgs[label] = { orgId, projectId: project.id };
  }
});
afterAll(() => testApp.close());

describe("row-level security on Projects tables", () => {
  for (const table of PROJECT_TABLES) {
    it(`${table}: org A's transaction sees only org A's rows`, async () => {
      const seen = await inTenant(testApp.database.handle.db, { orgId: orgs.A.orgId }, (tx) =>
        selectRows<{ org_id: string }>(tx, sql`select distinct org_id from ${sql.identifier(table)}`),
      );
      expect(seen.map((row) => row.org_id)).toEqual([orgs.A.orgId]);
      const everything = await selectRows<{ org_id: string }>(
        testApp.database.handle.db,
        sql`select distinct org_id from ${sql.identifier(table)} where org_id = ${orgs.B.orgId}`,
      );
      expect(everything).toHaveLength(1);
    });
  }

  it("refuses to write a row into another org", async () => {
    const attempt = inTenant(testApp.database.handle.db, { orgId: orgs.A.orgId }, (tx) =>
      tx.execute(
        sql`insert into project_items (id, org_id, project_id, type, number, title)
            values (gen_random_uuid(), ${orgs.B.orgId}, ${orgs.B.projectId}, 'risk', 99, 'smuggled')`,
      ),
    );
    await expect(attempt).rejects.toThrow();
    const [row] = await selectRows<{ count: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as count from project_items where title = 'smuggled'`,
    );
    expect(row!.count).toBe(0);
  });

  it("hides another org's project from the service even with its id", async () => {
    const { orgId } = orgs.A;
    const [owner] = await selectRows<{ user_id: string }>(
      testApp.database.handle.db,
      sql`select user_id from memberships where org_id = ${orgId} and role = 'owner'`,
    );
    const scope = {
      orgId,
      role: "owner" as const,
      userId: owner!.user_id,
      correlationId: null,
      ip: null,
      userAgent: null,
    };
    await expect(testApp.services.projects.projects.get(scope, orgs.B.projectId)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
