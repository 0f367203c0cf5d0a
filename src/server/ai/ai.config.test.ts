import { randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config-error";
import { loadAiConfig, parseEncryptionKey } from "./ai.config";

const dataDir = "/var/lib/cairn";

function problemsOf(env: Record<string, string>): string {
  try {
    loadAiConfig(env, dataDir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadAiConfig", () => {
  it("needs nothing: no providers (offline only), transcripts on disk, sensible limits", () => {
    const config = loadAiConfig({}, dataDir);
    expect(config.providers).toEqual({
      openai: null,
      anthropic: null,
      mistral: null,
      bedrock: null,
      compatible: null,
    });
    expect(config.encryptionKey).toBeNull();
    expect(config).toMatchObject({ timeoutMs: 60_000, maxRetries: 2, defaultRateLimitPerMinute: 30 });
    expect(config.transcripts).toEqual({
      retentionDays: 365,
      storage: { kind: "disk", dir: path.join(dataDir, "transcripts") },
    });
  });

  it("reads every provider, the compatible server's models with context sizes, and S3", () => {
    const key = randomBytes(32);
    const config = loadAiConfig(
      {
        OPENAI_API_KEY: "sk",
        OPENAI_BASE_URL: "https://gateway.example/v1",
        ANTHROPIC_API_KEY: "ak",
        MISTRAL_API_KEY: "mk",
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: "AKIA",
        AWS_SECRET_ACCESS_KEY: "secret",
        OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:11434/v1",
        OPENAI_COMPATIBLE_NAME: "ollama",
        OPENAI_COMPATIBLE_MODELS: "llama3.1:8b=131072, qwen2.5:14b",
        OPENAI_COMPATIBLE_EMBEDDING_MODELS: "nomic-embed-text",
        CAIRN_ENCRYPTION_KEY: key.toString("base64"),
        AI_TIMEOUT_MS: "30000",
        S3_BUCKET: "cairn",
        S3_ENDPOINT: "http://127.0.0.1:9000",
        S3_ACCESS_KEY_ID: "minio",
        S3_SECRET_ACCESS_KEY: "minio-secret",
        S3_FORCE_PATH_STYLE: "true",
        TRANSCRIPT_RETENTION_DAYS: "90",
      },
      dataDir,
    );
    expect(config.providers.openai).toEqual({ apiKey: "sk", baseUrl: "https://gateway.example/v1" });
    expect(config.providers.anthropic).toEqual({ apiKey: "ak", baseUrl: undefined });
    expect(config.providers.bedrock).toEqual({
      region: "eu-west-1",
      accessKeyId: "AKIA",
      secretAccessKey: "secret",
      sessionToken: undefined,
    });
    expect(config.providers.compatible).toEqual({
      name: "ollama",
      baseUrl: "http://127.0.0.1:11434/v1",
      apiKey: undefined,
      models: [
        { modelId: "llama3.1:8b", contextTokens: 131_072 },
        { modelId: "qwen2.5:14b", contextTokens: 32_768 },
      ],
      embeddingModels: [{ modelId: "nomic-embed-text", contextTokens: 32_768 }],
    });
    expect(config.encryptionKey?.equals(key)).toBe(true);
    expect(config.timeoutMs).toBe(30_000);
    expect(config.transcripts).toEqual({
      retentionDays: 90,
      storage: {
        kind: "s3",
        bucket: "cairn",
        region: "us-east-1",
        endpoint: "http://127.0.0.1:9000",
        credentials: { accessKeyId: "minio", secretAccessKey: "minio-secret" },
        forcePathStyle: true,
      },
    });
  });

  it("names every half-configured or malformed setting", () => {
    const message = problemsOf({
      AWS_ACCESS_KEY_ID: "AKIA",
      OPENAI_COMPATIBLE_MODELS: "llama3",
      CAIRN_ENCRYPTION_KEY: "too-short",
      S3_SECRET_ACCESS_KEY: "x",
    });
    expect(message).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both or neither/);
    expect(message).toMatch(/OPENAI_COMPATIBLE_BASE_URL: is required/);
    expect(message).toMatch(/CAIRN_ENCRYPTION_KEY: must be 32 bytes/);
    expect(message).toMatch(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    expect(message).not.toContain("too-short");
  });

  it("rejects unreadable values with the variable's name", () => {
    expect(problemsOf({ AI_TIMEOUT_MS: "soon" })).toMatch(/AI_TIMEOUT_MS: must be a number/);
    expect(problemsOf({ OPENAI_BASE_URL: "api.openai.com" })).toMatch(
      /OPENAI_BASE_URL: must be an absolute URL/,
    );
    expect(problemsOf({ OPENAI_COMPATIBLE_BASE_URL: "http://x/v1" })).toMatch(/list the models/);
    expect(problemsOf({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" })).toMatch(
      /AWS_REGION: is required/,
    );
    expect(
      problemsOf({
        OPENAI_COMPATIBLE_BASE_URL: "http://x/v1",
        OPENAI_COMPATIBLE_MODELS: "m",
        OPENAI_COMPATIBLE_NAME: "openai",
      }),
    ).toMatch(/taken by a built-in provider/);
  });

  it("treats empty values as unset", () => {
    expect(loadAiConfig({ OPENAI_API_KEY: "", AI_TIMEOUT_MS: "" }, dataDir)).toMatchObject({
      providers: { openai: null },
      timeoutMs: 60_000,
    });
  });
});

describe("parseEncryptionKey", () => {
  it("accepts 32 bytes as hex or base64 and nothing else", () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString("hex"))?.equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString("base64"))?.equals(key)).toBe(true);
    expect(parseEncryptionKey(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseEncryptionKey("z".repeat(64))).toBeNull();
  });
});
