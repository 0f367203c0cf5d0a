import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type AiConfig, aiConfigFromEnv, aiEnvSchema } from "./ai/ai.config";
import { ConfigError } from "./config-error";
import { webDistDir } from "./paths";
import { type StorageConfig, storageConfigFromEnv, storageEnvSchema } from "./storage/storage.config";

export { ConfigError };

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/**
 * Every environment variable Cairn reads. README.md documents each one; keep the two in step.
 * Empty strings count as unset so `FOO=` in a .env file falls back to the default.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: integer(1, 65535).default(3000),
  PUBLIC_URL: z.url({ error: "must be an absolute URL such as https://cairn.example.com" }).optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// or postgresql:// connection URL" })
    .optional(),
  DATABASE_POOL_SIZE: integer(1, 500).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379" })
    .optional(),
  AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  MAX_BODY_BYTES: integer(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  TRUST_PROXY: booleanFromEnv.default(false),
  METRICS_TOKEN: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
  SEED_DEMO: booleanFromEnv.default(true),
  REQUIRE_EMAIL_VERIFICATION: booleanFromEnv.default(false),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, {
      error: "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587",
    })
    .optional(),
  MAIL_FROM: z.string().min(3).default("Cairn <cairn@localhost>"),
  MICROSOFT_CLIENT_ID: z.string().optional(),
  MICROSOFT_CLIENT_SECRET: z.string().optional(),
  MICROSOFT_TENANT_ID: z.string().default("common"),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  OIDC_DISCOVERY_URL: z
    .url({ error: "must be the provider's .well-known/openid-configuration URL" })
    .optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("Single sign-on"),
  OIDC_SCOPES: z.string().default("openid email profile"),
  /** A web build made elsewhere (`vite build --outDir`), served instead of dist/web. */
  CAIRN_WEB_DIR: z.string().min(1).optional(),
  // File storage and the AI gateway's providers, encryption key, limits and transcript storage.
  // Both read S3_* (one bucket for files and transcripts) and declare them alike.
  ...storageEnvSchema.shape,
  ...aiEnvSchema.shape,
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  nodeEnv: Env["NODE_ENV"];
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: { kind: "pglite"; dir: string } | { kind: "postgres"; url: string; poolSize: number };
  /** Shared state between replicas; unset on a single server. */
  redisUrl: string | undefined;
  authSecret: string;
  logLevel: Env["LOG_LEVEL"];
  maxBodyBytes: number;
  trustProxy: boolean;
  /** Bearer token /metrics asks for; unset, the endpoint is open. */
  metricsToken: string | undefined;
  seedDemo: boolean;
  auth: {
    requireEmailVerification: boolean;
    microsoft: { clientId: string; clientSecret: string; tenantId: string } | null;
    google: { clientId: string; clientSecret: string } | null;
    github: { clientId: string; clientSecret: string } | null;
    oidc: {
      discoveryUrl: string;
      clientId: string;
      clientSecret: string;
      name: string;
      scopes: string[];
    } | null;
  };
  mail: { smtpUrl: string | undefined; from: string };
  /** The built web app to serve. */
  webDir: string;
  /** Uploaded files: DATA_DIR/files or S3, and the largest upload (MAX_UPLOAD_BYTES). */
  storage: StorageConfig;
  /** The AI gateway: instance providers, CAIRN_ENCRYPTION_KEY, timeouts, limits, transcripts. */
  ai: AiConfig;
}

type OAuthPair = { clientId: string; clientSecret: string };

/** Both halves of an OAuth client or neither: half a configuration is a mistake worth stopping for. */
function oauthClient(
  values: Env,
  prefix: "MICROSOFT" | "GOOGLE" | "GITHUB" | "OIDC",
  problems: string[],
): OAuthPair | null {
  const clientId = values[`${prefix}_CLIENT_ID`];
  const clientSecret = values[`${prefix}_CLIENT_SECRET`];
  if (!clientId && !clientSecret) return null;
  if (!clientId || !clientSecret) {
    problems.push(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET: set both or neither`);
    return null;
  }
  return { clientId, clientSecret };
}

/** Runs one part's parser, adding its ConfigError problems to the others instead of stopping. */
function collectProblems<T>(parse: () => T, problems: string[]): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
    ),
  );
}

/** Parses and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const value = env[name];
        return `${name}: ${issue.message}${value === undefined ? "" : ` (got ${JSON.stringify(value)})`}`;
      }),
    );
  }
  const values = parsed.data;
  if (values.NODE_ENV === "production" && !values.AUTH_SECRET) {
    throw new ConfigError([
      "AUTH_SECRET: is required when NODE_ENV=production (at least 32 random characters)",
    ]);
  }
  const problems: string[] = [];
  const microsoft = oauthClient(values, "MICROSOFT", problems);
  const google = oauthClient(values, "GOOGLE", problems);
  const github = oauthClient(values, "GITHUB", problems);
  const oidc = oauthClient(values, "OIDC", problems);
  if (oidc && !values.OIDC_DISCOVERY_URL)
    problems.push("OIDC_DISCOVERY_URL: is required when OIDC_CLIENT_ID is set");
  const dataDir = path.resolve(values.DATA_DIR);
  const storage = collectProblems(() => storageConfigFromEnv(values), problems);
  const ai = collectProblems(() => aiConfigFromEnv(values, dataDir), problems);
  // Storage and AI transcripts check the shared S3_* alike: name each problem once.
  if (problems.length > 0 || !storage || !ai) throw new ConfigError([...new Set(problems)]);
  return {
    nodeEnv: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    publicUrl: (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/$/, ""),
    dataDir,
    database: values.DATABASE_URL
      ? { kind: "postgres", url: values.DATABASE_URL, poolSize: values.DATABASE_POOL_SIZE }
      : { kind: "pglite", dir: path.join(dataDir, "pglite") },
    redisUrl: values.REDIS_URL,
    authSecret: values.AUTH_SECRET ?? persistedSecret(dataDir),
    logLevel: values.LOG_LEVEL,
    maxBodyBytes: values.MAX_BODY_BYTES,
    trustProxy: values.TRUST_PROXY,
    metricsToken: values.METRICS_TOKEN,
    seedDemo: values.SEED_DEMO,
    auth: {
      requireEmailVerification: values.REQUIRE_EMAIL_VERIFICATION,
      microsoft: microsoft && { ...microsoft, tenantId: values.MICROSOFT_TENANT_ID },
      google,
      github,
      oidc:
        oidc && values.OIDC_DISCOVERY_URL
          ? {
              ...oidc,
              discoveryUrl: values.OIDC_DISCOVERY_URL,
              name: values.OIDC_NAME,
              scopes: values.OIDC_SCOPES.split(/[\s,]+/).filter(Boolean),
            }
          : null,
    },
    mail: { smtpUrl: values.SMTP_URL, from: values.MAIL_FROM },
    webDir: values.CAIRN_WEB_DIR ? path.resolve(values.CAIRN_WEB_DIR) : webDistDir,
    storage,
    ai,
  };
}

/**
 * A fresh install has no AUTH_SECRET; rather than ask for one, generate it once and keep it
 * in the data directory so sessions survive restarts. This runs before the data directory is
 * locked, so two processes may start on a fresh directory together: the secret is written in
 * full to a file of our own and linked into place, which only one can do; the other reads the
 * winner's rather than overwriting it, and both sign with the same key.
 */
function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(draft, `${secret}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(draft, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(file, "utf8").trim();
  } finally {
    rmSync(draft, { force: true });
  }
}
