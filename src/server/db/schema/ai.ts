import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { CREDENTIAL_PROVIDER_KINDS } from "../../../core/ai-routing/catalog";
import { AI_TASKS } from "../../../core/ai-routing/tasks";
import { users } from "./auth";
import { createdAt, primaryId, tenantIsolation, updatedAt } from "./columns";
import { organizations } from "./orgs";

// The AI gateway's tables. Amounts of money are integer micro-dollars (1e-6 USD) so sums are exact.

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const microUsd = (name: string) => bigint(name, { mode: "number" });

/**
 * An org's own provider credentials (bring your own key). The secret (API key, or AWS keys
 * for Bedrock) is AES-256-GCM encrypted under CAIRN_ENCRYPTION_KEY and never leaves the
 * server; `name` is what model refs point at (`<name>:<model>`).
 */
export const aiProviderCredentials = pgTable(
  "ai_provider_credentials",
  {
    id: primaryId(),
    orgId: orgRef(),
    provider: text("provider", { enum: CREDENTIAL_PROVIDER_KINDS }).notNull(),
    name: text("name").notNull(),
    label: text("label").notNull(),
    baseUrl: text("base_url"),
    region: text("region"),
    /** Azure OpenAI and some gateways want the key in `api-key` rather than `Authorization: Bearer`. */
    apiKeyHeader: text("api_key_header", { enum: ["authorization", "api-key"] })
      .notNull()
      .default("authorization"),
    secretCiphertext: text("secret_ciphertext").notNull(),
    secretIv: text("secret_iv").notNull(),
    secretTag: text("secret_tag").notNull(),
    /** Last characters of the key so an admin can tell keys apart. */
    secretHint: text("secret_hint").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("ai_provider_credentials_org_name_key").on(table.orgId, table.name),
    tenantIsolation(),
  ],
).enableRLS();

/** An org's catalog entries: new models or its own prices for built-in ones (the built-in catalog lives in code). */
export const aiModels = pgTable(
  "ai_models",
  {
    id: primaryId(),
    orgId: orgRef(),
    provider: text("provider").notNull(),
    modelId: text("model_id").notNull(),
    kind: text("kind", { enum: ["language", "embedding"] }).notNull(),
    label: text("label").notNull(),
    inputUsdPerMTok: doublePrecision("input_usd_per_mtok").notNull(),
    outputUsdPerMTok: doublePrecision("output_usd_per_mtok").notNull(),
    contextTokens: integer("context_tokens").notNull(),
    /** False takes the model out of every routing chain for this org (the offline model cannot be disabled). */
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("ai_models_org_ref_key").on(table.orgId, table.provider, table.modelId),
    tenantIsolation(),
  ],
).enableRLS();

/** An org's routing: for one task, the ordered chain of model refs to try. */
export const aiRoutes = pgTable(
  "ai_routes",
  {
    id: primaryId(),
    orgId: orgRef(),
    task: text("task", { enum: AI_TASKS }).notNull(),
    modelRefs: text("model_refs").array().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("ai_routes_org_task_key").on(table.orgId, table.task), tenantIsolation()],
).enableRLS();

/** Monthly limits for the whole org and, by default, for each of its users. Null means no limit. */
export const aiBudgets = pgTable(
  "ai_budgets",
  {
    id: primaryId(),
    orgId: orgRef(),
    monthlyLimitMicroUsd: microUsd("monthly_limit_micro_usd"),
    userMonthlyLimitMicroUsd: microUsd("user_monthly_limit_micro_usd"),
    alertPercent: integer("alert_percent").notNull().default(80),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("ai_budgets_org_key").on(table.orgId), tenantIsolation()],
).enableRLS();

/** A user's own monthly limit, overriding the org's per-user default. */
export const aiUserBudgets = pgTable(
  "ai_user_budgets",
  {
    id: primaryId(),
    orgId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    monthlyLimitMicroUsd: microUsd("monthly_limit_micro_usd").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("ai_user_budgets_org_user_key").on(table.orgId, table.userId), tenantIsolation()],
).enableRLS();

/** Per-org gateway settings. Nulls fall back to the instance defaults from the environment. */
export const aiSettings = pgTable(
  "ai_settings",
  {
    id: primaryId(),
    orgId: orgRef(),
    sanitiserEnabled: boolean("sanitiser_enabled").notNull().default(false),
    /** Client and project names the sanitiser replaces with placeholders. */
    glossary: text("glossary").array().notNull().default(sql`'{}'::text[]`),
    transcriptRetentionDays: integer("transcript_retention_days"),
    rateLimitPerMinute: integer("rate_limit_per_minute"),
    responseCacheTtlSeconds: integer("response_cache_ttl_seconds").notNull().default(86_400),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("ai_settings_org_key").on(table.orgId), tenantIsolation()],
).enableRLS();

/** One row per gateway call: who, what for, which model answered, what it cost and how it went. */
export const aiInteractions = pgTable(
  "ai_interactions",
  {
    id: primaryId(),
    orgId: orgRef(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    feature: text("feature").notNull(),
    task: text("task", { enum: AI_TASKS }).notNull(),
    /** The model that answered, or the last one tried when none did. */
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    streamed: boolean("streamed").notNull(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costMicroUsd: microUsd("cost_micro_usd").notNull().default(0),
    latencyMs: integer("latency_ms").notNull(),
    timeToFirstTokenMs: integer("time_to_first_token_ms"),
    status: text("status", { enum: ["success", "error", "aborted"] }).notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    cacheHit: boolean("cache_hit").notNull().default(false),
    fallbackUsed: boolean("fallback_used").notNull().default(false),
    offline: boolean("offline").notNull().default(false),
    /** Every model tried, with the outcome: the trail behind fallback_used. */
    attempts: jsonb("attempts").notNull().default(sql`'[]'::jsonb`),
    sessionId: text("session_id"),
    correlationId: text("correlation_id"),
    createdAt: createdAt(),
  },
  (table) => [
    index("ai_interactions_org_created_idx").on(table.orgId, table.createdAt.desc()),
    index("ai_interactions_org_model_idx").on(
      table.orgId,
      table.provider,
      table.model,
      table.createdAt.desc(),
    ),
    index("ai_interactions_org_user_idx").on(table.orgId, table.userId, table.createdAt.desc()),
    index("ai_interactions_org_feature_idx").on(table.orgId, table.feature, table.createdAt.desc()),
    tenantIsolation(),
  ],
).enableRLS();

/**
 * Running monthly totals per org and user, kept in step with ai_interactions in the same
 * transaction, so the budget check before every call reads a few rows instead of summing a
 * month of interactions. user_id is null for calls no person made (jobs).
 */
export const aiMonthlySpend = pgTable(
  "ai_monthly_spend",
  {
    id: primaryId(),
    orgId: orgRef(),
    month: date("month", { mode: "string" }).notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    costMicroUsd: microUsd("cost_micro_usd").notNull().default(0),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    calls: integer("calls").notNull().default(0),
    updatedAt: updatedAt(),
  },
  (table) => [
    unique("ai_monthly_spend_org_month_user_key")
      .on(table.orgId, table.month, table.userId)
      .nullsNotDistinct(),
    tenantIsolation(),
  ],
).enableRLS();

/** Exact-match answers to deterministic (temperature 0) requests, per org and model. */
export const aiResponseCache = pgTable(
  "ai_response_cache",
  {
    id: primaryId(),
    orgId: orgRef(),
    /** SHA-256 of the model ref and the request as sent (after sanitising). */
    keyHash: text("key_hash").notNull(),
    modelRef: text("model_ref").notNull(),
    response: jsonb("response").notNull(),
    createdAt: createdAt(),
    expiresAt: at("expires_at").notNull(),
  },
  (table) => [
    uniqueIndex("ai_response_cache_org_key").on(table.orgId, table.keyHash),
    index("ai_response_cache_expires_idx").on(table.expiresAt),
    tenantIsolation(),
  ],
).enableRLS();
