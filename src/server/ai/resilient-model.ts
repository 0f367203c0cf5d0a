import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { type CatalogModel, OFFLINE_PROVIDER } from "../../core/ai-routing/catalog";
import { costMicroUsd } from "../../core/ai-routing/cost";
import {
  countsAgainstBreaker,
  type FailureKind,
  planRetry,
  type RetryPolicy,
} from "../../core/ai-routing/retry";
import type { SkipReason } from "../../core/ai-routing/routing";
import type { Logger } from "../logger";
import type { BreakerRegistry } from "./breaker";
import {
  type CachedResponse,
  cachedStreamParts,
  type ResponseCache,
  responseCacheKey,
  StreamCollector,
  toCachedResponse,
} from "./cache";
import { type ContextDocument, offlineProviderOptions, type PreparedAnswer } from "./offline-provider";
import type { ProviderConnection } from "./providers";
import { describeFailure, type FailureDescription, sleep } from "./retry";
import type { Sanitiser } from "./sanitiser";

/** One model the chain may try, with the connection that reaches it. */
export interface Candidate {
  model: CatalogModel;
  connection: ProviderConnection;
  /** Null for the offline model, which has no provider to protect. */
  breakerKey: string | null;
}

export type AttemptRecord =
  | { ref: string; outcome: "skipped"; reason: SkipReason }
  | { ref: string; outcome: "answered"; retries: number; cached: boolean }
  | {
      ref: string;
      outcome: "failed";
      retries: number;
      kind: FailureKind;
      statusCode: number | null;
      message: string;
    };

/** What happened during one gateway call, across its steps, attempts and fallbacks. */
export interface CallTrace {
  /** The model the task normally gets; an answer from any other is a fallback. */
  primaryRef: string | null;
  attempts: AttemptRecord[];
  answeredBy: Candidate | null;
  /** Some step was answered by a model other than the primary. */
  fallbackUsed: boolean;
  providerCalls: number;
  cacheHits: number;
  /** performance.now() of the first content part of a streamed answer. */
  firstTokenAt: number | null;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  /** Set when a stream broke after its first token (nothing to fail over to by then). */
  streamFailure: FailureDescription | null;
  /** Settles when a streamed call has a model answering, or none could. */
  firstAnswer: Promise<Candidate>;
  settleFirstAnswer: { resolve(candidate: Candidate): void; reject(error: unknown): void };
}

export function createTrace(
  skipped: readonly { ref: string; reason: SkipReason }[],
  primaryRef: string | null,
): CallTrace {
  let settle!: CallTrace["settleFirstAnswer"];
  const firstAnswer = new Promise<Candidate>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Only streamed calls wait on it; a non-streamed failure must not become an unhandled rejection.
  firstAnswer.catch(() => {});
  return {
    primaryRef,
    attempts: skipped.map((entry) => ({ ref: entry.ref, outcome: "skipped", reason: entry.reason })),
    answeredBy: null,
    fallbackUsed: false,
    providerCalls: 0,
    cacheHits: 0,
    firstTokenAt: null,
    inputTokens: 0,
    outputTokens: 0,
    costMicroUsd: 0,
    streamFailure: null,
    firstAnswer,
    settleFirstAnswer: settle,
  };
}

/** Every model in the chain failed or was refused; `attempts` says how. */
export class AllModelsFailedError extends Error {
  constructor(readonly attempts: AttemptRecord[]) {
    super("No AI model could answer this request");
    this.name = "AllModelsFailedError";
  }
}

/** One provider attempt failed; carries the classification made where the facts were known. */
class AttemptFailure extends Error {
  constructor(
    readonly failure: FailureDescription,
    override readonly cause: unknown,
  ) {
    super(failure.message);
    this.name = "AttemptFailure";
  }
}

export interface ChainDeps {
  candidates: readonly Candidate[];
  trace: CallTrace;
  breakers: BreakerRegistry;
  retryPolicy: RetryPolicy;
  random: () => number;
  logger: Logger;
}

/**
 * Tries the candidates in order: a cached answer first, then the circuit breaker's consent,
 * then the call with retries (backoff and jitter, retry-after honoured) on retryable
 * failures, and on to the next model when one gives up. A caller's abort stops everything.
 */
export async function runChain<T>(
  deps: ChainDeps,
  callerSignal: AbortSignal | undefined,
  steps: {
    fromCache?: (candidate: Candidate) => Promise<T | undefined>;
    attempt: (candidate: Candidate, signal: AbortSignal | undefined) => Promise<T>;
  },
): Promise<{ candidate: Candidate; value: T; cached: boolean }> {
  const { trace, breakers } = deps;
  for (const candidate of deps.candidates) {
    const ref = candidate.model.ref;
    const cached = await steps.fromCache?.(candidate);
    if (cached !== undefined) {
      trace.attempts.push({ ref, outcome: "answered", retries: 0, cached: true });
      trace.cacheHits += 1;
      trace.answeredBy = candidate;
      if (ref !== trace.primaryRef) trace.fallbackUsed = true;
      return { candidate, value: cached, cached: true };
    }
    let retries = 0;
    for (;;) {
      if (candidate.breakerKey && !breakers.tryAcquire(candidate.breakerKey)) {
        trace.attempts.push({ ref, outcome: "skipped", reason: "circuit_open" });
        break;
      }
      try {
        trace.providerCalls += 1;
        const value = await steps.attempt(candidate, callerSignal);
        if (candidate.breakerKey) breakers.success(candidate.breakerKey);
        trace.attempts.push({ ref, outcome: "answered", retries, cached: false });
        trace.answeredBy = candidate;
        if (ref !== trace.primaryRef) trace.fallbackUsed = true;
        return { candidate, value, cached: false };
      } catch (error) {
        const failure =
          error instanceof AttemptFailure
            ? error.failure
            : describeFailure(error, {
                timedOut: false,
                callerAborted: callerSignal?.aborted ?? false,
                now: Date.now(),
              });
        if (candidate.breakerKey) {
          if (countsAgainstBreaker(failure.kind)) breakers.failure(candidate.breakerKey);
          else breakers.neutral(candidate.breakerKey);
        }
        if (failure.kind === "aborted") throw error instanceof AttemptFailure ? error.cause : error;
        const decision = planRetry({
          kind: failure.kind,
          retriesSoFar: retries,
          retryAfterMs: failure.retryAfterMs,
          policy: deps.retryPolicy,
          random: deps.random(),
        });
        if (decision.retry) {
          retries += 1;
          deps.logger.debug(
            { model: ref, kind: failure.kind, delay_ms: decision.delayMs },
            "retrying AI call",
          );
          await sleep(decision.delayMs, callerSignal);
          continue;
        }
        deps.logger.warn(
          { model: ref, kind: failure.kind, status: failure.statusCode, retries, reason: decision.reason },
          "AI model failed; trying the next one",
        );
        trace.attempts.push({
          ref,
          outcome: "failed",
          retries,
          kind: failure.kind,
          statusCode: failure.statusCode ?? null,
          message: failure.message.slice(0, 500),
        });
        break;
      }
    }
  }
  throw new AllModelsFailedError(trace.attempts);
}

/**
 * An abort signal for one attempt that fires when the caller aborts or when `timeoutMs`
 * passes without progress; `touch()` restarts the clock (a streamed chunk is progress).
 */
function attemptDeadline(callerSignal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException("The model did not answer in time", "TimeoutError"));
    }, timeoutMs);
  };
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  arm();
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    touch: arm,
    clear() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}

type Deadline = ReturnType<typeof attemptDeadline>;

/** Runs one provider call under the per-call timeout, classifying any failure where the facts are known. */
export async function withDeadline<T>(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  run: (signal: AbortSignal) => PromiseLike<T>,
): Promise<T> {
  const deadline = attemptDeadline(callerSignal, timeoutMs);
  try {
    return await run(deadline.signal);
  } catch (error) {
    throw new AttemptFailure(failureOf(error, deadline, callerSignal), error);
  } finally {
    deadline.clear();
  }
}

function failureOf(
  error: unknown,
  deadline: Deadline,
  callerSignal: AbortSignal | undefined,
): FailureDescription {
  return describeFailure(error, {
    timedOut: deadline.timedOut,
    callerAborted: callerSignal?.aborted ?? false,
    now: Date.now(),
  });
}

function tokenCounts(usage: LanguageModelV3Usage): { inputTokens: number; outputTokens: number } {
  return { inputTokens: usage.inputTokens.total ?? 0, outputTokens: usage.outputTokens.total ?? 0 };
}

/** Parts that show a model is really answering; until one arrives a stream can still fail over. */
function isContent(part: LanguageModelV3StreamPart): boolean {
  switch (part.type) {
    case "text-delta":
    case "reasoning-delta":
      return part.delta.length > 0;
    case "tool-input-start":
    case "tool-call":
    case "file":
    case "source":
    case "finish":
      return true;
    default:
      return false;
  }
}

export interface ResilientModelOptions extends ChainDeps {
  orgId: string;
  timeoutMs: number;
  cache: { store: ResponseCache; ttlSeconds: number } | null;
  sanitiser: Sanitiser | null;
  context: readonly ContextDocument[];
  offlineAnswer?: PreparedAnswer;
  now: () => number;
}

/**
 * The model the gateway hands to generateText/streamText: a LanguageModelV3 that routes each
 * step through the chain, so tools, multi-step loops and output parsing stay the AI SDK's,
 * while routing, retries, breakers, failover, caching and sanitising stay Cairn's.
 */
export function createResilientModel(options: ResilientModelOptions): LanguageModelV3 {
  const { trace, sanitiser } = options;

  /** What one candidate is sent: sanitised unless it is the offline model (nothing leaves the machine). */
  function prepare(
    candidate: Candidate,
    callOptions: LanguageModelV3CallOptions,
  ): LanguageModelV3CallOptions {
    if (candidate.model.provider === OFFLINE_PROVIDER) {
      return {
        ...callOptions,
        providerOptions: {
          ...callOptions.providerOptions,
          ...offlineProviderOptions(options.context, options.offlineAnswer),
        },
      };
    }
    return sanitiser ? { ...callOptions, prompt: sanitiser.sanitisePrompt(callOptions.prompt) } : callOptions;
  }

  function cacheKey(candidate: Candidate, prepared: LanguageModelV3CallOptions): string | null {
    if (!options.cache || candidate.model.provider === OFFLINE_PROVIDER) return null;
    return responseCacheKey(options.orgId, candidate.model.ref, prepared);
  }

  async function lookup(
    candidate: Candidate,
    callOptions: LanguageModelV3CallOptions,
  ): Promise<CachedResponse | undefined> {
    const key = cacheKey(candidate, prepare(candidate, callOptions));
    if (!key || !options.cache) return undefined;
    try {
      return await options.cache.store.get(options.orgId, key);
    } catch (error) {
      options.logger.warn({ err: error }, "AI response cache lookup failed; calling the model");
      return undefined;
    }
  }

  async function remember(
    candidate: Candidate,
    callOptions: LanguageModelV3CallOptions,
    response: CachedResponse | null,
  ) {
    const key = cacheKey(candidate, prepare(candidate, callOptions));
    if (!key || !options.cache || !response) return;
    try {
      await options.cache.store.put(
        options.orgId,
        key,
        candidate.model.ref,
        response,
        options.cache.ttlSeconds,
      );
    } catch (error) {
      options.logger.warn({ err: error }, "could not store an AI response in the cache");
    }
  }

  function account(candidate: Candidate, usage: { inputTokens: number; outputTokens: number }) {
    trace.inputTokens += usage.inputTokens;
    trace.outputTokens += usage.outputTokens;
    trace.costMicroUsd += costMicroUsd(candidate.model, usage);
  }

  function restoreContent(content: LanguageModelV3Content[]): LanguageModelV3Content[] {
    if (!sanitiser) return content;
    return content.map((part) => {
      if (part.type === "text" || part.type === "reasoning")
        return { ...part, text: sanitiser.restoreText(part.text) };
      if (part.type === "tool-call") return { ...part, input: sanitiser.restoreText(part.input, true) };
      return part;
    });
  }

  return {
    specificationVersion: "v3",
    provider: "cairn.gateway",
    modelId: "routed",
    supportedUrls: {},

    async doGenerate(callOptions): Promise<LanguageModelV3GenerateResult> {
      const callerSignal = callOptions.abortSignal;
      const { candidate, value, cached } = await runChain<LanguageModelV3GenerateResult | CachedResponse>(
        options,
        callerSignal,
        {
          fromCache: (candidate) => lookup(candidate, callOptions),
          attempt: (candidate) =>
            withDeadline(callerSignal, options.timeoutMs, (signal) =>
              candidate.connection
                .languageModel(candidate.model.modelId)
                .doGenerate({ ...prepare(candidate, callOptions), abortSignal: signal }),
            ),
        },
      );
      if (cached) {
        const hit = value as CachedResponse;
        return {
          content: restoreContent(hit.content),
          finishReason: { unified: hit.finishReason.unified, raw: hit.finishReason.raw },
          usage: {
            inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
            outputTokens: { total: 0, text: 0, reasoning: undefined },
          },
          providerMetadata: { cairn: { cached: true } },
          warnings: [],
        };
      }
      const result = value as LanguageModelV3GenerateResult;
      const usage = tokenCounts(result.usage);
      account(candidate, usage);
      await remember(candidate, callOptions, toCachedResponse(result.content, result.finishReason, usage));
      return { ...result, content: restoreContent(result.content) };
    },

    async doStream(callOptions): Promise<LanguageModelV3StreamResult> {
      const callerSignal = callOptions.abortSignal;
      type Opened = {
        buffered: LanguageModelV3StreamPart[];
        reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | null;
        deadline: Deadline | null;
        response: LanguageModelV3StreamResult["response"];
      };
      let opened: { candidate: Candidate; value: Opened; cached: boolean };
      try {
        opened = await runChain<Opened>(options, callerSignal, {
          fromCache: async (candidate) => {
            const hit = await lookup(candidate, callOptions);
            if (!hit) return undefined;
            return {
              buffered: cachedStreamParts(restoreCached(hit), candidate.model.modelId),
              reader: null,
              deadline: null,
              response: undefined,
            };
          },
          attempt: async (candidate) => {
            const deadline = attemptDeadline(callerSignal, options.timeoutMs);
            let reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | null = null;
            try {
              const result = await candidate.connection
                .languageModel(candidate.model.modelId)
                .doStream({ ...prepare(candidate, callOptions), abortSignal: deadline.signal });
              reader = result.stream.getReader();
              const buffered: LanguageModelV3StreamPart[] = [];
              // Hold everything until the first real content: before it, a failure can still fail over.
              for (;;) {
                const next = await reader.read();
                if (next.done) throw new Error("The model's stream ended before it answered");
                if (next.value.type === "error") throw next.value.error;
                buffered.push(next.value);
                if (isContent(next.value)) break;
              }
              return { buffered, reader, deadline, response: result.response };
            } catch (error) {
              deadline.clear();
              reader?.cancel().catch(() => {});
              throw new AttemptFailure(failureOf(error, deadline, callerSignal), error);
            }
          },
        });
      } catch (error) {
        trace.settleFirstAnswer.reject(error);
        throw error;
      }
      const { candidate, value } = opened;
      if (trace.firstTokenAt === null) trace.firstTokenAt = options.now();
      trace.settleFirstAnswer.resolve(candidate);
      return {
        stream: relay(candidate, value, callOptions, opened.cached),
        response: value.response,
      };

      function restoreCached(hit: CachedResponse): CachedResponse {
        if (!sanitiser) return hit;
        return {
          ...hit,
          content: hit.content.map((part) =>
            part.type === "text"
              ? { ...part, text: sanitiser.restoreText(part.text) }
              : { ...part, input: sanitiser.restoreText(part.input, true) },
          ),
        };
      }
    },
  };

  /**
   * The stream the AI SDK reads: buffered parts, then the rest of the provider's stream, with
   * placeholders restored, the idle timeout kept alive, usage accounted and the answer cached.
   * A failure after the first token cannot fail over; it is recorded and passed on as an error part.
   */
  function relay(
    candidate: Candidate,
    opened: {
      buffered: LanguageModelV3StreamPart[];
      reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | null;
      deadline: Deadline | null;
    },
    callOptions: LanguageModelV3CallOptions,
    cached: boolean,
  ): ReadableStream<LanguageModelV3StreamPart> {
    const { buffered, reader, deadline } = opened;
    const collector = cached ? null : new StreamCollector();
    const restorers = new Map<string, ReturnType<Sanitiser["streamRestorer"]>>();
    const restorer = (id: string, json: boolean) => {
      let found = restorers.get(id);
      if (!found && sanitiser) {
        found = sanitiser.streamRestorer(json);
        restorers.set(id, found);
      }
      return found;
    };

    function restore(part: LanguageModelV3StreamPart): LanguageModelV3StreamPart[] {
      if (!sanitiser || cached) return [part];
      switch (part.type) {
        case "text-delta":
        case "reasoning-delta": {
          const delta = restorer(part.id, false)!.push(part.delta);
          return delta ? [{ ...part, delta }] : [];
        }
        case "tool-input-delta": {
          const delta = restorer(part.id, true)!.push(part.delta);
          return delta ? [{ ...part, delta }] : [];
        }
        case "text-end":
        case "reasoning-end":
        case "tool-input-end": {
          const rest = restorers.get(part.id)?.flush();
          if (!rest) return [part];
          const type =
            part.type === "text-end"
              ? "text-delta"
              : part.type === "reasoning-end"
                ? "reasoning-delta"
                : "tool-input-delta";
          return [{ type, id: part.id, delta: rest } as LanguageModelV3StreamPart, part];
        }
        case "tool-call":
          return [{ ...part, input: sanitiser.restoreText(part.input, true) }];
        default:
          return [part];
      }
    }

    /** Processes one part; returns how many parts it passed on (a held-back placeholder passes none). */
    async function handle(
      part: LanguageModelV3StreamPart,
      controller: ReadableStreamDefaultController<LanguageModelV3StreamPart>,
    ): Promise<number> {
      collector?.push(part);
      if (part.type === "finish") {
        const usage = tokenCounts(part.usage);
        if (!cached) {
          account(candidate, usage);
          await remember(candidate, callOptions, collector?.result(part.finishReason, usage) ?? null);
        }
      }
      const restored = restore(part);
      for (const each of restored) controller.enqueue(each);
      return restored.length;
    }

    let index = 0;
    let failed = false;

    /** The next part from the buffer or the provider; null at the end. A failure becomes an error part. */
    async function next(): Promise<LanguageModelV3StreamPart | null> {
      if (index < buffered.length) return buffered[index++]!;
      if (!reader) return null;
      try {
        const read = await reader.read();
        if (read.done) {
          deadline?.clear();
          return null;
        }
        deadline?.touch();
        if (read.value.type === "error") throw read.value.error;
        return read.value;
      } catch (error) {
        deadline?.clear();
        const failure = describeFailure(error, {
          timedOut: deadline?.timedOut ?? false,
          callerAborted: callOptions.abortSignal?.aborted ?? false,
          now: Date.now(),
        });
        const kind: FailureKind =
          failure.kind === "timeout" || failure.kind === "aborted" ? failure.kind : "stream_interrupted";
        trace.streamFailure = { ...failure, kind };
        if (candidate.breakerKey && countsAgainstBreaker(kind))
          options.breakers.failure(candidate.breakerKey);
        failed = true;
        return { type: "error", error };
      }
    }

    return new ReadableStream<LanguageModelV3StreamPart>({
      // A pull that enqueues nothing is never called again, so read on until something goes out.
      async pull(controller) {
        for (;;) {
          const part = await next();
          if (part === null) {
            controller.close();
            return;
          }
          const passed = await handle(part, controller);
          if (failed) {
            controller.close();
            return;
          }
          if (passed > 0) return;
        }
      },
      async cancel(reason) {
        deadline?.clear();
        await reader?.cancel(reason);
      },
    });
  }
}
