import { eq } from "drizzle-orm";
import type { Executor } from "../../db";
import { organizations } from "../../db/schema";

const orgColumns = {
  id: organizations.id,
  name: organizations.name,
  slug: organizations.slug,
  createdAt: organizations.createdAt,
};

export type Org = { id: string; name: string; slug: string; createdAt: Date };

export async function getOrgBySlug(db: Executor, slug: string): Promise<Org | undefined> {
  const [row] = await db.select(orgColumns).from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return row;
}

export async function createOrg(db: Executor, values: { name: string; slug: string }): Promise<Org> {
  const [row] = await db.insert(organizations).values(values).returning(orgColumns);
  return row!;
}
