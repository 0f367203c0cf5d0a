import { sql } from "drizzle-orm";
import { pgPolicy, pgRole, timestamp, uuid } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

/** The role request transactions switch to; it does not own the tables, so RLS applies to it. */
export const APP_ROLE = "cairn_app";
export const appRole = pgRole(APP_ROLE).existing();

export const primaryId = () =>
  uuid("id")
    .primaryKey()
    .$defaultFn(() => uuidv7());

export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

const currentOrg = sql`nullif(current_setting('app.org_id', true), '')::uuid`;

/**
 * The second wall between tenants: rows are visible to the app role only when their org_id
 * is the org the transaction declared with set_config('app.org_id', ...).
 */
export const tenantIsolation = (column = "org_id") =>
  pgPolicy("tenant_isolation", {
    as: "permissive",
    for: "all",
    to: appRole,
    using: sql`${sql.identifier(column)} = ${currentOrg}`,
    withCheck: sql`${sql.identifier(column)} = ${currentOrg}`,
  });
