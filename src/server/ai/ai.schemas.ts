import { z } from "@hono/zod-openapi";
import { CREDENTIAL_PROVIDER_KINDS, PROVIDER_NAME_PATTERN } from "../../core/ai-routing/catalog";
import { AI_TASKS } from "../../core/ai-routing/tasks";

// Inputs of the AI settings service. Phase 2's routes expose them; the service parses them
// again so a caller that skips the route still cannot store nonsense.

const money = z.number().min(0).max(1_000_000);

export const saveCredentialSchema = z
  .object({
    provider: z.enum(CREDENTIAL_PROVIDER_KINDS),
    /** What model refs use: `openai` to bring your own OpenAI key, `openrouter` for a compatible endpoint. */
    name: z
      .string()
      .regex(PROVIDER_NAME_PATTERN, { error: "must be a lower-case slug such as openai or openrouter" }),
    label: z.string().trim().min(1).max(100),
    baseUrl: z.url().max(500).nullish(),
    region: z.string().trim().min(1).max(50).nullish(),
    apiKeyHeader: z.enum(["authorization", "api-key"]).default("authorization"),
    /** Write-only. Leave out when updating to keep the stored key. */
    apiKey: z.string().trim().min(1).max(4000).optional(),
    accessKeyId: z.string().trim().min(1).max(200).optional(),
    secretAccessKey: z.string().trim().min(1).max(4000).optional(),
  })
  .strict()
  .openapi("SaveAiCredential");

export type SaveCredentialInput = z.input<typeof saveCredentialSchema>;

export const saveModelSchema = z
  .object({
    provider: z.string().regex(PROVIDER_NAME_PATTERN),
    modelId: z.string().trim().min(1).max(200),
    kind: z.enum(["language", "embedding"]),
    label: z.string().trim().min(1).max(100),
    inputUsdPerMTok: money,
    outputUsdPerMTok: money,
    contextTokens: z.number().int().min(256).max(100_000_000),
    /** False takes the model out of every routing chain for the org. */
    enabled: z.boolean().default(true),
  })
  .strict()
  .openapi("SaveAiModel");

export type SaveModelInput = z.input<typeof saveModelSchema>;

export const saveRouteSchema = z
  .object({
    task: z.enum(AI_TASKS),
    modelRefs: z.array(z.string().min(3).max(250)).min(1).max(10),
  })
  .strict()
  .openapi("SaveAiRoute");

export type SaveRouteInput = z.input<typeof saveRouteSchema>;

export const saveBudgetSchema = z
  .object({
    /** Null: no org-wide limit. */
    monthlyLimitUsd: money.nullable(),
    /** Null: users have no limit unless given their own. */
    userMonthlyLimitUsd: money.nullable(),
    alertPercent: z.number().int().min(1).max(100).default(80),
  })
  .strict()
  .openapi("SaveAiBudget");

export type SaveBudgetInput = z.input<typeof saveBudgetSchema>;

export const saveUserBudgetSchema = z
  .object({ userId: z.uuid(), monthlyLimitUsd: money })
  .strict()
  .openapi("SaveAiUserBudget");

export type SaveUserBudgetInput = z.input<typeof saveUserBudgetSchema>;

export const saveSettingsSchema = z
  .object({
    sanitiserEnabled: z.boolean(),
    glossary: z.array(z.string().trim().min(2).max(200)).max(500),
    /** Null: the instance default (TRANSCRIPT_RETENTION_DAYS). */
    transcriptRetentionDays: z.number().int().min(1).max(36_500).nullable(),
    /** Null: the instance default (AI_RATE_LIMIT_PER_MINUTE). */
    rateLimitPerMinute: z.number().int().min(1).max(100_000).nullable(),
    /** 0 turns the response cache off. */
    responseCacheTtlSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400),
  })
  .strict()
  .openapi("SaveAiSettings");

export type SaveSettingsInput = z.input<typeof saveSettingsSchema>;

export const usageQuerySchema = z
  .object({
    from: z.coerce.date(),
    to: z.coerce.date(),
    interval: z.enum(["hour", "day"]).default("day"),
    groupBy: z.enum(["model", "user", "feature", "task"]).nullable().default(null),
    userId: z.uuid().optional(),
    feature: z.string().max(64).optional(),
    task: z.enum(AI_TASKS).optional(),
    status: z.enum(["success", "error", "aborted"]).optional(),
  })
  .strict()
  .refine((query) => query.from < query.to, { error: "from must be before to", path: ["from"] })
  .refine((query) => query.to.getTime() - query.from.getTime() <= 400 * 86_400_000, {
    error: "a range spans at most 400 days",
    path: ["to"],
  })
  .openapi("AiUsageQuery");

export type UsageQuery = z.input<typeof usageQuerySchema>;
