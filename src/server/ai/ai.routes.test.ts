// The AI admin API and the playground, through app.request(): authorization for every endpoint
// (anonymous 401, another org's resource 404, a role without the permission 403, bad input 400
// changing nothing, success audited), keys never returned, org isolation, the offline answer.
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthKey } from "../../core/ai-routing/budget";
import { ORG_ROLES, type OrgRole } from "../../core/permissions";
import { selectRows } from "../db";
import type { OrgScope } from "../http";
import { describeEndpointAuthorization, type EndpointCase, sendApi } from "../testing/authorization";
import { createMember, createOrgWithOwner, signUp, type TestUser } from "../testing/factories";
import { createTestApp, type TestApp } from "../testing/test-app";
import { type FakeProvider, startFakeProvider } from "./testing/fake-provider";

let testApp: TestApp;
let fake: FakeProvider;
let orgA: string;
let orgB: string;
let actors: Record<OrgRole, TestUser>;
let outsider: TestUser;
let sequence = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${++sequence}`;

const ownerScope = (): OrgScope => ({
  orgId: orgA,
  role: "owner",
  userId: actors.owner.userId,
  correlationId: null,
  ip: null,
  userAgent: null,
});

const range = () => {
  const to = new Date(Date.now() + 3_600_000);
  const from = new Date(to.getTime() - 7 * 86_400_000);
  return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
};

const MANAGERS: OrgRole[] = ["owner", "admin"];
const STAFF: OrgRole[] = ["owner", "admin", "member"];
const ai = () => testApp.services.ai.service;

const newCredential = () =>
  ai().saveCredential(ownerScope(), {
    provider: "openai-compatible",
    name: unique("endpoint")
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-")
      .slice(0, 40),
    label: "Team endpoint",
    baseUrl: fake.baseUrl,
    apiKey: `sk-${randomBytes(8).toString("hex")}`,
  });
const newModel = async () => {
  const modelId = unique("model");
  await ai().saveModel(ownerScope(), {
    provider: "openrouter",
    modelId,
    kind: "language",
    label: "A model",
    inputUsdPerMTok: 1,
    outputUsdPerMTok: 2,
    contextTokens: 8192,
  });
  return `openrouter:${modelId}`;
};
const newTarget = async () => (await createMember(testApp, orgA, "member", "target")).userId;
/** A member's exchange in a new session of org A, written to the transcript store. */
const newTranscript = async (prompt = "Keep this for later") => {
  const sessionId = randomUUID();
  await testApp.services.ai.gateway.generate({
    scope: { orgId: orgA, userId: actors.member.userId },
    feature: "test.transcript",
    task: "chat",
    prompt,
    session: { id: sessionId },
  });
  await testApp.services.ai.gateway.flush();
  return sessionId;
};

const cases: EndpointCase<OrgRole>[] = [
  {
    method: "GET",
    route: "/ai/providers",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: "/ai/providers" }),
  },
  {
    method: "PUT",
    route: "/ai/credentials/{name}",
    allowed: MANAGERS,
    success: 200,
    audit: "ai.credential.created",
    fixture: async () => ({
      path: `/ai/credentials/${unique("or").toLowerCase()}`.slice(0, 60),
      body: {
        provider: "openai-compatible",
        label: "OpenRouter",
        base_url: fake.baseUrl,
        api_key: "sk-x-123456789",
      },
    }),
    badBody: { provider: "openai", label: "", api_key: "sk-1" },
  },
  {
    method: "DELETE",
    route: "/ai/credentials/{id}",
    allowed: MANAGERS,
    success: 204,
    audit: "ai.credential.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/ai/credentials/${(await newCredential()).id}` }),
  },
  {
    method: "GET",
    route: "/ai/models",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: "/ai/models" }),
  },
  {
    method: "PUT",
    route: "/ai/models",
    allowed: MANAGERS,
    success: 200,
    audit: "ai.model.created",
    fixture: async () => ({
      path: "/ai/models",
      body: {
        provider: "openrouter",
        model_id: unique("llama"),
        kind: "language",
        label: "Llama",
        input_usd_per_mtok: 0.5,
        output_usd_per_mtok: 0.8,
        context_tokens: 131072,
      },
    }),
    badBody: {
      provider: "openrouter",
      model_id: "m",
      kind: "language",
      label: "M",
      input_usd_per_mtok: -1,
      output_usd_per_mtok: 0,
      context_tokens: 8192,
    },
  },
  {
    method: "DELETE",
    route: "/ai/models?ref=",
    allowed: MANAGERS,
    success: 204,
    audit: "ai.model.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/ai/models?ref=${encodeURIComponent(await newModel())}` }),
  },
  {
    method: "GET",
    route: "/ai/routes",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: "/ai/routes" }),
  },
  {
    method: "PUT",
    route: "/ai/routes/{task}",
    allowed: MANAGERS,
    success: 200,
    audit: "ai.route.updated",
    fixture: async () => ({
      path: "/ai/routes/technical_docs",
      body: { model_refs: ["offline:cairn-extractive"] },
    }),
    badBody: { model_refs: [] },
  },
  {
    method: "DELETE",
    route: "/ai/routes/{task}",
    allowed: MANAGERS,
    success: 204,
    audit: "ai.route.reset",
    outsiderNotFound: true,
    fixture: async () => {
      await ai().saveRoute(ownerScope(), { task: "quick_summary", modelRefs: ["offline:cairn-extractive"] });
      return { path: "/ai/routes/quick_summary" };
    },
  },
  {
    method: "GET",
    route: "/ai/budget",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: "/ai/budget" }),
  },
  {
    method: "PUT",
    route: "/ai/budget",
    allowed: MANAGERS,
    success: 200,
    audit: "ai.budget.updated",
    fixture: async () => ({
      path: "/ai/budget",
      body: { monthly_limit_usd: 500, user_monthly_limit_usd: 50, alert_percent: 80 },
    }),
    badBody: { monthly_limit_usd: -5, user_monthly_limit_usd: null },
  },
  {
    method: "PUT",
    route: "/ai/budget/users/{userId}",
    allowed: MANAGERS,
    success: 200,
    audit: "ai.user_budget.updated",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/ai/budget/users/${await newTarget()}`, body: { monthly_limit_usd: 12 } }),
    badBody: { monthly_limit_usd: "lots" },
  },
  {
    method: "DELETE",
    route: "/ai/budget/users/{userId}",
    allowed: MANAGERS,
    success: 204,
    audit: "ai.user_budget.deleted",
    outsiderNotFound: true,
    fixture: async () => {
      const userId = await newTarget();
      await ai().saveUserBudget(ownerScope(), { userId, monthlyLimitUsd: 3 });
      return { path: `/ai/budget/users/${userId}` };
    },
  },
  {
    method: "GET",
    route: "/ai/settings",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: "/ai/settings" }),
  },
  {
    method: "PUT",
    route: "/ai/settings",
    allowed: MANAGERS,
    success: 200,
    audit: "ai.settings.updated",
    fixture: async () => ({
      path: "/ai/settings",
      body: {
        sanitiser_enabled: true,
        glossary: ["Globex", "Initech"],
        transcript_retention_days: 90,
        rate_limit_per_minute: null,
        response_cache_ttl_seconds: 3600,
      },
    }),
    badBody: {
      sanitiser_enabled: "yes",
      glossary: ["x"],
      transcript_retention_days: 0,
      rate_limit_per_minute: null,
      response_cache_ttl_seconds: 0,
    },
  },
  {
    method: "GET",
    route: "/ai/usage/summary",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: `/ai/usage/summary?${range()}` }),
  },
  {
    method: "GET",
    route: "/ai/usage/series",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: `/ai/usage/series?${range()}&group_by=model` }),
  },
  {
    method: "GET",
    route: "/ai/interactions",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: `/ai/interactions?${range()}` }),
  },
  {
    method: "GET",
    route: "/ai/transcripts",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: "/ai/transcripts" }),
  },
  {
    method: "GET",
    route: "/ai/transcripts/{sessionId}",
    allowed: MANAGERS,
    success: 200,
    audit: "ai.transcript.viewed",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/ai/transcripts/${await newTranscript()}` }),
  },
  {
    method: "GET",
    route: "/ai/breakers",
    allowed: MANAGERS,
    success: 200,
    fixture: async () => ({ path: "/ai/breakers" }),
  },
  {
    method: "POST",
    route: "/ai/playground",
    allowed: STAFF,
    success: 200,
    fixture: async () => ({ path: "/ai/playground", body: { prompt: "What is at risk?" } }),
    badBody: { prompt: "" },
  },
  {
    method: "POST",
    route: "/ai/playground/stream",
    allowed: STAFF,
    success: 200,
    fixture: async () => ({ path: "/ai/playground/stream", body: { prompt: "What is at risk?" } }),
    badBody: { prompt: "hello", task: "embedding" },
  },
];

async function snapshot() {
  await testApp.services.ai.gateway.flush();
  const [row] = await selectRows<Record<string, number | string>>(
    testApp.database.handle.db,
    sql`select
      (select count(*)::int from audit_events) as audit,
      (select count(*)::int from ai_provider_credentials) as credentials,
      (select count(*)::int from ai_models) as models,
      (select coalesce(string_agg(task || '=' || array_to_string(model_refs, ','), ';' order by id), '') from ai_routes) as routes,
      (select coalesce(string_agg(coalesce(monthly_limit_micro_usd::text, '-'), ';' order by id), '') from ai_budgets) as budgets,
      (select count(*)::int from ai_user_budgets) as user_budgets,
      (select coalesce(string_agg(array_to_string(glossary, ',') || sanitiser_enabled::text, ';' order by id), '') from ai_settings) as settings,
      (select count(*)::int from ai_interactions) as interactions`,
  );
  return row!;
}

beforeAll(async () => {
  fake = await startFakeProvider("openai");
  testApp = await createTestApp({
    CAIRN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    OPENAI_API_KEY: "sk-instance-key-0001",
    OPENAI_BASE_URL: fake.baseUrl,
    AI_MAX_RETRIES: "0",
    AI_TIMEOUT_MS: "5000",
  });
  const created = await createOrgWithOwner(testApp, "Org A");
  orgA = created.orgId;
  actors = {
    owner: created.owner,
    admin: await createMember(testApp, orgA, "admin"),
    member: await createMember(testApp, orgA, "member"),
    guest: await createMember(testApp, orgA, "guest"),
  };
  const other = await createOrgWithOwner(testApp, "Org B");
  orgB = other.orgId;
  outsider = other.owner;
  // Org A answers offline unless a test routes it elsewhere: nothing reaches the fake by accident.
  for (const task of ["chat", "realtime", "project_analysis"] as const) {
    await ai().saveRoute(ownerScope(), { task, modelRefs: ["offline:cairn-extractive"] });
  }
});

afterAll(async () => {
  await testApp.services.ai.gateway.flush();
  await testApp.close();
  await fake.close();
});

describeEndpointAuthorization(cases, ORG_ROLES, () => ({
  testApp,
  orgId: orgA,
  actors,
  outsider,
  snapshot,
}));

describe("signed in but in no org", () => {
  it("is told to choose an organization (403)", async () => {
    const loner = await signUp(testApp);
    const response = await sendApi(testApp, "GET", "/ai/settings", loner.headers);
    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(/organization/i);
  });
});

describe("provider keys", () => {
  it("are never returned: not when saved, not by any GET, not in the audit log", async () => {
    const secret = `sk-live-${randomBytes(24).toString("hex")}`;
    const saved = await sendApi(testApp, "PUT", "/ai/credentials/openai", actors.owner.headers, {
      provider: "openai",
      label: "Our own OpenAI account",
      base_url: fake.baseUrl,
      api_key: secret,
    });
    expect(saved.status).toBe(200);
    const savedText = await saved.text();
    expect(savedText).not.toContain(secret);
    expect(JSON.parse(savedText).data).toMatchObject({
      name: "openai",
      key_hint: `…${secret.slice(-4)}`,
      status: "available",
    });
    // Use the key once, so usage and the interaction log have something to show.
    await ai().saveRoute(ownerScope(), { task: "technical_docs", modelRefs: ["openai:gpt-4o-mini"] });
    fake.script({ kind: "answer", text: "Answered with the org's key.", usage: { input: 20, output: 6 } });
    const answered = await sendApi(testApp, "POST", "/ai/playground", actors.owner.headers, {
      prompt: "Draft the API docs",
      task: "technical_docs",
    });
    expect((await answered.json()).data.answer).toMatchObject({ provider: "openai", offline: false });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${secret}`);

    const paths = [
      "/ai/providers",
      "/ai/models",
      "/ai/routes",
      "/ai/budget",
      "/ai/settings",
      "/ai/breakers",
      `/ai/usage/summary?${range()}`,
      `/ai/usage/series?${range()}&group_by=model`,
      `/ai/interactions?${range()}`,
      "/audit-events?per_page=100",
    ];
    for (const path of paths) {
      const response = await sendApi(testApp, "GET", path, actors.owner.headers);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text, path).not.toContain(secret);
      expect(text, path).not.toContain(secret.slice(8, 30));
      expect(text, path).not.toContain("sk-instance-key-0001");
    }
    await sendApi(
      testApp,
      "DELETE",
      `/ai/credentials/${JSON.parse(savedText).data.id}`,
      actors.owner.headers,
    );
    await ai().resetRoute(ownerScope(), "technical_docs");
  });

  it("cannot be stored without CAIRN_ENCRYPTION_KEY (422), and nothing is written", async () => {
    const bare = await createTestApp();
    try {
      const { owner } = await createOrgWithOwner(bare, "No key org");
      const response = await bare.app.request("/api/v1/ai/credentials/openai", {
        method: "PUT",
        headers: owner.headers,
        body: JSON.stringify({ provider: "openai", label: "OpenAI", api_key: "sk-abcdefgh1234" }),
      });
      expect(response.status).toBe(422);
      const providers = await bare.app.request("/api/v1/ai/providers", { headers: owner.headers });
      const { data } = await providers.json();
      expect(data.encryption_key_configured).toBe(false);
      expect(data.credentials).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  it("refuses a new credential without its key, and a chain naming models it cannot use", async () => {
    const before = await snapshot();
    const noKey = await sendApi(testApp, "PUT", "/ai/credentials/mistral", actors.owner.headers, {
      provider: "mistral",
      label: "Mistral",
    });
    expect(noKey.status).toBe(400);
    const badChain = await sendApi(testApp, "PUT", "/ai/routes/embedding", actors.owner.headers, {
      model_refs: ["openai:gpt-4o", "nobody:model"],
    });
    expect(badChain.status).toBe(400);
    expect((await badChain.json()).details).toEqual([
      { ref: "openai:gpt-4o", problem: "not an embedding model" },
      { ref: "nobody:model", problem: "not in the catalog" },
    ]);
    const badRange = await sendApi(
      testApp,
      "GET",
      `/ai/usage/summary?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      actors.owner.headers,
    );
    expect(badRange.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe("org isolation", () => {
  it("keeps usage, interactions and credentials to their own org", async () => {
    const credential = await newCredential();
    const call = await sendApi(testApp, "POST", "/ai/playground", actors.member.headers, {
      prompt: "Summarise the week",
    });
    expect(call.status).toBe(200);
    await testApp.services.ai.gateway.flush();

    const summaryA = await (
      await sendApi(testApp, "GET", `/ai/usage/summary?${range()}`, actors.owner.headers)
    ).json();
    expect(summaryA.data.totals.calls).toBeGreaterThan(0);
    expect(summaryA.data.by_user.map((row: { key: string }) => row.key)).toContain(actors.member.userId);

    const summaryB = await (
      await sendApi(testApp, "GET", `/ai/usage/summary?${range()}`, outsider.headers)
    ).json();
    expect(summaryB.data.totals.calls).toBe(0);
    expect(summaryB.data.by_model).toEqual([]);
    const logB = await (
      await sendApi(testApp, "GET", `/ai/interactions?${range()}`, outsider.headers)
    ).json();
    expect(logB.data).toEqual([]);
    expect(logB.meta.total).toBe(0);
    const seriesB = await (
      await sendApi(testApp, "GET", `/ai/usage/series?${range()}`, outsider.headers)
    ).json();
    expect(seriesB.data).toEqual([]);
    const providersB = await (await sendApi(testApp, "GET", "/ai/providers", outsider.headers)).json();
    expect(providersB.data.credentials).toEqual([]);
    expect(JSON.stringify(providersB)).not.toContain(credential.name);
    // The member's id in another org's filter finds nothing either.
    const filtered = await (
      await sendApi(
        testApp,
        "GET",
        `/ai/interactions?${range()}&user_id=${actors.member.userId}`,
        outsider.headers,
      )
    ).json();
    expect(filtered.data).toEqual([]);
    expect(orgB).not.toBe(orgA);
  });
});

describe("the playground", () => {
  it("answers on the offline provider, says so, and records the call", async () => {
    const response = await sendApi(testApp, "POST", "/ai/playground", actors.member.headers, {
      prompt: "Which risks are overdue?",
      context: [
        {
          title: "RAID log",
          text: "The vendor contract risk is overdue for review. The budget is on track.",
        },
      ],
    });
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data.answer).toMatchObject({
      provider: "offline",
      model: "cairn-extractive",
      ref: "offline:cairn-extractive",
      offline: true,
      fallback_used: false,
    });
    expect(data.text).toMatch(/vendor contract risk is overdue/);
    expect(data.usage).toMatchObject({ status: "success", cost_usd: 0 });

    await testApp.services.ai.gateway.flush();
    const log = await (
      await sendApi(
        testApp,
        "GET",
        `/ai/interactions?${range()}&feature=ai.playground&per_page=1`,
        actors.owner.headers,
      )
    ).json();
    expect(log.data[0]).toMatchObject({
      id: data.answer.interaction_id,
      feature: "ai.playground",
      offline: true,
      user_id: actors.member.userId,
      status: "success",
    });
  });

  it("streams JSON lines: meta, content, done", async () => {
    const response = await sendApi(testApp, "POST", "/ai/playground/stream", actors.admin.headers, {
      prompt: "What needs attention?",
      context: [{ title: "Status", text: "The migration needs attention this week." }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; text?: string; answer?: unknown; usage?: unknown });
    expect(lines[0]).toMatchObject({ type: "meta", answer: { offline: true, provider: "offline" } });
    expect(lines.at(-1)).toMatchObject({ type: "done", usage: { status: "success" } });
    const text = lines
      .filter((line) => line.type === "content")
      .map((line) => line.text)
      .join("");
    expect(text).toMatch(/migration needs attention/);
  });

  it("reports a fallback when the first model of the chain fails", async () => {
    await ai().saveRoute(ownerScope(), {
      task: "risk_assessment",
      modelRefs: ["openai:gpt-4o-mini", "offline:cairn-extractive"],
    });
    fake.script({ kind: "status", status: 500, message: "upstream exploded" });
    const response = await sendApi(testApp, "POST", "/ai/playground", actors.owner.headers, {
      prompt: "Assess the risks",
      task: "risk_assessment",
    });
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data.answer).toMatchObject({ offline: true, fallback_used: true });
    await testApp.services.ai.gateway.flush();
    const summary = await (
      await sendApi(testApp, "GET", `/ai/usage/summary?${range()}&task=risk_assessment`, actors.owner.headers)
    ).json();
    expect(summary.data.totals.fallbacks).toBeGreaterThan(0);
    expect(summary.data.totals.fallback_rate).toBeGreaterThan(0);
    await ai().resetRoute(ownerScope(), "risk_assessment");
  });

  it("refuses when the org's monthly budget is spent (402), before calling anything", async () => {
    const { orgId, owner } = await createOrgWithOwner(testApp, "Spent Org");
    const scope: OrgScope = { ...ownerScope(), orgId, userId: owner.userId };
    await ai().saveRoute(scope, { task: "chat", modelRefs: ["openai:gpt-4o-mini"] });
    fake.script({ kind: "answer", text: "Expensive.", usage: { input: 1_000_000, output: 1_000_000 } });
    await ai().saveBudget(scope, { monthlyLimitUsd: 0.01, userMonthlyLimitUsd: null });
    const first = await sendApi(testApp, "POST", "/ai/playground", owner.headers, { prompt: "Spend it" });
    expect(first.status).toBe(200);
    await testApp.services.ai.gateway.flush();
    const requests = fake.requests.length;
    const second = await sendApi(testApp, "POST", "/ai/playground", owner.headers, { prompt: "Spend more" });
    expect(second.status).toBe(402);
    expect((await second.json()).error).toBe("PAYMENT_REQUIRED");
    expect(fake.requests.length).toBe(requests);
  });
});

describe("budget alerts", () => {
  // gpt-4o-mini: 1000 tokens in and 250 out cost 300 micro-dollars.
  const costly = { kind: "answer" as const, text: "Spent.", usage: { input: 1000, output: 250 } };

  it("notify the org's owners and admins, and the member whose budget it is, once per budget per month", async () => {
    const { orgId, owner } = await createOrgWithOwner(testApp, "Alert Org");
    const admin = await createMember(testApp, orgId, "admin");
    const member = await createMember(testApp, orgId, "member", "spender");
    const bystander = await createMember(testApp, orgId, "member", "bystander");
    const scope: OrgScope = { ...ownerScope(), orgId, userId: owner.userId };
    await ai().saveRoute(scope, { task: "chat", modelRefs: ["openai:gpt-4o-mini"] });
    // The org may spend 3000 micro-dollars a month, the member 1500: 80% is 2400 and 1200.
    await ai().saveBudget(scope, { monthlyLimitUsd: 0.003, userMonthlyLimitUsd: null });
    await ai().saveUserBudget(scope, { userId: member.userId, monthlyLimitUsd: 0.0015 });
    const ask = async (user: TestUser, expected: number) => {
      if (expected === 200) fake.script(costly);
      const response = await sendApi(testApp, "POST", "/ai/playground", user.headers, { prompt: "Spend" });
      expect(response.status).toBe(expected);
      await testApp.services.ai.gateway.flush();
    };

    // The member crosses 80% of their own budget on the 4th call, and is refused after the 5th.
    for (let call = 0; call < 5; call++) await ask(member, 200);
    await ask(member, 402);
    // The admin carries the org from 1500 past 2400 (the 3rd call) up to its limit.
    for (let call = 0; call < 5; call++) await ask(admin, 200);
    await ask(admin, 402);
    // A raised limit lets spending cross 80% again in the same month: nobody is told twice.
    await ai().saveBudget(scope, { monthlyLimitUsd: 0.004, userMonthlyLimitUsd: null });
    for (let call = 0; call < 3; call++) await ask(admin, 200);

    const rows = await selectRows<{
      recipient_id: string;
      dedupe_key: string;
      payload: Record<string, unknown>;
    }>(
      testApp.database.handle.db,
      sql`select recipient_id, dedupe_key, payload from notifications
          where org_id = ${orgId} and kind = 'ai_budget_alert' order by dedupe_key, recipient_id`,
    );
    const month = monthKey(new Date());
    const orgKey = `ai_budget_alert:${month}:org`;
    const userKey = `ai_budget_alert:${month}:user:${member.userId}`;
    const sent = rows.map((row) => `${row.dedupe_key} -> ${row.recipient_id}`).sort();
    expect(sent).toEqual(
      [
        `${orgKey} -> ${owner.userId}`,
        `${orgKey} -> ${admin.userId}`,
        `${userKey} -> ${owner.userId}`,
        `${userKey} -> ${admin.userId}`,
        `${userKey} -> ${member.userId}`,
      ].sort(),
    );
    expect(sent.join("\n")).not.toContain(bystander.userId);

    const payloadOf = (key: string, recipient: string) =>
      rows.find((row) => row.dedupe_key === key && row.recipient_id === recipient)?.payload;
    expect(payloadOf(userKey, member.userId)).toMatchObject({
      budget: "user",
      user_id: member.userId,
      month,
      alert_percent: 80,
      spent_usd: 0.0012,
      limit_usd: 0.0015,
      title: "Your AI spending passed 80% of your monthly budget",
      excerpt: expect.stringContaining("$0.0012 of $0.0015"),
      link: "",
    });
    expect(payloadOf(userKey, admin.userId)).toMatchObject({
      title: expect.stringMatching(/'s AI spending passed 80% of their monthly budget$/),
      link: "/settings/ai/budgets",
    });
    expect(payloadOf(orgKey, owner.userId)).toMatchObject({
      budget: "org",
      user_id: null,
      spent_usd: 0.0024,
      limit_usd: 0.003,
      title: "AI spending passed 80% of the organization's monthly budget",
    });

    // The member sees theirs in their own list, like any other notification.
    const listed = await (await sendApi(testApp, "GET", "/notifications", member.headers)).json();
    expect(listed.data).toEqual([
      expect.objectContaining({ kind: "ai_budget_alert", read: false, payload: expect.any(Object) }),
    ]);
    const [audited] = await selectRows<{ n: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as n from audit_events
          where org_id = ${orgId} and action = 'notification.ai_budget_alert_sent'`,
    );
    expect(audited?.n).toBe(5);
  });
});

describe("transcripts", () => {
  const list = async (user: TestUser, query = "") => {
    const response = await sendApi(testApp, "GET", `/ai/transcripts${query}`, user.headers);
    expect(response.status).toBe(200);
    return (await response.json()) as { data: { session_id: string }[]; meta: { total: number } };
  };

  it("lists an org's sessions and reads one, as its people saw it", async () => {
    const sessionId = await newTranscript("What did Jane Doe (jane@example.com) decide?");
    await testApp.services.ai.gateway.generate({
      scope: { orgId: orgA, userId: actors.member.userId },
      feature: "test.transcript",
      task: "chat",
      messages: [
        { role: "user", content: "What did Jane Doe (jane@example.com) decide?" },
        { role: "assistant", content: "She chose the vendor." },
        { role: "user", content: "When?" },
      ],
      session: { id: sessionId },
    });
    await testApp.services.ai.gateway.flush();

    const listed = await list(actors.admin, `?user_id=${actors.member.userId}&feature=test.transcript`);
    expect(listed.data.find((row) => row.session_id === sessionId)).toMatchObject({
      session_id: sessionId,
      user_id: actors.member.userId,
      user_name: expect.any(String),
      features: ["test.transcript"],
      calls: 2,
      failed: 0,
    });
    expect(listed.meta.total).toBeGreaterThanOrEqual(1);

    const response = await sendApi(testApp, "GET", `/ai/transcripts/${sessionId}`, actors.owner.headers);
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data.session_id).toBe(sessionId);
    expect(data.entries).toHaveLength(2);
    expect(data.entries[0]).toMatchObject({
      user_id: actors.member.userId,
      feature: "test.transcript",
      provider: "offline",
      status: "success",
      request: {
        system: null,
        messages: [{ role: "user", content: expect.stringContaining("jane@example.com") }],
      },
      response: { text: expect.any(String), tool_calls: [], tool_results: [] },
    });
    expect(data.entries[1].request.messages).toHaveLength(3);
  });

  it("keeps another org's sessions out of the list, and answers 404 for them", async () => {
    const sessionId = await newTranscript();
    expect((await list(outsider)).data.map((row) => row.session_id)).not.toContain(sessionId);
    const read = await sendApi(testApp, "GET", `/ai/transcripts/${sessionId}`, outsider.headers);
    expect(read.status).toBe(404);
    const unknown = await sendApi(testApp, "GET", `/ai/transcripts/${randomUUID()}`, actors.owner.headers);
    expect(unknown.status).toBe(404);
  });

  it("shows nothing older than the org's retention, even before the daily purge", async () => {
    const sessionId = await newTranscript();
    const [entry] = await testApp.services.ai.transcripts.listSession(orgA, sessionId);
    // The same exchange, as if it had been made ten days ago and not purged yet.
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await testApp.services.ai.transcripts.save({ ...entry!, id: randomUUID(), startedAt: tenDaysAgo });
    await ai().saveSettings(ownerScope(), {
      sanitiserEnabled: false,
      glossary: [],
      transcriptRetentionDays: 7,
      rateLimitPerMinute: null,
      responseCacheTtlSeconds: 86_400,
    });
    try {
      const { data } = await (
        await sendApi(testApp, "GET", `/ai/transcripts/${sessionId}`, actors.owner.headers)
      ).json();
      expect(data.entries.map((shown: { id: string }) => shown.id)).toEqual([entry!.id]);
      expect(data.retention_days).toBe(7);

      await selectRows(
        testApp.database.handle.db,
        sql`update ai_interactions set created_at = now() - interval '10 days' where session_id = ${sessionId}`,
      );
      expect((await list(actors.owner)).data.map((row) => row.session_id)).not.toContain(sessionId);
    } finally {
      await ai().saveSettings(ownerScope(), {
        sanitiserEnabled: false,
        glossary: [],
        transcriptRetentionDays: null,
        rateLimitPerMinute: null,
        responseCacheTtlSeconds: 86_400,
      });
    }
  });
});
