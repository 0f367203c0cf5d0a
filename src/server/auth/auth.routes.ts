import type { Context, Hono } from "hono";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/error-handler";
import { AppError, type ErrorCode } from "../http/errors";
import type { AuditScope } from "../modules/audit";
import { AUTH_BASE_PATH, type Auth, CLIENT_IP_HEADER, CORRELATION_ID_HEADER } from "./auth";
import type { SignInThrottle } from "./sign-in-throttle";

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE",
  429: "RATE_LIMITED",
};

/** Successful auth calls worth a line in the person's audit trail. */
const AUDITED_PATHS: Record<string, string> = {
  "/sign-out": "auth.signed_out",
  "/change-password": "auth.password_changed",
  "/reset-password": "auth.password_reset",
  "/two-factor/enable": "auth.mfa_setup_started",
  "/two-factor/verify-totp": "auth.mfa_verified",
  "/two-factor/verify-backup-code": "auth.mfa_backup_code_used",
  "/two-factor/disable": "auth.mfa_disabled",
  "/two-factor/generate-backup-codes": "auth.mfa_backup_codes_regenerated",
  "/verify-email": "auth.email_verified",
};

async function readEmail(request: Request): Promise<string | null> {
  try {
    const body = (await request.clone().json()) as { email?: unknown };
    return typeof body.email === "string" ? body.email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Links opened from a mail succeed with a redirect; better-auth's failures redirect with ?error=. */
function succeeded(response: Response): boolean {
  if (response.ok) return true;
  const location = response.headers.get("location");
  if (response.status < 300 || response.status >= 400 || !location) return false;
  return !new URL(location, "http://cairn.invalid").searchParams.has("error");
}

/** The person a password-reset token belongs to; read before better-auth consumes it. */
async function resetTokenOwner(auth: Auth, request: Request): Promise<string | null> {
  const body = (await request
    .clone()
    .json()
    .catch(() => null)) as { token?: unknown } | null;
  const token = typeof body?.token === "string" ? body.token : new URL(request.url).searchParams.get("token");
  if (!token) return null;
  const context = await auth.$context;
  const verification = await context.internalAdapter.findVerificationValue(`reset-password:${token}`);
  return verification?.value ?? null;
}

/**
 * The person a verification link is for. better-auth verifies the token (a JWT it signed);
 * this only reads the email claim, before the call, to name the actor in the audit row.
 */
async function verificationTokenOwner(auth: Auth, request: Request): Promise<string | null> {
  const token = new URL(request.url).searchParams.get("token");
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const { email } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { email?: unknown };
    if (typeof email !== "string") return null;
    const context = await auth.$context;
    return (await context.internalAdapter.findUserByEmail(email))?.user.id ?? null;
  } catch {
    return null;
  }
}

/** The person whose session a response starts (second factor at sign-in, link from a mail). */
async function sessionUserOf(auth: Auth, response: Response): Promise<string | null> {
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0]!)
    .filter((pair) => pair.includes("session_token=") && !pair.endsWith("="))
    .join("; ");
  if (!cookie) return null;
  const session = await auth.api.getSession({ headers: new Headers({ cookie }) }).catch(() => null);
  return session?.user.id ?? null;
}

/** better-auth answers errors as { code, message }; the rest of the API uses the error envelope. */
async function toEnvelope(c: Context<AppEnv>, response: Response): Promise<Response> {
  if (response.status < 400 || !response.headers.get("content-type")?.includes("application/json"))
    return response;
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  const error = new AppError(
    CODE_FOR_STATUS[response.status] ?? (response.status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR"),
    {
      message: body.message || undefined,
      details: body.code ? { code: body.code } : null,
    },
  );
  const enveloped = errorResponse(c, error);
  for (const [name, value] of response.headers) {
    if (name !== "content-type" && name !== "content-length") enveloped.headers.append(name, value);
  }
  return enveloped;
}

/** Hono adds the correlation id to the responses it builds; better-auth builds its own. */
function withCorrelationId(response: Response, correlationId: string): Response {
  const headers = new Headers(response.headers);
  headers.set(CORRELATION_ID_HEADER, correlationId);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Mounts better-auth under /api/auth with what it lacks: per-email lockout on sign-in, the
 * client address and correlation id for its rate limiter and hooks, the error envelope, and
 * audit rows for security events.
 */
export function mountAuth(
  app: Hono<AppEnv>,
  deps: {
    auth: Auth;
    throttle: SignInThrottle;
    audit: (scope: AuditScope, action: string) => Promise<void>;
  },
): void {
  const { auth, throttle } = deps;
  app.on(["GET", "POST"], `${AUTH_BASE_PATH}/*`, async (c) => {
    const path = c.req.path.slice(AUTH_BASE_PATH.length);
    const headers = new Headers(c.req.raw.headers);
    // What the HTTP layer resolved replaces anything the client sent under these names.
    const clientIp = c.get("clientIp");
    if (clientIp) headers.set(CLIENT_IP_HEADER, clientIp);
    else headers.delete(CLIENT_IP_HEADER);
    headers.set(CORRELATION_ID_HEADER, c.get("correlationId"));
    const request = new Request(c.req.raw, { headers });

    const signInEmail = path === "/sign-in/email" ? await readEmail(request) : null;
    if (signInEmail) {
      const remaining = await throttle.remainingLockMs(signInEmail);
      if (remaining > 0) {
        const minutes = Math.ceil(remaining / 60_000);
        return errorResponse(
          c,
          new AppError("RATE_LIMITED", {
            message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
            headers: { "Retry-After": String(Math.ceil(remaining / 1000)) },
          }),
        );
      }
    }

    const auditAction = AUDITED_PATHS[path];
    const sessionBefore = auditAction ? await auth.api.getSession({ headers }).catch(() => null) : null;
    const tokenOwner =
      path === "/reset-password"
        ? await resetTokenOwner(auth, request)
        : path === "/verify-email"
          ? await verificationTokenOwner(auth, request)
          : null;

    const response = await auth.handler(request);

    if (signInEmail) {
      if (response.status === 401) await throttle.recordFailure(signInEmail);
      else if (response.ok) await throttle.recordSuccess(signInEmail);
    }
    if (auditAction && succeeded(response)) {
      // Without a session before the call (sign-in's second factor, a mailed link), the
      // person is the one whose token the link carried, or the one the call signed in.
      const userId = sessionBefore?.user.id ?? tokenOwner ?? (await sessionUserOf(auth, response));
      await deps.audit(
        {
          orgId: null,
          userId,
          correlationId: c.get("correlationId"),
          ip: c.get("clientIp"),
          userAgent: c.req.header("user-agent") ?? null,
        },
        auditAction,
      );
    }
    return withCorrelationId(await toEnvelope(c, response), c.get("correlationId"));
  });
}
