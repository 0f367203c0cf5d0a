export type { Database, DatabaseHandle, DatabaseTarget, Executor, Transaction } from "./client";
export { openDatabase, selectRows } from "./client";
export { DirectoryLockedError } from "./lock";
export type { DatabaseCapabilities } from "./migrate";
export { migrateDatabase } from "./migrate";
export * as schema from "./schema";
export type { TenantScope } from "./tenant";
export { inTenant, inUserScope } from "./tenant";
