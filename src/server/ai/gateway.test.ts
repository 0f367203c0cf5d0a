import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jsonSchema, type ModelMessage, tool } from "ai";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { monthKey } from "../../core/ai-routing/budget";
import { inTenant } from "../db";
import { aiInteractions, aiProviderCredentials } from "../db/schema";
import { AppError } from "../http";
import { silentLogger } from "../testing/test-app";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { loadAiConfig } from "./ai.config";
import type { BudgetAlert } from "./budget";
import { createAi } from "./setup";
import { createOrg, createUser, membershipLookup, orgScope } from "./testing/factories";
import { type FakeProvider, startFakeProvider } from "./testing/fake-provider";
import { createDiskTranscriptStore } from "./transcripts";

let database: TestDatabase;
let openai: FakeProvider;
let anthropic: FakeProvider;
let ollama: FakeProvider;
let byok: FakeProvider;
let dataDir: string;
const encryptionKey = randomBytes(32).toString("base64");

beforeAll(async () => {
  database = await createTestDatabase();
  [openai, anthropic, ollama, byok] = await Promise.all([
    startFakeProvider("openai"),
    startFakeProvider("anthropic"),
    startFakeProvider("ollama"),
    startFakeProvider("openai"),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), "cairn-ai-gateway-"));
});

afterEach(() => {
  for (const server of [openai, anthropic, ollama, byok]) server.reset();
});

afterAll(async () => {
  await Promise.all([openai, anthropic, ollama, byok].map((server) => server.close()));
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const db = () => database.handle.db;

function instanceEnv(): Record<string, string> {
  return {
    OPENAI_API_KEY: "sk-instance",
    OPENAI_BASE_URL: openai.baseUrl,
    ANTHROPIC_API_KEY: "ak-instance",
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    OPENAI_COMPATIBLE_BASE_URL: ollama.baseUrl,
    OPENAI_COMPATIBLE_NAME: "ollama",
    OPENAI_COMPATIBLE_MODELS: "llama3.1:8b=131072",
    OPENAI_COMPATIBLE_EMBEDDING_MODELS: "nomic-embed-text",
    CAIRN_ENCRYPTION_KEY: encryptionKey,
    AI_TIMEOUT_MS: "1000",
  };
}

function makeAi(
  options: { env?: Record<string, string>; breakerThreshold?: number; alerts?: BudgetAlert[] } = {},
) {
  return createAi({
    db: db(),
    config: loadAiConfig(options.env ?? instanceEnv(), dataDir),
    logger: silentLogger(),
    members: membershipLookup,
    transcripts: createDiskTranscriptStore(path.join(dataDir, "transcripts")),
    retryPolicy: { baseDelayMs: 5, maxDelayMs: 2000 },
    breakerPolicy: { failureThreshold: options.breakerThreshold ?? 5, cooldownMs: 60_000 },
    onBudgetAlert: (alert) => {
      options.alerts?.push(alert);
    },
  });
}

type Ai = ReturnType<typeof makeAi>;

/** A fresh org with an admin, and the org's chain for `chat` set to `chain`. */
async function orgWithChain(ai: Ai, chain: string[], name = "Acme") {
  const orgId = await createOrg(db(), name);
  const userId = await createUser(db(), orgId, "admin");
  await ai.service.saveRoute(orgScope(orgId, userId), { task: "chat", modelRefs: chain });
  return { orgId, userId, scope: { orgId, userId } };
}

/** The org's interaction rows, once the gateway's write-behind has caught up. */
async function interactionsOf(ai: Ai, orgId: string) {
  await ai.gateway.flush();
  return db()
    .select()
    .from(aiInteractions)
    .where(eq(aiInteractions.orgId, orgId))
    .orderBy(asc(aiInteractions.createdAt), asc(aiInteractions.id));
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // Consuming is what drives the stream to its end.
  }
}

const createTask = tool({
  description: "Create a task",
  inputSchema: jsonSchema<{ title: string; due: string }>({
    type: "object",
    properties: { title: { type: "string" }, due: { type: "string" } },
    required: ["title", "due"],
  }),
});

describe("providers over their real wire formats", () => {
  it("OpenAI chat completions (JSON): answers, and the row carries tokens, cost and latency", async () => {
    const ai = makeAi();
    const { orgId, userId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    openai.script({ kind: "answer", text: "Forty-two.", usage: { input: 1200, output: 300 } });
    const { result, answer, interaction } = await ai.gateway.generate({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Meaning?",
    });

    expect(result.text).toBe("Forty-two.");
    expect(answer).toMatchObject({
      provider: "openai",
      model: "gpt-4o-mini",
      fallbackUsed: false,
      cached: false,
      offline: false,
    });
    expect(openai.requests).toHaveLength(1);
    expect(openai.requests[0]?.path).toBe("/v1/chat/completions");
    expect(openai.requests[0]?.headers.authorization).toBe("Bearer sk-instance");
    const [row] = await interactionsOf(ai, orgId);
    expect(row).toMatchObject({
      id: answer.interactionId,
      userId,
      feature: "test.chat",
      task: "chat",
      provider: "openai",
      model: "gpt-4o-mini",
      streamed: false,
      inputTokens: 1200,
      outputTokens: 300,
      // 1200 x $0.15/M + 300 x $0.60/M = 360 micro-dollars
      costMicroUsd: 360,
      status: "success",
      cacheHit: false,
      fallbackUsed: false,
      offline: false,
      timeToFirstTokenMs: null,
    });
    expect(row?.latencyMs).toBe(interaction.latencyMs);
  });

  it("OpenAI SSE: streams text, assembles tool-call deltas, reads usage from the last chunk", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4.1"]);
    openai.script({
      kind: "answer",
      text: "Creating it now.",
      toolCalls: [{ name: "createTask", arguments: { title: "Draft the risk register", due: "2025-03-01" } }],
      usage: { input: 50, output: 20 },
    });
    const { result, answer, finished } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Plan it",
      tools: { createTask },
    });
    expect(answer.ref).toBe("openai:gpt-4.1");
    expect(await result.text).toBe("Creating it now.");
    const calls = await result.toolCalls;
    expect(calls.map((call) => [call.toolName, call.input])).toEqual([
      ["createTask", { title: "Draft the risk register", due: "2025-03-01" }],
    ]);
    const summary = await finished;
    expect(summary).toMatchObject({
      status: "success",
      inputTokens: 50,
      outputTokens: 20,
      costMicroUsd: 50 * 2 + 20 * 8,
    });
    expect(openai.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const [row] = await interactionsOf(ai, orgId);
    expect(row).toMatchObject({ streamed: true, status: "success", inputTokens: 50, outputTokens: 20 });
    expect(row?.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(row?.timeToFirstTokenMs).toBeLessThanOrEqual(row!.latencyMs);
  });

  it("Anthropic Messages SSE: text and tool_use blocks, with the key in x-api-key", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["anthropic:claude-haiku-4-5"]);
    anthropic.script({
      kind: "answer",
      text: "On it.",
      toolCalls: [{ name: "createTask", arguments: { title: "Call the vendor", due: "2025-04-02" } }],
      usage: { input: 80, output: 12 },
    });
    const { result, answer, finished } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Follow up",
      tools: { createTask },
    });
    expect(answer).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5" });
    expect(await result.text).toBe("On it.");
    expect((await result.toolCalls)[0]?.input).toEqual({ title: "Call the vendor", due: "2025-04-02" });
    expect(await finished).toMatchObject({
      status: "success",
      inputTokens: 80,
      outputTokens: 12,
      costMicroUsd: 80 + 60,
    });
    expect(anthropic.requests[0]?.path).toBe("/v1/messages");
    expect(anthropic.requests[0]?.headers["x-api-key"]).toBe("ak-instance");
    expect((await interactionsOf(ai, orgId))[0]).toMatchObject({ provider: "anthropic", streamed: true });
  });

  it("Anthropic Messages (JSON)", async () => {
    const ai = makeAi();
    const { scope } = await orgWithChain(ai, ["anthropic:claude-sonnet-4-5"]);
    anthropic.script({ kind: "answer", text: "Plain answer.", usage: { input: 10, output: 3 } });
    const { result, interaction } = await ai.gateway.generate({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Hi",
    });
    expect(result.text).toBe("Plain answer.");
    expect(interaction.costMicroUsd).toBe(10 * 3 + 3 * 15);
  });

  it("Ollama's OpenAI-compatible stream: whole tool calls in one chunk, usage because includeUsage is on", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["ollama:llama3.1:8b"]);
    ollama.script({
      kind: "answer",
      text: "",
      toolCalls: [{ name: "createTask", arguments: { title: "Book the room", due: "2025-05-05" } }],
      usage: { input: 33, output: 9 },
    });
    const { result, answer, finished } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Book it",
      tools: { createTask },
    });
    expect(answer).toMatchObject({ provider: "ollama", model: "llama3.1:8b" });
    expect((await result.toolCalls)[0]?.input).toEqual({ title: "Book the room", due: "2025-05-05" });
    expect(await finished).toMatchObject({ inputTokens: 33, outputTokens: 9, costMicroUsd: 0 });
    expect(ollama.requests[0]?.body).toMatchObject({
      model: "llama3.1:8b",
      stream_options: { include_usage: true },
    });
    expect((await interactionsOf(ai, orgId))[0]).toMatchObject({
      provider: "ollama",
      model: "llama3.1:8b",
      inputTokens: 33,
    });
  });
});

describe("request validation", () => {
  it("refuses malformed requests before any provider is called", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    const base = { scope, task: "chat" as const, prompt: "hi" };
    const attempts = [
      ai.gateway.generate({ ...base, feature: "Not A Feature" }),
      ai.gateway.generate({ ...base, feature: "test.chat", maxSteps: 0 }),
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed context
      ai.gateway.generate({ ...base, feature: "test.chat", context: [{ body: "no title" }] as any }),
      ai.gateway.embed({ scope, feature: "test.embed", values: [] }),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    expect(openai.requests).toHaveLength(0);
    expect(await interactionsOf(ai, orgId)).toHaveLength(0);
  });

  it("refuses a prompt the AI SDK would reject, streamed or not, at once and without a row", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    const base = { scope, feature: "test.chat", task: "chat" as const };
    const prompts = [
      [],
      [{ role: "robot", content: "beep" }],
      [{ role: "user", content: [{ type: "hologram", text: "hi" }] }],
    ] as unknown as ModelMessage[][];
    for (const messages of prompts) {
      for (const call of [ai.gateway.stream, ai.gateway.generate]) {
        const started = performance.now();
        const error = await call({ ...base, messages }).catch((caught: unknown) => caught);
        expect(error, JSON.stringify(messages)).toMatchObject({
          code: "VALIDATION_ERROR",
          message: expect.stringMatching(/messages/),
        });
        expect(performance.now() - started).toBeLessThan(1000);
      }
    }
    expect(openai.requests).toHaveLength(0);
    expect(await interactionsOf(ai, orgId)).toHaveLength(0);
  });

  it("rejects a stream the AI SDK fails before calling a model, and records it like generate", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    // A valid prompt whose image the SDK must download first, and refuses to (a private address).
    const messages: ModelMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "Describe this" },
          { type: "image", image: new URL("http://127.0.0.1/chart.png") },
        ],
      },
    ];
    const base = { scope, feature: "test.chat", task: "chat" as const, messages };
    const streamed = await ai.gateway.stream(base).catch((caught: unknown) => caught);
    const generated = await ai.gateway.generate(base).catch((caught: unknown) => caught);
    for (const error of [streamed, generated]) {
      expect(error).toMatchObject({
        code: "VALIDATION_ERROR",
        message: expect.stringMatching(/not allowed/),
      });
    }
    expect(openai.requests).toHaveLength(0);
    const rows = await interactionsOf(ai, orgId);
    expect(rows.map((row) => [row.streamed, row.status, row.errorCode])).toEqual([
      [true, "error", "AI_DownloadError"],
      [false, "error", "AI_DownloadError"],
    ]);
  });
});

describe("resilience against failing providers", () => {
  it("retries a 429 after its retry-after, on the same model", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"]);
    openai.script(
      { kind: "status", status: 429, retryAfter: "1" },
      { kind: "answer", text: "Patience pays." },
    );
    const { result, answer } = await ai.gateway.generate({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Hi",
    });
    expect(result.text).toBe("Patience pays.");
    expect(answer.fallbackUsed).toBe(false);
    expect(openai.requests).toHaveLength(2);
    expect(openai.requests[1]!.receivedAt - openai.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(anthropic.requests).toHaveLength(0);
    expect((await interactionsOf(ai, orgId))[0]?.attempts).toEqual([
      { ref: "openai:gpt-4o-mini", outcome: "answered", retries: 1, cached: false },
    ]);
  });

  it("retries a 500 with backoff, then fails over to the next model in the chain", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"]);
    openai.setDefault({ kind: "status", status: 500 });
    anthropic.script({ kind: "answer", text: "Backup here." });
    const { result, answer } = await ai.gateway.generate({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Hi",
    });
    expect(result.text).toBe("Backup here.");
    expect(answer).toMatchObject({ provider: "anthropic", fallbackUsed: true });
    expect(openai.requests).toHaveLength(3);
    const [row] = await interactionsOf(ai, orgId);
    expect(row).toMatchObject({
      provider: "anthropic",
      model: "claude-haiku-4-5",
      fallbackUsed: true,
      status: "success",
    });
    expect(row?.attempts).toEqual([
      {
        ref: "openai:gpt-4o-mini",
        outcome: "failed",
        retries: 2,
        kind: "server_error",
        statusCode: 500,
        message: expect.stringContaining("fake 500"),
      },
      { ref: "anthropic:claude-haiku-4-5", outcome: "answered", retries: 0, cached: false },
    ]);
  });

  it("fails over when a stream returns 500 before its first token", async () => {
    const ai = makeAi();
    const { scope } = await orgWithChain(ai, ["anthropic:claude-haiku-4-5", "openai:gpt-4o-mini"]);
    anthropic.setDefault({ kind: "status", status: 529, message: "Overloaded" });
    openai.script({ kind: "answer", text: "Streamed by the backup." });
    const { result, answer } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Hi",
    });
    expect(answer).toMatchObject({ provider: "openai", fallbackUsed: true });
    expect(await result.text).toBe("Streamed by the backup.");
    expect(anthropic.requests).toHaveLength(3);
  });

  it("passes on a stream that dies mid-way as an error, and records it", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"]);
    openai.script({ kind: "die_mid_stream", text: "The first half of" });
    const { result, finished } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Hi",
    });
    const seen: string[] = [];
    let streamError: unknown = null;
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") seen.push(part.text);
      if (part.type === "error") streamError = part.error;
    }
    expect(seen.join("")).toBe("The first half of");
    expect(streamError).not.toBeNull();
    expect(await finished).toMatchObject({ status: "error" });
    expect(anthropic.requests).toHaveLength(0);
    expect((await interactionsOf(ai, orgId))[0]).toMatchObject({
      status: "error",
      errorCode: "stream_interrupted",
      provider: "openai",
    });
  });

  it("fails over when the first token is slower than AI_TIMEOUT_MS", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini", "ollama:llama3.1:8b"]);
    openai.script({ kind: "answer", text: "Too late.", firstTokenDelayMs: 3000 });
    ollama.script({ kind: "answer", text: "Right away." });
    const { result, answer, finished } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Hi",
    });
    expect(answer).toMatchObject({ provider: "ollama", fallbackUsed: true });
    expect(await result.text).toBe("Right away.");
    const summary = await finished;
    expect(summary.timeToFirstTokenMs).toBeGreaterThanOrEqual(1000);
    const [row] = await interactionsOf(ai, orgId);
    expect(row?.attempts).toEqual([
      expect.objectContaining({ ref: "openai:gpt-4o-mini", outcome: "failed", kind: "timeout" }),
      expect.objectContaining({ ref: "ollama:llama3.1:8b", outcome: "answered" }),
    ]);
  });

  it("waits for a slow first token within the timeout and records it", async () => {
    const ai = makeAi();
    const { scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    openai.script({ kind: "answer", text: "Worth the wait.", firstTokenDelayMs: 400, chunkDelayMs: 20 });
    const { result, answer, finished } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Hi",
    });
    expect(answer.fallbackUsed).toBe(false);
    expect(await result.text).toBe("Worth the wait.");
    const summary = await finished;
    expect(summary.timeToFirstTokenMs).toBeGreaterThanOrEqual(390);
    expect(summary.latencyMs).toBeGreaterThan(summary.timeToFirstTokenMs!);
  });

  it("opens the circuit after repeated failures and stops calling the model", async () => {
    const ai = makeAi({ breakerThreshold: 2 });
    const { scope } = await orgWithChain(ai, ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"]);
    openai.setDefault({ kind: "status", status: 503 });
    await ai.gateway.generate({ scope, feature: "test.chat", task: "chat", prompt: "one" });
    expect(ai.gateway.breakerStates()).toContainEqual({
      key: "instance/openai:gpt-4o-mini",
      status: "open",
      retryAt: expect.any(Date),
    });
    const before = openai.requests.length;
    const { answer } = await ai.gateway.generate({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "two",
    });
    expect(openai.requests.length).toBe(before);
    expect(answer).toMatchObject({ provider: "anthropic", fallbackUsed: true });
  });

  it("answers offline when every configured provider fails", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    openai.setDefault({ kind: "status", status: 401, message: "bad key" });
    const { result, answer } = await ai.gateway.generate({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "When is the review?",
      context: [{ title: "Calendar", text: "The quarterly review is on 12 March." }],
    });
    expect(answer).toMatchObject({ offline: true, provider: "offline", fallbackUsed: true });
    expect(result.text).toContain("The quarterly review is on 12 March. [1]");
    expect((await interactionsOf(ai, orgId))[0]).toMatchObject({ offline: true, costMicroUsd: 0 });
  });

  it("records an aborted stream without blaming the provider", async () => {
    const ai = makeAi({ breakerThreshold: 1 });
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    openai.script({ kind: "answer", text: "a".repeat(200), chunkSize: 2, chunkDelayMs: 10 });
    const controller = new AbortController();
    const { result, finished } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      prompt: "Go on",
      abortSignal: controller.signal,
    });
    let chunks = 0;
    for await (const _ of result.textStream) {
      if (++chunks === 3) controller.abort();
    }
    expect(await finished).toMatchObject({ status: "aborted" });
    expect((await interactionsOf(ai, orgId))[0]?.status).toBe("aborted");
    expect(
      ai.gateway.breakerStates().find((breaker) => breaker.key === "instance/openai:gpt-4o-mini")?.status,
    ).toBe("closed");
  });
});

describe("cost control", () => {
  const costly = { kind: "answer" as const, text: "ok", usage: { input: 1000, output: 250 } }; // 150 + 150 = 300 micro-dollars

  it("blocks calls once the org's monthly budget is used up, with PAYMENT_REQUIRED and no provider call", async () => {
    const alerts: BudgetAlert[] = [];
    const ai = makeAi({ alerts });
    const { orgId, userId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    await ai.service.saveBudget(orgScope(orgId, userId), {
      monthlyLimitUsd: 0.001,
      userMonthlyLimitUsd: null,
    });
    openai.setDefault(costly);
    for (let call = 0; call < 4; call++) {
      await ai.gateway.generate({ scope, feature: "test.chat", task: "chat", prompt: `call ${call}` });
    }
    // Budgets are checked against recorded spend, and rows are written just behind each answer.
    await ai.gateway.flush();
    // 300, 600, 900 (crosses 80% of 1000: one alert), 1200 (over; this call still completed).
    expect(alerts).toEqual([
      {
        orgId,
        userId: null,
        month: monthKey(new Date()),
        spentMicroUsd: 900,
        limitMicroUsd: 1000,
        alertPercent: 80,
      },
    ]);
    const requestsBefore = openai.requests.length;
    const error = await ai.gateway
      .generate({ scope, feature: "test.chat", task: "chat", prompt: "one more" })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "PAYMENT_REQUIRED",
      status: 402,
      details: { budget: "org", limit_usd: 0.001 },
    });
    expect(openai.requests.length).toBe(requestsBefore);
    expect(await interactionsOf(ai, orgId)).toHaveLength(4);
  });

  it("blocks one user at their own limit while others carry on", async () => {
    const ai = makeAi();
    const { orgId, userId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    const colleague = await createUser(db(), orgId, "member", "Grace");
    await ai.service.saveBudget(orgScope(orgId, userId), { monthlyLimitUsd: null, userMonthlyLimitUsd: 1 });
    await ai.service.saveUserBudget(orgScope(orgId, userId), { userId, monthlyLimitUsd: 0.0003 });
    openai.setDefault(costly);
    await ai.gateway.generate({ scope, feature: "test.chat", task: "chat", prompt: "first" });
    await ai.gateway.flush();
    await expect(
      ai.gateway.generate({ scope, feature: "test.chat", task: "chat", prompt: "second" }),
    ).rejects.toMatchObject({
      code: "PAYMENT_REQUIRED",
      details: { budget: "user" },
    });
    const { result } = await ai.gateway.generate({
      scope: { orgId, userId: colleague },
      feature: "test.chat",
      task: "chat",
      prompt: "mine",
    });
    expect(result.text).toBe("ok");
  });

  it("rate limits each user per minute with RATE_LIMITED and a retry-after, calling nothing", async () => {
    const ai = makeAi();
    const { orgId, userId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    await ai.service.saveSettings(orgScope(orgId, userId), {
      sanitiserEnabled: false,
      glossary: [],
      transcriptRetentionDays: null,
      rateLimitPerMinute: 2,
      responseCacheTtlSeconds: 0,
    });
    await ai.gateway.generate({ scope, feature: "test.chat", task: "chat", prompt: "1" });
    await ai.gateway.generate({ scope, feature: "test.chat", task: "chat", prompt: "2" });
    const error = await ai.gateway
      .generate({ scope, feature: "test.chat", task: "chat", prompt: "3" })
      .catch((caught) => caught);
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, headers: { "retry-after": "30" } });
    expect(openai.requests).toHaveLength(2);
    expect(await interactionsOf(ai, orgId)).toHaveLength(2);
  });
});

describe("response cache", () => {
  it("answers a repeated temperature-0 request from the cache, streamed or not, and records the hit", async () => {
    const ai = makeAi();
    const { orgId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    openai.setDefault({ kind: "answer", text: "Cached wisdom.", usage: { input: 100, output: 10 } });
    const ask = {
      scope,
      feature: "test.chat",
      task: "chat" as const,
      prompt: "Same question",
      temperature: 0,
    };
    await ai.gateway.generate(ask);
    const again = await ai.gateway.generate(ask);
    expect(again.answer.cached).toBe(true);
    expect(again.result.text).toBe("Cached wisdom.");
    const streamed = await ai.gateway.stream(ask);
    expect(await streamed.result.text).toBe("Cached wisdom.");
    expect(streamed.answer.cached).toBe(true);
    await streamed.finished;
    expect(openai.requests).toHaveLength(1);
    await ai.gateway.generate({ ...ask, temperature: 0.5 });
    expect(openai.requests).toHaveLength(2);
    const rows = await interactionsOf(ai, orgId);
    expect(rows.map((row) => [row.cacheHit, row.costMicroUsd])).toEqual([
      [false, 21],
      [true, 0],
      [true, 0],
      [false, 21],
    ]);
  });
});

describe("privacy", () => {
  it("sends placeholders instead of emails, phones and client names, and restores them in the stream", async () => {
    const ai = makeAi();
    const { orgId, userId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    await ai.service.saveSettings(orgScope(orgId, userId), {
      sanitiserEnabled: true,
      glossary: ["Globex"],
      transcriptRetentionDays: null,
      rateLimitPerMinute: null,
      responseCacheTtlSeconds: 86_400,
    });
    openai.script({
      kind: "answer",
      text: "Call «PHONE_1» or mail «EMAIL_1» before Globex's «CLIENT_1» review.",
      chunkSize: 3,
    });
    const { result } = await ai.gateway.stream({
      scope,
      feature: "test.chat",
      task: "chat",
      system: "You write follow-ups for Globex.",
      prompt: "Draft a note to hank@globex.com, +44 20 7946 0958",
    });
    expect(await result.text).toBe(
      "Call +44 20 7946 0958 or mail hank@globex.com before Globex's Globex review.",
    );
    const sent = JSON.stringify(openai.requests[0]?.body);
    expect(sent).not.toMatch(/hank@globex\.com|7946|Globex/);
    expect(sent).toContain("«EMAIL_1»");
    expect(sent).toContain("«CLIENT_1»");
  });
});

describe("offline and bring-your-own-key", () => {
  it("answers offline from the caller's context when no provider is configured", async () => {
    const ai = makeAi({ env: {} });
    const orgId = await createOrg(db(), "Offline");
    const { result, answer, finished } = await ai.gateway.stream({
      scope: { orgId, userId: null },
      feature: "goals.summary",
      task: "quick_summary",
      prompt: "Which key results are at risk?",
      context: [
        { id: "kr-1", title: "KR: Partner portal", text: "At risk: 30% done against a 70% target." },
        { id: "kr-2", title: "KR: Hiring", text: "On track at 80%." },
      ],
    });
    expect(answer).toMatchObject({ offline: true, provider: "offline", fallbackUsed: false });
    expect(await result.text).toContain("At risk: 30% done against a 70% target. [1]");
    expect((await result.providerMetadata)?.cairn?.offline).toBe(true);
    await finished;
    expect((await interactionsOf(ai, orgId))[0]).toMatchObject({
      offline: true,
      userId: null,
      task: "quick_summary",
    });
  });

  it("sends an org's calls through its own key and endpoint; other orgs keep the instance key", async () => {
    const ai = makeAi();
    const own = await orgWithChain(ai, ["openai:gpt-4o-mini"], "Own Key Inc");
    const other = await orgWithChain(ai, ["openai:gpt-4o-mini"], "Instance Key Ltd");
    const saved = await ai.service.saveCredential(orgScope(own.orgId, own.userId), {
      provider: "openai",
      name: "openai",
      label: "Our OpenAI account",
      baseUrl: byok.baseUrl,
      apiKey: "sk-org-own-1234",
    });
    expect(saved).not.toHaveProperty("secretCiphertext");
    expect(saved.secretHint).toBe("…1234");
    await ai.gateway.generate({ scope: own.scope, feature: "test.chat", task: "chat", prompt: "mine" });
    await ai.gateway.generate({ scope: other.scope, feature: "test.chat", task: "chat", prompt: "theirs" });
    expect(byok.requests.map((request) => request.headers.authorization)).toEqual(["Bearer sk-org-own-1234"]);
    expect(openai.requests.map((request) => request.headers.authorization)).toEqual(["Bearer sk-instance"]);
    const [stored] = await db()
      .select()
      .from(aiProviderCredentials)
      .where(eq(aiProviderCredentials.orgId, own.orgId));
    expect(JSON.stringify(stored)).not.toContain("sk-org-own-1234");
  });
});

describe("embeddings", () => {
  it("embeds along the org's embedding chain and records the call", async () => {
    const ai = makeAi();
    const orgId = await createOrg(db(), "Embed");
    const userId = await createUser(db(), orgId, "admin");
    await ai.service.saveRoute(orgScope(orgId, userId), {
      task: "embedding",
      modelRefs: ["ollama:nomic-embed-text"],
    });
    const { embeddings, answer } = await ai.gateway.embed({
      scope: { orgId, userId },
      feature: "knowledge.index",
      values: ["first chunk", "second chunk"],
    });
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]).toHaveLength(8);
    expect(embeddings[0]).not.toEqual(embeddings[1]);
    expect(answer).toMatchObject({ provider: "ollama", model: "nomic-embed-text" });
    expect(ollama.requests[0]?.path).toBe("/v1/embeddings");
    expect((await interactionsOf(ai, orgId))[0]).toMatchObject({
      task: "embedding",
      inputTokens: 6,
      outputTokens: 0,
    });
    expect(await ai.gateway.canEmbed(orgId)).toBe(true);
  });

  it("says clearly when no embedding model is configured", async () => {
    const ai = makeAi({ env: { ANTHROPIC_API_KEY: "ak", ANTHROPIC_BASE_URL: anthropic.baseUrl } });
    const orgId = await createOrg(db(), "No Embed");
    await expect(
      ai.gateway.embed({ scope: { orgId, userId: null }, feature: "knowledge.index", values: ["x"] }),
    ).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
    expect(await ai.gateway.canEmbed(orgId)).toBe(false);
  });
});

describe("transcripts", () => {
  it("stores each exchange of a session with its metadata and tool use", async () => {
    const ai = makeAi();
    const { orgId, userId, scope } = await orgWithChain(ai, ["openai:gpt-4o-mini"]);
    openai.script({
      kind: "answer",
      text: "Noted.",
      toolCalls: [{ name: "createTask", arguments: { title: "T", due: "2025-01-01" } }],
    });
    const { result, finished } = await ai.gateway.stream({
      scope,
      feature: "conversations.reply",
      task: "chat",
      prompt: "Remember this",
      tools: { createTask },
      session: { id: "session-1" },
    });
    await drain(result.fullStream);
    const { interactionId } = await finished;
    const entries = await ai.transcripts.listSession(orgId, "session-1");
    expect(entries).toEqual([
      expect.objectContaining({
        id: interactionId,
        orgId,
        userId,
        sessionId: "session-1",
        provider: "openai",
        model: "gpt-4o-mini",
        status: "success",
        request: { system: null, messages: [{ role: "user", content: "Remember this" }] },
        response: {
          text: "Noted.",
          toolCalls: [{ toolName: "createTask", input: { title: "T", due: "2025-01-01" } }],
          toolResults: [],
        },
      }),
    ]);
    expect(Date.parse(entries[0]!.finishedAt)).toBeGreaterThanOrEqual(Date.parse(entries[0]!.startedAt));
    expect((await interactionsOf(ai, orgId))[0]?.sessionId).toBe("session-1");
  });
});

describe("tenancy", () => {
  it("never shows one org's interactions to another, even without a WHERE clause", async () => {
    const ai = makeAi();
    const a = await orgWithChain(ai, ["openai:gpt-4o-mini"], "Tenant A");
    const b = await orgWithChain(ai, ["openai:gpt-4o-mini"], "Tenant B");
    await ai.gateway.generate({ scope: a.scope, feature: "test.tenant_a", task: "chat", prompt: "a" });
    await ai.gateway.generate({ scope: b.scope, feature: "test.tenant_b", task: "chat", prompt: "b" });
    await ai.gateway.flush();
    const seenByB = await inTenant(db(), { orgId: b.orgId }, (tx) =>
      tx.select({ feature: aiInteractions.feature }).from(aiInteractions),
    );
    expect(seenByB).toEqual([{ feature: "test.tenant_b" }]);
    const range = { from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) };
    const listed = await ai.service.listInteractions(orgScope(b.orgId, b.userId), range, {
      page: 1,
      per_page: 50,
    });
    expect(listed.rows.map((row) => row.feature)).toEqual(["test.tenant_b"]);
    const leaked = await inTenant(db(), { orgId: b.orgId }, (tx) =>
      tx.execute(sql`select count(*)::int as n from ai_interactions where org_id = ${a.orgId}`),
    );
    expect((leaked as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
  });
});
