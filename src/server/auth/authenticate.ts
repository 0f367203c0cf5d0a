import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/context";
import { AppError } from "../http/errors";
import type { ApiKeysService } from "../modules/api-keys";
import type { MeService } from "../modules/me";
import type { MembersService } from "../modules/members";
import type { Auth } from "./auth";

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
  auth: Auth;
  apiKeys: ApiKeysService;
  members: MembersService;
  me: MeService;
  publicUrl: string;
}): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(deps.publicUrl).origin;
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
      if (!resolved) throw new AppError("UNAUTHENTICATED", { message: "The API key is invalid, expired or revoked" });
      c.set("principal", resolved.principal);
      c.set("membership", resolved.membership);
      return next();
    }

    if (!c.req.header("cookie")?.includes("session_token")) return next();
    const session = await deps.auth.api.getSession({ headers: c.req.raw.headers });
    if (!session) return next();

    if (UNSAFE_METHODS.has(c.req.method)) {
      // The public URL, or the address this request actually came in on (e.g. 127.0.0.1 vs localhost).
      assertSameOrigin(c.req.raw.headers, [publicOrigin, new URL(c.req.url).origin]);
    }
    const { user } = session;
    c.set("principal", { userId: user.id, email: user.email, name: user.name, sessionId: session.session.id, apiKeyId: null });

    const activeOrgId = (session.session as { activeOrgId?: string | null }).activeOrgId ?? null;
    let membership = activeOrgId ? await deps.members.findMembership(activeOrgId, user.id) : undefined;
    if (!membership) {
      // No org chosen yet, or removed from it since: fall back to the first org they belong to.
      const [first] = await deps.members.listOrgsOfUser(user.id);
      if (first) {
        membership = await deps.members.findMembership(first.orgId, user.id);
        await deps.me.setActiveOrg(session.session.id, first.orgId);
      }
    }
    if (membership) c.set("membership", { orgId: membership.orgId, role: membership.role });
    return next();
  };
}
