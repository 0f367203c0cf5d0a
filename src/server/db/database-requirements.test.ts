// What a database must offer (pg_trgm for search, membership of the app role for RLS): one
// that lacks it must stop startup with what the operator has to do, not fail halfway through.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ConfigError } from "../config-error";
import { dropDatabaseWhenIdle } from "../testing/test-database";
import { type Database, type DatabaseHandle, openDatabase } from "./client";
import { migrateDatabase } from "./migrate";
import * as schema from "./schema";

const onPostgres = process.env.CAIRN_TEST_DATABASE === "postgres";

describe.runIf(!onPostgres)("on a PostgreSQL without the contrib extensions", () => {
  it("stops and says to install postgresql-contrib", async () => {
    // PGlite opened without its pg_trgm add-on stands in for a server without the package.
    const client = await PGlite.create({
      loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]),
    });
    const handle: DatabaseHandle = {
      db: drizzle({ client, schema }) as unknown as Database,
      kind: "pglite",
      exec: async (text) => {
        await client.exec(text);
      },
      close: () => client.close(),
    };
    try {
      const failure = migrateDatabase(handle);
      await expect(failure).rejects.toBeInstanceOf(ConfigError);
      await expect(failure).rejects.toThrow(/pg_trgm.*postgresql-contrib/);
    } finally {
      await handle.close();
    }
  });
});

describe.runIf(onPostgres)("as a database user with few privileges", () => {
  /** Migrates a fresh database as a new login role, after `prepare` has run as the admin. */
  async function migrateAsLimitedUser(prepare: (admin: pg.Client, role: string) => Promise<void>) {
    const { adminUrl } = inject("postgresTemplate");
    const suffix = randomBytes(4).toString("hex");
    const role = `cairn_limited_${suffix}`;
    const name = `cairn_limited_${suffix}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`CREATE DATABASE ${name}`);
    await prepare(admin, role);
    const url = new URL(adminUrl);
    url.username = role;
    url.pathname = `/${name}`;
    const handle = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 1 });
    try {
      const failure = migrateDatabase(handle);
      await failure.catch(() => undefined);
      return failure;
    } finally {
      await handle.close();
      await dropDatabaseWhenIdle(admin, name);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  }

  it("stops and says to grant the app role when the user may not switch to it", async () => {
    const failure = migrateAsLimitedUser(async () => {});
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/member of the cairn_app role.*GRANT cairn_app TO/);
  });

  it("stops and says what to grant when it may not create extensions", async () => {
    const failure = migrateAsLimitedUser((admin, role) =>
      admin.query(`GRANT cairn_app TO ${role}`).then(() => {}),
    );
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/pg_trgm.*GRANT CREATE ON DATABASE/);
  });
});
