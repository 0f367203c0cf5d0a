import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, primaryId, tenantIsolation, updatedAt } from "./columns";
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

export const MAIL_STATUSES = ["pending", "sent", "failed"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A person's in-app notifications. Ids are UUIDv7, so they sort by creation: the live stream
 * uses the id as its SSE event id and resumes after the last one a client saw. The row is also
 * the mail's outbox: written `pending` with the notification, sent after the request by the
 * mail queue, retried with backoff.
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
    readAt: at("read_at"),
    /** Null when the notification is not mailed (its kind never is, or the person turned it off). */
    mailStatus: text("mail_status", { enum: MAIL_STATUSES }),
    mailAttempts: integer("mail_attempts").notNull().default(0),
    /** When the mail may next be tried: its retry time, or the end of a sender's claim on it. */
    mailNextAt: at("mail_next_at"),
    mailedAt: at("mailed_at"),
    createdAt: createdAt(),
  },
  (table) => [
    index("notifications_recipient_idx").on(table.orgId, table.recipientId, table.id),
    uniqueIndex("notifications_dedupe_key").on(table.orgId, table.recipientId, table.dedupeKey),
    index("notifications_mail_due_idx").on(table.mailNextAt).where(sql`mail_status = 'pending'`),
    tenantIsolation(),
  ],
).enableRLS();

/** A person's notification choices in one org: which kinds are also mailed (in the app, all are). */
export const notificationSettings = pgTable(
  "notification_settings",
  {
    id: primaryId(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Kinds not mailed; a kind added later is mailed until turned off. */
    emailMuted: text("email_muted").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("notification_settings_org_user_key").on(table.orgId, table.userId),
    tenantIsolation(),
  ],
).enableRLS();
