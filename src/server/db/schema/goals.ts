import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { SHARE_PERMISSIONS, VISIBILITIES } from "../../../core/okr/limits";
import { KEY_RESULT_TYPES, TASK_STATUSES } from "../../../core/okr/progress";
import { GRADES } from "../../../core/okr/scoring";
import { users } from "./auth";
import { createdAt, primaryId, tenantIsolation, updatedAt } from "./columns";
import { groups } from "./identity";
import { organizations } from "./orgs";

// The Goals module (seed 000, Aime): cycles, objectives, key results and tasks, check-ins,
// shares, time blocks and calendar feeds. Dates without a time of day are `date` columns read
// as "YYYY-MM-DD"; sort orders are doubles so a client can drop an item between two others
// by sending the midpoint, without renumbering its siblings.

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const day = (name: string) => date(name, { mode: "string" });
const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const userRef = (name: string) => uuid(name).references(() => users.id, { onDelete: "set null" });

/**
 * An org-wide planning period, 90 days by default. Closing it records every objective's and key
 * result's final score and makes it read-only until it is reopened.
 */
export const goalCycles = pgTable(
  "goal_cycles",
  {
    id: primaryId(),
    orgId: orgRef(),
    name: text("name").notNull(),
    startDate: day("start_date").notNull(),
    endDate: day("end_date").notNull(),
    createdBy: userRef("created_by"),
    closedAt: at("closed_at"),
    closedBy: userRef("closed_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("goal_cycles_org_start_idx").on(table.orgId, table.startDate),
    check("goal_cycles_dates_ordered", sql`end_date >= start_date`),
    tenantIsolation(),
  ],
).enableRLS();

export const objectives = pgTable(
  "objectives",
  {
    id: primaryId(),
    orgId: orgRef(),
    // restrict: a cycle with objectives (even deleted ones) cannot disappear under them.
    cycleId: uuid("cycle_id")
      .notNull()
      .references(() => goalCycles.id, { onDelete: "restrict" }),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Alignment: the objective this one contributes to. */
    parentId: uuid("parent_id").references((): AnyPgColumn => objectives.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    visibility: text("visibility", { enum: VISIBILITIES }).notNull().default("private"),
    sortOrder: doublePrecision("sort_order").notNull().default(0),
    /** Recorded when the cycle closes (0.0..1.0 and its grade); null while it is open. */
    finalScore: doublePrecision("final_score"),
    finalGrade: text("final_grade", { enum: GRADES }),
    /**
     * The org's goals revision at the last write that touched this objective or anything under
     * it. With the viewer's access, the cycle and the day it names the objective's tree node, so
     * the tree reuses every node a write did not touch.
     */
    subtreeRevision: integer("subtree_revision").notNull().default(0),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("objectives_org_cycle_idx").on(table.orgId, table.cycleId),
    index("objectives_org_owner_idx").on(table.orgId, table.ownerId),
    index("objectives_parent_idx").on(table.parentId),
    tenantIsolation(),
  ],
).enableRLS();

export const keyResults = pgTable(
  "key_results",
  {
    id: primaryId(),
    orgId: orgRef(),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    type: text("type", { enum: KEY_RESULT_TYPES }).notNull(),
    startValue: doublePrecision("start_value").notNull().default(0),
    targetValue: doublePrecision("target_value").notNull(),
    currentValue: doublePrecision("current_value").notNull().default(0),
    unit: text("unit"),
    weight: doublePrecision("weight").notNull().default(1),
    /** The owner's forecast of reaching the target, 0..1; set by check-ins. */
    confidence: doublePrecision("confidence"),
    sortOrder: doublePrecision("sort_order").notNull().default(0),
    /** Denormalised from check_ins so the tree can judge staleness without scanning history. */
    lastCheckInAt: at("last_check_in_at"),
    /** Recorded when the cycle closes (0.0..1.0 and its grade); null while it is open. */
    finalScore: doublePrecision("final_score"),
    finalGrade: text("final_grade", { enum: GRADES }),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("key_results_org_objective_idx").on(table.orgId, table.objectiveId),
    check("key_results_weight_range", sql`weight >= 0`),
    check("key_results_confidence_range", sql`confidence is null or (confidence >= 0 and confidence <= 1)`),
    tenantIsolation(),
  ],
).enableRLS();

export const goalTasks = pgTable(
  "goal_tasks",
  {
    id: primaryId(),
    orgId: orgRef(),
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    /** Denormalised from the key result: access checks and the tree load tasks by objective. */
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("todo"),
    dueDate: day("due_date"),
    estimateMinutes: integer("estimate_minutes"),
    assigneeId: userRef("assignee_id"),
    sortOrder: doublePrecision("sort_order").notNull().default(0),
    completedAt: at("completed_at"),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("goal_tasks_org_objective_idx").on(table.orgId, table.objectiveId),
    index("goal_tasks_key_result_idx").on(table.keyResultId),
    index("goal_tasks_org_assignee_idx").on(table.orgId, table.assigneeId),
    check("goal_tasks_estimate_not_negative", sql`estimate_minutes is null or estimate_minutes >= 0`),
    tenantIsolation(),
  ],
).enableRLS();

/**
 * One weekly update per key result (the week is named by its Monday); edits keep the row, and
 * a deleted one (an undone coach check-in) stays, soft-deleted, out of the week's way.
 */
export const checkIns = pgTable(
  "check_ins",
  {
    id: primaryId(),
    orgId: orgRef(),
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    authorId: userRef("author_id"),
    value: doublePrecision("value").notNull(),
    confidence: doublePrecision("confidence"),
    note: text("note").notNull().default(""),
    weekStart: day("week_start").notNull(),
    editedAt: at("edited_at"),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("check_ins_key_result_week_key")
      .on(table.keyResultId, table.weekStart)
      .where(sql`deleted_at is null`),
    index("check_ins_org_idx").on(table.orgId),
    check("check_ins_confidence_range", sql`confidence is null or (confidence >= 0 and confidence <= 1)`),
    tenantIsolation(),
  ],
).enableRLS();

/** An objective shared with one person or one group, to view or to edit. */
export const objectiveShares = pgTable(
  "objective_shares",
  {
    id: primaryId(),
    orgId: orgRef(),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    permission: text("permission", { enum: SHARE_PERMISSIONS }).notNull(),
    createdBy: userRef("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("objective_shares_user_key")
      .on(table.objectiveId, table.userId)
      .where(sql`user_id is not null`),
    uniqueIndex("objective_shares_group_key")
      .on(table.objectiveId, table.groupId)
      .where(sql`group_id is not null`),
    index("objective_shares_org_user_idx").on(table.orgId, table.userId),
    index("objective_shares_org_group_idx").on(table.orgId, table.groupId),
    check("objective_shares_one_recipient", sql`(user_id is null) <> (group_id is null)`),
    tenantIsolation(),
  ],
).enableRLS();

/**
 * A per-org revision of the goals data, bumped in the same transaction as every goals write.
 * The tree's ETag is built from it: one primary-key read answers "has anything changed?".
 */
export const goalRevisions = pgTable(
  "goal_revisions",
  {
    orgId: uuid("org_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    revision: bigint("revision", { mode: "number" }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  () => [tenantIsolation()],
).enableRLS();

/** A task scheduled into someone's calendar. */
export const timeBlocks = pgTable(
  "time_blocks",
  {
    id: primaryId(),
    orgId: orgRef(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => goalTasks.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    startsAt: at("starts_at").notNull(),
    endsAt: at("ends_at").notNull(),
    note: text("note").notNull().default(""),
    completedAt: at("completed_at"),
    /** True once completing the block logged progress on its task or key result. */
    progressLogged: boolean("progress_logged").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("time_blocks_org_user_start_idx").on(table.orgId, table.userId, table.startsAt),
    index("time_blocks_task_idx").on(table.taskId),
    check("time_blocks_ends_after_start", sql`ends_at > starts_at`),
    tenantIsolation(),
  ],
).enableRLS();

/** The secret behind a person's iCalendar subscription URL; only its hash is kept. */
export const calendarFeedTokens = pgTable(
  "calendar_feed_tokens",
  {
    id: primaryId(),
    orgId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    lastUsedAt: at("last_used_at"),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("calendar_feed_tokens_hash_key").on(table.tokenHash),
    // One live feed per person and org: rotating revokes the old token first.
    uniqueIndex("calendar_feed_tokens_live_key").on(table.orgId, table.userId).where(sql`revoked_at is null`),
    tenantIsolation(),
  ],
).enableRLS();
