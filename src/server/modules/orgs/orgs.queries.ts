import { eq, like, or } from "drizzle-orm";
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

export async function getOrg(db: Executor, id: string): Promise<Org | undefined> {
  const [row] = await db.select(orgColumns).from(organizations).where(eq(organizations.id, id)).limit(1);
  return row;
}

export async function listSlugsLike(db: Executor, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(or(eq(organizations.slug, base), like(organizations.slug, `${base}-%`)));
  return new Set(rows.map((row) => row.slug));
}

export async function createOrg(db: Executor, values: { name: string; slug: string }): Promise<Org> {
  const [row] = await db.insert(organizations).values(values).returning(orgColumns);
  return row!;
}

export async function updateOrg(
  db: Executor,
  id: string,
  patch: { name?: string },
): Promise<Org | undefined> {
  const [row] = await db
    .update(organizations)
    .set(patch)
    .where(eq(organizations.id, id))
    .returning(orgColumns);
  return row;
}

/** Serialises claims on the demo org so two first sign-ups cannot both become owner. */
export async function lockOrg(db: Executor, id: string): Promise<void> {
  await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id)).for("update");
}
