import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "e2e",
    include: ["e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each journey starts its own server and browser; run them one at a time on 2 cores.
    fileParallelism: false,
  },
});
