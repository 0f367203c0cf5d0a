import { z } from "@hono/zod-openapi";

export const healthSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string(),
    uptime_seconds: z.number(),
  })
  .openapi("Health");

const probeSchema = z.object({
  ok: z.boolean(),
  latency_ms: z.number().nullable(),
  error: z
    .string()
    .nullable()
    .openapi({ description: "Which check failed, without its details (the server logs those)" }),
});

export const readinessSchema = z
  .object({
    status: z.enum(["ready", "unavailable"]),
    database: probeSchema.extend({ kind: z.enum(["pglite", "postgres"]) }),
    redis: probeSchema.nullable().openapi({ description: "Null when the server runs without REDIS_URL" }),
    vector_search: z.boolean().openapi({ description: "Whether semantic (pgvector) search is available" }),
  })
  .openapi("Readiness");

export const instanceSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    database: z.enum(["pglite", "postgres"]),
    vector_search: z.boolean(),
    demo_org: z.object({ name: z.string(), slug: z.string() }).nullable(),
    sign_in_providers: z.array(z.object({ id: z.string(), name: z.string() })),
    email_verification_required: z.boolean(),
    mail_transport: z
      .enum(["smtp", "outbox"])
      .openapi({ description: "outbox: mails are written to the server's outbox instead of being sent" }),
    ai: z
      .object({
        offline_only: z.boolean().openapi({
          description:
            "No AI provider is configured for the whole server: answers come from Cairn's offline model, " +
            "unless an organization brings its own keys",
        }),
        providers: z.array(z.object({ id: z.string(), name: z.string() })).openapi({
          description: "Providers configured for every organization; id is the prefix of their model refs",
        }),
      })
      .openapi("InstanceAi"),
  })
  .openapi("Instance");
