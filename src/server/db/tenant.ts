import { sql } from "drizzle-orm";
import type { Database, Transaction } from "./client";
import { APP_ROLE } from "./schema/columns";

export interface TenantScope {
  orgId: string;
  userId?: string | null;
}

/**
 * Runs fn in one transaction as the non-owner app role with app.org_id set, so row-level
 * security confines every query to the scope's org even if a WHERE clause is forgotten.
 * set_config('role', ...) is SET LOCAL ROLE in a form that takes parameters in one round trip.
 */
export function inTenant<T>(
  db: Database,
  scope: TenantScope,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.org_id', ${scope.orgId}, true), set_config('app.user_id', ${scope.userId ?? ""}, true), set_config('role', ${APP_ROLE}, true)`,
    );
    return fn(tx);
  });
}

/**
 * Like inTenant, for work about one person across orgs (their memberships, their
 * invitations): no org is declared, so only policies that match app.user_id let rows through.
 */
export function inUserScope<T>(
  db: Database,
  userId: string,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.org_id', '', true), set_config('app.user_id', ${userId}, true), set_config('role', ${APP_ROLE}, true)`,
    );
    return fn(tx);
  });
}
