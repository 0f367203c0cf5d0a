import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AppDeps, createApp } from "../app";
import { type Config, loadConfig } from "../config";
import { createLogger } from "../logger";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const TEST_INDEX_HTML = "<!doctype html><html><body><div id=root>Cairn test shell</div></body></html>";

export const testConfig = {
  maxBodyBytes: 64 * 1024,
  trustProxy: false,
  publicUrl: "http://localhost:3000",
};

export const silentLogger = () => createLogger("silent");

export type TestApp = ReturnType<typeof createApp> & {
  /** What the app was made of: another createApp(deps) is a second replica on the same database. */
  deps: AppDeps;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
};

/**
 * The whole app on a fresh database, with a stand-in web build so SPA routes can be tested and
 * a private DATA_DIR whose outbox receives the mails.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  deps: Pick<AppDeps, "redis"> = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "cairn-test-data-"));
  const webDir = path.join(dataDir, "web");
  mkdirSync(webDir);
  writeFileSync(path.join(webDir, "index.html"), TEST_INDEX_HTML);
  const config = loadConfig({
    DATA_DIR: dataDir,
    AUTH_SECRET: "test-secret-that-is-long-enough-for-better-auth",
    MAX_BODY_BYTES: String(testConfig.maxBodyBytes),
    LOG_LEVEL: "silent",
    // Factories give each simulated client its own X-Forwarded-For so rate limits stay on.
    TRUST_PROXY: "true",
    ...env,
  });
  const appDeps: AppDeps = {
    config,
    database: database.handle,
    capabilities: database.capabilities,
    logger: silentLogger(),
    webDir,
    ...deps,
  };
  const built = createApp(appDeps);
  return {
    ...built,
    deps: appDeps,
    config,
    database,
    close: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON request helper for app.request(). */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}
