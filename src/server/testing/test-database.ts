import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseCapabilities, type DatabaseHandle, migrateDatabase, openDatabase } from "../db";

export interface TestDatabase {
  handle: DatabaseHandle;
  capabilities: DatabaseCapabilities;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test file: a PGlite clone of the template, or a PostgreSQL copy of it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.CAIRN_TEST_DATABASE === "postgres") {
    const { adminUrl, templateName } = inject("postgresTemplate");
    const name = `${templateName}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
    const capabilities = await migrateDatabase(handle);
    return {
      handle,
      capabilities,
      close: async () => {
        await handle.close();
        await dropDatabaseWhenIdle(admin, name);
        await admin.end();
      },
    };
  }
  const template = new Blob([readFileSync(inject("pgliteTemplate"))]);
  const handle = await openDatabase({ kind: "pglite-memory", loadDataDir: template });
  const capabilities = await migrateDatabase(handle);
  return { handle, capabilities, close: () => handle.close() };
}

/**
 * Drops a test database once its connections are gone. pg-pool's end() resolves before its
 * sockets have closed; a forced drop racing them kills those backends, and their FATAL 57P01
 * surfaces as an unhandled test error.
 */
export async function dropDatabaseWhenIdle(admin: pg.Client, name: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 25) {
    const { rows } = await admin.query<{ open: number }>(
      "select count(*)::int as open from pg_stat_activity where datname = $1",
      [name],
    );
    if (rows[0]?.open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
