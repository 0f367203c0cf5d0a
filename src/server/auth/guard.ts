import type { Context, MiddlewareHandler } from "hono";
import { canInOrg, type OrgAction } from "../../core/permissions";
import type { AppEnv, OrgScope, RequestScope } from "../http/context";
import { AppError } from "../http/errors";
import type { Membership, Principal } from "./principal";

/** Route middleware: the caller must be signed in (session or API key). */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("principal")) throw new AppError("UNAUTHENTICATED");
  await next();
};

/**
 * Route middleware: the caller must be a person in a browser session. An API key is confined to
 * its org, so what reaches beyond it (creating or joining orgs, switching, the profile) is refused.
 */
export const requireBrowserSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = c.get("principal");
  if (!principal) throw new AppError("UNAUTHENTICATED");
  if (!principal.sessionId) {
    throw new AppError("FORBIDDEN", {
      message: "API keys act only inside their own organization; sign in to the app for this",
    });
  }
  await next();
};

/**
 * Route middleware: the caller must be signed in, acting in an org, and hold a role that the
 * permission table grants `action`.
 */
export function requireOrgPermission(action: OrgAction): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("principal")) throw new AppError("UNAUTHENTICATED");
    const membership = c.get("membership");
    if (!membership) {
      throw new AppError("FORBIDDEN", { message: "Choose an organization first" });
    }
    if (!canInOrg(membership.role, action)) {
      throw new AppError("FORBIDDEN", { details: { action, role: membership.role } });
    }
    await next();
  };
}

/** The person's orgs the caller may see: all of them in a session, only its own org for an API key. */
export function visibleOrgs<T extends { orgId: string }>(c: Context<AppEnv>, orgs: T[]): T[] {
  if (!currentPrincipal(c).apiKeyId) return orgs;
  return orgs.filter((org) => org.orgId === c.get("membership")?.orgId);
}

export function currentPrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) throw new AppError("UNAUTHENTICATED");
  return principal;
}

export function currentMembership(c: Context<AppEnv>): Membership {
  const membership = c.get("membership");
  if (!membership) throw new AppError("FORBIDDEN", { message: "Choose an organization first" });
  return membership;
}

/** The scope a service acts in: org, actor and request origin, for queries and audit rows. */
export function requestScope(c: Context<AppEnv>): OrgScope {
  const membership = currentMembership(c);
  return { ...actorScope(c), orgId: membership.orgId, role: membership.role };
}

/** Who is acting and from where, for work that is not inside one org (profile, creating an org). */
export function actorScope(c: Context<AppEnv>): Omit<RequestScope, "orgId"> {
  const principal = currentPrincipal(c);
  return {
    userId: principal.userId,
    apiKeyId: principal.apiKeyId,
    correlationId: c.get("correlationId"),
    ip: c.get("clientIp"),
    userAgent: c.req.header("user-agent") ?? null,
  };
}
