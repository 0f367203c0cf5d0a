import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../db";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: { adminUrl: string; templateName: string };
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Creating and migrating a database is slow (PGlite ~5 s); do it once per run and let each
 * test file clone the migrated template.
 */
export default async function setup(project: TestProject) {
  // The project's `env` reaches its test workers, not this process: read it from the config.
  if (project.config.env?.CAIRN_TEST_DATABASE === "postgres") {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("TEST_DATABASE_URL is required for the postgres test project");
    const templateName = `cairn_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.query(`CREATE DATABASE ${templateName}`);
    const template = await openDatabase({
      kind: "postgres",
      url: withDatabase(adminUrl, templateName),
      poolSize: 2,
    });
    await migrateDatabase(template);
    await template.close();
    project.provide("postgresTemplate", { adminUrl, templateName });
    return async () => {
      const leftovers = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`${templateName}%`],
      );
      for (const { datname } of leftovers.rows)
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.end();
    };
  }

  const dir = mkdtempSync(path.join(tmpdir(), "cairn-template-"));
  const template = await openDatabase({ kind: "pglite-memory" });
  await migrateDatabase(template);
  const dump = await template.dumpDataDir!();
  await template.close();
  const file = path.join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
