import { type CatalogModel, OFFLINE_MODEL, OFFLINE_PROVIDER } from "./catalog";
import { type AiTask, modelKindForTask } from "./tasks";

export type ProviderAvailability = "available" | "missing" | "unreadable";

export type SkipReason =
  | "unknown_model"
  | "wrong_kind"
  | "disabled"
  | "no_credentials"
  | "credentials_unreadable"
  | "circuit_open"
  | "context_too_small"
  | "duplicate";

export interface SkippedModel {
  ref: string;
  reason: SkipReason;
}

export interface ChainInput {
  task: AiTask;
  /** The org's own chain for the task, if it set one. */
  orgChain: readonly string[] | null;
  instanceChain: readonly string[];
  catalog: ReadonlyMap<string, CatalogModel>;
  providerAvailability(provider: string): ProviderAvailability;
  /** True while the model's circuit breaker refuses calls. */
  circuitOpen(model: CatalogModel): boolean;
  /** Rough size of the prompt; models with a smaller context window are skipped. */
  estimatedInputTokens: number;
}

export interface ResolvedChain {
  candidates: CatalogModel[];
  skipped: SkippedModel[];
  /**
   * The model this task normally gets: the first configured one, before breakers and
   * context size. An answer from any other model is a fallback.
   */
  primaryRef: string | null;
  /** Which level supplied the chain. */
  source: "org" | "instance";
}

/** Why a model cannot serve this task at all, ignoring transient state (breakers). */
function configurationProblem(
  ref: string,
  input: ChainInput,
): { model: CatalogModel } | { reason: SkipReason } {
  const model = input.catalog.get(ref);
  if (!model) return { reason: "unknown_model" };
  if (model.kind !== modelKindForTask(input.task)) return { reason: "wrong_kind" };
  if (model.provider === OFFLINE_PROVIDER) return { model };
  if (model.enabled === false) return { reason: "disabled" };
  const availability = input.providerAvailability(model.provider);
  if (availability === "missing") return { reason: "no_credentials" };
  if (availability === "unreadable") return { reason: "credentials_unreadable" };
  return { model };
}

/**
 * The ordered models to try for one call. The org's chain replaces the instance default
 * when it names at least one usable model; otherwise the instance default applies (a
 * misconfigured override must not leave the org without AI). Models are skipped when
 * unknown, of the wrong kind, disabled by the org, without credentials, too small for the prompt, or behind an
 * open circuit. Language tasks always end with the offline model, so something answers.
 */
export function resolveChain(input: ChainInput): ResolvedChain {
  const orgUsable = input.orgChain?.some((ref) => "model" in configurationProblem(ref, input)) ?? false;
  const source = orgUsable ? "org" : "instance";
  const refs = orgUsable && input.orgChain ? input.orgChain : input.instanceChain;
  const candidates: CatalogModel[] = [];
  const skipped: SkippedModel[] = [];
  const seen = new Set<string>();
  let primaryRef: string | null = null;
  if (input.orgChain !== null && !orgUsable) {
    for (const ref of input.orgChain) {
      const problem = configurationProblem(ref, input);
      if ("reason" in problem) skipped.push({ ref, reason: problem.reason });
    }
  }
  for (const ref of refs) {
    if (seen.has(ref)) {
      skipped.push({ ref, reason: "duplicate" });
      continue;
    }
    seen.add(ref);
    const problem = configurationProblem(ref, input);
    if ("reason" in problem) {
      // The instance default lists every provider Cairn supports; missing ones are noise.
      if (source === "org" || problem.reason !== "no_credentials")
        skipped.push({ ref, reason: problem.reason });
      continue;
    }
    const { model } = problem;
    primaryRef ??= model.ref;
    if (model.provider !== OFFLINE_PROVIDER && input.estimatedInputTokens > model.contextTokens) {
      skipped.push({ ref, reason: "context_too_small" });
      continue;
    }
    if (model.provider !== OFFLINE_PROVIDER && input.circuitOpen(model)) {
      skipped.push({ ref, reason: "circuit_open" });
      continue;
    }
    candidates.push(model);
  }
  if (modelKindForTask(input.task) === "language" && !seen.has(OFFLINE_MODEL.ref)) {
    candidates.push(input.catalog.get(OFFLINE_MODEL.ref) ?? OFFLINE_MODEL);
    primaryRef ??= OFFLINE_MODEL.ref;
  }
  return { candidates, skipped, source, primaryRef };
}
