import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The closed set of error codes the API answers with, and the HTTP status of each. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_ERROR: "The request is invalid",
  MALFORMED_REQUEST: "The request could not be read",
  UNAUTHENTICATED: "Sign in to continue",
  PAYMENT_REQUIRED: "The budget for this is exhausted",
  FORBIDDEN: "You do not have permission to do this",
  NOT_FOUND: "Not found",
  METHOD_NOT_ALLOWED: "Method not allowed",
  CONFLICT: "This conflicts with existing data",
  GONE: "This is no longer available",
  PAYLOAD_TOO_LARGE: "The request body is too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported content type",
  UNPROCESSABLE: "The request cannot be processed",
  RATE_LIMITED: "Too many requests, slow down",
  INTERNAL_ERROR: "Something went wrong on our side",
  BAD_GATEWAY: "An upstream service failed",
  SERVICE_UNAVAILABLE: "The service is not ready",
};

/**
 * The one error type services and routes throw for expected failures. `app.onError` turns
 * it into the error envelope; anything else becomes a logged, generic 500.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: { message?: string; details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(options.message ?? DEFAULT_MESSAGES[code]);
    this.name = "AppError";
    this.code = code;
    this.details = options.details ?? null;
    this.headers = options.headers ?? {};
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

interface PostgresErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  cause?: unknown;
}

/** Drizzle wraps driver errors; find the Postgres SQLSTATE wherever it sits. */
function findPostgresError(error: unknown): PostgresErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const candidate = current as PostgresErrorLike;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

/** Maps integrity violations to client errors; returns undefined for anything else. */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const pgError = findPostgresError(error);
  if (!pgError) return undefined;
  const details = pgError.constraint ? { constraint: pgError.constraint } : null;
  switch (pgError.code) {
    case "23505":
      return new AppError("CONFLICT", { message: "A record with these values already exists", details });
    case "23503":
      return new AppError("VALIDATION_ERROR", { message: "A referenced record does not exist", details });
    case "23502":
    case "23514":
    case "22P02":
      return new AppError("VALIDATION_ERROR", { message: "A value is missing or out of range", details });
    case "42501":
      // Row-level security or a missing grant refused the statement: never reveal which.
      return new AppError("NOT_FOUND");
    default:
      return undefined;
  }
}
