import { AsyncLocalStorage } from "node:async_hooks";
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

const insideTransaction = new AsyncLocalStorage<true>();
const QUERY_ENTRY_POINTS = new Set([
  "select",
  "selectDistinct",
  "insert",
  "update",
  "delete",
  "execute",
  "transaction",
]);

/**
 * PGlite has one connection: a query on `db` from inside a transaction callback waits for the
 * transaction that is waiting for it, forever. Turn that hang into an immediate error that
 * names the fix. Other requests' queries (other async contexts) still queue normally.
 */
function guardAgainstNestedQueries(db: Database): Database {
  return new Proxy(db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || !QUERY_ENTRY_POINTS.has(property) || typeof value !== "function")
        return value;
      return (...args: unknown[]) => {
        if (insideTransaction.getStore()) {
          throw new Error(
            `db.${property}() called inside a transaction: pass the transaction (tx) down instead`,
          );
        }
        if (property !== "transaction") return value.apply(target, args);
        const [callback, ...rest] = args as [(tx: Transaction) => Promise<unknown>, ...unknown[]];
        return value.apply(target, [
          (tx: Transaction) => insideTransaction.run(true, () => callback(tx)),
          ...rest,
        ]);
      };
    },
  });
}

function wrapPglite(client: PGlite, release: () => void): DatabaseHandle {
  return {
    db: guardAgainstNestedQueries(drizzlePglite({ client, schema }) as unknown as Database),
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
