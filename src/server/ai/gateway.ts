import {
  DownloadError,
  embedMany,
  type GenerateTextResult,
  generateText,
  InvalidArgumentError,
  InvalidDataContentError,
  InvalidMessageRoleError,
  InvalidPromptError,
  MessageConversionError,
  type ModelMessage,
  modelMessageSchema,
  type OutputInterface,
  type StreamTextResult,
  stepCountIs,
  streamText,
  type ToolChoice,
  type ToolSet,
} from "ai";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { monthKey } from "../../core/ai-routing/budget";
import { OFFLINE_PROVIDER, parseModelRef } from "../../core/ai-routing/catalog";
import { costMicroUsd, estimateTokens } from "../../core/ai-routing/cost";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../core/ai-routing/retry";
import type { AiTask, LanguageTask } from "../../core/ai-routing/tasks";
import { type Database, inTenant } from "../db";
import { AppError } from "../http";
import type { Logger } from "../logger";
import type { AiConfig } from "./ai.config";
import { recordInteraction } from "./ai.queries";
import { BreakerRegistry, type BreakerSnapshot } from "./breaker";
import { type BudgetAlert, budgetAlertsAfter, checkBudget } from "./budget";
import { createResponseCache, type ResponseCache } from "./cache";
import { resolveCandidates } from "./chain";
import { type ContextDocument, contextDocumentSchema, type PreparedAnswer } from "./offline-provider";
import { createOrgProfiles, type OrgAiProfile, type OrgProfiles } from "./org-profile";
import { createProviderRegistry, type ProviderRegistry } from "./providers";
import { MemoryRateLimiter, type RateLimiter } from "./rate-limit";
import {
  AllModelsFailedError,
  type CallTrace,
  type Candidate,
  createResilientModel,
  createTrace,
  runChain,
  withDeadline,
} from "./resilient-model";
import { Sanitiser } from "./sanitiser";
import type { TranscriptEntry, TranscriptStore } from "./transcripts";

/**
 * The response header that names the transcript session of a conversational answer (the Goals
 * coach, project chat): a client sends it back as `session_id` to keep one transcript.
 */
export const SESSION_HEADER = "x-session-id";

/** Who is asking: the tenant and, unless a job is, the person. */
export interface AiScope {
  orgId: string;
  userId: string | null;
  correlationId?: string | null;
}

interface BaseRequest {
  scope: AiScope;
  /** What in Cairn is asking, for cost reports: `goals.coach`, `knowledge.answer`. */
  feature: string;
  abortSignal?: AbortSignal;
}

export type LanguageRequest<TOOLS extends ToolSet = ToolSet> = BaseRequest & {
  task: LanguageTask;
  system?: string;
  tools?: TOOLS;
  toolChoice?: ToolChoice<TOOLS>;
  /** Model-tool rounds allowed (default 1). Tools with `execute` run between rounds. */
  maxSteps?: number;
  /** 0 makes the call deterministic and cacheable. */
  temperature?: number;
  maxOutputTokens?: number;
  /** The user's own data to answer from; real models get it as numbered sources, the offline model reads it directly. */
  context?: ContextDocument[];
  /** What the offline model answers, when it is the one answering (see PreparedAnswer). */
  offlineAnswer?: PreparedAnswer;
  /** Store this exchange in the session's transcript. */
  session?: { id: string };
} & ({ prompt: string; messages?: never } | { messages: ModelMessage[]; prompt?: never });

export interface EmbedRequest extends BaseRequest {
  values: string[];
}

/** Which model answered and how: what the caller (and the UI) learns about routing. */
export interface AnswerInfo {
  interactionId: string;
  provider: string;
  model: string;
  ref: string;
  fallbackUsed: boolean;
  cached: boolean;
  /** Answered by Cairn's offline model: the UI labels it. */
  offline: boolean;
}

export interface InteractionSummary {
  interactionId: string;
  status: "success" | "error" | "aborted";
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
}

export interface AiGatewayDeps {
  db: Database;
  config: AiConfig;
  logger: Logger;
  /** Wall clock in epoch milliseconds: budget months, cache expiry, breaker cooldowns, rate limits. */
  clock?: { now(): number };
  transcripts: TranscriptStore;
  providers?: ProviderRegistry;
  profiles?: OrgProfiles;
  breakers?: BreakerRegistry;
  rateLimiter?: RateLimiter;
  responseCache?: ResponseCache;
  retryPolicy?: Partial<RetryPolicy>;
  random?: () => number;
  /**
   * Called once when a call carries the org's or a user's monthly spend past the alert
   * threshold, behind the answer like the interaction row (flush() waits for it too).
   */
  onBudgetAlert?: (alert: BudgetAlert) => void | Promise<void>;
}

/** What generate() and stream() return as `result`: the AI SDK's own, with text output. */
export type GenerateResult<TOOLS extends ToolSet> = GenerateTextResult<
  TOOLS,
  OutputInterface<string, string>
>;
export type StreamResult<TOOLS extends ToolSet> = StreamTextResult<
  TOOLS,
  OutputInterface<string, string, never>
>;

const FEATURE = /^[a-z][a-z0-9_.-]{0,63}$/;
const MAX_CONTEXT_DOCUMENTS = 100;
const MAX_STEPS = 20;

const errorMessage = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/** Labelled (by default numbered) sources in the system prompt, so real models cite them the way the offline model does. */
function systemWithContext(
  system: string | undefined,
  context: readonly ContextDocument[],
): string | undefined {
  if (context.length === 0) return system;
  const marker = (document: ContextDocument, index: number) => document.label ?? String(index + 1);
  const sources = context
    .map((document, index) => `[${marker(document, index)}] ${document.title}\n${document.text}`)
    .join("\n\n");
  const instruction = `Answer from the sources below and cite them by their bracketed labels, like [${marker(context[0]!, 0)}].`;
  return `${system ? `${system}\n\n` : ""}${instruction}\n\n${sources}`;
}

function requestMessages(request: LanguageRequest<ToolSet>): ModelMessage[] {
  return request.messages ?? [{ role: "user", content: request.prompt ?? "" }];
}

/** The AI SDK's own check of a prompt (standardizePrompt), made before the call is counted. */
const promptMessagesSchema = z.array(modelMessageSchema).min(1, { error: "must not be empty" });

/** Errors the AI SDK raises about the request itself, before any model is called. */
const requestErrors = [
  InvalidPromptError,
  InvalidArgumentError,
  InvalidDataContentError,
  InvalidMessageRoleError,
  MessageConversionError,
  DownloadError,
];

/**
 * Waits until a model has started a streamed answer. The AI SDK reports a failure before it
 * calls any model (a prompt it rejects, an attachment it cannot fetch) only as a part of the
 * stream, and only while someone reads it: so one branch of the stream is read meanwhile,
 * and dropped once a model answers. Rejects with that failure instead of waiting forever.
 */
async function firstAnswerOf(result: StreamResult<ToolSet>, firstAnswer: Promise<unknown>): Promise<void> {
  const reader = result.fullStream.getReader();
  const failedFirst = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return new Error("The answer ended before any model started it");
      if (value.type === "error") return value.error;
      if (value.type === "abort") return new DOMException("The caller aborted the stream", "AbortError");
    }
  })().catch((error: unknown) => error);
  try {
    const failure = await Promise.race([firstAnswer.then(() => null), failedFirst]);
    if (failure !== null) throw failure;
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * The one way Cairn calls a model. Every call is rate limited per user, checked against the
 * org's and the user's monthly budgets, routed along the org's chain for its task (with
 * retries, circuit breakers and failover down to the offline model), optionally sanitised
 * and cached, and recorded in ai_interactions with its cost, latency and outcome.
 *
 * Call it outside any database transaction: it opens its own, and a model call that can take
 * a minute must never hold one open (on PGlite's single connection it could not even start).
 */
export function createAiGateway(deps: AiGatewayDeps) {
  const { db, config, logger } = deps;
  const now = () => deps.clock?.now() ?? Date.now();
  const registry = deps.providers ?? createProviderRegistry(config.providers);
  const profiles = deps.profiles ?? createOrgProfiles({ db, config, registry, logger, now });
  const breakers = deps.breakers ?? new BreakerRegistry(now);
  const rateLimiter = deps.rateLimiter ?? new MemoryRateLimiter(now);
  const responseCache = deps.responseCache ?? createResponseCache(db, () => new Date(now()));
  const retryPolicy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    maxRetries: config.maxRetries,
    ...deps.retryPolicy,
  };
  const random = deps.random ?? Math.random;
  const onBudgetAlert =
    deps.onBudgetAlert ??
    ((alert: BudgetAlert) =>
      logger.warn(
        {
          org_id: alert.orgId,
          user_id: alert.userId,
          spent_micro_usd: alert.spentMicroUsd,
          limit_micro_usd: alert.limitMicroUsd,
        },
        `AI spending passed ${alert.alertPercent}% of the monthly budget`,
      ));

  interface Call {
    id: string;
    scope: AiScope;
    feature: string;
    task: AiTask;
    streamed: boolean;
    sessionId: string | null;
    profile: OrgAiProfile;
    candidates: Candidate[];
    trace: CallTrace;
    startedAt: number;
    startedAtWall: Date;
    callerSignal: AbortSignal | undefined;
  }

  /** Checks that cost nothing run first; nothing reaches a provider unless all pass. */
  async function begin(
    base: BaseRequest,
    task: AiTask,
    options: { streamed: boolean; sessionId: string | null; estimatedInputTokens: number },
  ): Promise<Call> {
    const startedAt = performance.now();
    if (!FEATURE.test(base.feature)) {
      throw new AppError("VALIDATION_ERROR", {
        message: "feature must be a short lower-case name such as goals.coach",
        details: { feature: base.feature },
      });
    }
    const { scope } = base;
    const profile = await profiles.get(scope.orgId);
    if (scope.userId) {
      const taken = await rateLimiter.take(
        `${scope.orgId}:${scope.userId}`,
        profile.settings.rateLimitPerMinute,
      );
      if (!taken.allowed) {
        const seconds = Math.ceil(taken.retryAfterMs / 1000);
        throw new AppError("RATE_LIMITED", {
          message: `Too many AI requests; try again in ${seconds} s`,
          details: { limit_per_minute: profile.settings.rateLimitPerMinute, retry_after_seconds: seconds },
          headers: { "retry-after": String(seconds) },
        });
      }
    }
    const startedAtWall = new Date(now());
    await checkBudget(db, profile, scope.userId, startedAtWall);
    const route = resolveCandidates({
      profile,
      registry,
      breakers,
      task,
      estimatedInputTokens: options.estimatedInputTokens,
    });
    if (route.candidates.length === 0) {
      throw new AppError("SERVICE_UNAVAILABLE", {
        message:
          task === "embedding"
            ? "No embedding model is configured"
            : "No AI model is available for this task",
        details: { task, skipped: route.skipped },
      });
    }
    return {
      id: uuidv7(),
      scope,
      feature: base.feature,
      task,
      streamed: options.streamed,
      sessionId: options.sessionId,
      profile,
      candidates: route.candidates,
      trace: createTrace(route.skipped, route.primaryRef),
      startedAt,
      startedAtWall,
      callerSignal: base.abortSignal,
    };
  }

  function answerInfo(call: Call): AnswerInfo {
    const answeredBy = call.trace.answeredBy!;
    return {
      interactionId: call.id,
      provider: answeredBy.model.provider,
      model: answeredBy.model.modelId,
      ref: answeredBy.model.ref,
      fallbackUsed: call.trace.fallbackUsed,
      cached: call.trace.cacheHits > 0 && call.trace.providerCalls === 0,
      offline: answeredBy.model.provider === OFFLINE_PROVIDER,
    };
  }

  /** The model to blame in the record: the one that answered, else the last one that was tried. */
  function reportedModel(call: Call): { provider: string; model: string } {
    if (call.trace.answeredBy) {
      return { provider: call.trace.answeredBy.model.provider, model: call.trace.answeredBy.model.modelId };
    }
    const tried = [...call.trace.attempts].reverse().find((attempt) => attempt.outcome !== "skipped");
    const ref = tried?.ref ?? call.candidates[0]?.model.ref ?? "none:none";
    const parsed = parseModelRef(ref);
    return parsed ? { provider: parsed.provider, model: parsed.modelId } : { provider: "none", model: ref };
  }

  function outcomeOf(
    call: Call,
    error: unknown,
  ): { status: InteractionSummary["status"]; code: string; message: string } {
    if (call.trace.streamFailure) {
      const failure = call.trace.streamFailure;
      return {
        status: failure.kind === "aborted" ? "aborted" : "error",
        code: failure.kind,
        message: failure.message,
      };
    }
    if (error instanceof AllModelsFailedError)
      return { status: "error", code: "all_models_failed", message: error.message };
    const name = error instanceof Error ? error.name : "";
    if (name === "AbortError" || call.callerSignal?.aborted) {
      return { status: "aborted", code: "aborted", message: errorMessage(error) };
    }
    return { status: "error", code: name || "error", message: errorMessage(error) };
  }

  const pendingWrites = new Set<Promise<void>>();

  /**
   * Ends a call: its summary at once, and everything durable written behind the answer (the
   * interaction row with the month's spend, budget alerts, the transcript), so no caller waits
   * on the database. A failed write is logged, never thrown: the answer was already given.
   */
  function finishCall(
    call: Call,
    error: unknown | null,
    exchange?: { request: LanguageRequest<ToolSet>; response: TranscriptEntry["response"] },
  ): { summary: InteractionSummary; written: Promise<void> } {
    const { trace } = call;
    const latencyMs = Math.round(performance.now() - call.startedAt);
    const timeToFirstTokenMs =
      call.streamed && trace.firstTokenAt !== null ? Math.round(trace.firstTokenAt - call.startedAt) : null;
    const outcome =
      error === null && !trace.streamFailure
        ? { status: "success" as const, code: null, message: null }
        : outcomeOf(call, error);
    const summary: InteractionSummary = {
      interactionId: call.id,
      status: outcome.status,
      inputTokens: trace.inputTokens,
      outputTokens: trace.outputTokens,
      costMicroUsd: trace.costMicroUsd,
      latencyMs,
      timeToFirstTokenMs,
    };
    const interaction = {
      id: call.id,
      orgId: call.scope.orgId,
      userId: call.scope.userId,
      feature: call.feature,
      task: call.task,
      ...reportedModel(call),
      streamed: call.streamed,
      inputTokens: trace.inputTokens,
      outputTokens: trace.outputTokens,
      costMicroUsd: trace.costMicroUsd,
      latencyMs,
      timeToFirstTokenMs,
      status: outcome.status,
      errorCode: outcome.code,
      errorMessage: outcome.message,
      cacheHit: trace.cacheHits > 0 && trace.providerCalls === 0,
      fallbackUsed: trace.fallbackUsed,
      offline: trace.answeredBy?.model.provider === OFFLINE_PROVIDER,
      attempts: trace.attempts,
      sessionId: call.sessionId,
      correlationId: call.scope.correlationId ?? null,
      // When the call was made, not when its row was written (writes trail the answer).
      createdAt: call.startedAtWall,
    };
    const write = async () => {
      let alerts: BudgetAlert[] = [];
      try {
        alerts = await inTenant(db, call.scope, async (tx) => {
          await recordInteraction(tx, interaction, monthKey(call.startedAtWall));
          return budgetAlertsAfter(tx, call.profile, {
            userId: call.scope.userId,
            at: call.startedAtWall,
            costMicroUsd: trace.costMicroUsd,
          });
        });
      } catch (writeError) {
        logger.error({ err: writeError, interaction_id: call.id }, "could not record an AI interaction");
      }
      for (const alert of alerts) {
        try {
          await onBudgetAlert(alert);
        } catch (alertError) {
          logger.error({ err: alertError, org_id: alert.orgId }, "could not send an AI budget alert");
        }
      }
      if (exchange && call.sessionId)
        await saveTranscript(call, exchange.request, summary.status, exchange.response);
    };
    // Start on the next turn of the event loop: PGlite runs on this thread, and the caller's
    // answer (or the stream's end) should reach it before the write takes the CPU.
    const written = new Promise<void>((resolve) => setImmediate(resolve)).then(write);
    pendingWrites.add(written);
    void written.finally(() => pendingWrites.delete(written));
    return { summary, written };
  }

  async function saveTranscript(
    call: Call,
    request: LanguageRequest<ToolSet>,
    status: InteractionSummary["status"],
    response: TranscriptEntry["response"],
  ): Promise<void> {
    try {
      await deps.transcripts.save({
        id: call.id,
        orgId: call.scope.orgId,
        userId: call.scope.userId,
        sessionId: call.sessionId!,
        feature: call.feature,
        task: call.task,
        ...reportedModel(call),
        offline: call.trace.answeredBy?.model.provider === OFFLINE_PROVIDER,
        status,
        startedAt: call.startedAtWall.toISOString(),
        finishedAt: new Date(now()).toISOString(),
        request: { system: request.system ?? null, messages: requestMessages(request) },
        response,
      });
    } catch (error) {
      logger.error({ err: error, interaction_id: call.id }, "could not store an AI transcript");
    }
  }

  function toGatewayError(error: unknown): unknown {
    if (error instanceof AllModelsFailedError) {
      return new AppError("BAD_GATEWAY", {
        message: "No AI model could answer this request",
        details: { attempts: error.attempts },
      });
    }
    if (requestErrors.some((type) => type.isInstance(error))) {
      return new AppError("VALIDATION_ERROR", {
        message: `The AI request is invalid: ${errorMessage(error)}`,
      });
    }
    return error;
  }

  async function prepareLanguageCall(request: LanguageRequest<ToolSet>, streamed: boolean) {
    const context = z
      .array(contextDocumentSchema)
      .max(MAX_CONTEXT_DOCUMENTS)
      .safeParse(request.context ?? []);
    if (!context.success) {
      throw new AppError("VALIDATION_ERROR", {
        message: "context is not a list of documents",
        details: context.error.issues,
      });
    }
    const maxSteps = request.maxSteps ?? 1;
    if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > MAX_STEPS) {
      throw new AppError("VALIDATION_ERROR", {
        message: `maxSteps must be a whole number from 1 to ${MAX_STEPS}`,
      });
    }
    const system = systemWithContext(request.system, context.data);
    const messages = requestMessages(request);
    // Checked only: a parsed copy would drop fields the schema does not know.
    const prompt = promptMessagesSchema.safeParse(messages);
    if (!prompt.success) {
      throw new AppError("VALIDATION_ERROR", {
        message: "messages must be a non-empty list of system, user, assistant or tool messages",
        details: prompt.error.issues
          .slice(0, 10)
          .map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      });
    }
    const call = await begin(request, request.task, {
      streamed,
      sessionId: request.session?.id ?? null,
      estimatedInputTokens: estimateTokens((system ?? "") + JSON.stringify(messages)),
    });
    const { settings } = call.profile;
    const model = createResilientModel({
      orgId: call.scope.orgId,
      candidates: call.candidates,
      trace: call.trace,
      breakers,
      retryPolicy,
      random,
      logger,
      timeoutMs: config.timeoutMs,
      cache:
        settings.responseCacheTtlSeconds > 0
          ? { store: responseCache, ttlSeconds: settings.responseCacheTtlSeconds }
          : null,
      sanitiser: settings.sanitiserEnabled ? new Sanitiser(settings.glossary) : null,
      context: context.data,
      offlineAnswer: request.offlineAnswer,
      now: () => performance.now(),
    });
    const options = {
      model,
      system,
      messages,
      tools: request.tools,
      toolChoice: request.toolChoice,
      temperature: request.temperature,
      maxOutputTokens: request.maxOutputTokens,
      abortSignal: request.abortSignal,
      stopWhen: stepCountIs(maxSteps),
      // The resilient model retries and fails over itself; SDK retries would multiply them.
      maxRetries: 0,
    };
    return { call, options };
  }

  function transcriptResponse(
    steps: ReadonlyArray<{ toolCalls: unknown[]; toolResults: unknown[] }>,
    text: string,
  ) {
    const calls = steps.flatMap((step) => step.toolCalls) as { toolName: string; input: unknown }[];
    const results = steps.flatMap((step) => step.toolResults) as { toolName: string; output: unknown }[];
    return {
      text,
      toolCalls: calls.map(({ toolName, input }) => ({ toolName, input })),
      toolResults: results.map(({ toolName, output }) => ({ toolName, output })),
    };
  }

  return {
    /**
     * A complete answer, and which model gave it. Throws AppError RATE_LIMITED,
     * PAYMENT_REQUIRED, VALIDATION_ERROR, SERVICE_UNAVAILABLE or BAD_GATEWAY before or instead
     * of calling a provider. The interaction row is written just behind the answer (see flush()).
     */
    async generate<TOOLS extends ToolSet = ToolSet>(
      request: LanguageRequest<TOOLS>,
    ): Promise<{ result: GenerateResult<TOOLS>; answer: AnswerInfo; interaction: InteractionSummary }> {
      const { call, options } = await prepareLanguageCall(request as LanguageRequest<ToolSet>, false);
      let result: GenerateResult<TOOLS>;
      try {
        result = (await generateText(options)) as unknown as GenerateResult<TOOLS>;
      } catch (error) {
        finishCall(call, error);
        throw toGatewayError(error);
      }
      const { summary } = finishCall(call, null, {
        request: request as LanguageRequest<ToolSet>,
        response: transcriptResponse(result.steps, result.text),
      });
      return { result, answer: answerInfo(call), interaction: summary };
    },

    /**
     * A streamed answer. Resolves once a model has started answering (after any failover
     * before the first token), so `answer` is known and a refusal is a thrown AppError rather
     * than a broken stream. Consume `result` (textStream, fullStream, toUIMessageStreamResponse)
     * to the end; `finished` then settles with the summary once the interaction row is written.
     */
    async stream<TOOLS extends ToolSet = ToolSet>(
      request: LanguageRequest<TOOLS>,
    ): Promise<{ result: StreamResult<TOOLS>; answer: AnswerInfo; finished: Promise<InteractionSummary> }> {
      const { call, options } = await prepareLanguageCall(request as LanguageRequest<ToolSet>, true);
      let finish: (summary: InteractionSummary) => void = () => {};
      const finished = new Promise<InteractionSummary>((resolve) => {
        finish = resolve;
      });
      let ended = false;
      const endOnce = (error: unknown | null, response: TranscriptEntry["response"] | null) => {
        if (ended) return;
        ended = true;
        const exchange = response ? { request: request as LanguageRequest<ToolSet>, response } : undefined;
        const { summary, written } = finishCall(call, error, exchange);
        void written.then(() => finish(summary));
      };
      const result = streamText({
        ...options,
        // Without onError, streamText ends a failed stream silently.
        onError: ({ error }) => endOnce(error, null),
        onAbort: () => endOnce(new DOMException("The caller aborted the stream", "AbortError"), null),
        onFinish: (event) => endOnce(null, transcriptResponse(event.steps, event.text)),
      }) as unknown as StreamResult<TOOLS>;
      try {
        await firstAnswerOf(result as unknown as StreamResult<ToolSet>, call.trace.firstAnswer);
      } catch (error) {
        endOnce(error, null);
        throw toGatewayError(error);
      }
      return { result, answer: answerInfo(call), finished };
    },

    /** Embeddings for `values`, along the org's embedding chain. SERVICE_UNAVAILABLE if none is configured. */
    async embed(
      request: EmbedRequest,
    ): Promise<{ embeddings: number[][]; answer: AnswerInfo; interaction: InteractionSummary }> {
      if (request.values.length === 0) {
        throw new AppError("VALIDATION_ERROR", { message: "values must not be empty" });
      }
      const call = await begin(request, "embedding", {
        streamed: false,
        sessionId: null,
        estimatedInputTokens: request.values.reduce(
          (longest, value) => Math.max(longest, estimateTokens(value)),
          0,
        ),
      });
      try {
        const { candidate, value } = await runChain(
          { candidates: call.candidates, trace: call.trace, breakers, retryPolicy, random, logger },
          request.abortSignal,
          {
            attempt: (candidate, signal) =>
              withDeadline(signal, config.timeoutMs, (deadlineSignal) =>
                embedMany({
                  model: candidate.connection.embeddingModel(candidate.model.modelId)!,
                  values: request.values,
                  maxRetries: 0,
                  abortSignal: deadlineSignal,
                }),
              ),
          },
        );
        const usage = { inputTokens: value.usage.tokens, outputTokens: 0 };
        call.trace.inputTokens += usage.inputTokens;
        call.trace.costMicroUsd += costMicroUsd(candidate.model, usage);
        const { summary } = finishCall(call, null);
        return { embeddings: value.embeddings, answer: answerInfo(call), interaction: summary };
      } catch (error) {
        finishCall(call, error);
        throw toGatewayError(error);
      }
    },

    /** Whether the org has an embedding model to use (semantic search runs only then). */
    async canEmbed(orgId: string): Promise<boolean> {
      const profile = await profiles.get(orgId);
      return (
        resolveCandidates({ profile, registry, breakers, task: "embedding", estimatedInputTokens: 0 })
          .candidates.length > 0
      );
    },

    /** Waits for interaction rows and transcripts still being written: call before shutting down. */
    async flush(): Promise<void> {
      while (pendingWrites.size > 0) await Promise.allSettled([...pendingWrites]);
    },

    /** Circuit breaker states in this process, for the admin view. */
    breakerStates(): BreakerSnapshot[] {
      return breakers.snapshot();
    },
  };
}

export type AiGateway = ReturnType<typeof createAiGateway>;
