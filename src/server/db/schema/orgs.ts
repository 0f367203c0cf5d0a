import { sql } from "drizzle-orm";
import { pgPolicy, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { appRole, createdAt, primaryId, updatedAt } from "./columns";

/** A tenant. Everything a tenant owns carries its id as org_id. */
export const organizations = pgTable(
  "organizations",
  {
    id: primaryId(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("organizations_slug_key").on(table.slug),
    // Request transactions see the org they act in and, for the org switcher, the orgs the
    // person of the transaction belongs to; they may change only the org they act in.
    pgPolicy("org_visibility", {
      for: "all",
      to: appRole,
      using: sql`id = nullif(current_setting('app.org_id', true), '')::uuid or exists (select 1 from memberships where memberships.org_id = organizations.id and memberships.user_id = nullif(current_setting('app.user_id', true), '')::uuid)`,
      withCheck: sql`id = nullif(current_setting('app.org_id', true), '')::uuid`,
    }),
  ],
).enableRLS();
