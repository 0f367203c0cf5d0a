import { describe, expect, it } from "vitest";
import { BUILT_IN_MODELS, type CatalogModel, mergeCatalog, OFFLINE_MODEL } from "./catalog";
import { type ChainInput, type ProviderAvailability, resolveChain } from "./routing";

const catalog = mergeCatalog(BUILT_IN_MODELS, [
  {
    ref: "ollama:llama3.1:8b",
    provider: "ollama",
    modelId: "llama3.1:8b",
    kind: "language",
    label: "Llama",
    inputUsdPerMTok: 0,
    outputUsdPerMTok: 0,
    contextTokens: 8192,
  },
]);

function input(
  overrides: Partial<ChainInput> & { providers?: Record<string, ProviderAvailability> },
): ChainInput {
  const providers = overrides.providers ?? {
    openai: "available",
    anthropic: "available",
    ollama: "available",
  };
  return {
    task: "chat",
    orgChain: null,
    instanceChain: ["anthropic:claude-sonnet-4-5", "openai:gpt-4.1", "mistral:mistral-large-latest"],
    catalog,
    providerAvailability: (provider) => providers[provider] ?? "missing",
    circuitOpen: () => false,
    estimatedInputTokens: 100,
    ...overrides,
  };
}

const refs = (models: CatalogModel[]) => models.map((entry) => entry.ref);

describe("resolveChain", () => {
  it("uses the instance default, drops providers without credentials silently, ends with offline", () => {
    const chain = resolveChain(input({}));
    expect(chain.source).toBe("instance");
    expect(refs(chain.candidates)).toEqual([
      "anthropic:claude-sonnet-4-5",
      "openai:gpt-4.1",
      OFFLINE_MODEL.ref,
    ]);
    expect(chain.skipped).toEqual([]);
  });

  it("answers offline when nothing is configured", () => {
    const chain = resolveChain(input({ providers: {} }));
    expect(refs(chain.candidates)).toEqual([OFFLINE_MODEL.ref]);
    expect(chain.primaryRef).toBe(OFFLINE_MODEL.ref);
  });

  it("lets the org's chain replace the instance default, in the org's order", () => {
    const chain = resolveChain(input({ orgChain: ["ollama:llama3.1:8b", "openai:gpt-4o-mini"] }));
    expect(chain.source).toBe("org");
    expect(refs(chain.candidates)).toEqual(["ollama:llama3.1:8b", "openai:gpt-4o-mini", OFFLINE_MODEL.ref]);
  });

  it("reports why the org's models were skipped", () => {
    const chain = resolveChain(
      input({
        orgChain: [
          "openai:gpt-4o",
          "mistral:mistral-small-latest",
          "nope:model",
          "openai:text-embedding-3-small",
        ],
      }),
    );
    expect(refs(chain.candidates)).toEqual(["openai:gpt-4o", OFFLINE_MODEL.ref]);
    expect(chain.skipped).toEqual([
      { ref: "mistral:mistral-small-latest", reason: "no_credentials" },
      { ref: "nope:model", reason: "unknown_model" },
      { ref: "openai:text-embedding-3-small", reason: "wrong_kind" },
    ]);
  });

  it("falls back to the instance default when the org's chain has no usable model", () => {
    const chain = resolveChain(input({ orgChain: ["mistral:mistral-large-latest"] }));
    expect(chain.source).toBe("instance");
    expect(refs(chain.candidates)).toEqual([
      "anthropic:claude-sonnet-4-5",
      "openai:gpt-4.1",
      OFFLINE_MODEL.ref,
    ]);
    expect(chain.skipped).toEqual([{ ref: "mistral:mistral-large-latest", reason: "no_credentials" }]);
  });

  it("skips models behind an open circuit", () => {
    const chain = resolveChain(input({ circuitOpen: (model) => model.provider === "anthropic" }));
    expect(refs(chain.candidates)).toEqual(["openai:gpt-4.1", OFFLINE_MODEL.ref]);
    expect(chain.skipped).toEqual([{ ref: "anthropic:claude-sonnet-4-5", reason: "circuit_open" }]);
    // The skipped model is still the primary: whatever answers instead is a fallback.
    expect(chain.primaryRef).toBe("anthropic:claude-sonnet-4-5");
  });

  it("never skips the offline model, even when told its circuit is open", () => {
    const chain = resolveChain(input({ orgChain: ["offline:cairn-extractive"], circuitOpen: () => true }));
    expect(refs(chain.candidates)).toEqual([OFFLINE_MODEL.ref]);
  });

  it("skips models whose context window is smaller than the prompt", () => {
    const chain = resolveChain(
      input({ orgChain: ["ollama:llama3.1:8b", "openai:gpt-4.1"], estimatedInputTokens: 10_000 }),
    );
    expect(refs(chain.candidates)).toEqual(["openai:gpt-4.1", OFFLINE_MODEL.ref]);
    expect(chain.skipped).toEqual([{ ref: "ollama:llama3.1:8b", reason: "context_too_small" }]);
  });

  it("skips a provider whose stored key cannot be decrypted", () => {
    const chain = resolveChain(input({ providers: { openai: "unreadable", anthropic: "available" } }));
    expect(refs(chain.candidates)).toEqual(["anthropic:claude-sonnet-4-5", OFFLINE_MODEL.ref]);
    expect(chain.skipped).toEqual([{ ref: "openai:gpt-4.1", reason: "credentials_unreadable" }]);
  });

  it("drops duplicates and keeps an explicitly placed offline model where the org put it", () => {
    const chain = resolveChain(
      input({
        orgChain: ["openai:gpt-4.1", "offline:cairn-extractive", "openai:gpt-4.1", "ollama:llama3.1:8b"],
      }),
    );
    expect(refs(chain.candidates)).toEqual(["openai:gpt-4.1", OFFLINE_MODEL.ref, "ollama:llama3.1:8b"]);
    expect(chain.skipped).toEqual([{ ref: "openai:gpt-4.1", reason: "duplicate" }]);
  });

  it("never adds the offline model to an embedding chain", () => {
    const chain = resolveChain(
      input({ task: "embedding", instanceChain: ["openai:text-embedding-3-small", "mistral:mistral-embed"] }),
    );
    expect(refs(chain.candidates)).toEqual(["openai:text-embedding-3-small"]);
    expect(resolveChain(input({ task: "embedding", instanceChain: [], providers: {} })).candidates).toEqual(
      [],
    );
  });

  it("skips models the org disabled, in its own chain and in the instance default", () => {
    const gpt = catalog.get("openai:gpt-4.1")!;
    const withDisabled = mergeCatalog([...catalog.values()], [{ ...gpt, enabled: false }]);
    const chain = resolveChain(input({ catalog: withDisabled }));
    expect(refs(chain.candidates)).toEqual(["anthropic:claude-sonnet-4-5", OFFLINE_MODEL.ref]);
    expect(chain.skipped).toEqual([{ ref: "openai:gpt-4.1", reason: "disabled" }]);
    const own = resolveChain(
      input({ catalog: withDisabled, orgChain: ["openai:gpt-4.1", "ollama:llama3.1:8b"] }),
    );
    expect(own.source).toBe("org");
    expect(refs(own.candidates)).toEqual(["ollama:llama3.1:8b", OFFLINE_MODEL.ref]);
  });

  it("uses the org's price for the offline model if it overrides it", () => {
    const priced = mergeCatalog([...catalog.values()], [{ ...OFFLINE_MODEL, label: "Local" }]);
    const chain = resolveChain(input({ catalog: priced, providers: {} }));
    expect(chain.candidates[0]?.label).toBe("Local");
  });
});
