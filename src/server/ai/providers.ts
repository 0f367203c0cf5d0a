import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createMistral } from "@ai-sdk/mistral";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModelV3, LanguageModelV3 } from "@ai-sdk/provider";
import {
  type CatalogModel,
  type CredentialProviderKind,
  modelRef,
  OFFLINE_PROVIDER,
  type ProviderKind,
} from "../../core/ai-routing/catalog";
import type { AiConfig } from "./ai.config";
import { createOfflineModel } from "./offline-provider";

/** One way of reaching a provider: the instance's own keys, or one org's credential. */
export interface ProviderConnection {
  name: string;
  kind: ProviderKind;
  /**
   * Part of each breaker key: an org's own endpoint or key failing must not open the
   * circuit for orgs that reach the same model another way.
   */
  breakerScope: string;
  languageModel(modelId: string): LanguageModelV3;
  /** Null when the provider has no embedding models (Anthropic). */
  embeddingModel(modelId: string): EmbeddingModelV3 | null;
}

export interface ProviderRegistry {
  /** Instance-wide connections by name, including the offline model. */
  instance: ReadonlyMap<string, ProviderConnection>;
  /** Catalog entries the instance adds: the models its OpenAI-compatible server serves. */
  instanceModels: readonly CatalogModel[];
}

/** An org credential's decrypted secret. */
export interface CredentialSecret {
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface CredentialSettings {
  id: string;
  provider: CredentialProviderKind;
  name: string;
  baseUrl: string | null;
  region: string | null;
  apiKeyHeader: "authorization" | "api-key";
}

function memoised<T>(build: (modelId: string) => T): (modelId: string) => T {
  const built = new Map<string, T>();
  return (modelId) => {
    let model = built.get(modelId);
    if (model === undefined) {
      model = build(modelId);
      built.set(modelId, model);
    }
    return model;
  };
}

function connection(
  name: string,
  kind: ProviderKind,
  breakerScope: string,
  languageModel: (modelId: string) => LanguageModelV3,
  embeddingModel: (modelId: string) => EmbeddingModelV3 | null,
): ProviderConnection {
  return {
    name,
    kind,
    breakerScope,
    languageModel: memoised(languageModel),
    embeddingModel: memoised(embeddingModel),
  };
}

function openAiConnection(name: string, scope: string, apiKey: string, baseUrl: string | undefined) {
  const provider = createOpenAI({ apiKey, baseURL: baseUrl });
  // .chat(): chat completions, which every OpenAI-style server speaks; plain provider(model) would use the Responses API.
  return connection(
    name,
    "openai",
    scope,
    (id) => provider.chat(id),
    (id) => provider.embedding(id),
  );
}

function anthropicConnection(name: string, scope: string, apiKey: string, baseUrl: string | undefined) {
  const provider = createAnthropic({ apiKey, baseURL: baseUrl });
  return connection(
    name,
    "anthropic",
    scope,
    (id) => provider.messages(id),
    () => null,
  );
}

function mistralConnection(name: string, scope: string, apiKey: string, baseUrl: string | undefined) {
  const provider = createMistral({ apiKey, baseURL: baseUrl });
  return connection(
    name,
    "mistral",
    scope,
    (id) => provider.chat(id),
    (id) => provider.embedding(id),
  );
}

function bedrockConnection(
  name: string,
  scope: string,
  settings: {
    region: string;
    apiKey?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    sessionToken?: string;
    baseUrl?: string;
  },
) {
  const provider = createAmazonBedrock({
    region: settings.region,
    apiKey: settings.apiKey,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    sessionToken: settings.sessionToken,
    baseURL: settings.baseUrl,
  });
  return connection(
    name,
    "bedrock",
    scope,
    (id) => provider.languageModel(id),
    (id) => provider.embedding(id),
  );
}

function compatibleConnection(
  name: string,
  scope: string,
  settings: { baseUrl: string; apiKey: string | undefined; apiKeyHeader: "authorization" | "api-key" },
) {
  const useApiKeyHeader = settings.apiKeyHeader === "api-key" && settings.apiKey;
  const provider = createOpenAICompatible({
    name,
    baseURL: settings.baseUrl,
    apiKey: useApiKeyHeader ? undefined : settings.apiKey,
    headers: useApiKeyHeader ? { "api-key": settings.apiKey! } : undefined,
    // Without it, streamed answers from compatible servers report no token counts and cost nothing.
    includeUsage: true,
  });
  return connection(
    name,
    "openai-compatible",
    scope,
    (id) => provider.chatModel(id),
    (id) => provider.embeddingModel(id),
  );
}

const offlineConnection = connection(
  OFFLINE_PROVIDER,
  "offline",
  "instance",
  (id) => createOfflineModel(id),
  () => null,
);

const compatibleCatalogEntry =
  (provider: string, kind: CatalogModel["kind"]) =>
  (model: { modelId: string; contextTokens: number }): CatalogModel => ({
    ref: modelRef(provider, model.modelId),
    provider,
    modelId: model.modelId,
    kind,
    label: `${model.modelId} (${provider})`,
    // Self-hosted: no per-token bill. An org can price it in its own catalog.
    inputUsdPerMTok: 0,
    outputUsdPerMTok: 0,
    contextTokens: model.contextTokens,
  });

/** The connections the environment configures, plus the offline model (and any extras, for tests). */
export function createProviderRegistry(
  providers: AiConfig["providers"],
  extra: readonly ProviderConnection[] = [],
): ProviderRegistry {
  const instance = new Map<string, ProviderConnection>([[OFFLINE_PROVIDER, offlineConnection]]);
  const scope = "instance";
  if (providers.openai)
    instance.set(
      "openai",
      openAiConnection("openai", scope, providers.openai.apiKey, providers.openai.baseUrl),
    );
  if (providers.anthropic) {
    instance.set(
      "anthropic",
      anthropicConnection("anthropic", scope, providers.anthropic.apiKey, providers.anthropic.baseUrl),
    );
  }
  if (providers.mistral) {
    instance.set(
      "mistral",
      mistralConnection("mistral", scope, providers.mistral.apiKey, providers.mistral.baseUrl),
    );
  }
  if (providers.bedrock) instance.set("bedrock", bedrockConnection("bedrock", scope, providers.bedrock));
  const instanceModels: CatalogModel[] = [];
  const compatible = providers.compatible;
  if (compatible) {
    instance.set(
      compatible.name,
      compatibleConnection(compatible.name, scope, {
        baseUrl: compatible.baseUrl,
        apiKey: compatible.apiKey,
        apiKeyHeader: "authorization",
      }),
    );
    instanceModels.push(
      ...compatible.models.map(compatibleCatalogEntry(compatible.name, "language")),
      ...compatible.embeddingModels.map(compatibleCatalogEntry(compatible.name, "embedding")),
    );
  }
  for (const connection of extra) instance.set(connection.name, connection);
  return { instance, instanceModels };
}

/** A connection for an org's own credential (bring your own key). */
export function connectionFromCredential(
  credential: CredentialSettings,
  secret: CredentialSecret,
): ProviderConnection {
  const scope = `credential:${credential.id}`;
  const baseUrl = credential.baseUrl ?? undefined;
  switch (credential.provider) {
    case "openai":
      return openAiConnection(credential.name, scope, secret.apiKey ?? "", baseUrl);
    case "anthropic":
      return anthropicConnection(credential.name, scope, secret.apiKey ?? "", baseUrl);
    case "mistral":
      return mistralConnection(credential.name, scope, secret.apiKey ?? "", baseUrl);
    case "bedrock":
      return bedrockConnection(credential.name, scope, {
        region: credential.region ?? "us-east-1",
        apiKey: secret.apiKey,
        accessKeyId: secret.accessKeyId,
        secretAccessKey: secret.secretAccessKey,
        baseUrl,
      });
    case "openai-compatible":
      return compatibleConnection(credential.name, scope, {
        baseUrl: baseUrl ?? "",
        apiKey: secret.apiKey,
        apiKeyHeader: credential.apiKeyHeader,
      });
  }
}
