import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./context";
import { AppError, type ErrorCode, fromDatabaseError } from "./errors";

const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: "MALFORMED_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

export function errorResponse(c: Context<AppEnv>, error: AppError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(
    {
      error: error.code,
      message: error.message,
      details: error.details,
      correlation_id: c.get("correlationId") ?? null,
    },
    error.status,
  );
}

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    const code = CODE_FOR_STATUS[error.status];
    if (code) return new AppError(code, { message: error.message || undefined });
  }
  return fromDatabaseError(error);
}

/** Expected failures become the error envelope; anything else is logged and answered as a generic 500. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const appError = toAppError(error);
  if (appError) return errorResponse(c, appError);
  c.get("log")?.error({ err: error }, "unhandled error");
  return errorResponse(c, new AppError("INTERNAL_ERROR"));
};

export const apiNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, new AppError("NOT_FOUND", { message: `No route for ${c.req.method} ${c.req.path}` }));
