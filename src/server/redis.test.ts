// Two Cairn replicas on one database and one Redis (REDIS_URL) share per-user AI rate limits.
// Runs where a Redis server is given (CI sets TEST_REDIS_URL), like the PostgreSQL project.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { createOrgWithOwner } from "./testing/factories";
import { createTestApp, silentLogger, type TestApp } from "./testing/test-app";

describe.runIf(process.env.TEST_REDIS_URL)("replicas sharing Redis", () => {
  let redis: Redis;
  let first: TestApp;
  let second: ReturnType<typeof createApp>;

  beforeAll(async () => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? "");
    first = await createTestApp({}, { redis });
    second = createApp({
      config: first.config,
      database: first.database.handle,
      capabilities: first.database.capabilities,
      logger: silentLogger(),
      redis,
    });
  });

  afterAll(async () => {
    await first.close();
    redis.disconnect();
  });

  it("reports Redis in readiness", async () => {
    const { data } = await (await second.app.request("/api/ready")).json();
    expect(data).toMatchObject({ status: "ready", redis: { ok: true, error: null } });
  });

  it("refuses a user's third AI call of the minute on either replica", async () => {
    const { owner } = await createOrgWithOwner(first);
    const saved = await first.app.request("/api/v1/ai/settings", {
      method: "PUT",
      headers: owner.headers,
      body: JSON.stringify({
        sanitiser_enabled: false,
        glossary: [],
        transcript_retention_days: null,
        rate_limit_per_minute: 2,
        response_cache_ttl_seconds: 0,
      }),
    });
    expect(saved.status).toBe(200);

    const ask = (replica: { request: TestApp["app"]["request"] }) =>
      replica.request("/api/v1/ai/playground", {
        method: "POST",
        headers: owner.headers,
        body: JSON.stringify({ prompt: "What is at risk?" }),
      });
    expect((await ask(first.app)).status).toBe(200);
    expect((await ask(second.app)).status).toBe(200);
    const refused = await ask(first.app);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: "RATE_LIMITED" });
    expect((await ask(second.app)).status).toBe(429);
  });
});
