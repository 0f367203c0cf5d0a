import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { selectRows } from "./client";
import { auditEvents, organizations } from "./schema";
import { inTenant } from "./tenant";

let database: TestDatabase;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database.handle;
  const rows = await db
    .insert(organizations)
    .values([
      { name: "Org A", slug: "org-a" },
      { name: "Org B", slug: "org-b" },
    ])
    .returning({ id: organizations.id });
  orgA = rows[0]!.id;
  orgB = rows[1]!.id;
  await db.insert(auditEvents).values([
    { orgId: orgA, action: "a.thing", entityType: "test" },
    { orgId: orgB, action: "b.thing", entityType: "test" },
  ]);
});

afterAll(() => database.close());

describe("row-level security", () => {
  it("hides another org's rows even from a query with no WHERE clause", async () => {
    const rows = await inTenant(database.handle.db, { orgId: orgA }, (tx) => tx.select().from(auditEvents));
    expect(rows.map((row) => row.action)).toEqual(["a.thing"]);
  });

  it("sees nothing when no org is declared", async () => {
    const rows = await database.handle.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'cairn_app', true)`);
      return tx.select().from(auditEvents);
    });
    expect(rows).toEqual([]);
  });

  it("refuses to write a row into another org", async () => {
    await expect(
      inTenant(database.handle.db, { orgId: orgA }, (tx) =>
        tx.insert(auditEvents).values({ orgId: orgB, action: "smuggled", entityType: "test" }),
      ),
    ).rejects.toThrow();
    const smuggled = await selectRows(
      database.handle.db,
      sql`select 1 from audit_events where action = 'smuggled'`,
    );
    expect(smuggled).toHaveLength(0);
  });

  it("keeps the audit trail append-only for the app role", async () => {
    await expect(
      inTenant(database.handle.db, { orgId: orgA }, (tx) =>
        tx.update(auditEvents).set({ action: "rewritten" }),
      ),
    ).rejects.toThrow();
    await expect(
      inTenant(database.handle.db, { orgId: orgA }, (tx) => tx.delete(auditEvents)),
    ).rejects.toThrow();
    const actions = await selectRows<{ action: string }>(
      database.handle.db,
      sql`select action from audit_events order by action`,
    );
    expect(actions.map((row) => row.action)).toEqual(["a.thing", "b.thing"]);
  });

  it("does not leak the org setting past the transaction", async () => {
    await inTenant(database.handle.db, { orgId: orgA }, async () => {});
    const [row] = await selectRows<{ org: string | null; role: string }>(
      database.handle.db,
      sql`select nullif(current_setting('app.org_id', true), '') as org, current_user as role`,
    );
    expect(row?.org ?? null).toBeNull();
    expect(row?.role).not.toBe("cairn_app");
  });
});

describe("nested queries", () => {
  it("refuses a query on db from inside a transaction instead of hanging (PGlite has one connection)", async () => {
    const { db } = database.handle;
    const attempt = db.transaction(async () => {
      await db.select().from(organizations);
    });
    if (database.handle.kind === "pglite") {
      await expect(attempt).rejects.toThrow(/pass the transaction \(tx\) down/);
    } else {
      await attempt;
    }
  });

  it("still lets separate requests query while a transaction is open", async () => {
    const { db } = database.handle;
    const [inside, outside] = await Promise.all([
      db.transaction(async (tx) => tx.select().from(organizations)),
      db.select().from(organizations),
    ]);
    expect(inside.length).toBe(outside.length);
  });
});
