import type { AiTask } from "./tasks";

/** How Cairn talks to a provider; `offline` is Cairn's own model that needs no network. */
export const PROVIDER_KINDS = [
  "openai",
  "anthropic",
  "bedrock",
  "mistral",
  "openai-compatible",
  "offline",
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Kinds an org may bring its own key for. */
export const CREDENTIAL_PROVIDER_KINDS = [
  "openai",
  "anthropic",
  "bedrock",
  "mistral",
  "openai-compatible",
] as const;
export type CredentialProviderKind = (typeof CREDENTIAL_PROVIDER_KINDS)[number];

export type ModelKind = "language" | "embedding";

/**
 * One model Cairn may route to. `ref` is `<provider>:<model id>`, where provider names a
 * provider connection (an instance-wide one such as `openai`, or an org's own credential).
 */
export interface CatalogModel {
  ref: string;
  provider: string;
  modelId: string;
  kind: ModelKind;
  label: string;
  /** List price in US dollars per million input tokens. */
  inputUsdPerMTok: number;
  /** List price in US dollars per million output tokens (0 for embedding models). */
  outputUsdPerMTok: number;
  contextTokens: number;
  /** False when the org switched the model off: routing skips it. Absent means enabled. */
  enabled?: boolean;
}

export const OFFLINE_PROVIDER = "offline";

export const OFFLINE_MODEL: CatalogModel = {
  ref: "offline:cairn-extractive",
  provider: OFFLINE_PROVIDER,
  modelId: "cairn-extractive",
  kind: "language",
  label: "Cairn offline (extractive, no LLM)",
  inputUsdPerMTok: 0,
  outputUsdPerMTok: 0,
  contextTokens: 1_000_000,
};

/** Provider names are slugs so a ref splits unambiguously at its first colon. */
export const PROVIDER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** Splits `provider:model`; model ids may contain colons themselves (`llama3.1:8b`, Bedrock's `...-v1:0`). */
export function parseModelRef(ref: string): { provider: string; modelId: string } | null {
  const colon = ref.indexOf(":");
  if (colon <= 0 || colon === ref.length - 1) return null;
  const provider = ref.slice(0, colon);
  if (!PROVIDER_NAME_PATTERN.test(provider)) return null;
  return { provider, modelId: ref.slice(colon + 1) };
}

export function modelRef(provider: string, modelId: string): string {
  return `${provider}:${modelId}`;
}

const model = (
  provider: string,
  modelId: string,
  label: string,
  kind: ModelKind,
  inputUsdPerMTok: number,
  outputUsdPerMTok: number,
  contextTokens: number,
): CatalogModel => ({
  ref: modelRef(provider, modelId),
  provider,
  modelId,
  kind,
  label,
  inputUsdPerMTok,
  outputUsdPerMTok,
  contextTokens,
});

/**
 * The built-in catalog: providers' public list prices when this was written. Prices change;
 * an org overrides any entry (or adds models) in its own catalog and that price is what it is billed.
 */
export const BUILT_IN_MODELS: readonly CatalogModel[] = [
  model("openai", "gpt-4.1", "GPT-4.1", "language", 2, 8, 1_047_576),
  model("openai", "gpt-4.1-mini", "GPT-4.1 mini", "language", 0.4, 1.6, 1_047_576),
  model("openai", "gpt-4o", "GPT-4o", "language", 2.5, 10, 128_000),
  model("openai", "gpt-4o-mini", "GPT-4o mini", "language", 0.15, 0.6, 128_000),
  model("openai", "text-embedding-3-small", "OpenAI embedding 3 small", "embedding", 0.02, 0, 8_191),
  model("openai", "text-embedding-3-large", "OpenAI embedding 3 large", "embedding", 0.13, 0, 8_191),
  model("anthropic", "claude-sonnet-4-5", "Claude Sonnet 4.5", "language", 3, 15, 200_000),
  model("anthropic", "claude-haiku-4-5", "Claude Haiku 4.5", "language", 1, 5, 200_000),
  model("anthropic", "claude-opus-4-1", "Claude Opus 4.1", "language", 15, 75, 200_000),
  model("mistral", "mistral-large-latest", "Mistral Large", "language", 2, 6, 128_000),
  model("mistral", "mistral-small-latest", "Mistral Small", "language", 0.1, 0.3, 128_000),
  model("mistral", "mistral-embed", "Mistral embed", "embedding", 0.1, 0, 8_192),
  model(
    "bedrock",
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "Claude 3.5 Sonnet (Bedrock)",
    "language",
    3,
    15,
    200_000,
  ),
  model(
    "bedrock",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "Claude 3 Haiku (Bedrock)",
    "language",
    0.25,
    1.25,
    200_000,
  ),
  model(
    "bedrock",
    "amazon.titan-embed-text-v2:0",
    "Titan text embeddings v2 (Bedrock)",
    "embedding",
    0.02,
    0,
    8_192,
  ),
  OFFLINE_MODEL,
];

const LARGE = [
  "anthropic:claude-sonnet-4-5",
  "openai:gpt-4.1",
  "mistral:mistral-large-latest",
  "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0",
];
const FAST = [
  "openai:gpt-4.1-mini",
  "anthropic:claude-haiku-4-5",
  "mistral:mistral-small-latest",
  "bedrock:anthropic.claude-3-haiku-20240307-v1:0",
];

/**
 * Instance-wide preference per task over the built-in catalog: deep-reasoning tasks prefer
 * large models, summaries and realtime prefer fast ones. Models whose provider has no
 * credentials drop out when the chain is resolved.
 */
export const DEFAULT_ROUTES: Readonly<Record<AiTask, readonly string[]>> = {
  chat: LARGE,
  quick_summary: FAST,
  project_analysis: LARGE,
  risk_assessment: LARGE,
  technical_docs: LARGE,
  realtime: ["openai:gpt-4o-mini", ...FAST.slice(1)],
  embedding: [
    "openai:text-embedding-3-small",
    "mistral:mistral-embed",
    "bedrock:amazon.titan-embed-text-v2:0",
  ],
};

/** Later lists win: built-in, then instance additions (env), then the org's own entries. */
export function mergeCatalog(...layers: ReadonlyArray<readonly CatalogModel[]>): Map<string, CatalogModel> {
  const catalog = new Map<string, CatalogModel>();
  for (const layer of layers) for (const entry of layer) catalog.set(entry.ref, entry);
  return catalog;
}

/**
 * The instance default chain for a task: the built-in preference, then models the instance
 * added itself (an OpenAI-compatible server's models), in the order they were declared.
 */
export function defaultChain(task: AiTask, instanceModels: readonly CatalogModel[]): string[] {
  const kind = task === "embedding" ? "embedding" : "language";
  const preferred = DEFAULT_ROUTES[task];
  const added = instanceModels.filter((entry) => entry.kind === kind && !preferred.includes(entry.ref));
  return [...preferred, ...added.map((entry) => entry.ref)];
}
