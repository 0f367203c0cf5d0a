import { sql } from "drizzle-orm";
import {
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgPolicy,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { PROJECT_ROLES } from "../../../core/permissions";
import {
  ITEM_STATUSES,
  ITEM_TYPES,
  type ItemType,
  LINK_KINDS,
  PRIORITIES,
  PROJECT_STATUSES,
  SEVERITIES,
} from "../../../core/raid";
import { users } from "./auth";
import { appRole, createdAt, primaryId, tenantIsolation, updatedAt } from "./columns";
import { organizations } from "./orgs";

// The Projects module: RAID logs, their links, comments and files, budgets and imports.
// Calendar dates are `date` columns read as "YYYY-MM-DD" strings; money and hours are
// numeric(…, 2) read as decimal strings and computed on in hundredths (core/budget/money).

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const day = (name: string) => date(name, { mode: "string" });
const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const userRef = (name: string) => uuid(name).references(() => users.id, { onDelete: "set null" });

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const projects = pgTable(
  "projects",
  {
    id: primaryId(),
    orgId: orgRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    clientName: text("client_name"),
    status: text("status", { enum: PROJECT_STATUSES }).notNull().default("active"),
    startDate: day("start_date"),
    endDate: day("end_date"),
    budgetTotal: numeric("budget_total", { precision: 14, scale: 2 }),
    currency: text("currency").notNull().default("USD"),
    createdBy: userRef("created_by"),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("projects_org_name_idx").on(table.orgId, table.name),
    check("projects_dates_ordered", sql`start_date is null or end_date is null or end_date >= start_date`),
    check("projects_budget_not_negative", sql`budget_total is null or budget_total >= 0`),
    check("projects_currency_code", sql`currency ~ '^[A-Z]{3}$'`),
    tenantIsolation(),
  ],
).enableRLS();

/** Who works on a project and as what. Org owners and admins need no row: they see every project. */
export const projectMembers = pgTable(
  "project_members",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: orgRef(),
    role: text("role", { enum: PROJECT_ROLES }).notNull(),
    /** Prices the person's hours through role rate cards ("Senior consultant"). */
    billingRole: text("billing_role"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.userId] }),
    index("project_members_user_idx").on(table.orgId, table.userId),
    tenantIsolation(),
  ],
).enableRLS();

/**
 * The last number handed out per project and item type (R-1, R-2, …). Incremented with an
 * upsert so concurrent creations serialise on the row instead of colliding on max()+1.
 */
export const projectItemCounters = pgTable(
  "project_item_counters",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    type: text("type", { enum: ITEM_TYPES }).notNull(),
    orgId: orgRef(),
    lastNumber: integer("last_number").notNull(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.type] }), tenantIsolation()],
).enableRLS();

export const projectItems = pgTable(
  "project_items",
  {
    id: primaryId(),
    orgId: orgRef(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    type: text("type", { enum: ITEM_TYPES }).notNull(),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    /** Markdown. */
    description: text("description").notNull().default(""),
    status: text("status", { enum: ITEM_STATUSES }).notNull().default("open"),
    priority: text("priority", { enum: PRIORITIES }).notNull().default("medium"),
    assigneeId: userRef("assignee_id"),
    startDate: day("start_date"),
    finishDate: day("finish_date"),
    deadline: day("deadline"),
    percentComplete: smallint("percent_complete").notNull().default(0),
    completedOn: day("completed_on"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    probability: smallint("probability"),
    impact: smallint("impact"),
    severity: text("severity", { enum: SEVERITIES }),
    decisionDate: day("decision_date"),
    rationale: text("rationale"),
    createdBy: userRef("created_by"),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`,
    ),
  },
  (table) => [
    uniqueIndex("project_items_number_key").on(table.projectId, table.type, table.number),
    index("project_items_assignee_idx").on(table.projectId, table.assigneeId),
    index("project_items_start_idx").on(table.projectId, table.startDate),
    index("project_items_finish_idx").on(table.projectId, table.finishDate),
    index("project_items_deadline_idx").on(table.projectId, table.deadline).where(sql`deadline is not null`),
    index("project_items_search_idx").using("gin", table.searchVector),
    index("project_items_title_trgm_idx").using("gin", sql`${table.title} gin_trgm_ops`),
    index("project_items_tags_idx").using("gin", table.tags),
    check("project_items_percent_range", sql`percent_complete between 0 and 100`),
    check("project_items_probability_range", sql`probability between 1 and 5`),
    check("project_items_impact_range", sql`impact between 1 and 5`),
    check(
      "project_items_dates_ordered",
      sql`start_date is null or finish_date is null or finish_date >= start_date`,
    ),
    // Finished (done/closed) exactly when 100% complete, and only then dated (core/raid reconcileCompletion).
    check("project_items_finished_complete", sql`(status in ('done', 'closed')) = (percent_complete = 100)`),
    check("project_items_completed_on", sql`(completed_on is not null) = (status in ('done', 'closed'))`),
    check("project_items_risk_fields", sql`type = 'risk' or (probability is null and impact is null)`),
    check("project_items_issue_fields", sql`type = 'issue' or severity is null`),
    check(
      "project_items_decision_fields",
      sql`type = 'decision' or (decision_date is null and rationale is null)`,
    ),
    tenantIsolation(),
  ],
).enableRLS();

export const projectItemLinks = pgTable(
  "project_item_links",
  {
    id: primaryId(),
    orgId: orgRef(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    fromItemId: uuid("from_item_id")
      .notNull()
      .references(() => projectItems.id, { onDelete: "cascade" }),
    toItemId: uuid("to_item_id")
      .notNull()
      .references(() => projectItems.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: LINK_KINDS }).notNull(),
    createdBy: userRef("created_by"),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("project_item_links_key").on(table.fromItemId, table.toItemId, table.kind),
    index("project_item_links_to_idx").on(table.toItemId),
    index("project_item_links_project_idx").on(table.projectId, table.kind),
    check("project_item_links_not_self", sql`from_item_id <> to_item_id`),
    tenantIsolation(),
  ],
).enableRLS();

export const projectItemComments = pgTable(
  "project_item_comments",
  {
    id: primaryId(),
    orgId: orgRef(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => projectItems.id, { onDelete: "cascade" }),
    authorId: userRef("author_id"),
    /** Markdown. */
    body: text("body").notNull(),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("project_item_comments_item_idx").on(table.itemId, table.createdAt), tenantIsolation()],
).enableRLS();

export const projectItemAttachments = pgTable(
  "project_item_attachments",
  {
    id: primaryId(),
    orgId: orgRef(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => projectItems.id, { onDelete: "cascade" }),
    /** Where the bytes live in the file storage (local disk or S3); never derived from the file name. */
    storageKey: text("storage_key").notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    uploadedBy: userRef("uploaded_by"),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("project_item_attachments_storage_key").on(table.storageKey),
    index("project_item_attachments_item_idx").on(table.itemId, table.createdAt),
    check("project_item_attachments_size", sql`size_bytes >= 0`),
    tenantIsolation(),
  ],
).enableRLS();

/** An hourly rate for one person or for a billing role, from a date on (core/budget resolveRate). */
export const projectRateCards = pgTable(
  "project_rate_cards",
  {
    id: primaryId(),
    orgId: orgRef(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    roleName: text("role_name"),
    hourlyRate: numeric("hourly_rate", { precision: 12, scale: 2 }).notNull(),
    effectiveFrom: day("effective_from"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    // One card per person (or role) per start date, so resolving a rate is never ambiguous.
    uniqueIndex("project_rate_cards_person_key")
      .on(table.projectId, table.userId, sql`coalesce(effective_from, '-infinity'::date)`)
      .where(sql`user_id is not null`),
    uniqueIndex("project_rate_cards_role_key")
      .on(table.projectId, sql`lower(role_name)`, sql`coalesce(effective_from, '-infinity'::date)`)
      .where(sql`role_name is not null`),
    check("project_rate_cards_person_or_role", sql`(user_id is null) <> (role_name is null)`),
    check("project_rate_cards_rate_not_negative", sql`hourly_rate >= 0`),
    tenantIsolation(),
  ],
).enableRLS();

/** Hours a person logged on a project in one week (optionally against an item). */
export const projectTimesheetEntries = pgTable(
  "project_timesheet_entries",
  {
    id: primaryId(),
    orgId: orgRef(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The Monday of the week. */
    weekStart: day("week_start").notNull(),
    hours: numeric("hours", { precision: 6, scale: 2 }).notNull(),
    /**
     * The billing role the person had on the project when the hours were saved, so their price
     * does not change when the role changes or the person leaves. Null: they had none then
     * (their current role prices the hours; leaving the project records it here).
     */
    billingRole: text("billing_role"),
    itemId: uuid("item_id").references(() => projectItems.id),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("project_timesheet_entries_line_key").on(
      table.projectId,
      table.userId,
      table.weekStart,
      sql`coalesce(item_id, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index("project_timesheet_entries_week_idx").on(table.projectId, table.weekStart),
    check("project_timesheet_entries_monday", sql`extract(isodow from week_start) = 1`),
    check("project_timesheet_entries_hours", sql`hours > 0 and hours <= 168`),
    tenantIsolation(),
  ],
).enableRLS();

/**
 * A spreadsheet uploaded for import, parsed and held until the user confirms (or it expires).
 * Nothing reaches project_items before the confirmation.
 */
export const projectImportSessions = pgTable(
  "project_import_sessions",
  {
    id: primaryId(),
    orgId: orgRef(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    createdBy: userRef("created_by"),
    fileName: text("file_name").notNull(),
    format: text("format", { enum: ["csv", "xlsx"] }).notNull(),
    sheetName: text("sheet_name"),
    /** 1-based spreadsheet row of the header, so reports can name rows as the user sees them. */
    headerRow: integer("header_row").notNull(),
    headers: jsonb("headers").$type<string[]>().notNull(),
    rows: jsonb("rows").$type<{ row: number; cells: (string | number | null)[] }[]>().notNull(),
    suggestedMapping: jsonb("suggested_mapping").$type<Record<string, string | null>>().notNull(),
    suggestedDateOrder: text("suggested_date_order", { enum: ["dmy", "mdy"] }).notNull(),
    committedAt: at("committed_at"),
    expiresAt: at("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("project_import_sessions_project_idx").on(table.projectId, table.createdAt),
    index("project_import_sessions_expiry_idx").on(table.orgId, table.expiresAt),
    tenantIsolation(),
  ],
).enableRLS();

/** Rows of the user the transaction acts for: on top of the org, chat history is its asker's alone. */
const ownerOnly = pgPolicy("owner_only", {
  as: "restrictive",
  for: "all",
  to: appRole,
  using: sql`user_id = nullif(current_setting('app.user_id', true), '')::uuid`,
  withCheck: sql`user_id = nullif(current_setting('app.user_id', true), '')::uuid`,
});

/** A saved conversation with a project's chat: one person's, listable and resumable. */
export const projectChatSessions = pgTable(
  "project_chat_sessions",
  {
    /** Also the AI transcript session of its answers (x-session-id). */
    id: primaryId(),
    orgId: orgRef(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The first question, shortened. */
    title: text("title").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("project_chat_sessions_owner_idx").on(table.projectId, table.userId, table.updatedAt),
    tenantIsolation(),
    ownerOnly,
  ],
).enableRLS();

/** The turns of a saved conversation, oldest first: questions, and answers with what they cite. */
export const projectChatMessages = pgTable(
  "project_chat_messages",
  {
    id: primaryId(),
    orgId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => projectChatSessions.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    content: text("content").notNull(),
    /** Answers: the items cited, as shown then ({ id, ref, title, type }). */
    citations: jsonb("citations")
      .$type<{ id: string; ref: string; title: string; type: ItemType }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Answers: who answered ({ model, provider, offline, fallbackUsed }); null if it broke off. */
    answeredBy: jsonb("answered_by").$type<{
      model: string;
      provider: string;
      offline: boolean;
      fallbackUsed: boolean;
    }>(),
    /** Answers that broke off or were stopped: why. */
    error: text("error"),
    createdAt: createdAt(),
  },
  (table) => [
    index("project_chat_messages_session_idx").on(table.sessionId, table.createdAt),
    tenantIsolation(),
    // Only the messages of sessions the transaction may see (the owner's).
    pgPolicy("owner_only", {
      as: "restrictive",
      for: "all",
      to: appRole,
      using: sql`session_id in (select id from project_chat_sessions)`,
      withCheck: sql`session_id in (select id from project_chat_sessions)`,
    }),
  ],
).enableRLS();
