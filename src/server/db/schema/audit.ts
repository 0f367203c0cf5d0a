import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, tenantIsolation } from "./columns";
import { organizations } from "./orgs";

/**
 * Append-only record of every mutation. The app role may insert and read its own org's rows
 * but has no UPDATE or DELETE grant (see db/migrate.ts).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: primaryId(),
    /** Null for events about a person rather than an org: sign-ins, password and MFA changes. */
    orgId: uuid("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    correlationId: text("correlation_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (table) => [
    index("audit_events_actor_idx").on(table.actorUserId, table.createdAt.desc()),
    index("audit_events_org_created_idx").on(table.orgId, table.createdAt.desc()),
    index("audit_events_entity_idx").on(table.orgId, table.entityType, table.entityId),
    tenantIsolation(),
  ],
).enableRLS();
