import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";
import { projectRoot } from "./paths";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "cairn-config-"));

/** A MinIO bucket for files and transcripts alike, and the settings both should read from it. */
const MINIO_ENV = {
  S3_BUCKET: "cairn-files",
  S3_ENDPOINT: "http://127.0.0.1:9000",
  S3_ACCESS_KEY_ID: "minio",
  S3_SECRET_ACCESS_KEY: "minio-secret",
  S3_FORCE_PATH_STYLE: "true",
};
const MINIO_SETTINGS = {
  bucket: "cairn-files",
  region: "us-east-1",
  endpoint: "http://127.0.0.1:9000",
  credentials: { accessKeyId: "minio", secretAccessKey: "minio-secret" },
  forcePathStyle: true,
};

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

  it("serves dist/web unless CAIRN_WEB_DIR names another web build", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).webDir).toBe(path.join(projectRoot, "dist/web"));
    expect(loadConfig({ DATA_DIR: dataDir(), CAIRN_WEB_DIR: "build/web" }).webDir).toBe(
      path.resolve("build/web"),
    );
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
      loadConfig({
        DATA_DIR: dataDir(),
        PORT: "eighty",
        LOG_LEVEL: "loud",
        DATABASE_URL: "mysql://x",
        REDIS_URL: "127.0.0.1:6379",
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT: .*"eighty"/);
      expect(message).toMatch(/LOG_LEVEL: .*"loud"/);
      expect(message).toMatch(/DATABASE_URL: must be a postgres/);
      expect(message).toMatch(/REDIS_URL: must be a redis:\/\//);
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

  it("gives processes starting together on a fresh data directory one and the same secret", async () => {
    // Several processes walk the same fresh data directories in step, so their first starts
    // on each empty directory overlap; every one must end up with the secret the file keeps.
    const root = dataDir();
    const dirs = Array.from({ length: 200 }, (_, index) => path.join(root, String(index)));
    const go = path.join(root, "go");
    const script = `
      const { existsSync } = await import("node:fs");
      const { loadConfig } = await import(${JSON.stringify(path.join(import.meta.dirname, "config.ts"))});
      console.log("ready");
      while (!existsSync(${JSON.stringify(go)}));
      const dirs = ${JSON.stringify(dirs)};
      console.log(JSON.stringify(dirs.map((dir) => loadConfig({ DATA_DIR: dir }).authSecret)));`;
    const processes = Array.from({ length: 3 }, () => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
      let stdout = "";
      const ready = new Promise<void>((resolve) =>
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
          if (stdout.startsWith("ready\n")) resolve();
        }),
      );
      const secrets = new Promise<string[]>((resolve, reject) =>
        child.on("exit", (code) =>
          code === 0
            ? resolve(JSON.parse(stdout.slice("ready\n".length)))
            : reject(new Error(`exit ${code}`)),
        ),
      );
      return { ready, secrets };
    });
    await Promise.all(processes.map((child) => child.ready));
    writeFileSync(go, "");
    const results = await Promise.all(processes.map((child) => child.secrets));
    dirs.forEach((dir, index) => {
      const kept = readFileSync(path.join(dir, "auth-secret"), "utf8").trim();
      for (const secrets of results) expect(secrets[index]).toBe(kept);
    });
  }, 60_000);

  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig({ DATA_DIR: dataDir(), ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error("expected a ConfigError");
  };

  describe("file storage variables", () => {
    it("stores files on disk with 25 MiB uploads by default", () => {
      expect(loadConfig({ DATA_DIR: dataDir() }).storage).toEqual({
        s3: null,
        maxUploadBytes: 25 * 1024 ** 2,
      });
    });

    it("reads the upload limit and the S3 bucket shared with transcripts", () => {
      const config = loadConfig({ DATA_DIR: dataDir(), MAX_UPLOAD_BYTES: "4096", ...MINIO_ENV });
      expect(config.storage).toEqual({ maxUploadBytes: 4096, s3: MINIO_SETTINGS });
      expect(config.ai.transcripts.storage).toEqual({ kind: "s3", ...MINIO_SETTINGS });
    });

    it("stops on a bad MAX_UPLOAD_BYTES with the variable's name and value, like any other", () => {
      const message = problemsOf({ MAX_UPLOAD_BYTES: "lots", PORT: "eighty" });
      expect(message).toMatch(/MAX_UPLOAD_BYTES: must be a number .*"lots"/);
      expect(message).toMatch(/PORT: must be a number .*"eighty"/);
      expect(problemsOf({ MAX_UPLOAD_BYTES: "10" })).toMatch(
        /MAX_UPLOAD_BYTES: must be at least 1024 \(got "10"\)/,
      );
    });

    it("names a half-set S3 configuration once, though files and transcripts both use it", () => {
      const message = problemsOf({ S3_BUCKET: "cairn-files", S3_ACCESS_KEY_ID: "minio" });
      expect(message.match(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/g)).toHaveLength(1);
    });
  });

  describe("AI gateway variables", () => {
    it("exposes the parsed AI configuration, offline-only and on disk by default", () => {
      const dir = dataDir();
      const config = loadConfig({ DATA_DIR: dir });
      expect(config.ai.providers).toEqual({
        openai: null,
        anthropic: null,
        mistral: null,
        bedrock: null,
        compatible: null,
      });
      expect(config.ai.encryptionKey).toBeNull();
      expect(config.ai.timeoutMs).toBe(60_000);
      expect(config.ai.maxRetries).toBe(2);
      expect(config.ai.defaultRateLimitPerMinute).toBe(30);
      expect(config.ai.transcripts).toEqual({
        retentionDays: 365,
        storage: { kind: "disk", dir: path.join(dir, "transcripts") },
      });
    });

    it("reads providers, the encryption key and S3 transcript storage", () => {
      const key = randomBytes(32);
      const config = loadConfig({
        DATA_DIR: dataDir(),
        OPENAI_API_KEY: "sk-test",
        CAIRN_ENCRYPTION_KEY: key.toString("base64"),
        AI_RATE_LIMIT_PER_MINUTE: "12",
        ...MINIO_ENV,
        TRANSCRIPT_RETENTION_DAYS: "30",
      });
      expect(config.ai.providers.openai).toEqual({ apiKey: "sk-test", baseUrl: undefined });
      expect(config.ai.encryptionKey?.equals(key)).toBe(true);
      expect(config.ai.defaultRateLimitPerMinute).toBe(12);
      expect(config.ai.transcripts).toEqual({
        retentionDays: 30,
        storage: { kind: "s3", ...MINIO_SETTINGS },
      });
    });

    it("rejects a CAIRN_ENCRYPTION_KEY that is not 32 bytes, without echoing it", () => {
      for (const bad of ["too-short", randomBytes(16).toString("hex"), randomBytes(31).toString("base64")]) {
        const message = problemsOf({ CAIRN_ENCRYPTION_KEY: bad });
        expect(message).toMatch(/CAIRN_ENCRYPTION_KEY: must be 32 bytes/);
        expect(message).not.toContain(bad);
      }
    });

    it("refuses half-set AWS credentials for Bedrock", () => {
      expect(problemsOf({ AWS_ACCESS_KEY_ID: "AKIA" })).toMatch(
        /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both or neither/,
      );
      expect(problemsOf({ AWS_SECRET_ACCESS_KEY: "secret" })).toMatch(/set both or neither/);
      expect(problemsOf({ AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "secret" })).toMatch(
        /AWS_REGION: is required/,
      );
    });

    it("refuses half-set S3 settings", () => {
      expect(problemsOf({ S3_BUCKET: "cairn-files", S3_ACCESS_KEY_ID: "minio" })).toMatch(
        /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither/,
      );
      expect(problemsOf({ S3_ENDPOINT: "http://127.0.0.1:9000" })).toMatch(/S3_BUCKET: is required/);
      expect(problemsOf({ S3_BUCKET: "cairn", S3_ENDPOINT: "not a url" })).toMatch(
        /S3_ENDPOINT: must be an absolute URL/,
      );
      expect(problemsOf({ S3_BUCKET: "cairn", S3_FORCE_PATH_STYLE: "maybe" })).toMatch(/S3_FORCE_PATH_STYLE/);
    });

    it("names bad AI numbers and URLs with the value they got", () => {
      expect(problemsOf({ AI_TIMEOUT_MS: "soon" })).toMatch(/AI_TIMEOUT_MS: must be a number .*"soon"/);
      expect(problemsOf({ AI_MAX_RETRIES: "50" })).toMatch(/AI_MAX_RETRIES: must be at most 10/);
      expect(problemsOf({ TRANSCRIPT_RETENTION_DAYS: "0" })).toMatch(
        /TRANSCRIPT_RETENTION_DAYS: must be at least 1/,
      );
      expect(problemsOf({ OPENAI_BASE_URL: "api.openai.com" })).toMatch(
        /OPENAI_BASE_URL: must be an absolute URL/,
      );
    });

    it("reports AI problems together with the others", () => {
      const message = problemsOf({ OIDC_CLIENT_ID: "client", AWS_ACCESS_KEY_ID: "AKIA" });
      expect(message).toMatch(/OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
      expect(message).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    });
  });
});
