import type { MiddlewareHandler } from "hono";
import { getSignedCookie } from "hono/cookie";
import type { Database } from "../db";
import type { AppEnv } from "../http/context";
import { AppError } from "../http/errors";
import type { ApiKeysService } from "../modules/api-keys";
import type { MeService } from "../modules/me";
import type { MembersService } from "../modules/members";
import { sessionCookieName } from "./auth";
import { getLiveSession } from "./sessions.queries";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Browsers attach the session cookie to cross-site requests too; refuse cookie-authenticated
 * mutations that a browser reports as coming from another site.
 */
function assertSameOrigin(headers: Headers, allowedOrigins: string[]): void {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite === "cross-site") throw new AppError("FORBIDDEN", { message: "Cross-site request refused" });
  const origin = headers.get("origin");
  if (origin && !allowedOrigins.includes(origin)) {
    throw new AppError("FORBIDDEN", { message: "Cross-site request refused" });
  }
}

/**
 * Resolves who is calling: an API key (Authorization: Bearer) or a browser session cookie, and
 * their role in the org the request acts on. Anonymous requests pass through with nulls; routes
 * that need a caller use the guards in guard.ts.
 */
export function authenticate(deps: {
  db: Database;
  authSecret: string;
  apiKeys: ApiKeysService;
  members: MembersService;
  me: MeService;
  publicUrl: string;
}): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(deps.publicUrl).origin;
  const cookieName = sessionCookieName(deps.publicUrl);
  return async (c, next) => {
    c.set("principal", null);
    c.set("membership", null);

    const authorization = c.req.header("authorization");
    if (authorization) {
      const [scheme, token] = authorization.split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !token) {
        throw new AppError("UNAUTHENTICATED", { message: "Use Authorization: Bearer <API key>" });
      }
      const resolved = await deps.apiKeys.authenticate(token);
      if (!resolved)
        throw new AppError("UNAUTHENTICATED", { message: "The API key is invalid, expired or revoked" });
      c.set("principal", resolved.principal);
      c.set("membership", resolved.membership);
      return next();
    }

    // better-auth signs its session cookie; verifying it here lets one query replace its
    // session + user look-ups on every request.
    const token = c.req.header("cookie")?.includes("session_token")
      ? await getSignedCookie(c, deps.authSecret, cookieName)
      : undefined;
    if (!token) return next();
    const session = await getLiveSession(deps.db, token, new Date());
    if (!session) return next();

    if (UNSAFE_METHODS.has(c.req.method)) {
      // The public URL, or the address this request actually came in on (e.g. 127.0.0.1 vs localhost).
      assertSameOrigin(c.req.raw.headers, [publicOrigin, new URL(c.req.url).origin]);
    }
    c.set("principal", {
      userId: session.userId,
      email: session.email,
      name: session.name,
      sessionId: session.sessionId,
      apiKeyId: null,
    });

    if (session.activeOrgId && session.role) {
      c.set("membership", { orgId: session.activeOrgId, role: session.role });
    } else {
      // No org chosen yet, or removed from it since: fall back to the first org they belong to.
      const [first] = await deps.members.listOrgsOfUser(session.userId);
      if (first) {
        await deps.me.setActiveOrg(session.sessionId, first.orgId);
        c.set("membership", { orgId: first.orgId, role: first.role });
      }
    }
    return next();
  };
}
