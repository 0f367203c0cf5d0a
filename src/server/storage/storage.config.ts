import { z } from "zod";
import { ConfigError } from "../config-error";

/** Uploads larger than this are refused unless MAX_UPLOAD_BYTES says otherwise. */
export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/**
 * The file storage settings, merged into the server's env schema (config.ts). Without S3_BUCKET
 * files go to DATA_DIR/files; with it, to that bucket (AWS S3 or anything S3-compatible at
 * S3_ENDPOINT, e.g. MinIO).
 */
export const storageEnvSchema = z.object({
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: z.url({ error: "must be an absolute URL such as http://127.0.0.1:9000" }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** MinIO and most self-hosted S3s need bucket-in-path URLs. */
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(false),
  MAX_UPLOAD_BYTES: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1024, { error: "must be at least 1024" })
    .max(5 * 1024 ** 3, { error: "must be at most 5 GiB" })
    .default(DEFAULT_MAX_UPLOAD_BYTES),
});

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  /** Omitted: the SDK's default chain (environment, instance role, ~/.aws). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export interface StorageConfig {
  s3: S3Settings | null;
  maxUploadBytes: number;
}

export type StorageEnv = z.infer<typeof storageEnvSchema>;

/** A storage problem found by loadStorageConfig; config.ts reports the same ones as a ConfigError. */
export class StorageConfigError extends ConfigError {
  constructor(problems: string[]) {
    super(problems);
    this.name = "StorageConfigError";
  }
}

/** Turns parsed storage variables into the storage configuration; throws naming every problem. */
export function storageConfigFromEnv(values: StorageEnv): StorageConfig {
  const problems: string[] = [];
  if (Boolean(values.S3_ACCESS_KEY_ID) !== Boolean(values.S3_SECRET_ACCESS_KEY)) {
    problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither");
  }
  if (!values.S3_BUCKET && (values.S3_ENDPOINT || values.S3_ACCESS_KEY_ID)) {
    problems.push("S3_BUCKET: is required when other S3_* settings are given");
  }
  if (problems.length > 0) throw new StorageConfigError(problems);
  return {
    maxUploadBytes: values.MAX_UPLOAD_BYTES,
    s3: values.S3_BUCKET
      ? {
          bucket: values.S3_BUCKET,
          region: values.S3_REGION,
          endpoint: values.S3_ENDPOINT,
          credentials:
            values.S3_ACCESS_KEY_ID && values.S3_SECRET_ACCESS_KEY
              ? { accessKeyId: values.S3_ACCESS_KEY_ID, secretAccessKey: values.S3_SECRET_ACCESS_KEY }
              : undefined,
          forcePathStyle: values.S3_FORCE_PATH_STYLE,
        }
      : null,
  };
}

/** Parses the storage variables straight from an environment (tests and standalone use). */
export function loadStorageConfig(env: NodeJS.ProcessEnv): StorageConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = storageEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new StorageConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "environment")}: ${issue.message}`),
    );
  }
  return storageConfigFromEnv(parsed.data);
}
