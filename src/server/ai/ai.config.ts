import path from "node:path";
import { z } from "zod";
import { PROVIDER_NAME_PATTERN } from "../../core/ai-routing/catalog";
import { ConfigError } from "../config-error";

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const url = (hint: string) => z.url({ error: `must be an absolute URL, ${hint}` });

const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/**
 * The AI gateway's environment variables, merged into the server's env schema. Empty values
 * count as unset (config.ts strips them before parsing).
 */
export const aiEnvSchema = z.object({
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: url("e.g. https://api.openai.com/v1").optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: url("e.g. https://api.anthropic.com/v1").optional(),
  MISTRAL_API_KEY: z.string().optional(),
  MISTRAL_BASE_URL: url("e.g. https://api.mistral.ai/v1").optional(),
  AWS_REGION: z.string().optional(),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  AWS_SESSION_TOKEN: z.string().optional(),
  OPENAI_COMPATIBLE_BASE_URL: url("e.g. http://127.0.0.1:11434/v1 for Ollama").optional(),
  OPENAI_COMPATIBLE_API_KEY: z.string().optional(),
  OPENAI_COMPATIBLE_NAME: z
    .string()
    .regex(PROVIDER_NAME_PATTERN, { error: "must be a lower-case slug such as ollama or vllm" })
    .default("compatible"),
  OPENAI_COMPATIBLE_MODELS: z.string().optional(),
  OPENAI_COMPATIBLE_EMBEDDING_MODELS: z.string().optional(),
  CAIRN_ENCRYPTION_KEY: z.string().optional(),
  AI_TIMEOUT_MS: integer(1000, 600_000).default(60_000),
  AI_MAX_RETRIES: integer(0, 10).default(2),
  AI_RATE_LIMIT_PER_MINUTE: integer(1, 100_000).default(30),
  // The S3_* variables mean the same here as for file storage (src/server/storage): one bucket,
  // transcripts under transcripts/, files under their own prefixes.
  S3_BUCKET: z
    .string()
    .min(3, { error: "must be 3 to 63 characters" })
    .max(63, { error: "must be 3 to 63 characters" })
    .optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: url("e.g. http://127.0.0.1:9000 for MinIO").optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(false),
  TRANSCRIPT_RETENTION_DAYS: integer(1, 36_500).default(365),
});

export type AiEnv = z.infer<typeof aiEnvSchema>;

export interface ApiKeyProvider {
  apiKey: string;
  baseUrl: string | undefined;
}

export interface CompatibleModel {
  modelId: string;
  contextTokens: number;
}

export type TranscriptStorageConfig =
  | { kind: "disk"; dir: string }
  | {
      kind: "s3";
      bucket: string;
      region: string;
      endpoint: string | undefined;
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      /** Bucket in the path rather than the host name: MinIO and most self-hosted S3 servers. */
      forcePathStyle: boolean;
    };

export interface AiConfig {
  providers: {
    openai: ApiKeyProvider | null;
    anthropic: ApiKeyProvider | null;
    mistral: ApiKeyProvider | null;
    bedrock: {
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken: string | undefined;
    } | null;
    compatible: {
      name: string;
      baseUrl: string;
      apiKey: string | undefined;
      models: CompatibleModel[];
      embeddingModels: CompatibleModel[];
    } | null;
  };
  /** 32 bytes for AES-256-GCM; null when unset (then orgs cannot store keys). */
  encryptionKey: Buffer | null;
  /** Bounds a non-streaming call, the wait for a stream's first token, and any gap between chunks. */
  timeoutMs: number;
  maxRetries: number;
  /** Per user, when the org has not set its own. */
  defaultRateLimitPerMinute: number;
  transcripts: { retentionDays: number; storage: TranscriptStorageConfig };
}

const DEFAULT_COMPATIBLE_CONTEXT = 32_768;

/** `llama3.1:8b=131072, qwen2.5:14b`: model ids, each with an optional context size. */
function parseModelList(value: string | undefined, variable: string, problems: string[]): CompatibleModel[] {
  if (!value) return [];
  const models: CompatibleModel[] = [];
  for (const item of value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^(.+?)(?:=(\d+))?$/.exec(item);
    const modelId = match?.[1]?.trim();
    if (!modelId) {
      problems.push(`${variable}: cannot read ${JSON.stringify(item)}`);
      continue;
    }
    models.push({ modelId, contextTokens: match?.[2] ? Number(match[2]) : DEFAULT_COMPATIBLE_CONTEXT });
  }
  return models;
}

/** A 32-byte key as 64 hex characters or base64: `openssl rand -base64 32`. */
export function parseEncryptionKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, "base64");
    if (bytes.length === 32) return bytes;
  }
  return null;
}

function bothOrNeither(values: AiEnv, first: keyof AiEnv, second: keyof AiEnv, problems: string[]): boolean {
  if (Boolean(values[first]) !== Boolean(values[second])) {
    problems.push(`${first} and ${second}: set both or neither`);
    return false;
  }
  return Boolean(values[first]);
}

/** Turns parsed AI variables into the gateway's configuration; throws ConfigError naming every problem. */
export function aiConfigFromEnv(values: AiEnv, dataDir: string): AiConfig {
  const problems: string[] = [];
  const apiKeyProvider = (apiKey: string | undefined, baseUrl: string | undefined): ApiKeyProvider | null =>
    apiKey ? { apiKey, baseUrl } : null;

  let bedrock: AiConfig["providers"]["bedrock"] = null;
  if (bothOrNeither(values, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", problems)) {
    if (!values.AWS_REGION) problems.push("AWS_REGION: is required for Amazon Bedrock when AWS keys are set");
    else
      bedrock = {
        region: values.AWS_REGION,
        accessKeyId: values.AWS_ACCESS_KEY_ID!,
        secretAccessKey: values.AWS_SECRET_ACCESS_KEY!,
        sessionToken: values.AWS_SESSION_TOKEN,
      };
  }

  let compatible: AiConfig["providers"]["compatible"] = null;
  const models = parseModelList(values.OPENAI_COMPATIBLE_MODELS, "OPENAI_COMPATIBLE_MODELS", problems);
  const embeddingModels = parseModelList(
    values.OPENAI_COMPATIBLE_EMBEDDING_MODELS,
    "OPENAI_COMPATIBLE_EMBEDDING_MODELS",
    problems,
  );
  if (values.OPENAI_COMPATIBLE_BASE_URL) {
    if (models.length === 0 && embeddingModels.length === 0) {
      problems.push(
        "OPENAI_COMPATIBLE_MODELS: list the models the server at OPENAI_COMPATIBLE_BASE_URL serves",
      );
    }
    compatible = {
      name: values.OPENAI_COMPATIBLE_NAME,
      baseUrl: values.OPENAI_COMPATIBLE_BASE_URL,
      apiKey: values.OPENAI_COMPATIBLE_API_KEY,
      models,
      embeddingModels,
    };
  } else if (models.length > 0 || embeddingModels.length > 0) {
    problems.push("OPENAI_COMPATIBLE_BASE_URL: is required when OPENAI_COMPATIBLE_MODELS is set");
  }
  if (["openai", "anthropic", "mistral", "bedrock", "offline"].includes(values.OPENAI_COMPATIBLE_NAME)) {
    problems.push(`OPENAI_COMPATIBLE_NAME: ${values.OPENAI_COMPATIBLE_NAME} is taken by a built-in provider`);
  }

  let encryptionKey: Buffer | null = null;
  if (values.CAIRN_ENCRYPTION_KEY) {
    encryptionKey = parseEncryptionKey(values.CAIRN_ENCRYPTION_KEY);
    if (!encryptionKey) {
      problems.push(
        "CAIRN_ENCRYPTION_KEY: must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)",
      );
    }
  }

  let storage: TranscriptStorageConfig = { kind: "disk", dir: path.join(dataDir, "transcripts") };
  const s3Keys = bothOrNeither(values, "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", problems);
  if (!values.S3_BUCKET && (values.S3_ENDPOINT || values.S3_ACCESS_KEY_ID || values.S3_SECRET_ACCESS_KEY)) {
    problems.push("S3_BUCKET: is required when other S3_* settings are given");
  }
  if (values.S3_BUCKET) {
    storage = {
      kind: "s3",
      bucket: values.S3_BUCKET,
      region: values.S3_REGION,
      endpoint: values.S3_ENDPOINT,
      credentials: s3Keys
        ? { accessKeyId: values.S3_ACCESS_KEY_ID!, secretAccessKey: values.S3_SECRET_ACCESS_KEY! }
        : undefined,
      forcePathStyle: values.S3_FORCE_PATH_STYLE,
    };
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    providers: {
      openai: apiKeyProvider(values.OPENAI_API_KEY, values.OPENAI_BASE_URL),
      anthropic: apiKeyProvider(values.ANTHROPIC_API_KEY, values.ANTHROPIC_BASE_URL),
      mistral: apiKeyProvider(values.MISTRAL_API_KEY, values.MISTRAL_BASE_URL),
      bedrock,
      compatible,
    },
    encryptionKey,
    timeoutMs: values.AI_TIMEOUT_MS,
    maxRetries: values.AI_MAX_RETRIES,
    defaultRateLimitPerMinute: values.AI_RATE_LIMIT_PER_MINUTE,
    transcripts: { retentionDays: values.TRANSCRIPT_RETENTION_DAYS, storage },
  };
}

/** Parses the AI variables straight from an environment (standalone use and tests). */
export function loadAiConfig(env: NodeJS.ProcessEnv, dataDir: string): AiConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = aiEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        return `${name}: ${issue.message}${env[name] === undefined ? "" : ` (got ${JSON.stringify(env[name])})`}`;
      }),
    );
  }
  return aiConfigFromEnv(parsed.data, dataDir);
}
