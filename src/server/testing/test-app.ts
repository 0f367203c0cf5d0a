import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../app";
import { createLogger } from "../logger";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const TEST_INDEX_HTML = "<!doctype html><html><body><div id=root>Cairn test shell</div></body></html>";

export const testConfig = {
  maxBodyBytes: 64 * 1024,
  trustProxy: false,
  publicUrl: "http://localhost:3000",
};

export const silentLogger = () => createLogger("silent");

export type TestApp = ReturnType<typeof createApp> & { database: TestDatabase; close(): Promise<void> };

/** The whole app on a fresh database, with a stand-in web build so SPA routes can be tested. */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const webDir = mkdtempSync(path.join(tmpdir(), "cairn-web-"));
  writeFileSync(path.join(webDir, "index.html"), TEST_INDEX_HTML);
  const built = createApp({
    config: testConfig,
    database: database.handle,
    capabilities: database.capabilities,
    logger: silentLogger(),
    webDir,
  });
  return {
    ...built,
    database,
    close: async () => {
      await database.close();
      rmSync(webDir, { recursive: true, force: true });
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
