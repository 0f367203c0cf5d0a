import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "cairn-config-"));

describe("loadConfig", () => {
  it("runs on PGlite under DATA_DIR with sensible defaults when nothing is set", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.database).toEqual({ kind: "pglite", dir: path.join(dir, "pglite") });
    expect(config.logLevel).toBe("info");
    expect(config.maxBodyBytes).toBe(1024 * 1024);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DATABASE_URL: "postgres://u@db:5432/cairn",
      DATABASE_POOL_SIZE: "7",
    });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u@db:5432/cairn", poolSize: 7 });
  });

  it("names every bad variable and the value it got", () => {
    const attempt = () =>
      loadConfig({ DATA_DIR: dataDir(), PORT: "eighty", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT: .*"eighty"/);
      expect(message).toMatch(/LOG_LEVEL: .*"loud"/);
      expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    }
  });

  it("rejects a port out of range", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: "70000" })).toThrow(/PORT: must be at most 65535/);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: "", DATABASE_URL: "" }).database.kind).toBe("pglite");
  });

  it("requires AUTH_SECRET in production", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: "production" })).toThrow(
      /AUTH_SECRET: is required/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir(), AUTH_SECRET: "short" })).toThrow(
      /AUTH_SECRET: must be at least 32/,
    );
  });

  it("generates an auth secret once and keeps it private in the data directory", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).authSecret;
    const file = path.join(dir, "auth-secret");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).authSecret).toBe(first);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
  });
});
