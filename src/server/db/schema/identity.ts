import { sql } from "drizzle-orm";
import {
  index,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ORG_ROLES } from "../../../core/permissions";
import { users } from "./auth";
import { appRole, createdAt, primaryId, tenantIsolation, updatedAt } from "./columns";
import { organizations } from "./orgs";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

export const memberships = pgTable(
  "memberships",
  {
    id: primaryId(),
    orgId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ORG_ROLES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("memberships_org_user_key").on(table.orgId, table.userId),
    index("memberships_user_idx").on(table.userId),
    // A person sees their own memberships in every org (to list and switch orgs) and, inside
    // an org, that org's memberships.
    pgPolicy("member_visibility", {
      for: "all",
      to: appRole,
      using: sql`org_id = nullif(current_setting('app.org_id', true), '')::uuid or user_id = nullif(current_setting('app.user_id', true), '')::uuid`,
      withCheck: sql`org_id = nullif(current_setting('app.org_id', true), '')::uuid`,
    }),
  ],
).enableRLS();

export const invitations = pgTable(
  "invitations",
  {
    id: primaryId(),
    orgId: orgRef(),
    email: text("email").notNull(),
    role: text("role", { enum: ORG_ROLES }).notNull(),
    /** SHA-256 of the token sent by mail; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: at("expires_at").notNull(),
    acceptedAt: at("accepted_at"),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("invitations_token_hash_key").on(table.tokenHash),
    // One open invitation per address and org, even when two admins invite at once; an expired
    // one is still open (it is resent, not invited anew).
    uniqueIndex("invitations_org_email_open_key")
      .on(table.orgId, sql`lower(${table.email})`)
      .where(sql`accepted_at is null and revoked_at is null`),
    index("invitations_org_idx").on(table.orgId, table.createdAt.desc()),
    tenantIsolation(),
  ],
).enableRLS();

export const groups = pgTable(
  "groups",
  {
    id: primaryId(),
    orgId: orgRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("groups_org_name_key")
      .on(table.orgId, sql`lower(${table.name})`)
      .where(sql`deleted_at is null`),
    tenantIsolation(),
  ],
).enableRLS();

export const groupMembers = pgTable(
  "group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: orgRef(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    index("group_members_user_idx").on(table.orgId, table.userId),
    tenantIsolation(),
  ],
).enableRLS();

export const apiKeys = pgTable(
  "api_keys",
  {
    id: primaryId(),
    orgId: orgRef(),
    /** The person the key acts for; the key never holds more than their role. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The visible start of the key (cairn_xxxxxxxx) so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    role: text("role", { enum: ORG_ROLES }).notNull(),
    lastUsedAt: at("last_used_at"),
    expiresAt: at("expires_at"),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("api_keys_key_hash_key").on(table.keyHash),
    index("api_keys_org_idx").on(table.orgId),
    tenantIsolation(),
  ],
).enableRLS();
