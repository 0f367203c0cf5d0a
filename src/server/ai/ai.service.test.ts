import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../config-error";
import { aiInteractions, aiProviderCredentials, auditEvents } from "../db/schema";
import { AppError } from "../http";
import { silentLogger } from "../testing/test-app";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { loadAiConfig } from "./ai.config";
import { createAiService } from "./ai.service";
import { BreakerRegistry } from "./breaker";
import { openSecret } from "./crypto";
import { createOrgProfiles } from "./org-profile";
import { createProviderRegistry } from "./providers";
import { assertEncryptionKeyPresent, createAi } from "./setup";
import { createOrg, createUser, membershipLookup, orgScope } from "./testing/factories";
import { createDiskTranscriptStore } from "./transcripts";

let database: TestDatabase;
const dataDir = mkdtempSync(path.join(tmpdir(), "cairn-ai-service-"));
const key = randomBytes(32);
const db = () => database.handle.db;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

function makeService(
  env: Record<string, string> = { CAIRN_ENCRYPTION_KEY: key.toString("hex") },
  breakers?: BreakerRegistry,
) {
  const config = loadAiConfig({ OPENAI_API_KEY: "sk-instance", ...env }, dataDir);
  const registry = createProviderRegistry(config.providers);
  const profiles = createOrgProfiles({ db: db(), config, registry, logger: silentLogger() });
  return createAiService({
    db: db(),
    config,
    registry,
    profiles,
    breakers: breakers ?? new BreakerRegistry(),
    members: membershipLookup,
    transcripts: createDiskTranscriptStore(path.join(dataDir, "transcripts")),
  });
}

async function adminOf(name: string) {
  const orgId = await createOrg(db(), name);
  const userId = await createUser(db(), orgId, "admin");
  return orgScope(orgId, userId);
}

function auditOf(orgId: string, action: string) {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, action)));
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("provider credentials", () => {
  it("stores the key encrypted, bound to the org, and never returns it", async () => {
    const service = makeService();
    const scope = await adminOf("Keys");
    const saved = await service.saveCredential(scope, {
      provider: "openai",
      name: "openai",
      label: "Team account",
      apiKey: "sk-secret-abcd",
    });
    expect(Object.keys(saved).sort()).toEqual(
      [
        "apiKeyHeader",
        "baseUrl",
        "createdAt",
        "id",
        "label",
        "name",
        "provider",
        "region",
        "secretHint",
        "updatedAt",
      ].sort(),
    );
    expect(saved.secretHint).toBe("…abcd");
    expect(await service.listCredentials(scope)).toEqual([saved]);

    const [row] = await db()
      .select()
      .from(aiProviderCredentials)
      .where(eq(aiProviderCredentials.id, saved.id));
    expect(row?.secretCiphertext).not.toContain("sk-secret");
    const sealed = { ciphertext: row!.secretCiphertext, iv: row!.secretIv, tag: row!.secretTag };
    expect(JSON.parse(openSecret(key, sealed, scope.orgId))).toEqual({ apiKey: "sk-secret-abcd" });
    const thief = await adminOf("Thief");
    expect(() => openSecret(key, sealed, thief.orgId)).toThrow();

    const [audit] = await auditOf(scope.orgId, "ai.credential.created");
    expect(audit).toMatchObject({
      entityId: saved.id,
      actorUserId: scope.userId,
      correlationId: "test-correlation",
    });
    expect(JSON.stringify(audit?.after)).not.toContain("sk-secret");
  });

  it("lists instance providers from the environment and the org's keys, never a key", async () => {
    const service = makeService({
      CAIRN_ENCRYPTION_KEY: key.toString("hex"),
      OPENAI_BASE_URL: "https://user:pass@gateway.example/v1?token=x",
      OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:11434/v1",
      OPENAI_COMPATIBLE_NAME: "ollama",
      OPENAI_COMPATIBLE_MODELS: "llama3.1:8b",
    });
    const scope = await adminOf("Providers");
    await service.saveCredential(scope, {
      provider: "anthropic",
      name: "anthropic",
      label: "Our Anthropic",
      apiKey: "sk-ant-secret-9876",
    });
    const providers = await service.listProviders(scope);
    expect(providers.encryptionKeyConfigured).toBe(true);
    const byName = new Map(providers.instance.map((provider) => [provider.name, provider]));
    expect(byName.get("openai")).toMatchObject({
      configured: true,
      source: "environment",
      baseUrl: "https://gateway.example/v1",
      env: ["OPENAI_API_KEY", "OPENAI_BASE_URL"],
    });
    expect(byName.get("anthropic")).toMatchObject({ configured: false, overriddenByCredential: true });
    expect(byName.get("ollama")).toMatchObject({
      kind: "openai-compatible",
      configured: true,
      modelCount: 1,
    });
    expect(byName.get("offline")).toMatchObject({ configured: true, source: "built_in" });
    expect(providers.credentials).toEqual([
      expect.objectContaining({ name: "anthropic", status: "available", secretHint: "…9876", modelCount: 3 }),
    ]);
    const text = JSON.stringify(providers);
    expect(text).not.toContain("sk-ant-secret");
    expect(text).not.toContain("sk-instance");
    expect(text).not.toContain("pass");
  });

  it("keeps the stored key when an update leaves it out, and replaces it when given", async () => {
    const service = makeService();
    const scope = await adminOf("Rotate");
    const input = {
      provider: "openai-compatible" as const,
      name: "openrouter",
      label: "OpenRouter",
      baseUrl: "https://openrouter.ai/api/v1",
    };
    await service.saveCredential(scope, { ...input, apiKey: "or-first-1111" });
    const stored = () =>
      db().select().from(aiProviderCredentials).where(eq(aiProviderCredentials.orgId, scope.orgId));
    const [first] = await stored();
    const relabelled = await service.saveCredential(scope, { ...input, label: "OpenRouter (team)" });
    const [second] = await stored();
    expect(relabelled.label).toBe("OpenRouter (team)");
    expect(second?.secretCiphertext).toBe(first?.secretCiphertext);
    await service.saveCredential(scope, { ...input, apiKey: "or-second-2222" });
    const [third] = await stored();
    expect(third?.secretCiphertext).not.toBe(first?.secretCiphertext);
    expect(third?.secretHint).toBe("…2222");
    const updates = await auditOf(scope.orgId, "ai.credential.updated");
    expect(updates.map((event) => (event.after as { keyReplaced: boolean }).keyReplaced)).toEqual([
      false,
      true,
    ]);
  });

  it("refuses to store keys without CAIRN_ENCRYPTION_KEY, and bad input, changing nothing", async () => {
    const scope = await adminOf("Refused");
    const withoutKey = makeService({});
    expect(
      (
        await rejection(
          withoutKey.saveCredential(scope, { provider: "openai", name: "openai", label: "x", apiKey: "sk" }),
        )
      ).code,
    ).toBe("UNPROCESSABLE");
    const service = makeService();
    const attempts = [
      { provider: "openai-compatible", name: "local", label: "No URL", apiKey: "k" },
      { provider: "openai", name: "offline", label: "Reserved", apiKey: "k" },
      { provider: "openai", name: "Open AI", label: "Bad name", apiKey: "k" },
      { provider: "openai", name: "openai", label: "No key" },
      { provider: "bedrock", name: "bedrock", label: "No region", accessKeyId: "a", secretAccessKey: "b" },
      { provider: "openai", name: "openai", label: "Extra", apiKey: "k", isAdmin: true },
    ];
    for (const attempt of attempts) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      const error = await rejection(service.saveCredential(scope, attempt as any));
      expect(error.code, JSON.stringify(attempt)).toBe("VALIDATION_ERROR");
    }
    expect(await service.listCredentials(scope)).toEqual([]);
    expect(await db().select().from(auditEvents).where(eq(auditEvents.orgId, scope.orgId))).toEqual([]);
  });

  it("deletes an org's own credential and answers 404 for another org's", async () => {
    const service = makeService();
    const owner = await adminOf("Owner");
    const outsider = await adminOf("Outsider");
    const saved = await service.saveCredential(owner, {
      provider: "anthropic",
      name: "anthropic",
      label: "A",
      apiKey: "ak-1",
    });
    expect((await rejection(service.deleteCredential(outsider, saved.id))).code).toBe("NOT_FOUND");
    expect(await service.listCredentials(outsider)).toEqual([]);
    await service.deleteCredential(owner, saved.id);
    expect(await service.listCredentials(owner)).toEqual([]);
    expect(await auditOf(owner.orgId, "ai.credential.deleted")).toHaveLength(1);
  });
});

describe("catalog and routing", () => {
  it("adds models, overrides built-in prices, and says where each entry comes from", async () => {
    const service = makeService();
    const scope = await adminOf("Catalog");
    await service.saveModel(scope, {
      provider: "openai",
      modelId: "gpt-4o-mini",
      kind: "language",
      label: "GPT-4o mini (negotiated)",
      inputUsdPerMTok: 0.1,
      outputUsdPerMTok: 0.4,
      contextTokens: 128_000,
    });
    await service.saveModel(scope, {
      provider: "openrouter",
      modelId: "meta-llama/llama-3.1-70b",
      kind: "language",
      label: "Llama 70B",
      inputUsdPerMTok: 0.5,
      outputUsdPerMTok: 0.8,
      contextTokens: 131_072,
    });
    const models = await service.listModels(scope);
    expect(models.find((model) => model.ref === "openai:gpt-4o-mini")).toMatchObject({
      source: "org",
      overridesDefault: true,
      inputUsdPerMTok: 0.1,
      available: true,
    });
    expect(models.find((model) => model.ref === "openrouter:meta-llama/llama-3.1-70b")).toMatchObject({
      source: "org",
      overridesDefault: false,
      available: false,
    });
    expect(models.find((model) => model.ref === "anthropic:claude-sonnet-4-5")).toMatchObject({
      source: "built_in",
      available: false,
    });
    expect(models.find((model) => model.ref === "offline:cairn-extractive")?.available).toBe(true);
    expect(await auditOf(scope.orgId, "ai.model.updated")).toHaveLength(0);
    expect(await auditOf(scope.orgId, "ai.model.created")).toHaveLength(2);

    await service.deleteModel(scope, "openai:gpt-4o-mini");
    expect(
      (await service.listModels(scope)).find((model) => model.ref === "openai:gpt-4o-mini"),
    ).toMatchObject({
      source: "built_in",
      inputUsdPerMTok: 0.15,
    });
    expect((await rejection(service.deleteModel(scope, "openai:gpt-4o-mini"))).code).toBe("NOT_FOUND");
  });

  it("disables a model for routing, but never the offline model", async () => {
    const service = makeService();
    const scope = await adminOf("Disabled");
    const entry = (
      model: { provider: string; modelId: string; kind: "language" | "embedding" } & Record<string, unknown>,
    ) => ({
      provider: model.provider,
      modelId: model.modelId,
      kind: model.kind,
      label: String(model.label),
      inputUsdPerMTok: Number(model.inputUsdPerMTok),
      outputUsdPerMTok: Number(model.outputUsdPerMTok),
      contextTokens: Number(model.contextTokens),
    });
    const gpt = (await service.listModels(scope)).find((model) => model.ref === "openai:gpt-4.1")!;
    expect(gpt.enabled).toBe(true);
    await service.saveModel(scope, { ...entry(gpt), enabled: false });
    expect((await service.listModels(scope)).find((model) => model.ref === gpt.ref)).toMatchObject({
      enabled: false,
      source: "org",
      inputUsdPerMTok: gpt.inputUsdPerMTok,
    });
    const chat = (await service.listRoutes(scope)).find((route) => route.task === "chat")!;
    expect(chat.effective.modelRefs).not.toContain(gpt.ref);
    expect(chat.effective.skipped).toContainEqual({ ref: gpt.ref, reason: "disabled" });
    const refused = await rejection(service.saveRoute(scope, { task: "chat", modelRefs: [gpt.ref] }));
    expect(refused.details).toEqual([{ ref: gpt.ref, problem: "disabled in the catalog" }]);
    const offline = (await service.listModels(scope)).find((model) => model.provider === "offline")!;
    expect((await rejection(service.saveModel(scope, { ...entry(offline), enabled: false }))).code).toBe(
      "VALIDATION_ERROR",
    );
  });

  it("validates a chain against the catalog and the task's kind, changing nothing when it is wrong", async () => {
    const service = makeService();
    const scope = await adminOf("Routes");
    const unknown = await rejection(
      service.saveRoute(scope, { task: "chat", modelRefs: ["openai:gpt-4o", "nobody:model"] }),
    );
    expect(unknown.code).toBe("VALIDATION_ERROR");
    expect(unknown.details).toEqual([{ ref: "nobody:model", problem: "not in the catalog" }]);
    const wrongKind = await rejection(
      service.saveRoute(scope, { task: "embedding", modelRefs: ["openai:gpt-4o"] }),
    );
    expect(wrongKind.details).toEqual([{ ref: "openai:gpt-4o", problem: "not an embedding model" }]);
    expect((await rejection(service.saveRoute(scope, { task: "chat", modelRefs: [] }))).code).toBe(
      "VALIDATION_ERROR",
    );
    expect((await service.listRoutes(scope)).every((route) => route.modelRefs === null)).toBe(true);
    expect(await auditOf(scope.orgId, "ai.route.updated")).toHaveLength(0);
  });

  it("shows the org's chain and the effective one, and resets to the instance default", async () => {
    const service = makeService();
    const scope = await adminOf("Chains");
    await service.saveRoute(scope, {
      task: "risk_assessment",
      modelRefs: ["mistral:mistral-large-latest", "openai:gpt-4o"],
    });
    const routes = await service.listRoutes(scope);
    expect(routes.map((route) => route.task)).toEqual([
      "chat",
      "quick_summary",
      "project_analysis",
      "risk_assessment",
      "technical_docs",
      "realtime",
      "embedding",
    ]);
    expect(routes.find((route) => route.task === "risk_assessment")).toMatchObject({
      modelRefs: ["mistral:mistral-large-latest", "openai:gpt-4o"],
      effective: {
        source: "org",
        modelRefs: ["openai:gpt-4o", "offline:cairn-extractive"],
        skipped: [{ ref: "mistral:mistral-large-latest", reason: "no_credentials" }],
      },
    });
    expect(routes.find((route) => route.task === "chat")?.effective).toEqual({
      source: "instance",
      modelRefs: ["openai:gpt-4.1", "offline:cairn-extractive"],
      skipped: [],
    });
    await service.resetRoute(scope, "risk_assessment");
    expect(
      (await service.listRoutes(scope)).find((route) => route.task === "risk_assessment")?.modelRefs,
    ).toBeNull();
    expect((await rejection(service.resetRoute(scope, "risk_assessment"))).code).toBe("NOT_FOUND");
    expect(await auditOf(scope.orgId, "ai.route.reset")).toHaveLength(1);
  });
});

describe("budgets and settings", () => {
  it("stores budgets in dollars, with per-user overrides only for members", async () => {
    const service = makeService();
    const scope = await adminOf("Budgets");
    const member = await createUser(db(), scope.orgId, "member", "Linus");
    const stranger = await createUser(db(), (await adminOf("Elsewhere")).orgId, "member", "Eve");
    expect(await service.getBudget(scope)).toEqual({
      month: new Date().toISOString().slice(0, 7),
      monthlyLimitUsd: null,
      userMonthlyLimitUsd: null,
      alertPercent: 80,
      spentThisMonthUsd: 0,
      users: [],
    });
    await service.saveBudget(scope, { monthlyLimitUsd: 250.5, userMonthlyLimitUsd: 20, alertPercent: 75 });
    await service.saveUserBudget(scope, { userId: member, monthlyLimitUsd: 5 });
    expect(
      (await rejection(service.saveUserBudget(scope, { userId: stranger, monthlyLimitUsd: 5 }))).code,
    ).toBe("NOT_FOUND");
    const budget = await service.getBudget(scope);
    expect(budget).toMatchObject({ monthlyLimitUsd: 250.5, userMonthlyLimitUsd: 20, alertPercent: 75 });
    expect(budget.users).toEqual([
      expect.objectContaining({ userId: member, name: "Linus", monthlyLimitUsd: 5, spentThisMonthUsd: 0 }),
    ]);
    expect(
      (await rejection(service.saveBudget(scope, { monthlyLimitUsd: -1, userMonthlyLimitUsd: null }))).code,
    ).toBe("VALIDATION_ERROR");
    await service.deleteUserBudget(scope, member);
    expect((await service.getBudget(scope)).users).toEqual([]);
    expect(await auditOf(scope.orgId, "ai.budget.updated")).toHaveLength(1);
    expect(await auditOf(scope.orgId, "ai.user_budget.updated")).toHaveLength(1);
    expect(await auditOf(scope.orgId, "ai.user_budget.deleted")).toHaveLength(1);
  });

  it("returns instance defaults until the org sets its own, and audits changes", async () => {
    const service = makeService();
    const scope = await adminOf("Settings");
    expect(await service.getSettings(scope)).toEqual({
      sanitiserEnabled: false,
      glossary: [],
      transcriptRetentionDays: null,
      rateLimitPerMinute: null,
      responseCacheTtlSeconds: 86_400,
      defaults: { transcriptRetentionDays: 365, rateLimitPerMinute: 30 },
    });
    await service.saveSettings(scope, {
      sanitiserEnabled: true,
      glossary: ["Acme", "Acme", "Globex"],
      transcriptRetentionDays: 30,
      rateLimitPerMinute: 10,
      responseCacheTtlSeconds: 0,
    });
    expect(await service.getSettings(scope)).toMatchObject({
      sanitiserEnabled: true,
      glossary: ["Acme", "Globex"],
      transcriptRetentionDays: 30,
      rateLimitPerMinute: 10,
      responseCacheTtlSeconds: 0,
    });
    const [audit] = await auditOf(scope.orgId, "ai.settings.updated");
    expect(audit?.before).toBeNull();
    expect(audit?.after).toMatchObject({ sanitiserEnabled: true });
    expect(
      (
        await rejection(
          service.saveSettings(scope, {
            sanitiserEnabled: true,
            glossary: ["x"],
            transcriptRetentionDays: 0,
            rateLimitPerMinute: 10,
            responseCacheTtlSeconds: 0,
          }),
        )
      ).code,
    ).toBe("VALIDATION_ERROR");
  });

  it("keeps one org's settings and credentials out of another's reach", async () => {
    const service = makeService();
    const a = await adminOf("Private A");
    const b = await adminOf("Private B");
    await service.saveCredential(a, {
      provider: "openai",
      name: "openai",
      label: "A's key",
      apiKey: "sk-a-0000",
    });
    await service.saveSettings(a, {
      sanitiserEnabled: true,
      glossary: ["Secret Client"],
      transcriptRetentionDays: null,
      rateLimitPerMinute: null,
      responseCacheTtlSeconds: 60,
    });
    expect(await service.listCredentials(b)).toEqual([]);
    expect((await service.getSettings(b)).glossary).toEqual([]);
  });
});

describe("usage dashboard", () => {
  async function seed(orgId: string, rows: Partial<typeof aiInteractions.$inferInsert>[]) {
    await db()
      .insert(aiInteractions)
      .values(
        rows.map((row) => ({
          orgId,
          feature: "goals.coach",
          task: "chat" as const,
          provider: "openai",
          model: "gpt-4o-mini",
          streamed: false,
          latencyMs: 100,
          status: "success" as const,
          ...row,
        })),
      );
  }

  it("aggregates cost, tokens, latency percentiles and error, fallback and cache rates", async () => {
    const service = makeService();
    const scope = await adminOf("Usage");
    const other = await adminOf("Other usage");
    const day1 = new Date("2025-06-01T10:00:00Z");
    const day2 = new Date("2025-06-02T10:00:00Z");
    await seed(scope.orgId, [
      {
        createdAt: day1,
        userId: scope.userId,
        costMicroUsd: 1_000_000,
        inputTokens: 100,
        outputTokens: 10,
        latencyMs: 100,
        timeToFirstTokenMs: 20,
      },
      {
        createdAt: day1,
        userId: scope.userId,
        costMicroUsd: 500_000,
        inputTokens: 50,
        outputTokens: 5,
        latencyMs: 200,
        fallbackUsed: true,
      },
      {
        createdAt: day2,
        provider: "anthropic",
        model: "claude-haiku-4-5",
        feature: "knowledge.answer",
        costMicroUsd: 2_000_000,
        inputTokens: 200,
        outputTokens: 20,
        latencyMs: 300,
        status: "error",
      },
      { createdAt: day2, cacheHit: true, latencyMs: 400 },
    ]);
    await seed(other.orgId, [{ createdAt: day1, costMicroUsd: 9_000_000 }]);
    const range = { from: new Date("2025-06-01T00:00:00Z"), to: new Date("2025-06-03T00:00:00Z") };

    const summary = await service.usageSummary(scope, range);
    expect(summary.totals).toMatchObject({
      calls: 4,
      costUsd: 3.5,
      inputTokens: 350,
      outputTokens: 35,
      errors: 1,
      errorRate: 0.25,
      fallbackRate: 0.25,
      cacheHitRate: 0.25,
      latencyP50Ms: 250,
      latencyP95Ms: 385,
      timeToFirstTokenP50Ms: 20,
    });
    expect(summary.byModel.map((entry) => [entry.key, entry.calls, entry.costUsd])).toEqual([
      ["anthropic:claude-haiku-4-5", 1, 2],
      ["openai:gpt-4o-mini", 3, 1.5],
    ]);
    expect(summary.byFeature.map((entry) => entry.key)).toEqual(["knowledge.answer", "goals.coach"]);
    expect(summary.byUser.find((entry) => entry.key === scope.userId)?.costUsd).toBe(1.5);

    const series = await service.usageSeries(scope, { ...range, interval: "day", groupBy: "model" });
    expect(series.map((point) => [point.bucket.toISOString().slice(0, 10), point.key, point.calls])).toEqual([
      ["2025-06-01", "openai:gpt-4o-mini", 2],
      ["2025-06-02", "anthropic:claude-haiku-4-5", 1],
      ["2025-06-02", "openai:gpt-4o-mini", 1],
    ]);

    const page = await service.listInteractions(
      scope,
      { ...range, status: "error" },
      { page: 1, per_page: 10 },
    );
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ provider: "anthropic", costUsd: 2 });

    expect((await service.usageSummary(other, range)).totals.costUsd).toBe(9);
    expect((await rejection(service.usageSummary(scope, { from: range.to, to: range.from }))).code).toBe(
      "VALIDATION_ERROR",
    );
  });

  it("shows an org the breakers of the instance's providers and its own keys, not other orgs' keys", async () => {
    const breakers = new BreakerRegistry(Date.now, { failureThreshold: 1, cooldownMs: 60_000 });
    const service = makeService(undefined, breakers);
    const scope = await adminOf("Breakers");
    const own = await service.saveCredential(scope, {
      provider: "openai",
      name: "openai",
      label: "Own",
      apiKey: "sk-own",
    });
    breakers.failure("instance/anthropic:claude-haiku-4-5");
    breakers.failure(`credential:${own.id}/openai:gpt-4o`);
    breakers.failure("credential:00000000-0000-0000-0000-000000000000/openai:gpt-4o");
    const visible = await service.breakers(scope);
    expect(visible.map((breaker) => [breaker.ref, breaker.status])).toEqual([
      ["openai:gpt-4o", "open"],
      ["anthropic:claude-haiku-4-5", "open"],
    ]);
  });
});

describe("startup", () => {
  it("fails when stored keys exist but CAIRN_ENCRYPTION_KEY is missing or wrong", async () => {
    const fresh = await createTestDatabase();
    try {
      const config = (env: Record<string, string>) => loadAiConfig(env, dataDir);
      await expect(assertEncryptionKeyPresent(fresh.handle.db, config({}))).resolves.toBeUndefined();
      const ai = createAi({
        db: fresh.handle.db,
        config: config({ CAIRN_ENCRYPTION_KEY: key.toString("base64") }),
        logger: silentLogger(),
        members: membershipLookup,
      });
      const orgId = await createOrg(fresh.handle.db, "Stored");
      const userId = await createUser(fresh.handle.db, orgId, "owner");
      await ai.service.saveCredential(orgScope(orgId, userId), {
        provider: "mistral",
        name: "mistral",
        label: "M",
        apiKey: "m-key",
      });

      await expect(assertEncryptionKeyPresent(fresh.handle.db, config({}))).rejects.toThrow(ConfigError);
      await expect(assertEncryptionKeyPresent(fresh.handle.db, config({}))).rejects.toThrow(
        /CAIRN_ENCRYPTION_KEY: is required/,
      );
      await expect(
        assertEncryptionKeyPresent(
          fresh.handle.db,
          config({ CAIRN_ENCRYPTION_KEY: randomBytes(32).toString("hex") }),
        ),
      ).rejects.toThrow(/does not decrypt/);
      await expect(
        assertEncryptionKeyPresent(fresh.handle.db, config({ CAIRN_ENCRYPTION_KEY: key.toString("hex") })),
      ).resolves.toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
