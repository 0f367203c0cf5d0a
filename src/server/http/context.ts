import type { Logger } from "../logger";

/** Variables every request carries through Hono's context. */
export interface AppEnv {
  Variables: {
    correlationId: string;
    log: Logger;
    clientIp: string | null;
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
