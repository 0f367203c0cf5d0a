import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { COACH_ACTION_KINDS, COACH_ACTION_STATUSES } from "../../../core/okr/coach";
import { users } from "./auth";
import { createdAt, primaryId, tenantIsolation, updatedAt } from "./columns";
import { organizations } from "./orgs";

/**
 * A change the Goals coach proposed to one person. Kept server-side so accepting it is
 * authorised and validated when it happens (not when the model suggested it), and so an
 * accepted change can be undone: `result_id` is what it created or changed, `previous` the
 * values it overwrote.
 */
export const goalCoachActions = pgTable(
  "goal_coach_actions",
  {
    id: primaryId(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: COACH_ACTION_STATUSES }).notNull().default("proposed"),
    kind: text("kind", { enum: COACH_ACTION_KINDS }).notNull(),
    summary: text("summary").notNull(),
    /** The objective, key result or task acted on (or created under); null for a new objective. */
    targetId: uuid("target_id"),
    /** The body the normal create/update endpoint takes. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** The AI interaction that proposed it. */
    interactionId: uuid("interaction_id"),
    resultId: uuid("result_id"),
    previous: jsonb("previous").$type<Record<string, unknown>>(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    undoneAt: timestamp("undone_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("goal_coach_actions_org_user_idx").on(table.orgId, table.userId, table.createdAt),
    tenantIsolation(),
  ],
).enableRLS();
