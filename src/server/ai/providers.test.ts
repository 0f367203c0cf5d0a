import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAiConfig } from "./ai.config";
import { connectionFromCredential, createProviderRegistry } from "./providers";
import { type FakeProvider, startFakeProvider } from "./testing/fake-provider";

let openaiDialect: FakeProvider;
beforeAll(async () => {
  openaiDialect = await startFakeProvider("ollama");
});
afterAll(() => openaiDialect.close());

describe("createProviderRegistry", () => {
  it("builds a connection per configured provider, the offline model always, and the compatible server's catalog", () => {
    const config = loadAiConfig(
      {
        OPENAI_API_KEY: "sk",
        ANTHROPIC_API_KEY: "ak",
        MISTRAL_API_KEY: "mk",
        AWS_REGION: "eu-central-1",
        AWS_ACCESS_KEY_ID: "AKIA",
        AWS_SECRET_ACCESS_KEY: "secret",
        OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1/v1",
        OPENAI_COMPATIBLE_NAME: "vllm",
        OPENAI_COMPATIBLE_MODELS: "qwen2.5:14b=65536",
        OPENAI_COMPATIBLE_EMBEDDING_MODELS: "bge-m3",
      },
      "/tmp",
    );
    const registry = createProviderRegistry(config.providers);
    const describeModel = (name: string, modelId: string) => {
      const model = registry.instance.get(name)!.languageModel(modelId);
      return [model.provider, model.modelId];
    };
    expect([...registry.instance.keys()].sort()).toEqual([
      "anthropic",
      "bedrock",
      "mistral",
      "offline",
      "openai",
      "vllm",
    ]);
    expect(describeModel("openai", "gpt-4o")).toEqual(["openai.chat", "gpt-4o"]);
    expect(describeModel("anthropic", "claude-haiku-4-5")).toEqual([
      "anthropic.messages",
      "claude-haiku-4-5",
    ]);
    expect(describeModel("mistral", "mistral-small-latest")).toEqual([
      "mistral.chat",
      "mistral-small-latest",
    ]);
    expect(describeModel("bedrock", "anthropic.claude-3-haiku-20240307-v1:0")).toEqual([
      "amazon-bedrock",
      "anthropic.claude-3-haiku-20240307-v1:0",
    ]);
    expect(describeModel("vllm", "qwen2.5:14b")).toEqual(["vllm.chat", "qwen2.5:14b"]);
    expect(describeModel("offline", "cairn-extractive")).toEqual(["cairn.offline", "cairn-extractive"]);
    expect(registry.instance.get("anthropic")!.embeddingModel("any")).toBeNull();
    expect(registry.instance.get("openai")!.embeddingModel("text-embedding-3-small")?.provider).toBe(
      "openai.embedding",
    );
    expect(registry.instance.get("openai")!.languageModel("gpt-4o")).toBe(
      registry.instance.get("openai")!.languageModel("gpt-4o"),
    );
    expect(registry.instance.get("openai")!.breakerScope).toBe("instance");
    expect(
      registry.instanceModels.map((model) => [
        model.ref,
        model.kind,
        model.contextTokens,
        model.inputUsdPerMTok,
      ]),
    ).toEqual([
      ["vllm:qwen2.5:14b", "language", 65_536, 0],
      ["vllm:bge-m3", "embedding", 32_768, 0],
    ]);
  });
});

describe("connectionFromCredential", () => {
  const credential = {
    id: "0190c0de-0000-7000-8000-000000000001",
    provider: "openai-compatible" as const,
    name: "azure",
    baseUrl: null as string | null,
    region: null,
    apiKeyHeader: "api-key" as const,
  };

  it("sends the key in an api-key header when asked (Azure OpenAI), not as a bearer token", async () => {
    const connection = connectionFromCredential(
      { ...credential, baseUrl: openaiDialect.baseUrl },
      { apiKey: "azure-key" },
    );
    expect(connection.breakerScope).toBe(`credential:${credential.id}`);
    const result = await generateText({
      model: connection.languageModel("gpt-4o"),
      prompt: "hi",
      maxRetries: 0,
    });
    expect(result.text).toBe("Hello from the fake provider.");
    const headers = openaiDialect.requests.at(-1)?.headers;
    expect(headers?.["api-key"]).toBe("azure-key");
    expect(headers?.authorization).toBeUndefined();
  });

  it("reaches Mistral's chat completions endpoint at the credential's base URL", async () => {
    const connection = connectionFromCredential(
      {
        ...credential,
        provider: "mistral",
        name: "mistral",
        apiKeyHeader: "authorization",
        baseUrl: openaiDialect.baseUrl,
      },
      { apiKey: "mistral-key" },
    );
    const result = await generateText({
      model: connection.languageModel("mistral-small-latest"),
      prompt: "hi",
      maxRetries: 0,
    });
    expect(result.text).toBe("Hello from the fake provider.");
    expect(openaiDialect.requests.at(-1)?.headers.authorization).toBe("Bearer mistral-key");
    expect(openaiDialect.requests.at(-1)?.body.model).toBe("mistral-small-latest");
  });
});
