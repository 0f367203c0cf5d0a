// Migration 0004 runs on databases that already hold invitations: it must close the duplicate
// open ones the old code allowed, or 0005's unique index would stop the upgrade.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrationsDir } from "../paths";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { selectRows } from "./client";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const migrationSql = (tag: string) =>
  readFileSync(path.join(migrationsDir, `${tag}.sql`), "utf8").split("--> statement-breakpoint");

/**
 * Takes a migrated database back to just before 0004 as far as invitations go (0005's index is
 * dropped), so 0004 and 0005 can run again as they would on an upgrade. The migrator itself is
 * not rewound: it only ever applies migrations newer than the last one recorded.
 */
async function rewindToBefore0004() {
  await database.handle.exec("DROP INDEX invitations_org_email_open_key");
}

/** 0004 as written, then 0005's unique index: the part of the upgrade this test is about. */
async function rerun0004And0005() {
  for (const statement of migrationSql("0004_close_duplicate_invitations"))
    await database.handle.exec(statement);
  const index = migrationSql("0005_identity_hardening").find((statement) =>
    statement.includes("invitations_org_email_open_key"),
  )!;
  await database.handle.exec(index);
}

it("revokes all but the newest open invitation per org and address, then adds the index", async () => {
  const { db } = database.handle;
  await rewindToBefore0004();
  const [org] = await selectRows<{ id: string }>(
    db,
    sql`insert into organizations (id, name, slug) values (gen_random_uuid(), 'Legacy', 'legacy') returning id`,
  );
  const invite = async (email: string, ageDays: number, revoked = false) => {
    const [row] = await selectRows<{ id: string }>(
      db,
      sql`insert into invitations (id, org_id, email, role, token_hash, expires_at, created_at, revoked_at)
          values (gen_random_uuid(), ${org!.id}, ${email}, 'member', gen_random_uuid()::text,
                  now() - make_interval(days => ${ageDays}) + interval '7 days',
                  now() - make_interval(days => ${ageDays}), ${revoked ? sql`now()` : sql`null`})
          returning id`,
    );
    return row!.id;
  };
  const expired = await invite("twice@example.com", 10);
  const newest = await invite("Twice@example.com", 1);
  const alreadyRevoked = await invite("twice@example.com", 5, true);
  const single = await invite("once@example.com", 10);

  await rerun0004And0005();

  const open = await selectRows<{ id: string }>(db, sql`select id from invitations where revoked_at is null`);
  expect(open.map((row) => row.id).sort()).toEqual([newest, single].sort());
  const [closed] = await selectRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from invitations
        where id in (${expired}, ${alreadyRevoked}) and revoked_at is not null`,
  );
  expect(closed?.count).toBe(2);
  const [index] = await selectRows<{ present: boolean }>(
    db,
    sql`select exists(select 1 from pg_indexes where indexname = 'invitations_org_email_open_key') as present`,
  );
  expect(index?.present).toBe(true);
});
