import type { Executor } from "../../db";
import type { RequestScope } from "../../http";
import { createAuditEvent } from "./audit.queries";

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

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
export async function recordAudit(tx: Executor, scope: RequestScope, change: AuditChange): Promise<void> {
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
