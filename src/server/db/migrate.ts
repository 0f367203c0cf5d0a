import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { ConfigError } from "../config-error";
import { migrationsDir } from "../paths";
import { type DatabaseHandle, selectRows } from "./client";
import { APP_ROLE } from "./schema/columns";

/** Tables the app role may insert into and read but never change: the audit trail. */
const APPEND_ONLY_TABLES = ["audit_events"];

/**
 * better-auth's tables (password hashes, TOTP secrets, session tokens, reset tokens, its
 * counters): only better-auth and the session middleware read them, on the owning connection.
 * The app role gets nothing, so no request transaction can read a credential, whatever its bug.
 */
export const CREDENTIAL_TABLES = [
  "accounts",
  "two_factors",
  "sessions",
  "verifications",
  "rate_limits",
  "sign_in_throttles",
];

export interface DatabaseCapabilities {
  vector: boolean;
}

async function hasExtension(handle: DatabaseHandle, name: string): Promise<boolean> {
  const [row] = await selectRows<{ available: boolean }>(
    handle.db,
    sql`select exists(select 1 from pg_available_extensions where name = ${name}) as available`,
  );
  return row?.available === true;
}

/**
 * Search (migration 0002's trigram index, word_similarity in queries) cannot run without
 * pg_trgm, so a database that lacks it stops startup with what the operator must do.
 */
async function requireTrigram(handle: DatabaseHandle): Promise<void> {
  if (!(await hasExtension(handle, "pg_trgm"))) {
    throw new ConfigError([
      "DATABASE_URL: the PostgreSQL server has no pg_trgm extension; install the contrib package " +
        "(e.g. apt install postgresql-contrib) on the database server and restart Cairn",
    ]);
  }
  try {
    await handle.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm");
  } catch (error) {
    throw new ConfigError([
      `DATABASE_URL: could not create the pg_trgm extension (${(error as Error).message}); ` +
        "run CREATE EXTENSION pg_trgm; in the database as a superuser, or GRANT CREATE ON DATABASE to Cairn's user",
    ]);
  }
}

/**
 * Roles and extensions live outside drizzle-kit's migrations: roles are cluster-wide and
 * extensions need privileges or may be missing (Debian's PostgreSQL has no pgvector), so they
 * are created idempotently here.
 */
async function bootstrapBefore(handle: DatabaseHandle): Promise<DatabaseCapabilities> {
  await handle.exec(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOBYPASSRLS;
      END IF;
    END $$;
  `);
  await requireAppRoleMembership(handle);
  await requireTrigram(handle);
  return { vector: await tryVector(handle) };
}

/**
 * Request transactions switch to the app role with SET LOCAL ROLE, which only a member may do.
 * A superuser always may; a user with CREATEROLE can grant itself the role it created. Anyone
 * else would see every tenant query fail, so startup stops and says what to grant.
 */
async function requireAppRoleMembership(handle: DatabaseHandle): Promise<void> {
  const isMember = async () => {
    const [row] = await selectRows<{ member: boolean }>(
      handle.db,
      sql.raw(`select pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') as member`),
    );
    return row?.member === true;
  };
  if (await isMember()) return;
  try {
    await handle.exec(`GRANT ${APP_ROLE} TO CURRENT_USER`);
  } catch {
    // Reported below with the statement the operator can run instead.
  }
  if (await isMember()) return;
  throw new ConfigError([
    `DATABASE_URL: Cairn's database user must be a member of the ${APP_ROLE} role to run requests ` +
      `under row-level security; as a superuser run GRANT ${APP_ROLE} TO <Cairn's user>;`,
  ]);
}

/** pgvector is optional: without it (or the right to create it) search is full-text only. */
async function tryVector(handle: DatabaseHandle): Promise<boolean> {
  if (!(await hasExtension(handle, "vector"))) return false;
  try {
    await handle.exec("CREATE EXTENSION IF NOT EXISTS vector");
    return true;
  } catch {
    return false;
  }
}

async function bootstrapAfter(handle: DatabaseHandle): Promise<void> {
  await handle.exec(`
    GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
    ${APPEND_ONLY_TABLES.map((table) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${APP_ROLE};`).join("\n")}
    REVOKE ALL ON ${CREDENTIAL_TABLES.join(", ")} FROM ${APP_ROLE};
  `);
}

/** Brings the database to the current schema: bootstrap, drizzle-kit migrations, grants. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<DatabaseCapabilities> {
  const capabilities = await bootstrapBefore(handle);
  const migrationsFolder = migrationsDir;
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(handle.db as unknown as NodePgDatabase, { migrationsFolder });
  }
  await bootstrapAfter(handle);
  return capabilities;
}
