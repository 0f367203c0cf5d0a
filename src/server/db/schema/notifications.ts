import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, primaryId, tenantIsolation } from "./columns";
import { organizations } from "./orgs";

export const NOTIFICATION_KINDS = [
  "mention",
  "share",
  "comment",
  "check_in_reminder",
  "transfer",
  "ai_budget_alert",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * A person's in-app notifications. Ids are UUIDv7, so they sort by creation: the live stream
 * uses the id as its SSE event id and resumes after the last one a client saw.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: primaryId(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    /** What the notification is about: titles, ids and a link, shaped per kind. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** Set for notifications that must be sent at most once (a weekly reminder). */
    dedupeKey: text("dedupe_key"),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (table) => [
    index("notifications_recipient_idx").on(table.orgId, table.recipientId, table.id),
    uniqueIndex("notifications_dedupe_key").on(table.orgId, table.recipientId, table.dedupeKey),
    tenantIsolation(),
  ],
).enableRLS();
