import { createRoute } from "@hono/zod-openapi";
import { dataEnvelope, jsonResponse } from "../../http";
import { createRouter } from "../../http/router";
import { healthSchema, instanceSchema, readinessSchema } from "./system.schemas";
import type { SystemService } from "./system.service";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["System"],
  summary: "Liveness: the process is up",
  responses: { 200: jsonResponse(dataEnvelope(healthSchema), "Alive") },
});

const readyRoute = createRoute({
  method: "get",
  path: "/ready",
  tags: ["System"],
  summary: "Readiness: the database answers",
  responses: {
    200: jsonResponse(dataEnvelope(readinessSchema), "Ready to serve"),
    503: jsonResponse(dataEnvelope(readinessSchema), "Not ready"),
  },
});

const instanceRoute = createRoute({
  method: "get",
  path: "/instance",
  tags: ["System"],
  summary: "Public facts about this Cairn installation",
  responses: { 200: jsonResponse(dataEnvelope(instanceSchema), "This installation") },
});

/** Routes under /api: probes for load balancers and orchestrators. */
export function probeRoutes(system: SystemService) {
  return createRouter()
    .openapi(healthRoute, (c) => c.json({ data: system.health() }, 200))
    .openapi(readyRoute, async (c) => {
      const readiness = await system.readiness();
      return readiness.status === "ready"
        ? c.json({ data: readiness }, 200)
        : c.json({ data: readiness }, 503);
    });
}

/** Routes under /api/v1. */
export function instanceRoutes(system: SystemService) {
  return createRouter().openapi(instanceRoute, async (c) => c.json({ data: await system.instance() }, 200));
}
