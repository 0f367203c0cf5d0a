import type { OrgRole } from "../../core/permissions";
import type { Membership, Principal } from "../auth/principal";
import type { Logger } from "../logger";

/** Variables every request carries through Hono's context. */
export interface AppEnv {
  Variables: {
    correlationId: string;
    log: Logger;
    clientIp: string | null;
    /** Set by the authentication middleware; null for anonymous requests. */
    principal: Principal | null;
    /** The caller's role in the active org (session) or the key's org (API key). */
    membership: Membership | null;
  };
}

/** Who is acting, for services: the tenant, the actor and where the request came from. */
export interface RequestScope {
  orgId: string;
  userId: string | null;
  apiKeyId?: string | null;
  correlationId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** A RequestScope inside an org, with the caller's role there: what most services take. */
export interface OrgScope extends RequestScope {
  role: OrgRole;
}
