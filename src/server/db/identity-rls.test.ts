// Row-level security on every tenant table of the identity module: a query run for org A
// that forgets its WHERE clause still sees none of org B's rows.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithOwner } from "../testing/factories";
import { createTestApp, type TestApp } from "../testing/test-app";
import { selectRows } from "./client";
import { CREDENTIAL_TABLES } from "./migrate";
import { inTenant, inUserScope } from "./tenant";

let testApp: TestApp;
let orgA: string;
let orgB: string;
let ownerA: string;

const TENANT_TABLES = ["memberships", "invitations", "groups", "group_members", "api_keys", "audit_events"];

beforeAll(async () => {
  testApp = await createTestApp();
  for (const label of ["A", "B"]) {
    const { orgId, owner } = await createOrgWithOwner(testApp, `RLS ${label}`);
    const post = (path: string, body: unknown) =>
      testApp.app.request(`/api/v1${path}`, {
        method: "POST",
        headers: owner.headers,
        body: JSON.stringify(body),
      });
    const group = await (await post("/groups", { name: `Group ${label}` })).json();
    await post(`/groups/${group.data.id}/members`, { user_id: owner.userId });
    await post("/invitations", { email: `invitee-${label}@example.com`, role: "member" });
    await post("/api-keys", { name: `Key ${label}`, role: "member" });
    if (label === "A") {
      orgA = orgId;
      ownerA = owner.userId;
    } else orgB = orgId;
  }
});
afterAll(() => testApp.close());

describe("row-level security on identity tables", () => {
  for (const table of TENANT_TABLES) {
    it(`${table}: org A's transaction sees only org A's rows`, async () => {
      const orgs = await inTenant(testApp.database.handle.db, { orgId: orgA }, (tx) =>
        selectRows<{ org_id: string }>(tx, sql`select distinct org_id from ${sql.identifier(table)}`),
      );
      expect(orgs.map((row) => row.org_id)).toEqual([orgA]);
      const everything = await selectRows<{ org_id: string }>(
        testApp.database.handle.db,
        sql`select distinct org_id from ${sql.identifier(table)} where org_id = ${orgB}`,
      );
      expect(everything).toHaveLength(1);
    });
  }

  it("a person's own scope sees their memberships across orgs and nobody else's", async () => {
    const rows = await inUserScope(testApp.database.handle.db, ownerA, (tx) =>
      selectRows<{ user_id: string }>(tx, sql`select user_id from memberships`),
    );
    expect(rows.map((row) => row.user_id)).toEqual([ownerA]);
    const groups = await inUserScope(testApp.database.handle.db, ownerA, (tx) =>
      selectRows(tx, sql`select id from groups`),
    );
    expect(groups).toEqual([]);
  });
});

/** Drizzle wraps the driver's error; 42501 is PostgreSQL's insufficient_privilege. */
const PERMISSION_DENIED = { cause: expect.objectContaining({ code: "42501" }) };

describe("credential tables", () => {
  for (const table of CREDENTIAL_TABLES) {
    it(`${table}: a request transaction may neither read nor change it`, async () => {
      const { db } = testApp.database.handle;
      await expect(
        inTenant(db, { orgId: orgA, userId: ownerA }, (tx) =>
          selectRows(tx, sql`select * from ${sql.identifier(table)} limit 1`),
        ),
      ).rejects.toMatchObject(PERMISSION_DENIED);
      await expect(
        inUserScope(db, ownerA, (tx) => tx.execute(sql`delete from ${sql.identifier(table)}`)),
      ).rejects.toMatchObject(PERMISSION_DENIED);
    });
  }
});

describe("organizations", () => {
  it("a request transaction sees its own org and the person's orgs, never another", async () => {
    const { db } = testApp.database.handle;
    const names = async (scope: { orgId: string; userId?: string }) =>
      (
        await inTenant(db, scope, (tx) =>
          selectRows<{ id: string }>(tx, sql`select id from organizations order by id`),
        )
      ).map((row) => row.id);
    expect(await names({ orgId: orgA })).toEqual([orgA]);
    expect(await names({ orgId: orgB, userId: ownerA })).toEqual([orgA, orgB].sort());
    const mine = await inUserScope(db, ownerA, (tx) =>
      selectRows<{ id: string }>(tx, sql`select id from organizations`),
    );
    expect(mine.map((row) => row.id)).toEqual([orgA]);
  });

  it("a request transaction cannot rename another org", async () => {
    const { db } = testApp.database.handle;
    await inTenant(db, { orgId: orgA, userId: ownerA }, (tx) =>
      tx.execute(sql`update organizations set name = 'Hijacked' where id = ${orgB}`),
    );
    const [row] = await selectRows<{ name: string }>(
      db,
      sql`select name from organizations where id = ${orgB}`,
    );
    expect(row?.name).toBe("RLS B");
  });
});
