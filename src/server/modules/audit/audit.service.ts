import { type Database, type Executor, inTenant } from "../../db";
import { type OrgScope, type PaginationQuery, type RequestScope, toPageRequest } from "../../http";
import { type AuditFilter, createAuditEvent, listAuditActions, listAuditEvents } from "./audit.queries";

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Whose change it is: an org's (most) or a person's own (orgId null: sign-ins, MFA, password). */
export type AuditScope = Omit<RequestScope, "orgId"> & { orgId: string | null };

/** Who did it when no person did: startup seeding, scheduled jobs. */
export const systemScope = (orgId: string): RequestScope => ({
  orgId,
  userId: null,
  apiKeyId: null,
  correlationId: null,
  ip: null,
  userAgent: null,
});

/**
 * Writes the audit row for a change. Call it with the transaction that made the change so
 * both commit or neither does.
 */
export async function recordAudit(tx: Executor, scope: AuditScope, change: AuditChange): Promise<void> {
  await createAuditEvent(tx, {
    orgId: scope.orgId,
    actorUserId: scope.userId,
    actorApiKeyId: scope.apiKeyId ?? null,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
    correlationId: scope.correlationId,
    ip: scope.ip,
    userAgent: scope.userAgent,
  });
}

export function createAuditService(deps: { db: Database }) {
  return {
    list: (scope: OrgScope, filter: Omit<AuditFilter, "orgId">, query: PaginationQuery) =>
      inTenant(deps.db, scope, (tx) =>
        listAuditEvents(tx, { ...filter, orgId: scope.orgId }, toPageRequest(query)),
      ),
    actions: (scope: OrgScope) => inTenant(deps.db, scope, (tx) => listAuditActions(tx, scope.orgId)),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
