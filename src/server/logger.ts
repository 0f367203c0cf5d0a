import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

interface LogContext {
  correlationId: string;
}

/** Holds the current request's correlation id so every log line, however deep, carries it. */
export const logContext = new AsyncLocalStorage<LogContext>();

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "cairn" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const context = logContext.getStore();
        return context ? { correlation_id: context.correlationId } : {};
      },
      redact: {
        paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.apiKey"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
