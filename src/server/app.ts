import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { Config } from "./config";
import type { DatabaseCapabilities, DatabaseHandle } from "./db";
import { AppError, createRouter } from "./http";
import { mountApiDocs } from "./http/api-docs";
import type { AppEnv } from "./http/context";
import { apiNotFound, errorResponse, handleError } from "./http/error-handler";
import { createHttpMetrics } from "./http/metrics";
import { requestObservability } from "./http/middleware";
import { mountWebApp } from "./http/web";
import type { Logger } from "./logger";
import { createOrgsService } from "./modules/orgs";
import { createSystemService, instanceRoutes, probeRoutes } from "./modules/system";
import { appVersion, webDistDir } from "./paths";

export interface AppDeps {
  config: Pick<Config, "maxBodyBytes" | "trustProxy" | "publicUrl">;
  database: DatabaseHandle;
  capabilities: DatabaseCapabilities;
  logger: Logger;
  /** Collect process-wide metrics (CPU, memory, event loop); off in tests where many apps share a process. */
  processMetrics?: boolean;
  webDir?: string;
}

type HttpDeps = Pick<AppDeps, "config" | "logger" | "processMetrics">;

/**
 * The HTTP foundation every route stands on: correlation ids and logs, metrics, security
 * headers, body limits and the error envelope. Routes are added by the caller.
 */
export function createHttpApp(deps: HttpDeps) {
  const { config, logger } = deps;
  const metrics = createHttpMetrics({ processMetrics: deps.processMetrics ?? false });
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", requestObservability(logger, metrics, { trustProxy: config.trustProxy }));
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
    }),
  );
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) =>
        errorResponse(
          c,
          new AppError("PAYLOAD_TOO_LARGE", {
            message: `The request body is larger than ${config.maxBodyBytes} bytes`,
            details: { max_bytes: config.maxBodyBytes },
          }),
        ),
    }),
  );
  app.notFound(apiNotFound);
  app.onError(handleError);
  app.get("/metrics", async (c) =>
    c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType }),
  );
  return app;
}

export type App = ReturnType<typeof createHttpApp>;

/** Builds services and the HTTP app around them. Does not listen: main.ts serves it, tests call app.request(). */
export function createApp(deps: AppDeps) {
  const { database, config } = deps;
  const orgs = createOrgsService({ db: database.db });
  const system = createSystemService({
    database,
    capabilities: deps.capabilities,
    orgs,
    startedAt: Date.now(),
  });
  const services = { orgs, system };

  const app = createHttpApp(deps);
  const v1 = createRouter().route("/", instanceRoutes(system));
  app.route("/api", probeRoutes(system));
  app.route("/api/v1", v1);
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Cairn API",
      version: appVersion,
      description:
        "Goals, projects, knowledge and conversations. Success responses are `{ data, meta }`; " +
        "errors are `{ error, message, details, correlation_id }`.",
    },
    servers: [{ url: config.publicUrl }],
  });
  mountApiDocs(app, "/api/v1/openapi.json");
  // Anything else under /api is an unknown endpoint, never the SPA.
  app.all("/api/*", apiNotFound);
  mountWebApp(app, deps.webDir ?? webDistDir);

  return { app, services };
}
