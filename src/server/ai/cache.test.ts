import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { cachedStreamParts, responseCacheKey, StreamCollector, toCachedResponse } from "./cache";

const base: LanguageModelV3CallOptions = {
  prompt: [{ role: "user", content: [{ type: "text", text: "What is 2 + 2?" }] }],
  temperature: 0,
};

describe("responseCacheKey", () => {
  it("is only given to deterministic requests", () => {
    expect(responseCacheKey("org", "openai:gpt-4o", base)).toMatch(/^[0-9a-f]{64}$/);
    expect(responseCacheKey("org", "openai:gpt-4o", { ...base, temperature: 0.2 })).toBeNull();
    expect(responseCacheKey("org", "openai:gpt-4o", { ...base, temperature: undefined })).toBeNull();
  });

  it("depends on the org, the model and what is sent, not on key order", () => {
    const key = responseCacheKey("org", "openai:gpt-4o", base);
    expect(responseCacheKey("other-org", "openai:gpt-4o", base)).not.toBe(key);
    expect(responseCacheKey("org", "openai:gpt-4.1", base)).not.toBe(key);
    expect(responseCacheKey("org", "openai:gpt-4o", { ...base, maxOutputTokens: 10 })).not.toBe(key);
    const reordered: LanguageModelV3CallOptions = {
      temperature: 0,
      prompt: [{ content: [{ text: "What is 2 + 2?", type: "text" }], role: "user" }],
    };
    expect(responseCacheKey("org", "openai:gpt-4o", reordered)).toBe(key);
  });
});

describe("cached responses", () => {
  it("keeps text and tool calls, drops reasoning, and refuses what it cannot replay", () => {
    const usage = { inputTokens: 1, outputTokens: 2 };
    const stop = { unified: "stop" as const, raw: "stop" };
    expect(
      toCachedResponse(
        [
          { type: "reasoning", text: "thinking" },
          { type: "text", text: "4" },
          { type: "tool-call", toolCallId: "c", toolName: "calc", input: "{}" },
        ],
        stop,
        usage,
      ),
    ).toEqual({
      content: [
        { type: "text", text: "4" },
        { type: "tool-call", toolCallId: "c", toolName: "calc", input: "{}" },
      ],
      finishReason: stop,
      usage,
    });
    expect(toCachedResponse([{ type: "file", mediaType: "image/png", data: "AA" }], stop, usage)).toBeNull();
  });

  it("rebuilds an answer from stream parts and replays it as parts", () => {
    const collector = new StreamCollector();
    for (const part of [
      { type: "text-start", id: "a" },
      { type: "text-delta", id: "a", delta: "Two plus two " },
      { type: "text-delta", id: "a", delta: "is four." },
      { type: "text-end", id: "a" },
    ] as const) {
      collector.push(part);
    }
    const cached = collector.result({ unified: "stop", raw: undefined }, { inputTokens: 5, outputTokens: 4 });
    expect(cached?.content).toEqual([{ type: "text", text: "Two plus two is four." }]);
    const replay = cachedStreamParts(cached!, "gpt-4o");
    expect(replay.filter((part) => part.type === "text-delta")).toEqual([
      { type: "text-delta", id: "cached-0", delta: "Two plus two is four." },
    ]);
    expect(replay.at(-1)).toMatchObject({ type: "finish", providerMetadata: { cairn: { cached: true } } });

    const broken = new StreamCollector();
    broken.push({ type: "error", error: new Error("x") });
    expect(
      broken.result({ unified: "error", raw: undefined }, { inputTokens: 0, outputTokens: 0 }),
    ).toBeNull();
  });
});
