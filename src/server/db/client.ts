import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { acquireDirectoryLock } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query function can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Runs parameter-free SQL that may hold several statements (bootstrap, job queue schema). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory, used to clone a migrated test template. */
  dumpDataDir?(): Promise<Blob>;
}

export type DatabaseTarget =
  | { kind: "pglite"; dir: string }
  | { kind: "pglite-memory"; loadDataDir?: Blob }
  | { kind: "postgres"; url: string; poolSize: number };

export const pgliteExtensions = { vector, pg_trgm };

function wrapPglite(client: PGlite, release: () => void): DatabaseHandle {
  return {
    db: drizzlePglite({ client, schema }) as unknown as Database,
    kind: "pglite",
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    close: async () => {
      await client.close();
      release();
    },
    dumpDataDir: () => client.dumpDataDir("none"),
  };
}

/** Opens the database the config names: PGlite on disk (locked), PGlite in memory (tests) or PostgreSQL. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize });
    // Fail fast: a wrong URL should stop startup, not the first request.
    await pool.query("select 1");
    return {
      db: drizzlePostgres({ client: pool, schema }) as unknown as Database,
      kind: "postgres",
      exec: async (sqlText) => {
        await pool.query(sqlText);
      },
      close: () => pool.end(),
    };
  }
  if (target.kind === "pglite-memory") {
    const client = await PGlite.create({ extensions: pgliteExtensions, loadDataDir: target.loadDataDir });
    return wrapPglite(client, () => {});
  }
  const release = acquireDirectoryLock(target.dir);
  try {
    const client = await PGlite.create(target.dir, { extensions: pgliteExtensions });
    return wrapPglite(client, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** Raw SQL rows from either driver: both PGlite and node-postgres answer with `{ rows }`. */
export async function selectRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
