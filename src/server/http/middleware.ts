import { getConnInfo } from "@hono/node-server/conninfo";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { type Logger, logContext } from "../logger";
import type { AppEnv } from "./context";
import type { HttpMetrics } from "./metrics";

const CORRELATION_HEADER = "x-correlation-id";
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The address the request came from. Behind a trusted proxy that is the last X-Forwarded-For
 * entry, the one the proxy appended; entries before it are whatever the client sent.
 */
function clientIp(c: Parameters<MiddlewareHandler<AppEnv>>[0], trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // app.request() in tests has no socket.
    return null;
  }
}

/**
 * Gives every request a correlation id (the caller's, if it sent a sane one), echoes it in the
 * response, binds it to every log line, logs the request and records its metrics.
 */
const PROBE_PATHS = new Set(["/api/health", "/api/ready", "/metrics"]);

export function requestObservability(
  logger: Logger,
  metrics: HttpMetrics,
  options: { trustProxy: boolean },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header(CORRELATION_HEADER);
    const correlationId =
      incoming && ACCEPTABLE_CORRELATION_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("correlationId", correlationId);
    c.set("log", logger);
    c.set("clientIp", clientIp(c, options.trustProxy));
    c.header(CORRELATION_HEADER, correlationId);
    const started = performance.now();
    await logContext.run({ correlationId }, async () => {
      await next();
      const durationMs = performance.now() - started;
      const route = c.finalized && c.res.status !== 404 ? routePath(c) : "unmatched";
      metrics.observe(c.req.method, route, c.res.status, durationMs / 1000);
      // Load balancers probe every few seconds; those lines would bury the real traffic.
      const level = c.res.status >= 500 ? "error" : PROBE_PATHS.has(c.req.path) ? "debug" : "info";
      logger[level](
        {
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          duration_ms: Math.round(durationMs * 10) / 10,
        },
        "request",
      );
    });
  };
}
