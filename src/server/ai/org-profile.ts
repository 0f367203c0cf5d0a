import { BUILT_IN_MODELS, type CatalogModel, mergeCatalog, modelRef } from "../../core/ai-routing/catalog";
import type { ProviderAvailability } from "../../core/ai-routing/routing";
import type { AiTask } from "../../core/ai-routing/tasks";
import { type Database, inTenant } from "../db";
import type { Logger } from "../logger";
import type { AiConfig } from "./ai.config";
import { type CredentialRow, loadOrgAiRows } from "./ai.queries";
import { openSecret } from "./crypto";
import {
  type CredentialSecret,
  connectionFromCredential,
  type ProviderConnection,
  type ProviderRegistry,
} from "./providers";

/** Everything about an org that shapes a gateway call, resolved once and cached briefly. */
export interface OrgAiProfile {
  orgId: string;
  settings: {
    sanitiserEnabled: boolean;
    glossary: string[];
    transcriptRetentionDays: number;
    rateLimitPerMinute: number;
    responseCacheTtlSeconds: number;
  };
  routes: ReadonlyMap<AiTask, readonly string[]>;
  catalog: ReadonlyMap<string, CatalogModel>;
  /** The org's own credentials by name; "unreadable" when the stored key cannot be decrypted. */
  credentials: ReadonlyMap<string, ProviderConnection | "unreadable">;
  budget: {
    orgLimitMicroUsd: number | null;
    userDefaultLimitMicroUsd: number | null;
    alertPercent: number;
    userOverrides: ReadonlyMap<string, number>;
  };
}

/** An org credential of that name shadows the instance connection: bring your own key. */
export function connectionFor(
  profile: OrgAiProfile,
  registry: ProviderRegistry,
  provider: string,
): ProviderConnection | "unreadable" | undefined {
  return profile.credentials.get(provider) ?? registry.instance.get(provider);
}

export function providerAvailability(
  profile: OrgAiProfile,
  registry: ProviderRegistry,
  provider: string,
): ProviderAvailability {
  const found = connectionFor(profile, registry, provider);
  if (found === undefined) return "missing";
  return found === "unreadable" ? "unreadable" : "available";
}

/** Decrypts one stored credential; throws if the key is wrong or the row was tampered with. */
export function decryptCredential(key: Buffer, row: CredentialRow): CredentialSecret {
  return JSON.parse(
    openSecret(key, { ciphertext: row.secretCiphertext, iv: row.secretIv, tag: row.secretTag }, row.orgId),
  ) as CredentialSecret;
}

/**
 * Per-org profiles cached in this process for `ttlMs`. Settings changed through the service
 * on this replica invalidate at once; other replicas see them within the TTL.
 */
export function createOrgProfiles(deps: {
  db: Database;
  config: AiConfig;
  registry: ProviderRegistry;
  logger: Logger;
  ttlMs?: number;
  now?: () => number;
}) {
  const ttlMs = deps.ttlMs ?? 5_000;
  const now = deps.now ?? Date.now;
  const cached = new Map<string, { profile: OrgAiProfile; loadedAt: number }>();
  const loading = new Map<string, Promise<OrgAiProfile>>();

  function credentialConnection(row: CredentialRow): ProviderConnection | "unreadable" {
    if (!deps.config.encryptionKey) return "unreadable";
    try {
      return connectionFromCredential(row, decryptCredential(deps.config.encryptionKey, row));
    } catch (error) {
      deps.logger.error(
        { err: error, org_id: row.orgId, credential: row.name },
        "cannot decrypt an org's AI provider key; its models are skipped",
      );
      return "unreadable";
    }
  }

  async function load(orgId: string): Promise<OrgAiProfile> {
    const rows = await inTenant(deps.db, { orgId }, (tx) => loadOrgAiRows(tx, orgId));
    const orgModels: CatalogModel[] = rows.models.map(({ id: _id, ...row }) => ({
      ...row,
      ref: modelRef(row.provider, row.modelId),
    }));
    return {
      orgId,
      settings: {
        sanitiserEnabled: rows.settings?.sanitiserEnabled ?? false,
        glossary: rows.settings?.glossary ?? [],
        transcriptRetentionDays:
          rows.settings?.transcriptRetentionDays ?? deps.config.transcripts.retentionDays,
        rateLimitPerMinute: rows.settings?.rateLimitPerMinute ?? deps.config.defaultRateLimitPerMinute,
        responseCacheTtlSeconds: rows.settings?.responseCacheTtlSeconds ?? 86_400,
      },
      routes: new Map(rows.routes.map((route) => [route.task, route.modelRefs])),
      catalog: mergeCatalog(BUILT_IN_MODELS, deps.registry.instanceModels, orgModels),
      credentials: new Map(rows.credentials.map((row) => [row.name, credentialConnection(row)])),
      budget: {
        orgLimitMicroUsd: rows.budget?.monthlyLimitMicroUsd ?? null,
        userDefaultLimitMicroUsd: rows.budget?.userMonthlyLimitMicroUsd ?? null,
        alertPercent: rows.budget?.alertPercent ?? 80,
        userOverrides: new Map(rows.userBudgets.map((row) => [row.userId, row.monthlyLimitMicroUsd])),
      },
    };
  }

  return {
    async get(orgId: string): Promise<OrgAiProfile> {
      const hit = cached.get(orgId);
      if (hit && now() - hit.loadedAt < ttlMs) return hit.profile;
      const inFlight = loading.get(orgId);
      if (inFlight) return inFlight;
      const promise: Promise<OrgAiProfile> = load(orgId)
        .then((profile) => {
          // An invalidate() while this was loading means it may be stale: use it, do not keep it.
          if (loading.get(orgId) === promise) cached.set(orgId, { profile, loadedAt: now() });
          return profile;
        })
        .finally(() => {
          if (loading.get(orgId) === promise) loading.delete(orgId);
        });
      loading.set(orgId, promise);
      return promise;
    },

    invalidate(orgId: string): void {
      cached.delete(orgId);
      loading.delete(orgId);
    },
  };
}

export type OrgProfiles = ReturnType<typeof createOrgProfiles>;
