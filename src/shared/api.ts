/** Shapes of the HTTP API's envelopes, shared by the server's clients (the web app, e2e tests). */

import type { OrgRole } from "../core/permissions";

export type { OrgRole };

export interface PageMeta {
  page: number;
  per_page: number;
  total: number;
}

/** Every successful response: `{ data }`, plus `meta` on paginated lists. */
export interface DataEnvelope<T> {
  data: T;
  meta?: PageMeta;
}

/** Every error response, whatever the status. `error` is a code such as `VALIDATION_ERROR`. */
export interface ErrorEnvelope {
  error: string;
  message: string;
  details: unknown;
  correlation_id: string;
}

export type DatabaseKind = "pglite" | "postgres";

/** `GET /api/v1/instance`: public facts about this installation. */
export interface InstanceInfo {
  name: string;
  version: string;
  database: DatabaseKind;
  vector_search: boolean;
  demo_org: { name: string; slug: string } | null;
  mail_transport: MailTransport;
  sign_in_providers: SignInProvider[];
  email_verification_required: boolean;
  ai: InstanceAi;
}

/** The AI providers the server's environment configures for every organization. */
export interface InstanceAi {
  /** Only Cairn's offline model answers, unless an organization brings its own keys. */
  offline_only: boolean;
  /** `id` is the provider part of model refs (`openai`, or the OpenAI-compatible server's name). */
  providers: { id: string; name: string }[];
}

// ---------------------------------------------------------------------------------------------
// Identity: instance sign-in options, the signed-in person, organizations and access control.
// ---------------------------------------------------------------------------------------------

/** How the server delivers mail: `outbox` writes each mail to DATA_DIR/outbox and the log instead. */
export type MailTransport = "smtp" | "outbox";

export interface SignInProvider {
  id: string;
  name: string;
}

export interface Profile {
  id: string;
  name: string;
  email: string;
  email_verified: boolean;
  image: string | null;
  two_factor_enabled: boolean;
  created_at: string;
}

export interface MyOrganization {
  id: string;
  name: string;
  slug: string;
  role: OrgRole;
}

/** `GET /api/v1/me`. */
export interface Me {
  user: Profile;
  orgs: MyOrganization[];
  active_org: { id: string; role: OrgRole } | null;
  via_api_key: boolean;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
  created_at: string;
}

/** `GET /api/v1/orgs/current`. */
export interface CurrentOrganization extends Organization {
  role: OrgRole;
  member_count: number;
}

export interface Member {
  user_id: string;
  name: string;
  email: string;
  image: string | null;
  role: OrgRole;
  joined_at: string;
}

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export interface Invitation {
  id: string;
  email: string;
  role: OrgRole;
  status: InvitationStatus;
  invited_by_name: string | null;
  expires_at: string;
  created_at: string;
}

export interface CreatedInvitation extends Invitation {
  mail_transport: MailTransport;
}

/** `GET /api/v1/invitations/lookup?token=`: what an invitation link offers, before sign-in. */
export interface InvitationLookup {
  org_name: string;
  email: string;
  role: OrgRole;
  status: InvitationStatus;
  invited_by_name: string | null;
  expires_at: string;
}

export interface AcceptedInvitation {
  org_id: string;
  org_name: string;
  role: OrgRole;
}

export interface Group {
  id: string;
  name: string;
  description: string;
  member_count: number;
  deleted_at: string | null;
  created_at: string;
}

export interface GroupMember {
  user_id: string;
  name: string;
  email: string;
  added_at: string;
}

export interface GroupDetail extends Omit<Group, "member_count"> {
  members: GroupMember[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: OrgRole;
  created_by_name: string | null;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface CreatedApiKey extends ApiKey {
  /** The secret. Shown once. */
  key: string;
}

export interface AuditEvent {
  id: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  actor: { user_id: string | null; name: string | null; email: string | null; api_key_id: string | null };
  before?: unknown;
  after?: unknown;
  correlation_id: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
}

/** One field's problem in a `VALIDATION_ERROR`'s `details`. */
export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}
