import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrationsDir } from "../paths";
import { type DatabaseHandle, selectRows } from "./client";
import { APP_ROLE } from "./schema/columns";

/** Tables the app role may insert into and read but never change: the audit trail. */
const APPEND_ONLY_TABLES = ["audit_events"];

export interface DatabaseCapabilities {
  vector: boolean;
  trigram: boolean;
}

async function hasExtension(handle: DatabaseHandle, name: string): Promise<boolean> {
  const [row] = await selectRows<{ available: boolean }>(
    handle.db,
    sql`select exists(select 1 from pg_available_extensions where name = ${name}) as available`,
  );
  return row?.available === true;
}

/**
 * Roles and extensions live outside drizzle-kit's migrations: they are cluster-wide or
 * optional (Debian's PostgreSQL has no pgvector), so they are created idempotently here.
 */
async function bootstrapBefore(handle: DatabaseHandle): Promise<DatabaseCapabilities> {
  await handle.exec(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOBYPASSRLS;
      END IF;
    END $$;
  `);
  const capabilities: DatabaseCapabilities = { vector: false, trigram: false };
  for (const [key, extension] of [
    ["trigram", "pg_trgm"],
    ["vector", "vector"],
  ] as const) {
    if (await hasExtension(handle, extension)) {
      await handle.exec(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
      capabilities[key] = true;
    }
  }
  return capabilities;
}

async function bootstrapAfter(handle: DatabaseHandle): Promise<void> {
  await handle.exec(`
    GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
    ${APPEND_ONLY_TABLES.map((table) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${APP_ROLE};`).join("\n")}
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
