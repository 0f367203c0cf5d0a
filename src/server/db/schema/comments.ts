import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, primaryId, tenantIsolation } from "./columns";
import { objectives } from "./goals";
import { organizations } from "./orgs";

export const COMMENT_TARGET_TYPES = ["objective", "key_result", "task"] as const;
export type CommentTargetType = (typeof COMMENT_TARGET_TYPES)[number];

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Comments on objectives, key results and tasks. The target is polymorphic (type + id); the
 * objective it belongs to is kept too, so access is decided by the objective and comments go
 * when it is purged.
 */
export const comments = pgTable(
  "comments",
  {
    id: primaryId(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: COMMENT_TARGET_TYPES }).notNull(),
    targetId: uuid("target_id").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    /** People mentioned (and notified), parsed from the body. */
    mentions: uuid("mentions").array().notNull().default(sql`'{}'::uuid[]`),
    editedAt: at("edited_at"),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
  },
  (table) => [
    index("comments_org_target_idx").on(table.orgId, table.targetType, table.targetId, table.createdAt),
    index("comments_objective_idx").on(table.objectiveId),
    tenantIsolation(),
  ],
).enableRLS();
