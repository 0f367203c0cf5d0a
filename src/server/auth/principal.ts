import type { OrgRole } from "../../core/permissions";

/** The authenticated caller: a person through a browser session, or an API key acting for one. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  sessionId: string | null;
  apiKeyId: string | null;
}

/** The caller's standing in the org the request acts on. */
export interface Membership {
  orgId: string;
  role: OrgRole;
}
