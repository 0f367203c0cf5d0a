import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@core": path.resolve(import.meta.dirname, "src/core"),
  "@shared": path.resolve(import.meta.dirname, "src/shared"),
  "@web": path.resolve(import.meta.dirname, "src/web"),
};

const integration = (database: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name: `server:${database}`,
    include: ["src/server/**/*.test.ts"],
    env: { CAIRN_TEST_DATABASE: database },
    globalSetup: [`src/server/testing/global-setup.ts`],
    // PGlite clones are in-process WASM instances; a few workers at a time keep memory in check.
    maxWorkers: database === "pglite" ? 2 : 4,
    // Run the two databases one after the other rather than competing for 2 cores.
    sequence: { groupOrder: database === "pglite" ? 1 : 2 },
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/core/**/*.test.ts", "src/web/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"],
        },
      },
      integration("pglite"),
      ...(process.env.TEST_DATABASE_URL ? [integration("postgres")] : []),
    ],
  },
});
