import type { Executor } from "../../db";
import { auditEvents } from "../../db/schema";

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function createAuditEvent(db: Executor, event: NewAuditEvent) {
  const [row] = await db.insert(auditEvents).values(event).returning({ id: auditEvents.id });
  return row!;
}
