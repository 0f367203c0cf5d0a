import { defaultChain, OFFLINE_PROVIDER } from "../../core/ai-routing/catalog";
import { type ResolvedChain, resolveChain, type SkippedModel } from "../../core/ai-routing/routing";
import type { AiTask } from "../../core/ai-routing/tasks";
import type { BreakerRegistry } from "./breaker";
import { connectionFor, type OrgAiProfile, providerAvailability } from "./org-profile";
import type { ProviderRegistry } from "./providers";
import type { Candidate } from "./resilient-model";

export function breakerKey(connection: { breakerScope: string }, ref: string): string {
  return `${connection.breakerScope}/${ref}`;
}

/**
 * The candidates for one call: the pure routing decision (core/ai-routing) applied to this
 * org's profile, the configured connections and the live breaker states.
 */
export function resolveCandidates(input: {
  profile: OrgAiProfile;
  registry: ProviderRegistry;
  breakers: BreakerRegistry;
  task: AiTask;
  estimatedInputTokens: number;
}): {
  candidates: Candidate[];
  skipped: SkippedModel[];
  source: ResolvedChain["source"];
  primaryRef: string | null;
} {
  const { profile, registry, breakers, task } = input;
  const resolved = resolveChain({
    task,
    orgChain: profile.routes.get(task) ?? null,
    instanceChain: defaultChain(task, registry.instanceModels),
    catalog: profile.catalog,
    providerAvailability: (provider) => providerAvailability(profile, registry, provider),
    circuitOpen: (model) => {
      const connection = connectionFor(profile, registry, model.provider);
      return (
        connection !== undefined &&
        connection !== "unreadable" &&
        breakers.isOpen(breakerKey(connection, model.ref))
      );
    },
    estimatedInputTokens: input.estimatedInputTokens,
  });
  const candidates: Candidate[] = [];
  const skipped = [...resolved.skipped];
  for (const model of resolved.candidates) {
    const connection = connectionFor(profile, registry, model.provider);
    if (connection === undefined || connection === "unreadable") continue;
    // A catalog entry can claim embeddings from a provider that has none (Anthropic).
    if (model.kind === "embedding" && connection.embeddingModel(model.modelId) === null) {
      skipped.push({ ref: model.ref, reason: "wrong_kind" });
      continue;
    }
    candidates.push({
      model,
      connection,
      breakerKey: model.provider === OFFLINE_PROVIDER ? null : breakerKey(connection, model.ref),
    });
  }
  return { candidates, skipped, source: resolved.source, primaryRef: resolved.primaryRef };
}
