import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../app";
import { selectRows } from "../db";
import { createLogger } from "../logger";
import { recordAudit, systemScope } from "../modules/audit";
import { jsonRequest, silentLogger, testConfig } from "../testing/test-app";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { dataEnvelope } from "./envelope";
import { AppError } from "./errors";
import { commonErrorResponses, jsonResponse } from "./responses";
import { createRouter, jsonBody } from "./router";

// A fixture route exercising the shared HTTP layer: it writes an organization and its audit
// row in one transaction, the way every module's mutations do.
const createThingSchema = z.strictObject({
  name: z.string().min(1).max(100),
  slug: z.string().regex(/^[a-z0-9-]+$/),
});

const createThing = createRoute({
  method: "post",
  path: "/things",
  request: { body: jsonBody(createThingSchema) },
  responses: {
    201: jsonResponse(dataEnvelope(z.object({ id: z.string() })), "Created"),
    ...commonErrorResponses,
  },
});

let database: TestDatabase;
let app: ReturnType<typeof createHttpApp>;

const countRows = async () => {
  const [row] = await selectRows<{ orgs: number; audits: number }>(
    database.handle.db,
    sql`select (select count(*)::int from organizations) as orgs, (select count(*)::int from audit_events) as audits`,
  );
  return row!;
};

beforeAll(async () => {
  database = await createTestDatabase();
  app = createHttpApp({ config: testConfig, logger: silentLogger() });
  const router = createRouter().openapi(createThing, async (c) => {
    const input = c.req.valid("json");
    const id = await database.handle.db.transaction(async (tx) => {
      const [row] = await tx
        .execute(
          sql`insert into organizations (id, name, slug) values (gen_random_uuid(), ${input.name}, ${input.slug}) returning id`,
        )
        .then((result) => (result as unknown as { rows: { id: string }[] }).rows);
      await recordAudit(
        tx,
        { ...systemScope(row!.id), correlationId: c.get("correlationId") },
        {
          action: "thing.created",
          entityType: "thing",
          entityId: row!.id,
          after: input,
        },
      );
      if (input.name === "explode") throw new AppError("UNPROCESSABLE", { message: "Refused after writing" });
      return row!.id;
    });
    return c.json({ data: { id } }, 201);
  });
  router.get("/boom", () => {
    throw new Error("database password is hunter2");
  });
  app.route("/api/v1", router);
});

afterAll(() => database.close());

describe("HTTP foundation", () => {
  it("accepts a valid request, writes the row and its audit event with the correlation id", async () => {
    const response = await app.request(
      "/api/v1/things",
      jsonRequest("POST", { name: "Acme", slug: "acme" }, { "x-correlation-id": "test-corr-1" }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("x-correlation-id")).toBe("test-corr-1");
    const [audit] = await selectRows<{ correlation_id: string; action: string }>(
      database.handle.db,
      sql`select correlation_id, action from audit_events where action = 'thing.created'`,
    );
    expect(audit).toEqual({ correlation_id: "test-corr-1", action: "thing.created" });
  });

  const badRequests: [string, RequestInit, number, string][] = [
    ["malformed JSON", jsonRequest("POST", '{"name": "x",'), 400, "MALFORMED_REQUEST"],
    ["an unknown field", jsonRequest("POST", { name: "x", slug: "x", admin: true }), 400, "VALIDATION_ERROR"],
    ["a missing field", jsonRequest("POST", { name: "x" }), 400, "VALIDATION_ERROR"],
    ["a value of the wrong type", jsonRequest("POST", { name: 42, slug: "x" }), 400, "VALIDATION_ERROR"],
    [
      "no body at all",
      { method: "POST", headers: { "content-type": "application/json" } },
      400,
      "MALFORMED_REQUEST",
    ],
    [
      "the wrong content type",
      { method: "POST", headers: { "content-type": "text/plain" }, body: "name=x" },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "a form body",
      { method: "POST", body: new URLSearchParams({ name: "x", slug: "x" }) },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "an oversized body",
      jsonRequest("POST", { name: "x".repeat(100_000), slug: "big" }),
      413,
      "PAYLOAD_TOO_LARGE",
    ],
  ];

  it.each(badRequests)(
    "answers %s with the error envelope and changes nothing",
    async (_case, init, status, code) => {
      const before = await countRows();
      const response = await app.request("/api/v1/things", init);
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body).toMatchObject({
        error: code,
        message: expect.any(String),
        correlation_id: expect.any(String),
      });
      expect(body.correlation_id).toBe(response.headers.get("x-correlation-id"));
      expect(await countRows()).toEqual(before);
    },
  );

  it("names the offending fields in validation details", async () => {
    const response = await app.request(
      "/api/v1/things",
      jsonRequest("POST", { name: "", slug: "ok", role: "owner" }),
    );
    const body = await response.json();
    expect(body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "name" }),
        expect.objectContaining({ path: "role", message: "Unknown field" }),
      ]),
    );
  });

  it("rolls back the row and its audit event when the service fails after writing", async () => {
    const before = await countRows();
    const response = await app.request(
      "/api/v1/things",
      jsonRequest("POST", { name: "explode", slug: "boom" }),
    );
    expect(response.status).toBe(422);
    expect(await countRows()).toEqual(before);
  });

  it("maps a unique violation to 409 CONFLICT", async () => {
    const response = await app.request(
      "/api/v1/things",
      jsonRequest("POST", { name: "Again", slug: "acme" }),
    );
    expect(response.status).toBe(409);
    expect((await response.json()).error).toBe("CONFLICT");
  });

  it("hides the details of unexpected errors behind a generic 500", async () => {
    const response = await app.request("/api/v1/boom");
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error).toBe("INTERNAL_ERROR");
    expect(JSON.stringify(body)).not.toContain("hunter2");
  });
});

describe("request logs", () => {
  it("carry the correlation id, and log load-balancer probes below info", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger("debug", { write: (line: string) => lines.push(JSON.parse(line)) });
    const logged = createHttpApp({ config: testConfig, logger });
    logged.get("/api/health", (c) => c.json({ status: "ok" }));
    logged.get("/api/v1/thing", (c) => c.json({ data: {} }));

    await logged.request("/api/v1/thing", { headers: { "x-correlation-id": "trace-me-1" } });
    await logged.request("/api/health");

    const requests = lines.filter((line) => line.msg === "request");
    expect(requests).toEqual([
      expect.objectContaining({
        level: "info",
        path: "/api/v1/thing",
        status: 200,
        correlation_id: "trace-me-1",
      }),
      expect.objectContaining({ level: "debug", path: "/api/health", status: 200 }),
    ]);
  });
});
