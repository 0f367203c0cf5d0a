import { createRoute, z } from "@hono/zod-openapi";
import { microUsdToUsd } from "../../core/ai-routing/cost";
import { modelKindForTask } from "../../core/ai-routing/tasks";
import { requestScope, requireOrgPermission } from "../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  idParams,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  type OrgScope,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
} from "../http";
import { errorSchema } from "../http/envelope";
import type { AiService, ProviderStatus } from "./ai.service";
import {
  type answerSchema,
  breakerSchema,
  budgetSchema,
  credentialSchema,
  interactionSchema,
  modelRefQuery,
  modelSchema,
  playgroundBody,
  playgroundResultSchema,
  type playgroundUsageSchema,
  providerNameParams,
  providersSchema,
  routeSchema,
  saveBudgetBody,
  saveCredentialBody,
  saveModelBody,
  saveRouteBody,
  saveSettingsBody,
  saveUserBudgetBody,
  seriesQuery,
  sessionParams,
  settingsSchema,
  taskParams,
  type transcriptEntrySchema,
  transcriptSchema,
  transcriptSessionSchema,
  transcriptsQuery,
  type usageAggregateSchema,
  usagePointSchema,
  usageQuery,
  usageSummarySchema,
  userBudgetSchema,
  userParams,
} from "./ai-api.schemas";
import type { AiGateway, AnswerInfo, InteractionSummary } from "./gateway";

const tags = ["AI"];

const readSettings = requireOrgPermission("ai.settings.read");
const writeSettings = requireOrgPermission("ai.settings.write");
const readUsage = requireOrgPermission("ai.usage.read");
const readTranscripts = requireOrgPermission("ai.transcripts.read");
const useAi = requireOrgPermission("ai.use");

type Service = AiService;
type Providers = Awaited<ReturnType<Service["listProviders"]>>;
type Credential = Providers["credentials"][number];
type Model = Awaited<ReturnType<Service["listModels"]>>[number];
type Route = Awaited<ReturnType<Service["listRoutes"]>>[number];
type Budget = Awaited<ReturnType<Service["getBudget"]>>;
type Settings = Awaited<ReturnType<Service["getSettings"]>>;
type Aggregate = Awaited<ReturnType<Service["usageSummary"]>>["totals"];
type Interaction = Awaited<ReturnType<Service["listInteractions"]>>["rows"][number];
type TranscriptSession = Awaited<ReturnType<Service["listTranscripts"]>>["rows"][number];
type TranscriptEntry = Awaited<ReturnType<Service["getTranscript"]>>["entries"][number];

// --- Shaping service results into the wire format -----------------------------------------

const toInstanceProvider = (row: ProviderStatus): z.infer<typeof providersSchema>["instance"][number] => ({
  name: row.name,
  kind: row.kind,
  label: row.label,
  source: row.source,
  configured: row.configured,
  env: row.env,
  base_url: row.baseUrl,
  region: row.region,
  model_count: row.modelCount,
  overridden_by_credential: row.overriddenByCredential,
});

/** Never the sealed secret: only the columns listCredentials selects, and the hint. */
const toCredential = (row: Credential): z.infer<typeof credentialSchema> => ({
  id: row.id,
  provider: row.provider,
  name: row.name,
  label: row.label,
  base_url: row.baseUrl,
  region: row.region,
  api_key_header: row.apiKeyHeader,
  key_hint: row.secretHint,
  status: row.status,
  model_count: row.modelCount,
  created_at: iso(row.createdAt),
  updated_at: iso(row.updatedAt),
});

const toModel = (row: Model): z.infer<typeof modelSchema> => ({
  ref: row.ref,
  provider: row.provider,
  model_id: row.modelId,
  kind: row.kind,
  label: row.label,
  input_usd_per_mtok: row.inputUsdPerMTok,
  output_usd_per_mtok: row.outputUsdPerMTok,
  context_tokens: row.contextTokens,
  enabled: row.enabled,
  source: row.source,
  overrides_default: row.overridesDefault,
  available: row.available,
});

const toRoute = (row: Route): z.infer<typeof routeSchema> => ({
  task: row.task,
  kind: modelKindForTask(row.task),
  model_refs: row.modelRefs,
  updated_at: isoOrNull(row.updatedAt),
  effective: {
    source: row.effective.source,
    model_refs: row.effective.modelRefs,
    skipped: row.effective.skipped.map((entry) => ({ ref: entry.ref, reason: entry.reason })),
  },
});

const toBudget = (row: Budget): z.infer<typeof budgetSchema> => ({
  month: row.month,
  monthly_limit_usd: row.monthlyLimitUsd,
  user_monthly_limit_usd: row.userMonthlyLimitUsd,
  alert_percent: row.alertPercent,
  spent_this_month_usd: row.spentThisMonthUsd,
  users: row.users.map((user) => ({
    user_id: user.userId,
    name: user.name,
    email: user.email,
    monthly_limit_usd: user.monthlyLimitUsd,
    spent_this_month_usd: user.spentThisMonthUsd,
    updated_at: iso(user.updatedAt),
  })),
});

const toSettings = (row: Settings): z.infer<typeof settingsSchema> => ({
  sanitiser_enabled: row.sanitiserEnabled,
  glossary: row.glossary,
  transcript_retention_days: row.transcriptRetentionDays,
  rate_limit_per_minute: row.rateLimitPerMinute,
  response_cache_ttl_seconds: row.responseCacheTtlSeconds,
  defaults: {
    transcript_retention_days: row.defaults.transcriptRetentionDays,
    rate_limit_per_minute: row.defaults.rateLimitPerMinute,
  },
});

const toAggregate = (row: Aggregate): z.infer<typeof usageAggregateSchema> => ({
  calls: row.calls,
  cost_usd: row.costUsd,
  input_tokens: row.inputTokens,
  output_tokens: row.outputTokens,
  errors: row.errors,
  fallbacks: row.fallbacks,
  cache_hits: row.cacheHits,
  error_rate: row.errorRate,
  fallback_rate: row.fallbackRate,
  cache_hit_rate: row.cacheHitRate,
  latency_p50_ms: row.latencyP50Ms,
  latency_p95_ms: row.latencyP95Ms,
  ttft_p50_ms: row.timeToFirstTokenP50Ms,
  ttft_p95_ms: row.timeToFirstTokenP95Ms,
});

const toInteraction = (row: Interaction): z.infer<typeof interactionSchema> => ({
  id: row.id,
  user_id: row.userId,
  user_name: row.userName,
  feature: row.feature,
  task: row.task,
  provider: row.provider,
  model: row.model,
  streamed: row.streamed,
  input_tokens: row.inputTokens,
  output_tokens: row.outputTokens,
  cost_usd: row.costUsd,
  latency_ms: row.latencyMs,
  time_to_first_token_ms: row.timeToFirstTokenMs,
  status: row.status,
  error_code: row.errorCode,
  error_message: row.errorMessage,
  cache_hit: row.cacheHit,
  fallback_used: row.fallbackUsed,
  offline: row.offline,
  attempts: row.attempts,
  session_id: row.sessionId,
  created_at: iso(row.createdAt),
});

const toTranscriptSession = (row: TranscriptSession): z.infer<typeof transcriptSessionSchema> => ({
  session_id: row.sessionId,
  user_id: row.userId,
  user_name: row.userName,
  features: row.features,
  calls: row.calls,
  failed: row.failed,
  first_at: iso(row.firstAt),
  last_at: iso(row.lastAt),
});

const toTranscriptEntry = (entry: TranscriptEntry): z.infer<typeof transcriptEntrySchema> => ({
  id: entry.id,
  user_id: entry.userId,
  feature: entry.feature,
  task: entry.task,
  provider: entry.provider,
  model: entry.model,
  offline: entry.offline,
  status: entry.status,
  started_at: entry.startedAt,
  finished_at: entry.finishedAt,
  request: entry.request,
  response: {
    text: entry.response.text,
    tool_calls: entry.response.toolCalls.map((call) => ({ tool_name: call.toolName, input: call.input })),
    tool_results: entry.response.toolResults.map((result) => ({
      tool_name: result.toolName,
      output: result.output,
    })),
  },
});

const toAnswer = (answer: AnswerInfo): z.infer<typeof answerSchema> => ({
  interaction_id: answer.interactionId,
  provider: answer.provider,
  model: answer.model,
  ref: answer.ref,
  offline: answer.offline,
  fallback_used: answer.fallbackUsed,
  cached: answer.cached,
});

const toCallUsage = (summary: InteractionSummary): z.infer<typeof playgroundUsageSchema> => ({
  status: summary.status,
  input_tokens: summary.inputTokens,
  output_tokens: summary.outputTokens,
  cost_usd: microUsdToUsd(summary.costMicroUsd),
  latency_ms: summary.latencyMs,
  time_to_first_token_ms: summary.timeToFirstTokenMs,
});

function usageFilter(query: z.infer<typeof usageQuery>) {
  return {
    from: query.from,
    to: query.to,
    userId: query.user_id,
    feature: query.feature,
    task: query.task,
    status: query.status,
  };
}

// --- Route definitions ----------------------------------------------------------------------

const noContent = { 204: { description: "Done" }, ...commonErrorResponses };
const gatewayErrors = {
  402: jsonResponse(errorSchema, "The org's or the caller's monthly AI budget is spent"),
  502: jsonResponse(errorSchema, "Every model in the chain failed"),
  503: jsonResponse(errorSchema, "No model is available for the task"),
};

const routes = {
  providers: createRoute({
    method: "get",
    path: "/ai/providers",
    tags,
    summary: "Instance providers (from the environment) and the org's own keys; never a key itself",
    middleware: readSettings,
    responses: { 200: jsonResponse(dataEnvelope(providersSchema), "Providers"), ...commonErrorResponses },
  }),
  saveCredential: createRoute({
    method: "put",
    path: "/ai/credentials/{name}",
    tags,
    summary: "Add or replace the org's key for a provider name (encrypted at rest, write-only)",
    description:
      "`name` is what model refs use: `openai` brings the org's own OpenAI key in place of the " +
      "instance's, `openrouter` names a new OpenAI-compatible endpoint. Leave `api_key` out to " +
      "keep the stored key while changing the label or URL.",
    middleware: writeSettings,
    request: { params: providerNameParams, body: jsonBody(saveCredentialBody) },
    responses: { 200: jsonResponse(dataEnvelope(credentialSchema), "Saved"), ...commonErrorResponses },
  }),
  deleteCredential: createRoute({
    method: "delete",
    path: "/ai/credentials/{id}",
    tags,
    summary: "Remove one of the org's provider keys",
    middleware: writeSettings,
    request: { params: idParams },
    responses: noContent,
  }),
  models: createRoute({
    method: "get",
    path: "/ai/models",
    tags,
    summary: "The model catalog with prices: built-in, instance and the org's own entries",
    middleware: readSettings,
    responses: { 200: jsonResponse(dataEnvelope(z.array(modelSchema)), "Models"), ...commonErrorResponses },
  }),
  saveModel: createRoute({
    method: "put",
    path: "/ai/models",
    tags,
    summary: "Add a model to the org's catalog, or set its price, context size or enabled flag",
    middleware: writeSettings,
    request: { body: jsonBody(saveModelBody) },
    responses: { 200: jsonResponse(dataEnvelope(modelSchema), "Saved"), ...commonErrorResponses },
  }),
  deleteModel: createRoute({
    method: "delete",
    path: "/ai/models",
    tags,
    summary: "Remove the org's entry: an added model disappears, an overridden one gets its default back",
    middleware: writeSettings,
    request: { query: modelRefQuery },
    responses: noContent,
  }),
  routes: createRoute({
    method: "get",
    path: "/ai/routes",
    tags,
    summary: "Per task: the org's fallback chain and the chain a call would use now",
    middleware: readSettings,
    responses: { 200: jsonResponse(dataEnvelope(z.array(routeSchema)), "Routes"), ...commonErrorResponses },
  }),
  saveRoute: createRoute({
    method: "put",
    path: "/ai/routes/{task}",
    tags,
    summary: "Set the ordered fallback chain for a task (models must be in the catalog, of the right kind)",
    middleware: writeSettings,
    request: { params: taskParams, body: jsonBody(saveRouteBody) },
    responses: { 200: jsonResponse(dataEnvelope(routeSchema), "Saved"), ...commonErrorResponses },
  }),
  resetRoute: createRoute({
    method: "delete",
    path: "/ai/routes/{task}",
    tags,
    summary: "Go back to the instance default chain for a task",
    middleware: writeSettings,
    request: { params: taskParams },
    responses: noContent,
  }),
  budget: createRoute({
    method: "get",
    path: "/ai/budget",
    tags,
    summary: "Monthly limits (org, per-user default, per-user overrides) and this month's spend",
    middleware: readSettings,
    responses: { 200: jsonResponse(dataEnvelope(budgetSchema), "Budget"), ...commonErrorResponses },
  }),
  saveBudget: createRoute({
    method: "put",
    path: "/ai/budget",
    tags,
    summary: "Set the org's monthly limit and the default limit per user (null: none)",
    middleware: writeSettings,
    request: { body: jsonBody(saveBudgetBody) },
    responses: { 200: jsonResponse(dataEnvelope(budgetSchema), "Saved"), ...commonErrorResponses },
  }),
  saveUserBudget: createRoute({
    method: "put",
    path: "/ai/budget/users/{userId}",
    tags,
    summary: "Give one member their own monthly limit",
    middleware: writeSettings,
    request: { params: userParams, body: jsonBody(saveUserBudgetBody) },
    responses: { 200: jsonResponse(dataEnvelope(userBudgetSchema), "Saved"), ...commonErrorResponses },
  }),
  deleteUserBudget: createRoute({
    method: "delete",
    path: "/ai/budget/users/{userId}",
    tags,
    summary: "Return a member to the org's per-user default",
    middleware: writeSettings,
    request: { params: userParams },
    responses: noContent,
  }),
  settings: createRoute({
    method: "get",
    path: "/ai/settings",
    tags,
    summary: "Privacy and limits: sanitiser, glossary, transcript retention, rate limit, cache",
    middleware: readSettings,
    responses: { 200: jsonResponse(dataEnvelope(settingsSchema), "Settings"), ...commonErrorResponses },
  }),
  saveSettings: createRoute({
    method: "put",
    path: "/ai/settings",
    tags,
    summary: "Replace the org's AI settings (null: the instance default)",
    middleware: writeSettings,
    request: { body: jsonBody(saveSettingsBody) },
    responses: { 200: jsonResponse(dataEnvelope(settingsSchema), "Saved"), ...commonErrorResponses },
  }),
  usageSummary: createRoute({
    method: "get",
    path: "/ai/usage/summary",
    tags,
    summary: "Cost, tokens, latency percentiles, error and fallback rates, by model, user, feature, task",
    middleware: readUsage,
    request: { query: usageQuery },
    responses: { 200: jsonResponse(dataEnvelope(usageSummarySchema), "Summary"), ...commonErrorResponses },
  }),
  usageSeries: createRoute({
    method: "get",
    path: "/ai/usage/series",
    tags,
    summary: "The same figures per hour or day, optionally one series per model, user, feature or task",
    middleware: readUsage,
    request: { query: seriesQuery },
    responses: {
      200: jsonResponse(dataEnvelope(z.array(usagePointSchema)), "Series"),
      ...commonErrorResponses,
    },
  }),
  interactions: createRoute({
    method: "get",
    path: "/ai/interactions",
    tags,
    summary: "The interaction log, newest first",
    middleware: readUsage,
    request: { query: paginationQuerySchema.extend(usageQuery.shape) },
    responses: {
      200: jsonResponse(pageEnvelope(interactionSchema), "Interactions"),
      ...commonErrorResponses,
    },
  }),
  transcripts: createRoute({
    method: "get",
    path: "/ai/transcripts",
    tags,
    summary: "Sessions with stored transcripts (within the org's retention), newest activity first",
    description:
      "One row per session and person. Features pass a session (the Goals coach, project chat) so " +
      "their exchanges are kept; read one with GET /ai/transcripts/{sessionId}.",
    middleware: readTranscripts,
    request: { query: transcriptsQuery },
    responses: {
      200: jsonResponse(pageEnvelope(transcriptSessionSchema), "Sessions"),
      ...commonErrorResponses,
    },
  }),
  transcript: createRoute({
    method: "get",
    path: "/ai/transcripts/{sessionId}",
    tags,
    summary: "One session's exchanges as its people saw them, oldest first (reading it is audited)",
    middleware: readTranscripts,
    request: { params: sessionParams },
    responses: { 200: jsonResponse(dataEnvelope(transcriptSchema), "Transcript"), ...commonErrorResponses },
  }),
  breakers: createRoute({
    method: "get",
    path: "/ai/breakers",
    tags,
    summary: "Circuit breakers this server holds for the instance's providers and the org's keys",
    middleware: readSettings,
    responses: {
      200: jsonResponse(dataEnvelope(z.array(breakerSchema)), "Breakers"),
      ...commonErrorResponses,
    },
  }),
  playground: createRoute({
    method: "post",
    path: "/ai/playground",
    tags,
    summary: "Run one prompt through the gateway as the caller, and see which model answered",
    description: "Routed, budgeted, rate limited and recorded like any other call (feature `ai.playground`).",
    middleware: useAi,
    request: { body: jsonBody(playgroundBody) },
    responses: {
      200: jsonResponse(dataEnvelope(playgroundResultSchema), "The answer"),
      ...commonErrorResponses,
      ...gatewayErrors,
    },
  }),
  playgroundStream: createRoute({
    method: "post",
    path: "/ai/playground/stream",
    tags,
    summary: "The playground, streamed as JSON lines",
    description:
      'Lines of `application/x-ndjson`: `{"type":"meta","answer":…}` once a model has started ' +
      'answering, `{"type":"content","text":…}` chunks, then `{"type":"done","usage":…}` or ' +
      '`{"type":"error","message":…}`. Refusals before the first token are ordinary JSON errors.',
    middleware: useAi,
    request: { body: jsonBody(playgroundBody) },
    responses: {
      200: {
        description: "The answer, streamed",
        // A record rather than a literal: the handler answers with a plain streamed Response.
        content: Object.fromEntries([["application/x-ndjson", { schema: z.string() }]]),
      },
      ...commonErrorResponses,
      ...gatewayErrors,
    },
  }),
};

const ndjson = (value: unknown) => `${JSON.stringify(value)}\n`;

function playgroundRequest(scope: OrgScope, body: z.infer<typeof playgroundBody>, abortSignal: AbortSignal) {
  return {
    scope: { orgId: scope.orgId, userId: scope.userId, correlationId: scope.correlationId },
    feature: "ai.playground",
    task: body.task,
    prompt: body.prompt,
    system: body.system,
    context: body.context,
    temperature: body.temperature,
    abortSignal,
  };
}

/** The AI admin API (settings, usage) and the playground: thin over the AI service and gateway. */
export function aiRoutes(ai: { service: AiService; gateway: AiGateway }) {
  const { service, gateway } = ai;
  return createRouter()
    .openapi(routes.providers, async (c) => {
      const providers = await service.listProviders(requestScope(c));
      return c.json(
        {
          data: {
            instance: providers.instance.map(toInstanceProvider),
            credentials: providers.credentials.map(toCredential),
            encryption_key_configured: providers.encryptionKeyConfigured,
          },
        },
        200,
      );
    })
    .openapi(routes.saveCredential, async (c) => {
      const scope = requestScope(c);
      const { name } = c.req.valid("param");
      const body = c.req.valid("json");
      const saved = await service.saveCredential(scope, {
        name,
        provider: body.provider,
        label: body.label,
        baseUrl: body.base_url,
        region: body.region,
        apiKeyHeader: body.api_key_header,
        apiKey: body.api_key,
        accessKeyId: body.access_key_id,
        secretAccessKey: body.secret_access_key,
      });
      const listed = (await service.listProviders(scope)).credentials.find((row) => row.id === saved.id);
      return c.json({ data: toCredential(listed!) }, 200);
    })
    .openapi(routes.deleteCredential, async (c) => {
      await service.deleteCredential(requestScope(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(routes.models, async (c) =>
      c.json({ data: (await service.listModels(requestScope(c))).map(toModel) }, 200),
    )
    .openapi(routes.saveModel, async (c) => {
      const scope = requestScope(c);
      const body = c.req.valid("json");
      const saved = await service.saveModel(scope, {
        provider: body.provider,
        modelId: body.model_id,
        kind: body.kind,
        label: body.label,
        inputUsdPerMTok: body.input_usd_per_mtok,
        outputUsdPerMTok: body.output_usd_per_mtok,
        contextTokens: body.context_tokens,
        enabled: body.enabled,
      });
      const listed = (await service.listModels(scope)).find((row) => row.ref === saved.ref);
      return c.json({ data: toModel(listed!) }, 200);
    })
    .openapi(routes.deleteModel, async (c) => {
      await service.deleteModel(requestScope(c), c.req.valid("query").ref);
      return c.body(null, 204);
    })
    .openapi(routes.routes, async (c) =>
      c.json({ data: (await service.listRoutes(requestScope(c))).map(toRoute) }, 200),
    )
    .openapi(routes.saveRoute, async (c) => {
      const scope = requestScope(c);
      const { task } = c.req.valid("param");
      await service.saveRoute(scope, { task, modelRefs: c.req.valid("json").model_refs });
      const saved = (await service.listRoutes(scope)).find((row) => row.task === task)!;
      return c.json({ data: toRoute(saved) }, 200);
    })
    .openapi(routes.resetRoute, async (c) => {
      await service.resetRoute(requestScope(c), c.req.valid("param").task);
      return c.body(null, 204);
    })
    .openapi(routes.budget, async (c) =>
      c.json({ data: toBudget(await service.getBudget(requestScope(c))) }, 200),
    )
    .openapi(routes.saveBudget, async (c) => {
      const scope = requestScope(c);
      const body = c.req.valid("json");
      await service.saveBudget(scope, {
        monthlyLimitUsd: body.monthly_limit_usd,
        userMonthlyLimitUsd: body.user_monthly_limit_usd,
        alertPercent: body.alert_percent,
      });
      return c.json({ data: toBudget(await service.getBudget(scope)) }, 200);
    })
    .openapi(routes.saveUserBudget, async (c) => {
      const saved = await service.saveUserBudget(requestScope(c), {
        userId: c.req.valid("param").userId,
        monthlyLimitUsd: c.req.valid("json").monthly_limit_usd,
      });
      return c.json({ data: { user_id: saved.userId, monthly_limit_usd: saved.monthlyLimitUsd } }, 200);
    })
    .openapi(routes.deleteUserBudget, async (c) => {
      await service.deleteUserBudget(requestScope(c), c.req.valid("param").userId);
      return c.body(null, 204);
    })
    .openapi(routes.settings, async (c) =>
      c.json({ data: toSettings(await service.getSettings(requestScope(c))) }, 200),
    )
    .openapi(routes.saveSettings, async (c) => {
      const scope = requestScope(c);
      const body = c.req.valid("json");
      await service.saveSettings(scope, {
        sanitiserEnabled: body.sanitiser_enabled,
        glossary: body.glossary,
        transcriptRetentionDays: body.transcript_retention_days,
        rateLimitPerMinute: body.rate_limit_per_minute,
        responseCacheTtlSeconds: body.response_cache_ttl_seconds,
      });
      return c.json({ data: toSettings(await service.getSettings(scope)) }, 200);
    })
    .openapi(routes.usageSummary, async (c) => {
      const summary = await service.usageSummary(requestScope(c), usageFilter(c.req.valid("query")));
      const keyed = <T extends Aggregate & { key: string }>(row: T) => ({
        key: row.key,
        ...toAggregate(row),
      });
      return c.json(
        {
          data: {
            totals: toAggregate(summary.totals),
            by_model: summary.byModel.map(keyed),
            by_user: summary.byUser.map((row) => ({
              ...keyed(row),
              user_name: row.userName,
              user_email: row.userEmail,
            })),
            by_feature: summary.byFeature.map(keyed),
            by_task: summary.byTask.map(keyed),
          },
        },
        200,
      );
    })
    .openapi(routes.usageSeries, async (c) => {
      const query = c.req.valid("query");
      const points = await service.usageSeries(requestScope(c), {
        ...usageFilter(query),
        interval: query.interval,
        groupBy: query.group_by ?? null,
      });
      return c.json(
        {
          data: points.map((point) => ({ bucket: iso(point.bucket), key: point.key, ...toAggregate(point) })),
        },
        200,
      );
    })
    .openapi(routes.interactions, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await service.listInteractions(requestScope(c), usageFilter(query), query);
      return c.json({ data: rows.map(toInteraction), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.transcripts, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await service.listTranscripts(requestScope(c), {
        ...query,
        userId: query.user_id,
      });
      return c.json({ data: rows.map(toTranscriptSession), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.transcript, async (c) => {
      const transcript = await service.getTranscript(requestScope(c), c.req.valid("param").sessionId);
      return c.json(
        {
          data: {
            session_id: transcript.sessionId,
            retention_days: transcript.retentionDays,
            entries: transcript.entries.map(toTranscriptEntry),
          },
        },
        200,
      );
    })
    .openapi(routes.breakers, async (c) => {
      const breakers = await service.breakers(requestScope(c));
      return c.json(
        {
          data: breakers.map((breaker) => ({
            key: breaker.key,
            ref: breaker.ref,
            status: breaker.status,
            retry_at: isoOrNull(breaker.retryAt),
          })),
        },
        200,
      );
    })
    .openapi(routes.playground, async (c) => {
      const request = playgroundRequest(requestScope(c), c.req.valid("json"), c.req.raw.signal);
      const { result, answer, interaction } = await gateway.generate(request);
      return c.json(
        { data: { text: result.text, answer: toAnswer(answer), usage: toCallUsage(interaction) } },
        200,
      );
    })
    .openapi(routes.playgroundStream, async (c) => {
      const request = playgroundRequest(requestScope(c), c.req.valid("json"), c.req.raw.signal);
      // Refusals (rate limit, budget, no model) throw here, before the stream starts: a JSON error.
      const { result, answer, finished } = await gateway.stream(request);
      const encoder = new TextEncoder();
      const body$ = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(ndjson({ type: "meta", answer: toAnswer(answer) })));
          try {
            for await (const text of result.textStream) {
              if (text) controller.enqueue(encoder.encode(ndjson({ type: "content", text })));
            }
            const summary = await finished;
            controller.enqueue(
              encoder.encode(
                ndjson(
                  summary.status === "success"
                    ? { type: "done", usage: toCallUsage(summary) }
                    : { type: "error", message: "The answer broke off", usage: toCallUsage(summary) },
                ),
              ),
            );
          } catch {
            controller.enqueue(encoder.encode(ndjson({ type: "error", message: "The answer broke off" })));
          } finally {
            controller.close();
          }
        },
      });
      return new Response(body$, {
        status: 200,
        headers: {
          "content-type": "application/x-ndjson; charset=utf-8",
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
        },
      });
    });
}
