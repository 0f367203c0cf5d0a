import type { BreakerPolicy } from "../../core/ai-routing/breaker";
import { ConfigError } from "../config-error";
import type { Database, Executor } from "../db";
import type { Logger } from "../logger";
import type { AiConfig } from "./ai.config";
import { getNewestCredential } from "./ai.queries";
import { createAiService } from "./ai.service";
import { BreakerRegistry } from "./breaker";
import { type AiGatewayDeps, createAiGateway } from "./gateway";
import { createOrgProfiles, decryptCredential } from "./org-profile";
import { createProviderRegistry, type ProviderConnection } from "./providers";
import type { RateLimiter } from "./rate-limit";
import { createTranscriptStore, type TranscriptStore } from "./transcripts";

/**
 * Fails startup when orgs have stored provider keys the server cannot read: the encryption
 * key is missing, or it is not the one they were sealed with. Runs as the database owner,
 * across orgs.
 */
export async function assertEncryptionKeyPresent(
  db: Database,
  config: Pick<AiConfig, "encryptionKey">,
): Promise<void> {
  const newest = await getNewestCredential(db);
  if (!newest) return;
  if (!config.encryptionKey) {
    throw new ConfigError([
      "CAIRN_ENCRYPTION_KEY: is required because organizations have stored AI provider keys encrypted with it",
    ]);
  }
  try {
    decryptCredential(config.encryptionKey, newest);
  } catch {
    throw new ConfigError([
      "CAIRN_ENCRYPTION_KEY: does not decrypt the stored AI provider keys; it is not the key they were saved with",
    ]);
  }
}

/** The gateway and its settings service over shared state (profiles, breakers), as the server wires them. */
export function createAi(deps: {
  db: Database;
  config: AiConfig;
  logger: Logger;
  members: { findMembership(orgId: string, userId: string, tx?: Executor): Promise<unknown> };
  clock?: AiGatewayDeps["clock"];
  transcripts?: TranscriptStore;
  extraProviders?: ProviderConnection[];
  onBudgetAlert?: AiGatewayDeps["onBudgetAlert"];
  retryPolicy?: AiGatewayDeps["retryPolicy"];
  breakerPolicy?: BreakerPolicy;
  /** Shared between replicas (Redis) when there are several; this process's own otherwise. */
  rateLimiter?: RateLimiter;
}) {
  const now = () => deps.clock?.now() ?? Date.now();
  const registry = createProviderRegistry(deps.config.providers, deps.extraProviders);
  const profiles = createOrgProfiles({
    db: deps.db,
    config: deps.config,
    registry,
    logger: deps.logger,
    now,
  });
  const breakers = new BreakerRegistry(now, deps.breakerPolicy);
  const transcripts = deps.transcripts ?? createTranscriptStore(deps.config.transcripts.storage);
  const gateway = createAiGateway({
    db: deps.db,
    config: deps.config,
    logger: deps.logger,
    clock: deps.clock,
    transcripts,
    providers: registry,
    profiles,
    breakers,
    onBudgetAlert: deps.onBudgetAlert,
    retryPolicy: deps.retryPolicy,
    rateLimiter: deps.rateLimiter,
  });
  const service = createAiService({
    db: deps.db,
    config: deps.config,
    registry,
    profiles,
    breakers,
    members: deps.members,
    transcripts,
    now: () => new Date(now()),
  });
  return { gateway, service, transcripts };
}

export type Ai = ReturnType<typeof createAi>;
