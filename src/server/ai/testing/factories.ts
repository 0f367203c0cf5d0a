import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { OrgRole } from "../../../core/permissions";
import type { Database, Executor } from "../../db";
import { memberships, organizations, users } from "../../db/schema";
import type { OrgScope } from "../../http";

// Test factories for the AI gateway's tests: real rows, no mocks.

export async function createOrg(db: Database, name = "Org"): Promise<string> {
  const [row] = await db
    .insert(organizations)
    .values({ name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${randomBytes(3).toString("hex")}` })
    .returning({ id: organizations.id });
  return row!.id;
}

export async function createUser(
  db: Database,
  orgId: string,
  role: OrgRole = "member",
  name = "Ada",
): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ name, email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test` })
    .returning({ id: users.id });
  await db.insert(memberships).values({ orgId, userId: user!.id, role });
  return user!.id;
}

export function orgScope(orgId: string, userId: string | null, role: OrgRole = "admin"): OrgScope {
  return {
    orgId,
    userId,
    role,
    apiKeyId: null,
    correlationId: "test-correlation",
    ip: "127.0.0.1",
    userAgent: "vitest",
  };
}

/** What the settings service asks of the members module, answered from the memberships table. */
export const membershipLookup = {
  async findMembership(orgId: string, userId: string, tx?: Executor) {
    if (!tx) throw new Error("the AI service looks members up inside its transaction");
    const [row] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    return row;
  },
};
