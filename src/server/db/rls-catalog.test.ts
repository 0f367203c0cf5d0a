// Reads the database catalog rather than a list kept by hand: a table added later with an
// org_id column but no row-level security fails here, on PGlite and on PostgreSQL alike.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { selectRows } from "./client";
import { APP_ROLE } from "./schema/columns";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

interface TenantTable {
  table: string;
  rls_enabled: boolean;
  app_role_policies: number;
  owned_by_app_role: boolean;
}

describe("row-level security in the catalog", () => {
  it("every table with an org_id column has RLS enabled and a policy that applies to the app role", async () => {
    const tables = await selectRows<TenantTable>(
      database.handle.db,
      sql`select n.nspname || '.' || c.relname as table,
                 c.relrowsecurity as rls_enabled,
                 (select count(*)::int from pg_policy p
                   where p.polrelid = c.oid
                     and (p.polroles = '{0}' or (select oid from pg_roles where rolname = ${APP_ROLE}) = any(p.polroles))
                 ) as app_role_policies,
                 pg_get_userbyid(c.relowner) = ${APP_ROLE} as owned_by_app_role
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p')
            and n.nspname not in ('pg_catalog', 'information_schema')
            and exists (select 1 from pg_attribute a
                        where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)
          order by 1`,
    );
    // Not vacuous: identity, AI, goals and projects all keep tenant tables.
    expect(tables.length).toBeGreaterThan(20);
    // RLS is enabled, not forced: the owner (startup, jobs, better-auth) is meant to bypass it,
    // and request transactions run as the app role, which owns nothing and so cannot.
    const unprotected = tables.filter(
      (table) => !table.rls_enabled || table.app_role_policies === 0 || table.owned_by_app_role,
    );
    expect(unprotected).toEqual([]);
  });

  it("the app role cannot bypass row-level security", async () => {
    const [role] = await selectRows<{ rolbypassrls: boolean; rolsuper: boolean }>(
      database.handle.db,
      sql`select rolbypassrls, rolsuper from pg_roles where rolname = ${APP_ROLE}`,
    );
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
  });
});
