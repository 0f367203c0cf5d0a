import type { DataEnvelope, ErrorEnvelope } from "@shared/api";

const API_BASE = "/api/v1";

/**
 * A failed API call. `code` is the envelope's error code (`VALIDATION_ERROR`, `NOT_FOUND`, ...),
 * or `NETWORK_ERROR` / `HTTP_ERROR` when the server could not be reached or answered without an
 * envelope. `correlationId` is what support needs to find the request in the logs.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly correlationId: string | null;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    correlationId?: string | null;
  }) {
    super(options.message);
    this.name = "ApiError";
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? null;
    this.correlationId = options.correlationId ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = path.startsWith("/api/") ? path : `${API_BASE}${path.startsWith("/") ? "" : "/"}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorEnvelope).error === "string" &&
    typeof (value as ErrorEnvelope).message === "string"
  );
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

let onUnauthenticated: (() => void) | null = null;

/**
 * Called when a Cairn API call answers 401 (the session ended or was revoked elsewhere), so the
 * app can forget the signed-in person and send them to sign-in. Auth calls do not trigger it:
 * a wrong password is a 401 too.
 */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/**
 * Sends one request and returns the parsed JSON body as is (or `undefined` for 204 / no JSON).
 * Throws `ApiError` for network failures and non-2xx answers.
 */
export async function send(path: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "x-requested-with": "cairn-web",
    ...options.headers,
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError({
      status: 0,
      code: "NETWORK_ERROR",
      message: "Cairn could not be reached. Check your connection and try again.",
    });
  }

  const payload = await readJson(response);
  if (!response.ok) {
    const correlationId = response.headers.get("x-correlation-id");
    if (isErrorEnvelope(payload)) {
      throw new ApiError({
        status: response.status,
        code: payload.error,
        message: payload.message,
        details: payload.details,
        correlationId: payload.correlation_id ?? correlationId,
      });
    }
    throw new ApiError({
      status: response.status,
      code: "HTTP_ERROR",
      message: `The server answered ${response.status} ${response.statusText}`.trim(),
      correlationId,
    });
  }
  return response.status === 204 ? undefined : payload;
}

/**
 * Calls the Cairn API and returns the whole success envelope (`data` and, on lists, `meta`).
 * Paths are relative to `/api/v1` unless they start with `/api/`.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<DataEnvelope<T>> {
  try {
    const payload = await send(path, options);
    if (payload === undefined) return { data: undefined as T };
    return payload as DataEnvelope<T>;
  } catch (error) {
    if (isApiError(error) && error.status === 401) onUnauthenticated?.();
    throw error;
  }
}

/** Shorthands that return only `data`. */
export const api = {
  get: async <T>(path: string, options?: Omit<RequestOptions, "method" | "body">) =>
    (await request<T>(path, { ...options, method: "GET" })).data,
  post: async <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "method" | "body">) =>
    (await request<T>(path, { ...options, method: "POST", body })).data,
  patch: async <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "method" | "body">) =>
    (await request<T>(path, { ...options, method: "PATCH", body })).data,
  put: async <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "method" | "body">) =>
    (await request<T>(path, { ...options, method: "PUT", body })).data,
  delete: async <T>(path: string, options?: Omit<RequestOptions, "method" | "body">) =>
    (await request<T>(path, { ...options, method: "DELETE" })).data,
};
