import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_INDEX_HTML, type TestApp } from "../../testing/test-app";
import { DEMO_ORG } from "../orgs";
import { instanceSchema } from "./system.schemas";

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(() => testApp.close());

const get = (path: string, headers: Record<string, string> = {}) => testApp.app.request(path, { headers });

describe("probes", () => {
  it("reports liveness", async () => {
    const response = await get("/api/health");
    expect(response.status).toBe(200);
    expect((await response.json()).data).toMatchObject({ status: "ok", version: expect.any(String) });
  });

  it("reports readiness with the database kind and vector search availability", async () => {
    const response = await get("/api/ready");
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data.status).toBe("ready");
    expect(data.database).toMatchObject({ ok: true, kind: testApp.database.handle.kind });
    expect(data.vector_search).toBe(testApp.database.capabilities.vector);
    expect(data.redis).toBeNull();
  });

  it("is unavailable while a configured Redis cannot be reached", async () => {
    // Nothing listens on port 1; no reconnecting, so the ping fails at once.
    const deadRedis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    deadRedis.on("error", () => {});
    const withRedis = await createTestApp({}, { redis: deadRedis });
    try {
      const response = await withRedis.app.request("/api/ready");
      expect(response.status).toBe(503);
      const { data } = await response.json();
      // Anyone may ask: the answer names the failed check, never the driver's text (hosts, ports).
      expect(data).toMatchObject({
        status: "unavailable",
        database: { ok: true, error: null },
        redis: { ok: false, latency_ms: null, error: "redis check failed" },
      });
    } finally {
      deadRedis.disconnect();
      await withRedis.close();
    }
  });
});

describe("instance", () => {
  it("shows the demo org once it is seeded, and seeding twice keeps one", async () => {
    expect((await (await get("/api/v1/instance")).json()).data.demo_org).toBeNull();
    await testApp.services.orgs.ensureDemoOrg();
    await testApp.services.orgs.ensureDemoOrg();
    const { data } = await (await get("/api/v1/instance")).json();
    expect(data.demo_org).toEqual({ name: DEMO_ORG.name, slug: DEMO_ORG.slug });
  });

  it("answers exactly the declared schema, offline-only AI when no provider is configured", async () => {
    const { data } = await (await get("/api/v1/instance")).json();
    expect(instanceSchema.strict().safeParse(data).error).toBeUndefined();
    expect(data.ai).toEqual({ offline_only: true, providers: [] });
  });

  it("lists the AI providers the environment configures, never their keys", async () => {
    const withProviders = await createTestApp({
      OPENAI_API_KEY: "sk-instance-secret",
      OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:11434/v1",
      OPENAI_COMPATIBLE_NAME: "ollama",
      OPENAI_COMPATIBLE_MODELS: "llama3.1:8b",
    });
    try {
      const body = await (await withProviders.app.request("/api/v1/instance")).text();
      expect(JSON.parse(body).data.ai).toEqual({
        offline_only: false,
        providers: [
          { id: "openai", name: "OpenAI" },
          { id: "ollama", name: "OpenAI-compatible (ollama)" },
        ],
      });
      expect(body).not.toContain("sk-instance-secret");
      expect(body).not.toContain("11434");
    } finally {
      await withProviders.close();
    }
  });
});

describe("API surface", () => {
  it("serves an OpenAPI 3.1 document listing the routes", async () => {
    const response = await get("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/health", "/api/ready", "/api/v1/instance"]),
    );
    expect(document.components.schemas).toHaveProperty("Readiness");
  });

  it("serves the API reference UI from local assets", async () => {
    const page = await get("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/v1/openapi.json");
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    expect((await get("/api/docs/assets/swagger-ui-bundle.js")).status).toBe(200);
  });

  it("exposes Prometheus metrics including request counts by route", async () => {
    await get("/api/health");
    const response = await get("/metrics");
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/cairn_http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/);
    expect(text).toContain("cairn_http_request_duration_seconds_bucket");
  });

  it("asks for METRICS_TOKEN as a bearer token when it is set", async () => {
    const token = "a-metrics-token-of-some-length";
    const guarded = await createTestApp({ METRICS_TOKEN: token });
    try {
      const scrape = (authorization?: string) =>
        guarded.app.request("/metrics", { headers: authorization ? { authorization } : {} });
      for (const authorization of [undefined, "Bearer wrong", token, `Bearer ${token}x`]) {
        const refused = await scrape(authorization);
        expect(refused.status).toBe(401);
        expect(refused.headers.get("www-authenticate")).toContain("Bearer");
        expect(await refused.json()).toMatchObject({ error: "UNAUTHENTICATED" });
      }
      const allowed = await scrape(`Bearer ${token}`);
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain("cairn_http_requests_total");
    } finally {
      await guarded.close();
    }
  });

  it("answers unknown API routes with a 404 envelope, never the web app", async () => {
    for (const path of ["/api/v1/nope", "/api/unknown", "/api/v1/instance/extra"]) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: "NOT_FOUND", correlation_id: expect.any(String) });
    }
  });

  it("answers every response with a correlation id and security headers", async () => {
    const response = await get("/api/health");
    expect(response.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("replaces a correlation id that is not safe to log", async () => {
    const response = await get("/api/health", { "x-correlation-id": "evil id; drop <script>" });
    expect(response.headers.get("x-correlation-id")).not.toContain("evil");
  });
});

describe("web app", () => {
  it("serves the SPA for client-side routes", async () => {
    for (const path of ["/", "/goals", "/projects/123/items"]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(TEST_INDEX_HTML);
    }
  });
});
