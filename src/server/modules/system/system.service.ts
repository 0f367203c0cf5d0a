import type { Config } from "../../config";
import type { DatabaseCapabilities, DatabaseHandle } from "../../db";
import type { Mailer } from "../../mail/mailer";
import { appVersion } from "../../paths";
import type { OrgsService } from "../orgs";

export interface SystemService {
  health(): { status: "ok"; version: string; uptime_seconds: number };
  readiness(): Promise<{
    status: "ready" | "unavailable";
    database: { kind: "pglite" | "postgres"; ok: boolean; latency_ms: number | null; error: string | null };
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
  }>;
}

const READINESS_TIMEOUT_MS = 2000;

/** The single sign-on buttons the sign-in page should show, in this order. */
function signInProviders(auth: Config["auth"]): { id: string; name: string }[] {
  return [
    auth.microsoft && { id: "microsoft", name: "Microsoft" },
    auth.google && { id: "google", name: "Google" },
    auth.github && { id: "github", name: "GitHub" },
    auth.oidc && { id: "oidc", name: auth.oidc.name },
  ].filter((provider): provider is { id: string; name: string } => Boolean(provider));
}

export function createSystemService(deps: {
  database: DatabaseHandle;
  capabilities: DatabaseCapabilities;
  orgs: OrgsService;
  mailer: Mailer;
  auth: Config["auth"];
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
      const started = performance.now();
      let error: string | null = null;
      try {
        await Promise.race([
          database.exec("select 1"),
          new Promise((_, reject) =>
            setTimeout(
              () => reject(new Error("database did not answer in time")),
              READINESS_TIMEOUT_MS,
            ).unref(),
          ),
        ]);
      } catch (cause) {
        error = (cause as Error).message;
      }
      return {
        status: error ? "unavailable" : "ready",
        database: {
          kind: database.kind,
          ok: !error,
          latency_ms: error ? null : Math.round((performance.now() - started) * 100) / 100,
          error,
        },
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
      };
    },
  };
}
