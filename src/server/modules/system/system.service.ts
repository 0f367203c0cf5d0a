import type { Redis } from "ioredis";
import type { AiConfig } from "../../ai";
import type { Config } from "../../config";
import type { DatabaseCapabilities, DatabaseHandle } from "../../db";
import type { Logger } from "../../logger";
import type { Mailer } from "../../mail/mailer";
import { appVersion } from "../../paths";
import type { OrgsService } from "../orgs";

export interface SystemService {
  health(): { status: "ok"; version: string; uptime_seconds: number };
  readiness(): Promise<{
    status: "ready" | "unavailable";
    database: { kind: "pglite" | "postgres" } & Probe;
    /** Null when this server runs without Redis (a single replica). */
    redis: Probe | null;
    vector_search: boolean;
  }>;
  instance(): Promise<{
    name: string;
    version: string;
    database: "pglite" | "postgres";
    vector_search: boolean;
    demo_org: { name: string; slug: string } | null;
    mail_transport: "smtp" | "outbox";
    sign_in_providers: { id: string; name: string }[];
    email_verification_required: boolean;
    ai: InstanceAi;
  }>;
}

/** The AI providers this server's environment configures for every org. */
interface InstanceAi {
  /** No provider is configured: only the offline model answers, unless an org brings its own keys. */
  offline_only: boolean;
  providers: { id: string; name: string }[];
}

interface Probe {
  ok: boolean;
  latency_ms: number | null;
  error: string | null;
}

const READINESS_TIMEOUT_MS = 2000;

/**
 * Runs one dependency's check against a deadline, so a hung dependency reads as unavailable.
 * The probes answer anyone: the failure's own text (hosts, ports, database messages) goes to
 * the log, the response says only that the check failed.
 */
async function probe(name: string, check: () => Promise<unknown>, logger: Logger): Promise<Probe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`did not answer within ${READINESS_TIMEOUT_MS} ms`)),
          READINESS_TIMEOUT_MS,
        ).unref();
      }),
    ]);
    return { ok: true, latency_ms: Math.round((performance.now() - started) * 100) / 100, error: null };
  } catch (cause) {
    logger.warn({ err: cause, dependency: name }, `readiness: ${name} check failed`);
    return { ok: false, latency_ms: null, error: `${name} check failed` };
  } finally {
    clearTimeout(timer);
  }
}

/** The single sign-on buttons the sign-in page should show, in this order. */
function signInProviders(auth: Config["auth"]): { id: string; name: string }[] {
  return [
    auth.microsoft && { id: "microsoft", name: "Microsoft" },
    auth.google && { id: "google", name: "Google" },
    auth.github && { id: "github", name: "GitHub" },
    auth.oidc && { id: "oidc", name: auth.oidc.name },
  ].filter((provider): provider is { id: string; name: string } => Boolean(provider));
}

/** The AI providers set up in the environment, by the name their models carry in refs. */
function instanceAi(providers: AiConfig["providers"]): InstanceAi {
  const configured = [
    providers.openai && { id: "openai", name: "OpenAI" },
    providers.anthropic && { id: "anthropic", name: "Anthropic" },
    providers.mistral && { id: "mistral", name: "Mistral" },
    providers.bedrock && { id: "bedrock", name: "Amazon Bedrock" },
    providers.compatible && {
      id: providers.compatible.name,
      name: `OpenAI-compatible (${providers.compatible.name})`,
    },
  ].filter((provider): provider is { id: string; name: string } => Boolean(provider));
  return { offline_only: configured.length === 0, providers: configured };
}

export function createSystemService(deps: {
  database: DatabaseHandle;
  capabilities: DatabaseCapabilities;
  orgs: OrgsService;
  mailer: Mailer;
  auth: Config["auth"];
  aiProviders: AiConfig["providers"];
  redis?: Redis;
  logger: Logger;
  startedAt: number;
}): SystemService {
  const { database, capabilities, orgs } = deps;
  return {
    health: () => ({
      status: "ok",
      version: appVersion,
      uptime_seconds: Math.round((Date.now() - deps.startedAt) / 1000),
    }),

    async readiness() {
      const redis = deps.redis;
      const [databaseProbe, redisProbe] = await Promise.all([
        probe("database", () => database.exec("select 1"), deps.logger),
        redis ? probe("redis", () => redis.ping(), deps.logger) : null,
      ]);
      return {
        status: databaseProbe.ok && (redisProbe?.ok ?? true) ? "ready" : "unavailable",
        database: { kind: database.kind, ...databaseProbe },
        redis: redisProbe,
        vector_search: capabilities.vector,
      };
    },

    async instance() {
      const demo = await orgs.findDemoOrg();
      return {
        name: "Cairn",
        version: appVersion,
        database: database.kind,
        vector_search: capabilities.vector,
        demo_org: demo ? { name: demo.name, slug: demo.slug } : null,
        mail_transport: deps.mailer.transport,
        sign_in_providers: signInProviders(deps.auth),
        email_verification_required: deps.auth.requireEmailVerification,
        ai: instanceAi(deps.aiProviders),
      };
    },
  };
}
