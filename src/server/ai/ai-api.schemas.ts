import { z } from "@hono/zod-openapi";
import {
  CREDENTIAL_PROVIDER_KINDS,
  PROVIDER_KINDS,
  PROVIDER_NAME_PATTERN,
} from "../../core/ai-routing/catalog";
import { AI_TASKS, LANGUAGE_TASKS } from "../../core/ai-routing/tasks";
import { paginationQuerySchema, timestampSchema, uuidSchema } from "../http";

// The AI admin API's wire shapes (snake_case). The routes translate them to the service's
// camelCase inputs; the service validates those again.

const money = z.number().min(0).max(1_000_000);
const slug = z
  .string()
  .regex(PROVIDER_NAME_PATTERN, { error: "must be a lower-case slug such as openai or openrouter" });

// --- Providers and credentials ------------------------------------------------------------

export const providerNameParams = z.object({
  name: slug.openapi({ param: { name: "name", in: "path" }, example: "openai" }),
});

export const instanceProviderSchema = z
  .object({
    name: z.string(),
    kind: z.enum(PROVIDER_KINDS),
    label: z.string(),
    source: z.enum(["environment", "built_in"]),
    configured: z.boolean(),
    env: z.array(z.string()).openapi({ description: "The variables that configure it" }),
    base_url: z.string().nullable(),
    region: z.string().nullable(),
    model_count: z.number().int(),
    overridden_by_credential: z.boolean(),
  })
  .openapi("AiInstanceProvider");

export const credentialSchema = z
  .object({
    id: z.string(),
    provider: z.enum(CREDENTIAL_PROVIDER_KINDS),
    name: z.string(),
    label: z.string(),
    base_url: z.string().nullable(),
    region: z.string().nullable(),
    api_key_header: z.enum(["authorization", "api-key"]),
    key_hint: z.string().openapi({
      description: "The last characters of the key, never the key",
      example: "…9f2c",
    }),
    status: z.enum(["available", "unreadable"]),
    model_count: z.number().int(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi("AiCredential");

export const providersSchema = z
  .object({
    instance: z.array(instanceProviderSchema),
    credentials: z.array(credentialSchema),
    encryption_key_configured: z
      .boolean()
      .openapi({ description: "Whether CAIRN_ENCRYPTION_KEY is set, so the org can store its own keys" }),
  })
  .openapi("AiProviders");

export const saveCredentialBody = z
  .strictObject({
    provider: z.enum(CREDENTIAL_PROVIDER_KINDS),
    label: z.string().trim().min(1).max(100),
    base_url: z.url().max(500).nullish(),
    region: z.string().trim().min(1).max(50).nullish(),
    api_key_header: z.enum(["authorization", "api-key"]).default("authorization"),
    api_key: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .optional()
      .openapi({ description: "Write-only. Leave out when updating to keep the stored key." }),
    access_key_id: z.string().trim().min(1).max(200).optional(),
    secret_access_key: z.string().trim().min(1).max(4000).optional(),
  })
  .openapi("AiCredentialInput");

// --- Catalog ------------------------------------------------------------------------------

export const modelSchema = z
  .object({
    ref: z.string().openapi({ example: "openai:gpt-4.1-mini" }),
    provider: z.string(),
    model_id: z.string(),
    kind: z.enum(["language", "embedding"]),
    label: z.string(),
    input_usd_per_mtok: z.number(),
    output_usd_per_mtok: z.number(),
    context_tokens: z.number().int(),
    enabled: z.boolean(),
    source: z.enum(["built_in", "instance", "org"]),
    overrides_default: z.boolean(),
    available: z.boolean().openapi({ description: "Its provider has credentials (or it is offline)" }),
  })
  .openapi("AiModel");

export const saveModelBody = z
  .strictObject({
    provider: slug,
    model_id: z.string().trim().min(1).max(200),
    kind: z.enum(["language", "embedding"]),
    label: z.string().trim().min(1).max(100),
    input_usd_per_mtok: money,
    output_usd_per_mtok: money,
    context_tokens: z.number().int().min(256).max(100_000_000),
    enabled: z.boolean().default(true),
  })
  .openapi("AiModelInput");

export const modelRefQuery = z.object({
  ref: z.string().min(3).max(250).openapi({ example: "openai:gpt-4.1-mini" }),
});

// --- Routing ------------------------------------------------------------------------------

export const taskParams = z.object({
  task: z.enum(AI_TASKS).openapi({ param: { name: "task", in: "path" } }),
});

export const routeSchema = z
  .object({
    task: z.enum(AI_TASKS),
    kind: z.enum(["language", "embedding"]),
    model_refs: z
      .array(z.string())
      .nullable()
      .openapi({ description: "The org's own chain; null uses the instance default" }),
    updated_at: timestampSchema.nullable(),
    effective: z.object({
      source: z.enum(["org", "instance"]),
      model_refs: z.array(z.string()).openapi({ description: "What a call would try now, in order" }),
      skipped: z.array(z.object({ ref: z.string(), reason: z.string() })),
    }),
  })
  .openapi("AiRoute");

export const saveRouteBody = z
  .strictObject({ model_refs: z.array(z.string().min(3).max(250)).min(1).max(10) })
  .openapi("AiRouteInput");

// --- Budgets ------------------------------------------------------------------------------

export const budgetSchema = z
  .object({
    month: z.string().openapi({ example: "2026-01" }),
    monthly_limit_usd: z.number().nullable(),
    user_monthly_limit_usd: z.number().nullable(),
    alert_percent: z.number().int(),
    spent_this_month_usd: z.number(),
    users: z.array(
      z.object({
        user_id: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        monthly_limit_usd: z.number(),
        spent_this_month_usd: z.number(),
        updated_at: timestampSchema,
      }),
    ),
  })
  .openapi("AiBudget");

export const saveBudgetBody = z
  .strictObject({
    monthly_limit_usd: money.nullable(),
    user_monthly_limit_usd: money.nullable(),
    alert_percent: z.number().int().min(1).max(100).default(80),
  })
  .openapi("AiBudgetInput");

export const userParams = z.object({
  userId: uuidSchema.openapi({ param: { name: "userId", in: "path" } }),
});

export const saveUserBudgetBody = z.strictObject({ monthly_limit_usd: money }).openapi("AiUserBudgetInput");

export const userBudgetSchema = z
  .object({ user_id: z.string(), monthly_limit_usd: z.number() })
  .openapi("AiUserBudget");

// --- Settings -----------------------------------------------------------------------------

const settingsFields = {
  sanitiser_enabled: z.boolean(),
  glossary: z.array(z.string().trim().min(2).max(200)).max(500),
  transcript_retention_days: z.number().int().min(1).max(36_500).nullable(),
  rate_limit_per_minute: z.number().int().min(1).max(100_000).nullable(),
  response_cache_ttl_seconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400),
};

export const settingsSchema = z
  .object({
    ...settingsFields,
    defaults: z.object({
      transcript_retention_days: z.number().int(),
      rate_limit_per_minute: z.number().int(),
    }),
  })
  .openapi("AiSettings");

export const saveSettingsBody = z.strictObject(settingsFields).openapi("AiSettingsInput");

// --- Usage --------------------------------------------------------------------------------

export const usageQuery = z.object({
  from: z.iso.datetime({ offset: true }).openapi({ example: "2026-01-01T00:00:00Z" }),
  to: z.iso.datetime({ offset: true }).openapi({ example: "2026-02-01T00:00:00Z" }),
  user_id: uuidSchema.optional(),
  feature: z.string().max(64).optional(),
  task: z.enum(AI_TASKS).optional(),
  status: z.enum(["success", "error", "aborted"]).optional(),
});

export const seriesQuery = usageQuery.extend({
  interval: z.enum(["hour", "day"]).default("day"),
  group_by: z.enum(["model", "user", "feature", "task"]).optional(),
});

const aggregateFields = {
  calls: z.number().int(),
  cost_usd: z.number(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  errors: z.number().int(),
  fallbacks: z.number().int(),
  cache_hits: z.number().int(),
  error_rate: z.number(),
  fallback_rate: z.number(),
  cache_hit_rate: z.number(),
  latency_p50_ms: z.number().nullable(),
  latency_p95_ms: z.number().nullable(),
  ttft_p50_ms: z.number().nullable(),
  ttft_p95_ms: z.number().nullable(),
};

export const usageAggregateSchema = z.object(aggregateFields).openapi("AiUsageAggregate");
const keyedAggregate = z.object({ key: z.string(), ...aggregateFields });

export const usageSummarySchema = z
  .object({
    totals: usageAggregateSchema,
    by_model: z.array(keyedAggregate),
    by_user: z.array(
      keyedAggregate.extend({ user_name: z.string().nullable(), user_email: z.string().nullable() }),
    ),
    by_feature: z.array(keyedAggregate),
    by_task: z.array(keyedAggregate),
  })
  .openapi("AiUsageSummary");

export const usagePointSchema = z
  .object({ bucket: timestampSchema, key: z.string().nullable(), ...aggregateFields })
  .openapi("AiUsagePoint");

export const interactionSchema = z
  .object({
    id: z.string(),
    user_id: z.string().nullable(),
    user_name: z.string().nullable(),
    feature: z.string(),
    task: z.string(),
    provider: z.string(),
    model: z.string(),
    streamed: z.boolean(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cost_usd: z.number(),
    latency_ms: z.number().int(),
    time_to_first_token_ms: z.number().int().nullable(),
    status: z.string(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    cache_hit: z.boolean(),
    fallback_used: z.boolean(),
    offline: z.boolean(),
    attempts: z.unknown(),
    session_id: z.string().nullable(),
    created_at: timestampSchema,
  })
  .openapi("AiInteraction");

// --- Transcripts --------------------------------------------------------------------------

export const transcriptsQuery = paginationQuerySchema.extend({
  user_id: uuidSchema.optional(),
  feature: z.string().max(64).optional(),
});

export const sessionParams = z.object({
  sessionId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "sessionId", in: "path" }, example: "01968f1e-7c1a-7d3e-9b2a-3f4e5d6c7b8a" }),
});

export const transcriptSessionSchema = z
  .object({
    session_id: z.string(),
    user_id: z.string().nullable(),
    user_name: z.string().nullable(),
    features: z.array(z.string()),
    calls: z.number().int().openapi({ description: "Calls in the session, failed ones included" }),
    failed: z.number().int(),
    first_at: timestampSchema,
    last_at: timestampSchema,
  })
  .openapi("AiTranscriptSession");

export const transcriptEntrySchema = z
  .object({
    id: z.string().openapi({ description: "The interaction id of this exchange" }),
    user_id: z.string().nullable(),
    feature: z.string(),
    task: z.string(),
    provider: z.string(),
    model: z.string(),
    offline: z.boolean(),
    status: z.string(),
    started_at: timestampSchema,
    finished_at: timestampSchema,
    request: z.object({ system: z.string().nullable(), messages: z.array(z.unknown()) }),
    response: z.object({
      text: z.string(),
      tool_calls: z.array(z.object({ tool_name: z.string(), input: z.unknown() })),
      tool_results: z.array(z.object({ tool_name: z.string(), output: z.unknown() })),
    }),
  })
  .openapi("AiTranscriptEntry");

export const transcriptSchema = z
  .object({
    session_id: z.string(),
    retention_days: z.number().int(),
    entries: z.array(transcriptEntrySchema),
  })
  .openapi("AiTranscript");

export const breakerSchema = z
  .object({
    key: z.string(),
    ref: z.string(),
    status: z.string(),
    retry_at: timestampSchema.nullable(),
  })
  .openapi("AiBreaker");

// --- Playground ---------------------------------------------------------------------------

export const playgroundBody = z
  .strictObject({
    prompt: z.string().trim().min(1).max(8000),
    task: z.enum(LANGUAGE_TASKS).default("chat"),
    system: z.string().trim().max(4000).optional(),
    context: z
      .array(
        z.strictObject({ title: z.string().trim().min(1).max(200), text: z.string().min(1).max(20_000) }),
      )
      .max(10)
      .optional()
      .openapi({ description: "Text to answer from (what the offline model reads)" }),
    temperature: z.number().min(0).max(2).optional(),
  })
  .openapi("AiPlaygroundInput");

export const answerSchema = z
  .object({
    interaction_id: z.string(),
    provider: z.string(),
    model: z.string(),
    ref: z.string(),
    offline: z.boolean().openapi({ description: "Answered by Cairn's offline model, without an LLM" }),
    fallback_used: z.boolean(),
    cached: z.boolean(),
  })
  .openapi("AiAnswer");

export const playgroundUsageSchema = z
  .object({
    status: z.enum(["success", "error", "aborted"]),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cost_usd: z.number(),
    latency_ms: z.number().int(),
    time_to_first_token_ms: z.number().int().nullable(),
  })
  .openapi("AiCallUsage");

export const playgroundResultSchema = z
  .object({ text: z.string(), answer: answerSchema, usage: playgroundUsageSchema })
  .openapi("AiPlaygroundResult");
