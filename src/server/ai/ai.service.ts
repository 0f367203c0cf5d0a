import type { z } from "zod";
import { monthKey } from "../../core/ai-routing/budget";
import {
  BUILT_IN_MODELS,
  type CredentialProviderKind,
  modelRef,
  OFFLINE_PROVIDER,
  type ProviderKind,
  parseModelRef,
} from "../../core/ai-routing/catalog";
import { microUsdToUsd, usdToMicroUsd } from "../../core/ai-routing/cost";
import { AI_TASKS, type AiTask, modelKindForTask } from "../../core/ai-routing/tasks";
import { type Database, type Executor, inTenant } from "../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../http";
import { recordAudit } from "../modules/audit";
import type { AiConfig } from "./ai.config";
import {
  createCredential,
  deleteCredential,
  deleteOrgModel,
  deleteRoute,
  deleteUserBudget,
  getBudget,
  getCredential,
  getCredentialByName,
  getMonthlySpend,
  getOrgModel,
  getSettings,
  getUserBudget,
  listCredentials,
  listInteractions,
  listOrgModels,
  listRoutes,
  listTranscriptSessions,
  listUserBudgets,
  listUserNames,
  listUserSpend,
  type UsageAggregate,
  type UsageFilter,
  updateCredential,
  upsertBudget,
  upsertOrgModel,
  upsertRoute,
  upsertSettings,
  upsertUserBudget,
  usageBreakdown,
  usageSeries,
  usageTotals,
} from "./ai.queries";
import {
  type SaveBudgetInput,
  type SaveCredentialInput,
  type SaveModelInput,
  type SaveRouteInput,
  type SaveSettingsInput,
  type SaveUserBudgetInput,
  saveBudgetSchema,
  saveCredentialSchema,
  saveModelSchema,
  saveRouteSchema,
  saveSettingsSchema,
  saveUserBudgetSchema,
  type UsageQuery,
  usageQuerySchema,
} from "./ai.schemas";
import type { BreakerRegistry } from "./breaker";
import { resolveCandidates } from "./chain";
import { sealSecret, secretHint } from "./crypto";
import { type OrgProfiles, providerAvailability } from "./org-profile";
import type { ProviderRegistry } from "./providers";
import type { TranscriptEntry, TranscriptStore } from "./transcripts";

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION_ERROR", {
      details: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  return parsed.data;
}

const usd = (microUsd: number | null) => (microUsd === null ? null : microUsdToUsd(microUsd));
const microUsd = (dollars: number | null) => (dollars === null ? null : usdToMicroUsd(dollars));

function usageInUsd<T extends UsageAggregate>(aggregate: T) {
  const { costMicroUsd, ...rest } = aggregate;
  return {
    ...rest,
    costUsd: microUsdToUsd(costMicroUsd),
    errorRate: aggregate.calls === 0 ? 0 : aggregate.errors / aggregate.calls,
    fallbackRate: aggregate.calls === 0 ? 0 : aggregate.fallbacks / aggregate.calls,
    cacheHitRate: aggregate.calls === 0 ? 0 : aggregate.cacheHits / aggregate.calls,
  };
}

/** The providers an instance can configure from its environment, and the variables that do it. */
const INSTANCE_PROVIDERS: {
  kind: Exclude<ProviderKind, "offline" | "openai-compatible">;
  label: string;
  env: string[];
}[] = [
  { kind: "openai", label: "OpenAI", env: ["OPENAI_API_KEY", "OPENAI_BASE_URL"] },
  { kind: "anthropic", label: "Anthropic", env: ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"] },
  { kind: "mistral", label: "Mistral", env: ["MISTRAL_API_KEY", "MISTRAL_BASE_URL"] },
  {
    kind: "bedrock",
    label: "Amazon Bedrock",
    env: ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"],
  },
];

const COMPATIBLE_ENV = [
  "OPENAI_COMPATIBLE_BASE_URL",
  "OPENAI_COMPATIBLE_API_KEY",
  "OPENAI_COMPATIBLE_NAME",
  "OPENAI_COMPATIBLE_MODELS",
  "OPENAI_COMPATIBLE_EMBEDDING_MODELS",
];

/** A base URL fit to show an admin: user and password, query and fragment removed. */
function displayUrl(value: string | undefined | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/$/, "");
  } catch {
    return null;
  }
}

/** One provider connection as the admin view lists it: never a key. */
export interface ProviderStatus {
  name: string;
  kind: ProviderKind;
  label: string;
  /** Where its keys come from: the environment, an org credential, or nowhere (offline needs none). */
  source: "environment" | "built_in";
  configured: boolean;
  env: string[];
  baseUrl: string | null;
  region: string | null;
  modelCount: number;
  /** An org credential of the same name is used instead. */
  overriddenByCredential: boolean;
}

/**
 * The AI gateway's settings for one org, as phase 2's admin routes use them: provider keys
 * (write-only), catalog, routing, budgets, settings, usage. Each change is one transaction
 * with its audit row, and takes effect on this replica at once (others within seconds).
 */
export function createAiService(deps: {
  db: Database;
  config: AiConfig;
  registry: ProviderRegistry;
  profiles: OrgProfiles;
  breakers: BreakerRegistry;
  members: { findMembership(orgId: string, userId: string, tx?: Executor): Promise<unknown> };
  transcripts: TranscriptStore;
  now?: () => Date;
}) {
  const { db, config, registry, profiles } = deps;
  const now = deps.now ?? (() => new Date());

  /** A mutation: tenant transaction, then the org's cached profile is dropped. */
  async function change<T>(scope: OrgScope, fn: (tx: Executor) => Promise<T>): Promise<T> {
    const result = await inTenant(db, scope, fn);
    profiles.invalidate(scope.orgId);
    return result;
  }

  /** How far back the org keeps transcripts: its own setting, else the instance default. */
  async function transcriptsKeptSince(scope: OrgScope): Promise<{ since: Date; retentionDays: number }> {
    const settings = await inTenant(db, scope, (tx) => getSettings(tx, scope.orgId));
    const retentionDays = settings?.transcriptRetentionDays ?? config.transcripts.retentionDays;
    return { since: new Date(now().getTime() - retentionDays * 86_400_000), retentionDays };
  }

  function sealedSecret(orgId: string, input: z.output<typeof saveCredentialSchema>) {
    const secret =
      input.provider === "bedrock" && input.accessKeyId && input.secretAccessKey
        ? { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey }
        : input.apiKey
          ? { apiKey: input.apiKey }
          : null;
    if (!secret) return null;
    const sealed = sealSecret(config.encryptionKey!, JSON.stringify(secret), orgId);
    return {
      secretCiphertext: sealed.ciphertext,
      secretIv: sealed.iv,
      secretTag: sealed.tag,
      secretHint: secretHint(secret.apiKey ?? secret.accessKeyId ?? ""),
    };
  }

  return {
    // --- Provider credentials (bring your own key) ----------------------------------------

    /** The org's own provider connections; the keys themselves are never returned. */
    listCredentials: (scope: OrgScope) => inTenant(db, scope, (tx) => listCredentials(tx, scope.orgId)),

    /**
     * What the instance's environment configures (never its keys), the org's own credentials
     * with whether each can be decrypted, and whether new keys can be stored at all.
     */
    async listProviders(scope: OrgScope) {
      const profile = await profiles.get(scope.orgId);
      const credentials = await inTenant(db, scope, (tx) => listCredentials(tx, scope.orgId));
      const modelCount = (provider: string) =>
        [...profile.catalog.values()].filter((entry) => entry.provider === provider).length;
      const providers = config.providers;
      const instance: ProviderStatus[] = INSTANCE_PROVIDERS.map(({ kind, label, env }) => {
        const settings = providers[kind];
        return {
          name: kind,
          kind,
          label,
          source: "environment",
          configured: settings !== null,
          env,
          baseUrl: settings && "baseUrl" in settings ? displayUrl(settings.baseUrl) : null,
          region: kind === "bedrock" ? (providers.bedrock?.region ?? null) : null,
          modelCount: modelCount(kind),
          overriddenByCredential: profile.credentials.has(kind),
        };
      });
      instance.push({
        name: providers.compatible?.name ?? "compatible",
        kind: "openai-compatible",
        label: "OpenAI-compatible server",
        source: "environment",
        configured: providers.compatible !== null,
        env: COMPATIBLE_ENV,
        baseUrl: displayUrl(providers.compatible?.baseUrl),
        region: null,
        modelCount: providers.compatible ? modelCount(providers.compatible.name) : 0,
        overriddenByCredential: providers.compatible
          ? profile.credentials.has(providers.compatible.name)
          : false,
      });
      instance.push({
        name: OFFLINE_PROVIDER,
        kind: "offline",
        label: "Cairn offline model",
        source: "built_in",
        configured: true,
        env: [],
        baseUrl: null,
        region: null,
        modelCount: modelCount(OFFLINE_PROVIDER),
        overriddenByCredential: false,
      });
      return {
        instance,
        credentials: credentials.map((row) => ({
          ...row,
          provider: row.provider as CredentialProviderKind,
          baseUrl: displayUrl(row.baseUrl),
          status:
            profile.credentials.get(row.name) === "unreadable"
              ? ("unreadable" as const)
              : ("available" as const),
          modelCount: modelCount(row.name),
        })),
        encryptionKeyConfigured: config.encryptionKey !== null,
      };
    },

    /**
     * Creates or updates (by name) a provider credential. The key is encrypted with
     * CAIRN_ENCRYPTION_KEY; leaving it out on update keeps the stored one.
     */
    async saveCredential(scope: OrgScope, raw: SaveCredentialInput) {
      const input = parse(saveCredentialSchema, raw);
      if (!config.encryptionKey) {
        throw new AppError("UNPROCESSABLE", {
          message: "Storing provider keys needs CAIRN_ENCRYPTION_KEY to be set on the server",
        });
      }
      if (input.name === OFFLINE_PROVIDER) {
        throw new AppError("VALIDATION_ERROR", {
          message: "offline is Cairn's own model, not a provider name",
        });
      }
      if (input.provider === "openai-compatible" && !input.baseUrl) {
        throw new AppError("VALIDATION_ERROR", {
          message: "An OpenAI-compatible endpoint needs its base URL",
        });
      }
      if (input.provider === "bedrock" && !input.region) {
        throw new AppError("VALIDATION_ERROR", { message: "Amazon Bedrock needs a region" });
      }
      if (input.provider === "bedrock" && Boolean(input.accessKeyId) !== Boolean(input.secretAccessKey)) {
        throw new AppError("VALIDATION_ERROR", {
          message: "Give both the AWS access key id and its secret, or neither",
        });
      }
      const secret = sealedSecret(scope.orgId, input);
      const settings = {
        provider: input.provider,
        label: input.label,
        baseUrl: input.baseUrl ?? null,
        region: input.region ?? null,
        apiKeyHeader: input.apiKeyHeader,
      };
      return change(scope, async (tx) => {
        const existing = await getCredentialByName(tx, scope.orgId, input.name);
        if (!existing) {
          if (!secret) throw new AppError("VALIDATION_ERROR", { message: "A new credential needs its key" });
          const created = await createCredential(tx, {
            orgId: scope.orgId,
            name: input.name,
            ...settings,
            ...secret,
            createdBy: scope.userId,
          });
          await recordAudit(tx, scope, {
            action: "ai.credential.created",
            entityType: "ai_credential",
            entityId: created.id,
            after: created,
          });
          return created;
        }
        if (!secret && existing.provider !== input.provider) {
          throw new AppError("VALIDATION_ERROR", { message: "Changing the provider needs a new key" });
        }
        const before = await getCredential(tx, scope.orgId, existing.id);
        const updated = await updateCredential(tx, scope.orgId, existing.id, {
          ...settings,
          ...(secret ?? {}),
        });
        await recordAudit(tx, scope, {
          action: "ai.credential.updated",
          entityType: "ai_credential",
          entityId: existing.id,
          before,
          after: { ...updated, keyReplaced: secret !== null },
        });
        return updated!;
      });
    },

    deleteCredential: (scope: OrgScope, id: string) =>
      change(scope, async (tx) => {
        const existing = await getCredential(tx, scope.orgId, id);
        if (!existing) throw new AppError("NOT_FOUND", { message: "No such provider credential" });
        await deleteCredential(tx, scope.orgId, id);
        await recordAudit(tx, scope, {
          action: "ai.credential.deleted",
          entityType: "ai_credential",
          entityId: id,
          before: existing,
        });
      }),

    // --- Model catalog ----------------------------------------------------------------------

    /** Built-in, instance and org models with prices, where each comes from, and whether it can be called. */
    async listModels(scope: OrgScope) {
      const profile = await profiles.get(scope.orgId);
      const orgRows = await inTenant(db, scope, (tx) => listOrgModels(tx, scope.orgId));
      const builtIn = new Set(BUILT_IN_MODELS.map((entry) => entry.ref));
      const instance = new Set(registry.instanceModels.map((entry) => entry.ref));
      const fromOrg = new Set(orgRows.map((row) => modelRef(row.provider, row.modelId)));
      return [...profile.catalog.values()]
        .map((entry) => ({
          ...entry,
          source: fromOrg.has(entry.ref)
            ? ("org" as const)
            : instance.has(entry.ref)
              ? ("instance" as const)
              : ("built_in" as const),
          overridesDefault: fromOrg.has(entry.ref) && (builtIn.has(entry.ref) || instance.has(entry.ref)),
          enabled: entry.enabled ?? true,
          available:
            entry.provider === OFFLINE_PROVIDER ||
            providerAvailability(profile, registry, entry.provider) === "available",
        }))
        .sort((a, b) => a.ref.localeCompare(b.ref));
    },

    /** Adds a model to the org's catalog, or sets the org's own price for an existing one. */
    async saveModel(scope: OrgScope, raw: SaveModelInput) {
      const input = parse(saveModelSchema, raw);
      if (input.provider === OFFLINE_PROVIDER && input.kind !== "language") {
        throw new AppError("VALIDATION_ERROR", { message: "The offline model is a language model" });
      }
      if (input.provider === OFFLINE_PROVIDER && !input.enabled) {
        throw new AppError("VALIDATION_ERROR", {
          message: "The offline model cannot be disabled: it answers when nothing else can",
        });
      }
      return change(scope, async (tx) => {
        const before = await getOrgModel(tx, scope.orgId, input.provider, input.modelId);
        const saved = await upsertOrgModel(tx, { orgId: scope.orgId, ...input });
        await recordAudit(tx, scope, {
          action: before ? "ai.model.updated" : "ai.model.created",
          entityType: "ai_model",
          entityId: modelRef(saved.provider, saved.modelId),
          before: before ?? null,
          after: saved,
        });
        return { ...saved, ref: modelRef(saved.provider, saved.modelId) };
      });
    },

    /** Removes the org's entry: an added model disappears, an overridden one returns to its default price. */
    deleteModel: (scope: OrgScope, ref: string) =>
      change(scope, async (tx) => {
        const parsed = parseModelRef(ref);
        const existing = parsed && (await getOrgModel(tx, scope.orgId, parsed.provider, parsed.modelId));
        if (!parsed || !existing)
          throw new AppError("NOT_FOUND", { message: "The org's catalog has no such model" });
        await deleteOrgModel(tx, scope.orgId, parsed.provider, parsed.modelId);
        await recordAudit(tx, scope, {
          action: "ai.model.deleted",
          entityType: "ai_model",
          entityId: ref,
          before: existing,
        });
      }),

    // --- Routing ----------------------------------------------------------------------------

    /** For every task: the org's own chain (or null) and the chain a call would use right now, with why models drop out. */
    async listRoutes(scope: OrgScope) {
      const profile = await profiles.get(scope.orgId);
      const rows = new Map(
        (await inTenant(db, scope, (tx) => listRoutes(tx, scope.orgId))).map((row) => [row.task, row]),
      );
      return AI_TASKS.map((task) => {
        const effective = resolveCandidates({
          profile,
          registry,
          breakers: deps.breakers,
          task,
          estimatedInputTokens: 0,
        });
        return {
          task,
          modelRefs: rows.get(task)?.modelRefs ?? null,
          updatedAt: rows.get(task)?.updatedAt ?? null,
          effective: {
            source: effective.source,
            modelRefs: effective.candidates.map((candidate) => candidate.model.ref),
            skipped: effective.skipped,
          },
        };
      });
    },

    /** Sets the org's ordered fallback chain for a task. Every model must be in the catalog and of the task's kind. */
    async saveRoute(scope: OrgScope, raw: SaveRouteInput) {
      const input = parse(saveRouteSchema, raw);
      const { catalog } = await profiles.get(scope.orgId);
      const kind = modelKindForTask(input.task);
      const problems = input.modelRefs.flatMap((ref) => {
        const entry = catalog.get(ref);
        if (!entry) return [{ ref, problem: "not in the catalog" }];
        if (entry.kind !== kind) {
          return [{ ref, problem: kind === "embedding" ? "not an embedding model" : "not a language model" }];
        }
        if (entry.enabled === false) return [{ ref, problem: "disabled in the catalog" }];
        return [];
      });
      if (new Set(input.modelRefs).size !== input.modelRefs.length)
        problems.push({ ref: "", problem: "listed twice" });
      if (problems.length > 0) {
        throw new AppError("VALIDATION_ERROR", {
          message: "The chain names models it cannot use",
          details: problems,
        });
      }
      return change(scope, async (tx) => {
        const before = (await listRoutes(tx, scope.orgId)).find((row) => row.task === input.task);
        const saved = await upsertRoute(tx, scope.orgId, input.task, input.modelRefs);
        await recordAudit(tx, scope, {
          action: "ai.route.updated",
          entityType: "ai_route",
          entityId: input.task,
          before: before ? { modelRefs: before.modelRefs } : null,
          after: { modelRefs: saved.modelRefs },
        });
        return saved;
      });
    },

    /** Back to the instance default chain for the task. */
    resetRoute: (scope: OrgScope, task: AiTask) =>
      change(scope, async (tx) => {
        const before = (await listRoutes(tx, scope.orgId)).find((row) => row.task === task);
        if (!before)
          throw new AppError("NOT_FOUND", { message: "The org has no chain of its own for this task" });
        await deleteRoute(tx, scope.orgId, task);
        await recordAudit(tx, scope, {
          action: "ai.route.reset",
          entityType: "ai_route",
          entityId: task,
          before: { modelRefs: before.modelRefs },
        });
      }),

    // --- Budgets ----------------------------------------------------------------------------

    async getBudget(scope: OrgScope) {
      return inTenant(db, scope, async (tx) => {
        const budget = await getBudget(tx, scope.orgId);
        const spent = await getMonthlySpend(tx, { orgId: scope.orgId, month: monthKey(now()), userId: null });
        const users = await listUserBudgets(tx, scope.orgId);
        const spendByUser = new Map(
          (await listUserSpend(tx, scope.orgId, monthKey(now()))).map((row) => [
            row.userId,
            row.costMicroUsd,
          ]),
        );
        return {
          month: monthKey(now()).slice(0, 7),
          monthlyLimitUsd: usd(budget?.monthlyLimitMicroUsd ?? null),
          userMonthlyLimitUsd: usd(budget?.userMonthlyLimitMicroUsd ?? null),
          alertPercent: budget?.alertPercent ?? 80,
          spentThisMonthUsd: microUsdToUsd(spent.orgMicroUsd),
          users: users.map((row) => ({
            ...row,
            monthlyLimitUsd: microUsdToUsd(row.monthlyLimitMicroUsd),
            spentThisMonthUsd: microUsdToUsd(spendByUser.get(row.userId) ?? 0),
          })),
        };
      });
    },

    async saveBudget(scope: OrgScope, raw: SaveBudgetInput) {
      const input = parse(saveBudgetSchema, raw);
      return change(scope, async (tx) => {
        const before = await getBudget(tx, scope.orgId);
        const saved = await upsertBudget(tx, {
          orgId: scope.orgId,
          monthlyLimitMicroUsd: microUsd(input.monthlyLimitUsd),
          userMonthlyLimitMicroUsd: microUsd(input.userMonthlyLimitUsd),
          alertPercent: input.alertPercent,
        });
        const shape = (row: typeof saved | undefined) =>
          row && {
            monthlyLimitUsd: usd(row.monthlyLimitMicroUsd),
            userMonthlyLimitUsd: usd(row.userMonthlyLimitMicroUsd),
            alertPercent: row.alertPercent,
          };
        await recordAudit(tx, scope, {
          action: "ai.budget.updated",
          entityType: "ai_budget",
          entityId: scope.orgId,
          before: shape(before) ?? null,
          after: shape(saved),
        });
        return shape(saved)!;
      });
    },

    /** A member's own monthly limit, overriding the org's per-user default. */
    async saveUserBudget(scope: OrgScope, raw: SaveUserBudgetInput) {
      const input = parse(saveUserBudgetSchema, raw);
      return change(scope, async (tx) => {
        if (!(await deps.members.findMembership(scope.orgId, input.userId, tx))) {
          throw new AppError("NOT_FOUND", { message: "No such member" });
        }
        const before = await getUserBudget(tx, scope.orgId, input.userId);
        const saved = await upsertUserBudget(tx, {
          orgId: scope.orgId,
          userId: input.userId,
          monthlyLimitMicroUsd: usdToMicroUsd(input.monthlyLimitUsd),
        });
        await recordAudit(tx, scope, {
          action: "ai.user_budget.updated",
          entityType: "ai_user_budget",
          entityId: input.userId,
          before: before ? { monthlyLimitUsd: microUsdToUsd(before.monthlyLimitMicroUsd) } : null,
          after: { monthlyLimitUsd: microUsdToUsd(saved.monthlyLimitMicroUsd) },
        });
        return { userId: saved.userId, monthlyLimitUsd: microUsdToUsd(saved.monthlyLimitMicroUsd) };
      });
    },

    deleteUserBudget: (scope: OrgScope, userId: string) =>
      change(scope, async (tx) => {
        const before = await getUserBudget(tx, scope.orgId, userId);
        if (!before) throw new AppError("NOT_FOUND", { message: "This member has no budget of their own" });
        await deleteUserBudget(tx, scope.orgId, userId);
        await recordAudit(tx, scope, {
          action: "ai.user_budget.deleted",
          entityType: "ai_user_budget",
          entityId: userId,
          before: { monthlyLimitUsd: microUsdToUsd(before.monthlyLimitMicroUsd) },
        });
      }),

    // --- Settings ---------------------------------------------------------------------------

    /** The org's settings as stored (null: instance default) and the instance defaults themselves. */
    async getSettings(scope: OrgScope) {
      const row = await inTenant(db, scope, (tx) => getSettings(tx, scope.orgId));
      return {
        sanitiserEnabled: row?.sanitiserEnabled ?? false,
        glossary: row?.glossary ?? [],
        transcriptRetentionDays: row?.transcriptRetentionDays ?? null,
        rateLimitPerMinute: row?.rateLimitPerMinute ?? null,
        responseCacheTtlSeconds: row?.responseCacheTtlSeconds ?? 86_400,
        defaults: {
          transcriptRetentionDays: config.transcripts.retentionDays,
          rateLimitPerMinute: config.defaultRateLimitPerMinute,
        },
      };
    },

    async saveSettings(scope: OrgScope, raw: SaveSettingsInput) {
      const input = parse(saveSettingsSchema, raw);
      const glossary = [...new Set(input.glossary)];
      return change(scope, async (tx) => {
        const before = await getSettings(tx, scope.orgId);
        const saved = await upsertSettings(tx, { orgId: scope.orgId, ...input, glossary });
        const shape = (row: typeof saved | undefined) =>
          row && {
            sanitiserEnabled: row.sanitiserEnabled,
            glossary: row.glossary,
            transcriptRetentionDays: row.transcriptRetentionDays,
            rateLimitPerMinute: row.rateLimitPerMinute,
            responseCacheTtlSeconds: row.responseCacheTtlSeconds,
          };
        await recordAudit(tx, scope, {
          action: "ai.settings.updated",
          entityType: "ai_settings",
          entityId: scope.orgId,
          before: shape(before) ?? null,
          after: shape(saved),
        });
        return shape(saved)!;
      });
    },

    // --- Usage (the dashboard) --------------------------------------------------------------

    /** Totals, rates and latency percentiles for a period, broken down by model, user, feature and task. */
    async usageSummary(scope: OrgScope, raw: UsageQuery) {
      const query = parse(usageQuerySchema, raw);
      const filter: UsageFilter = { ...query, orgId: scope.orgId };
      return inTenant(db, scope, async (tx) => {
        const totals = await usageTotals(tx, filter);
        const byModel = await usageBreakdown(tx, filter, "model");
        const byUser = await usageBreakdown(tx, filter, "user");
        const byFeature = await usageBreakdown(tx, filter, "feature");
        const byTask = await usageBreakdown(tx, filter, "task");
        const names = new Map(
          (await listUserNames(tx, byUser.map((row) => row.key).filter(Boolean))).map((row) => [row.id, row]),
        );
        return {
          totals: usageInUsd(totals),
          byModel: byModel.map(usageInUsd),
          byUser: byUser.map((row) => ({
            ...usageInUsd(row),
            userName: names.get(row.key)?.name ?? null,
            userEmail: names.get(row.key)?.email ?? null,
          })),
          byFeature: byFeature.map(usageInUsd),
          byTask: byTask.map(usageInUsd),
        };
      });
    },

    /** Cost, tokens and calls per hour or day, optionally one series per model, user, feature or task. */
    async usageSeries(scope: OrgScope, raw: UsageQuery) {
      const query = parse(usageQuerySchema, raw);
      const rows = await inTenant(db, scope, (tx) =>
        usageSeries(tx, { ...query, orgId: scope.orgId }, query.interval, query.groupBy),
      );
      return rows.map(usageInUsd);
    },

    /** The interaction log, newest first. */
    async listInteractions(scope: OrgScope, raw: UsageQuery, page: PaginationQuery) {
      const query = parse(usageQuerySchema, raw);
      const { rows, total } = await inTenant(db, scope, (tx) =>
        listInteractions(tx, { ...query, orgId: scope.orgId }, toPageRequest(page)),
      );
      return {
        rows: rows.map(({ costMicroUsd, ...row }) => ({ ...row, costUsd: microUsdToUsd(costMicroUsd) })),
        total,
      };
    },

    // --- Transcripts ------------------------------------------------------------------------

    /** Sessions whose transcripts the org still keeps (within its retention), newest activity first. */
    async listTranscripts(scope: OrgScope, query: PaginationQuery & { userId?: string; feature?: string }) {
      const { since, retentionDays } = await transcriptsKeptSince(scope);
      const page = await inTenant(db, scope, (tx) =>
        listTranscriptSessions(tx, {
          orgId: scope.orgId,
          since,
          userId: query.userId,
          feature: query.feature,
          page: toPageRequest(query),
        }),
      );
      return { ...page, retentionDays };
    },

    /**
     * One session's exchanges, oldest first, as the people in it saw them (before sanitising).
     * Only this org's store is read, and only what retention still keeps (the daily purge may
     * lag by a day): another org's session, or an expired one, is not found. Reading someone's
     * conversation is audited.
     */
    async getTranscript(scope: OrgScope, sessionId: string) {
      const { since, retentionDays } = await transcriptsKeptSince(scope);
      const entries: TranscriptEntry[] = (await deps.transcripts.listSession(scope.orgId, sessionId)).filter(
        (entry) =>
          entry.orgId === scope.orgId &&
          entry.sessionId === sessionId &&
          Date.parse(entry.startedAt) >= since.getTime(),
      );
      if (entries.length === 0) throw new AppError("NOT_FOUND", { message: "No such transcript" });
      await inTenant(db, scope, (tx) =>
        recordAudit(tx, scope, {
          action: "ai.transcript.viewed",
          entityType: "ai_transcript",
          entityId: sessionId,
          after: { exchanges: entries.length, users: [...new Set(entries.map((entry) => entry.userId))] },
        }),
      );
      return { sessionId, retentionDays, entries };
    },

    /** Circuit breakers this replica holds for the instance's providers and this org's own credentials. */
    async breakers(scope: OrgScope) {
      const own = new Set(
        (await inTenant(db, scope, (tx) => listCredentials(tx, scope.orgId))).map(
          (row) => `credential:${row.id}/`,
        ),
      );
      return deps.breakers
        .snapshot()
        .filter(
          (breaker) =>
            breaker.key.startsWith("instance/") || [...own].some((prefix) => breaker.key.startsWith(prefix)),
        )
        .map((breaker) => ({ ...breaker, ref: breaker.key.slice(breaker.key.indexOf("/") + 1) }));
    },
  };
}

export type AiService = ReturnType<typeof createAiService>;
