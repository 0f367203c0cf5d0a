import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, primaryId, updatedAt } from "./columns";

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
  (table) => [uniqueIndex("organizations_slug_key").on(table.slug)],
);
