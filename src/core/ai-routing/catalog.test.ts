import { describe, expect, it } from "vitest";
import {
  BUILT_IN_MODELS,
  type CatalogModel,
  DEFAULT_ROUTES,
  defaultChain,
  mergeCatalog,
  modelRef,
  OFFLINE_MODEL,
  parseModelRef,
} from "./catalog";
import { AI_TASKS } from "./tasks";

describe("model refs", () => {
  it.each([
    ["openai:gpt-4o", { provider: "openai", modelId: "gpt-4o" }],
    ["ollama:llama3.1:8b", { provider: "ollama", modelId: "llama3.1:8b" }],
    [
      "bedrock:anthropic.claude-3-haiku-20240307-v1:0",
      { provider: "bedrock", modelId: "anthropic.claude-3-haiku-20240307-v1:0" },
    ],
    ["openrouter:meta-llama/llama-3.1-70b", { provider: "openrouter", modelId: "meta-llama/llama-3.1-70b" }],
  ])("parses %s", (ref, parsed) => {
    expect(parseModelRef(ref)).toEqual(parsed);
    expect(modelRef(parsed.provider, parsed.modelId)).toBe(ref);
  });

  it.each(["gpt-4o", ":gpt-4o", "openai:", "Open AI:gpt", "1openai:x"])("rejects %s", (ref) => {
    expect(parseModelRef(ref)).toBeNull();
  });
});

describe("built-in catalog", () => {
  it("has unique refs that agree with provider and model id", () => {
    const refs = BUILT_IN_MODELS.map((entry) => entry.ref);
    expect(new Set(refs).size).toBe(refs.length);
    for (const entry of BUILT_IN_MODELS) expect(entry.ref).toBe(modelRef(entry.provider, entry.modelId));
  });

  it("routes every task only to known models of the right kind", () => {
    const catalog = mergeCatalog(BUILT_IN_MODELS);
    for (const task of AI_TASKS) {
      for (const ref of DEFAULT_ROUTES[task]) {
        const entry = catalog.get(ref);
        expect(entry, ref).toBeDefined();
        expect(entry?.kind).toBe(task === "embedding" ? "embedding" : "language");
      }
    }
  });

  it("prices the offline model at zero", () => {
    expect(OFFLINE_MODEL.inputUsdPerMTok).toBe(0);
    expect(OFFLINE_MODEL.outputUsdPerMTok).toBe(0);
  });
});

const local = (modelId: string, kind: CatalogModel["kind"] = "language"): CatalogModel => ({
  ref: modelRef("compatible", modelId),
  provider: "compatible",
  modelId,
  kind,
  label: modelId,
  inputUsdPerMTok: 0,
  outputUsdPerMTok: 0,
  contextTokens: 8192,
});

describe("mergeCatalog", () => {
  it("lets later layers override earlier ones by ref", () => {
    const cheaper = { ...BUILT_IN_MODELS[0]!, inputUsdPerMTok: 1 };
    const catalog = mergeCatalog(BUILT_IN_MODELS, [local("llama3.1:8b")], [cheaper]);
    expect(catalog.get(cheaper.ref)?.inputUsdPerMTok).toBe(1);
    expect(catalog.has("compatible:llama3.1:8b")).toBe(true);
    expect(catalog.size).toBe(BUILT_IN_MODELS.length + 1);
  });
});

describe("defaultChain", () => {
  it("puts instance-added models of the right kind after the built-in preference", () => {
    const added = [local("llama3.1:8b"), local("nomic-embed-text", "embedding")];
    expect(defaultChain("chat", added)).toEqual([...DEFAULT_ROUTES.chat, "compatible:llama3.1:8b"]);
    expect(defaultChain("embedding", added)).toEqual([
      ...DEFAULT_ROUTES.embedding,
      "compatible:nomic-embed-text",
    ]);
  });

  it("does not repeat a model that is already preferred", () => {
    const again = BUILT_IN_MODELS.find((entry) => entry.ref === DEFAULT_ROUTES.chat[0])!;
    expect(defaultChain("chat", [again])).toEqual([...DEFAULT_ROUTES.chat]);
  });
});
