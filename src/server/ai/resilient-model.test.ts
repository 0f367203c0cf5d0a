import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { APICallError, generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { type CatalogModel, modelRef, OFFLINE_MODEL } from "../../core/ai-routing/catalog";
import { DEFAULT_RETRY_POLICY } from "../../core/ai-routing/retry";
import { silentLogger } from "../testing/test-app";
import { BreakerRegistry } from "./breaker";
import type { CachedResponse, ResponseCache } from "./cache";
import { createOfflineModel } from "./offline-provider";
import type { ProviderConnection } from "./providers";
import {
  AllModelsFailedError,
  type CallTrace,
  type Candidate,
  createResilientModel,
  createTrace,
  type ResilientModelOptions,
} from "./resilient-model";
import { Sanitiser } from "./sanitiser";

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

const answer = (text: string, input = 10, output = 5): LanguageModelV3GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: usage(input, output),
  warnings: [],
});

const textParts = (deltas: string[], input = 10, output = 5): LanguageModelV3StreamPart[] => [
  { type: "stream-start", warnings: [] },
  { type: "text-start", id: "t" },
  ...deltas.map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "t", delta })),
  { type: "text-end", id: "t" },
  { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(input, output) },
];

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}) =>
  new APICallError({
    message: `upstream ${statusCode ?? "network"} error`,
    url: "http://fake/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    isRetryable: statusCode === undefined || statusCode === 429 || statusCode >= 500,
  });

function catalogModel(provider: string, modelId: string, input = 1, output = 2): CatalogModel {
  return {
    ref: modelRef(provider, modelId),
    provider,
    modelId,
    kind: "language",
    label: modelId,
    inputUsdPerMTok: input,
    outputUsdPerMTok: output,
    contextTokens: 100_000,
  };
}

function candidate(provider: string, model: LanguageModelV3, prices: [number, number] = [1, 2]): Candidate {
  const connection: ProviderConnection = {
    name: provider,
    kind: "openai",
    breakerScope: "instance",
    languageModel: () => model,
    embeddingModel: () => null,
  };
  const entry = catalogModel(provider, model.modelId, ...prices);
  return { model: entry, connection, breakerKey: `instance/${entry.ref}` };
}

function offlineCandidate(): Candidate {
  const model = createOfflineModel();
  return {
    model: OFFLINE_MODEL,
    connection: {
      name: "offline",
      kind: "offline",
      breakerScope: "instance",
      languageModel: () => model,
      embeddingModel: () => null,
    },
    breakerKey: null,
  };
}

class MemoryCache implements ResponseCache {
  readonly entries = new Map<string, CachedResponse>();
  async get(orgId: string, key: string) {
    return this.entries.get(`${orgId}/${key}`);
  }
  async put(orgId: string, key: string, _ref: string, response: CachedResponse) {
    this.entries.set(`${orgId}/${key}`, response);
  }
}

function setup(candidates: Candidate[], overrides: Partial<ResilientModelOptions> = {}) {
  const trace: CallTrace = createTrace([], candidates[0]?.model.ref ?? null);
  const options: ResilientModelOptions = {
    orgId: "org-1",
    candidates,
    trace,
    breakers: new BreakerRegistry(),
    retryPolicy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 200 },
    random: () => 0.5,
    logger: silentLogger(),
    timeoutMs: 2000,
    cache: null,
    sanitiser: null,
    context: [],
    now: () => performance.now(),
    ...overrides,
  };
  return { model: createResilientModel(options), trace, options };
}

function failingGenerate(...errors: unknown[]) {
  let call = 0;
  return async (): Promise<LanguageModelV3GenerateResult> => {
    const error = errors[Math.min(call++, errors.length - 1)];
    if (error === "ok") return answer("recovered");
    throw error;
  };
}

/** Delivers the parts one read at a time, then fails the next read, as a dropped connection does. */
function partsThenError(
  parts: LanguageModelV3StreamPart[],
  error: unknown,
): ReadableStream<LanguageModelV3StreamPart> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < parts.length) controller.enqueue(parts[index++]!);
      else controller.error(error);
    },
  });
}

async function collect(stream: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += chunk;
  return text;
}

describe("routing and failover (generate)", () => {
  it("answers with the first model and prices the tokens it used", async () => {
    const primary = new MockLanguageModelV3({ modelId: "primary", doGenerate: answer("hi", 1_000, 500) });
    const { model, trace } = setup([candidate("alpha", primary, [3, 15])]);
    const result = await generateText({ model, prompt: "hello", maxRetries: 0 });
    expect(result.text).toBe("hi");
    expect(trace.answeredBy?.model.ref).toBe("alpha:primary");
    expect(trace.fallbackUsed).toBe(false);
    expect(trace.inputTokens).toBe(1_000);
    expect(trace.outputTokens).toBe(500);
    expect(trace.costMicroUsd).toBe(1_000 * 3 + 500 * 15);
  });

  it("fails over on a client error without retrying it", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: failingGenerate(apiError(401)),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: answer("from backup") });
    const { model, trace } = setup([candidate("alpha", primary), candidate("beta", backup)]);
    const result = await generateText({ model, prompt: "hello", maxRetries: 0 });
    expect(result.text).toBe("from backup");
    expect(primary.doGenerateCalls).toHaveLength(1);
    expect(trace.fallbackUsed).toBe(true);
    expect(trace.answeredBy?.model.ref).toBe("beta:backup");
    expect(trace.attempts).toEqual([
      {
        ref: "alpha:primary",
        outcome: "failed",
        retries: 0,
        kind: "client_error",
        statusCode: 401,
        message: expect.any(String),
      },
      { ref: "beta:backup", outcome: "answered", retries: 0, cached: false },
    ]);
  });

  it("retries a 429 after exactly the retry-after the provider asked for", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: failingGenerate(apiError(429, { "retry-after-ms": "120" }), "ok"),
    });
    const { model, trace } = setup([candidate("alpha", primary)]);
    const started = performance.now();
    const result = await generateText({ model, prompt: "hello", maxRetries: 0 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(result.text).toBe("recovered");
    expect(primary.doGenerateCalls).toHaveLength(2);
    expect(trace.attempts).toEqual([
      { ref: "alpha:primary", outcome: "answered", retries: 1, cached: false },
    ]);
  });

  it("retries server and network errors up to the limit, then fails over", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: failingGenerate(apiError(503), apiError(undefined), apiError(500)),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: answer("backup") });
    const { model, trace } = setup([candidate("alpha", primary), candidate("beta", backup)]);
    await generateText({ model, prompt: "hello", maxRetries: 0 });
    expect(primary.doGenerateCalls).toHaveLength(1 + DEFAULT_RETRY_POLICY.maxRetries);
    expect(trace.attempts[0]).toMatchObject({
      outcome: "failed",
      retries: 2,
      kind: "server_error",
      statusCode: 500,
    });
  });

  it("fails over at once when retry-after asks for longer than the backoff cap", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: failingGenerate(apiError(429, { "retry-after": "30" })),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: answer("backup") });
    const { model } = setup([candidate("alpha", primary), candidate("beta", backup)]);
    const started = performance.now();
    expect((await generateText({ model, prompt: "hello", maxRetries: 0 })).text).toBe("backup");
    expect(primary.doGenerateCalls).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("times out a model that does not answer and moves on", async () => {
    const slow = new MockLanguageModelV3({
      modelId: "slow",
      doGenerate: (options) =>
        new Promise((_, reject) =>
          options.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason)),
        ),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: answer("backup") });
    const { model, trace } = setup([candidate("alpha", slow), candidate("beta", backup)], { timeoutMs: 50 });
    expect((await generateText({ model, prompt: "hello", maxRetries: 0 })).text).toBe("backup");
    expect(slow.doGenerateCalls).toHaveLength(1);
    expect(trace.attempts[0]).toMatchObject({ outcome: "failed", kind: "timeout", retries: 0 });
  });

  it("stops at once when the caller aborts: no retry, no failover", async () => {
    const controller = new AbortController();
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: (options) => {
        setTimeout(() => controller.abort(), 10);
        return new Promise((_, reject) =>
          options.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason)),
        );
      },
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: answer("backup") });
    const { model } = setup([candidate("alpha", primary), candidate("beta", backup)]);
    await expect(
      generateText({ model, prompt: "hello", maxRetries: 0, abortSignal: controller.signal }),
    ).rejects.toThrow();
    expect(backup.doGenerateCalls).toHaveLength(0);
  });

  it("says what every model did when none could answer", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: failingGenerate(apiError(400)),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: failingGenerate(apiError(403)) });
    const { model } = setup([candidate("alpha", primary), candidate("beta", backup)]);
    const error = await generateText({ model, prompt: "hello", maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AllModelsFailedError);
    expect((error as AllModelsFailedError).attempts.map((attempt) => attempt.outcome)).toEqual([
      "failed",
      "failed",
    ]);
  });

  it("routes every step of a tool loop through the chain", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: [
        {
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"q":"kr"}' }],
          finishReason: { unified: "tool-calls", raw: "tool_calls" },
          usage: usage(10, 3),
          warnings: [],
        },
        answer("KR is on track", 20, 4),
      ],
    });
    const { model, trace } = setup([candidate("alpha", primary)]);
    const result = await generateText({
      model,
      prompt: "status?",
      maxRetries: 0,
      stopWhen: stepCountIs(2),
      tools: {
        lookup: tool({
          inputSchema: jsonSchema<{ q: string }>({
            type: "object",
            properties: { q: { type: "string" } },
            required: ["q"],
          }),
          execute: async ({ q }) => `${q}: 70%`,
        }),
      },
    });
    expect(result.text).toBe("KR is on track");
    expect(primary.doGenerateCalls).toHaveLength(2);
    expect(trace.inputTokens).toBe(30);
    expect(trace.outputTokens).toBe(7);
  });
});

describe("circuit breaker", () => {
  it("opens after repeated failures, skips the model while open, and closes after a good probe", async () => {
    let now = 0;
    const breakers = new BreakerRegistry(() => now, { failureThreshold: 2, cooldownMs: 1000 });
    let healthy = false;
    const flaky = new MockLanguageModelV3({
      modelId: "flaky",
      doGenerate: async () => {
        if (!healthy) throw apiError(500);
        return answer("flaky is back");
      },
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: answer("backup") });
    const candidates = [candidate("alpha", flaky), candidate("beta", backup)];
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 0, baseDelayMs: 1 };
    const call = () =>
      generateText({
        model: setup(candidates, { breakers, retryPolicy: policy }).model,
        prompt: "x",
        maxRetries: 0,
      });

    await call();
    await call();
    expect(flaky.doGenerateCalls).toHaveLength(2);
    expect(breakers.isOpen("instance/alpha:flaky")).toBe(true);
    expect(breakers.snapshot()).toEqual([
      { key: "instance/alpha:flaky", status: "open", retryAt: new Date(1000) },
      { key: "instance/beta:backup", status: "closed", retryAt: null },
    ]);

    const skipped = setup(candidates, { breakers, retryPolicy: policy });
    expect((await generateText({ model: skipped.model, prompt: "x", maxRetries: 0 })).text).toBe("backup");
    expect(flaky.doGenerateCalls).toHaveLength(2);
    expect(skipped.trace.attempts[0]).toEqual({
      ref: "alpha:flaky",
      outcome: "skipped",
      reason: "circuit_open",
    });

    now = 1000;
    healthy = true;
    expect((await call()).text).toBe("flaky is back");
    expect(breakers.isOpen("instance/alpha:flaky")).toBe(false);
    expect(breakers.snapshot()[0]?.status).toBe("closed");
  });

  it("does not count client errors against a provider", async () => {
    const breakers = new BreakerRegistry(Date.now, { failureThreshold: 1, cooldownMs: 60_000 });
    const rejecting = new MockLanguageModelV3({
      modelId: "strict",
      doGenerate: failingGenerate(apiError(400)),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doGenerate: answer("backup") });
    await generateText({
      model: setup([candidate("alpha", rejecting), candidate("beta", backup)], { breakers }).model,
      prompt: "x",
      maxRetries: 0,
    });
    expect(breakers.isOpen("instance/alpha:strict")).toBe(false);
  });
});

describe("streaming", () => {
  const streamOf = (parts: LanguageModelV3StreamPart[]) => async () => ({
    stream: convertArrayToReadableStream(parts),
  });

  it("streams the answer and records time to first token", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doStream: streamOf(textParts(["Hel", "lo"], 7, 2)),
    });
    const { model, trace } = setup([candidate("alpha", primary)]);
    const result = streamText({ model, prompt: "hi", maxRetries: 0, onError: () => {} });
    expect(await collect(result.textStream)).toBe("Hello");
    expect(trace.firstTokenAt).not.toBeNull();
    expect(trace.inputTokens).toBe(7);
    await expect(trace.firstAnswer).resolves.toMatchObject({ model: { ref: "alpha:primary" } });
  });

  it("fails over when a stream errors before its first token", async () => {
    const broken = new MockLanguageModelV3({
      modelId: "broken",
      doStream: streamOf([
        { type: "stream-start", warnings: [] },
        { type: "error", error: apiError(400) },
      ]),
    });
    const refusing = new MockLanguageModelV3({
      modelId: "refusing",
      doStream: async () => {
        throw apiError(401);
      },
    });
    const backup = new MockLanguageModelV3({
      modelId: "backup",
      doStream: streamOf(textParts(["from backup"])),
    });
    const { model, trace } = setup([
      candidate("alpha", broken),
      candidate("beta", refusing),
      candidate("gamma", backup),
    ]);
    const result = streamText({ model, prompt: "hi", maxRetries: 0, onError: () => {} });
    expect(await collect(result.textStream)).toBe("from backup");
    expect(trace.fallbackUsed).toBe(true);
    expect(trace.attempts.map((attempt) => `${attempt.ref}:${attempt.outcome}`)).toEqual([
      "alpha:broken:failed",
      "beta:refusing:failed",
      "gamma:backup:answered",
    ]);
  });

  it("fails over when the first token is slower than the timeout", async () => {
    const slow = new MockLanguageModelV3({
      modelId: "slow",
      doStream: async (options: LanguageModelV3CallOptions) => ({
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            controller.enqueue({ type: "stream-start", warnings: [] });
            const timer = setTimeout(
              () => controller.enqueue({ type: "text-delta", id: "t", delta: "late" }),
              1000,
            );
            options.abortSignal?.addEventListener("abort", () => {
              clearTimeout(timer);
              controller.error(options.abortSignal?.reason);
            });
          },
        }),
      }),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doStream: streamOf(textParts(["quick"])) });
    const { model, trace } = setup([candidate("alpha", slow), candidate("beta", backup)], { timeoutMs: 60 });
    const result = streamText({ model, prompt: "hi", maxRetries: 0, onError: () => {} });
    expect(await collect(result.textStream)).toBe("quick");
    expect(trace.attempts[0]).toMatchObject({ ref: "alpha:slow", outcome: "failed", kind: "timeout" });
  });

  it("passes on a failure after the first token, counts it against the provider, and does not fail over", async () => {
    const breakers = new BreakerRegistry(Date.now, { failureThreshold: 1, cooldownMs: 60_000 });
    const dying = new MockLanguageModelV3({
      modelId: "dying",
      doStream: async () => ({
        stream: partsThenError(textParts(["Half an ans"]).slice(0, 3), new TypeError("terminated")),
      }),
    });
    const backup = new MockLanguageModelV3({ modelId: "backup", doStream: streamOf(textParts(["unused"])) });
    const { model, trace } = setup([candidate("alpha", dying), candidate("beta", backup)], { breakers });
    const errors: unknown[] = [];
    const result = streamText({
      model,
      prompt: "hi",
      maxRetries: 0,
      onError: ({ error }) => void errors.push(error),
    });
    expect(await collect(result.textStream)).toBe("Half an ans");
    expect(errors).toHaveLength(1);
    expect(trace.streamFailure?.kind).toBe("stream_interrupted");
    expect(backup.doStreamCalls).toHaveLength(0);
    expect(breakers.isOpen("instance/alpha:dying")).toBe(true);
  });

  it("ends a stream that goes quiet for longer than the timeout", async () => {
    const stalling = new MockLanguageModelV3({
      modelId: "stalling",
      doStream: async (options: LanguageModelV3CallOptions) => ({
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            controller.enqueue({ type: "text-start", id: "t" });
            controller.enqueue({ type: "text-delta", id: "t", delta: "Then silence" });
            options.abortSignal?.addEventListener("abort", () =>
              controller.error(options.abortSignal?.reason),
            );
          },
        }),
      }),
    });
    const { model, trace } = setup([candidate("alpha", stalling)], { timeoutMs: 50 });
    const result = streamText({ model, prompt: "hi", maxRetries: 0, onError: () => {} });
    expect(await collect(result.textStream)).toBe("Then silence");
    expect(trace.streamFailure?.kind).toBe("timeout");
  });

  it("rejects firstAnswer when no model can start a stream", async () => {
    const broken = new MockLanguageModelV3({
      modelId: "broken",
      doStream: async () => {
        throw apiError(400);
      },
    });
    const { model, trace } = setup([candidate("alpha", broken)]);
    const result = streamText({ model, prompt: "hi", maxRetries: 0, onError: () => {} });
    await expect(trace.firstAnswer).rejects.toBeInstanceOf(AllModelsFailedError);
    await collect(result.textStream);
  });
});

describe("response cache", () => {
  it("serves a repeated temperature-0 request from the cache, per model", async () => {
    const cache = new MemoryCache();
    const primary = new MockLanguageModelV3({ modelId: "primary", doGenerate: answer("deterministic") });
    const other = new MockLanguageModelV3({ modelId: "other", doGenerate: answer("other model") });
    const run = (candidates: Candidate[], temperature: number) => {
      const { model, trace } = setup(candidates, { cache: { store: cache, ttlSeconds: 60 } });
      return generateText({ model, prompt: "same question", temperature, maxRetries: 0 }).then((result) => ({
        result,
        trace,
      }));
    };

    const first = await run([candidate("alpha", primary)], 0);
    expect(first.trace.cacheHits).toBe(0);
    const second = await run([candidate("alpha", primary)], 0);
    expect(second.result.text).toBe("deterministic");
    expect(second.trace.cacheHits).toBe(1);
    expect(second.trace.providerCalls).toBe(0);
    expect(second.trace.costMicroUsd).toBe(0);
    expect(primary.doGenerateCalls).toHaveLength(1);

    await run([candidate("beta", other)], 0);
    expect(other.doGenerateCalls).toHaveLength(1);

    const warm = await run([candidate("alpha", primary)], 0.7);
    expect(warm.trace.cacheHits).toBe(0);
    expect(primary.doGenerateCalls).toHaveLength(2);
  });

  it("replays a cached answer as a stream, including tool calls", async () => {
    const cache = new MemoryCache();
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doStream: async () => ({
        stream: convertArrayToReadableStream<LanguageModelV3StreamPart>([
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: "Calling " },
          { type: "text-delta", id: "t", delta: "a tool" },
          { type: "text-end", id: "t" },
          { type: "tool-call", toolCallId: "c1", toolName: "noop", input: "{}" },
          { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage: usage(3, 3) },
        ]),
      }),
    });
    const tools = {
      noop: tool({ inputSchema: jsonSchema<Record<string, never>>({ type: "object", properties: {} }) }),
    };
    const run = async () => {
      const { model, trace } = setup([candidate("alpha", primary)], {
        cache: { store: cache, ttlSeconds: 60 },
      });
      const result = streamText({
        model,
        prompt: "q",
        temperature: 0,
        maxRetries: 0,
        tools,
        onError: () => {},
      });
      return { text: await collect(result.textStream), calls: await result.toolCalls, trace };
    };
    const first = await run();
    const second = await run();
    expect(second.text).toBe(first.text);
    expect(second.text).toBe("Calling a tool");
    expect(second.calls.map((call) => call.toolName)).toEqual(["noop"]);
    expect(second.trace.cacheHits).toBe(1);
    expect(primary.doStreamCalls).toHaveLength(1);
  });
});

describe("sanitiser in the chain", () => {
  it("sends placeholders to the provider and restores them in a streamed answer split mid-placeholder", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doStream: streamOf(textParts(["Write to «EMA", "IL_1» about «CLI", "ENT_1", "» today"])),
    });
    const sanitiser = new Sanitiser(["Globex"]);
    const { model } = setup([candidate("alpha", primary)], { sanitiser });
    const result = streamText({
      model,
      prompt: "Email hank@globex.com about Globex",
      maxRetries: 0,
      onError: () => {},
    });
    expect(await collect(result.textStream)).toBe("Write to hank@globex.com about Globex today");
    const sent = JSON.stringify(primary.doStreamCalls[0]?.prompt);
    expect(sent).toContain("«EMAIL_1»");
    expect(sent).not.toContain("hank@globex.com");
    expect(sent).not.toContain("Globex");

    function streamOf(parts: LanguageModelV3StreamPart[]) {
      return async () => ({ stream: convertArrayToReadableStream(parts) });
    }
  });

  it("restores tool-call arguments as valid JSON, even when the original value has quotes", async () => {
    const primary = new MockLanguageModelV3({
      modelId: "primary",
      doGenerate: {
        content: [
          { type: "tool-call", toolCallId: "c1", toolName: "notify", input: '{"client":"«CLIENT_1»"}' },
        ],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage: usage(1, 1),
        warnings: [],
      },
    });
    const { model } = setup([candidate("alpha", primary)], { sanitiser: new Sanitiser(['Acme "Labs"']) });
    const result = await generateText({
      model,
      prompt: 'Notify Acme "Labs" of the delay',
      maxRetries: 0,
      tools: {
        notify: tool({
          inputSchema: jsonSchema<{ client: string }>({
            type: "object",
            properties: { client: { type: "string" } },
          }),
        }),
      },
    });
    expect(JSON.stringify(primary.doGenerateCalls[0]?.prompt)).not.toContain("Acme");
    expect(result.toolCalls[0]?.input).toEqual({ client: 'Acme "Labs"' });
  });

  it("never sanitises for the offline model, which reads the caller's context instead", async () => {
    const { model, trace } = setup([offlineCandidate()], {
      sanitiser: new Sanitiser(["Initech"]),
      context: [{ title: "Initech renewal", text: "Initech renews in March. The budget is tight." }],
    });
    const result = await generateText({ model, prompt: "When does Initech renew?", maxRetries: 0 });
    expect(result.text).toContain("Initech renews in March. [1]");
    expect(result.providerMetadata?.cairn?.offline).toBe(true);
    expect(trace.answeredBy?.model.ref).toBe(OFFLINE_MODEL.ref);
    expect(trace.costMicroUsd).toBe(0);
  });
});
