import { createHash } from "node:crypto";
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { z } from "zod";
import { type Database, inTenant } from "../db";
import { deleteExpiredCachedResponses, getCachedResponse, putCachedResponse } from "./ai.queries";

/**
 * Exact-match response cache for deterministic calls. A request is cacheable only at
 * temperature 0; the key covers the org, the model and everything sent to it. Keys are
 * computed after sanitising, so cached answers hold placeholders, never the personal data,
 * and two prompts that differ only in an email address share an answer (which the model
 * could not have told apart anyway).
 */

const cachedResponseSchema = z.object({
  content: z.array(
    z.discriminatedUnion("type", [
      z.object({ type: z.literal("text"), text: z.string() }),
      z.object({
        type: z.literal("tool-call"),
        toolCallId: z.string(),
        toolName: z.string(),
        input: z.string(),
      }),
    ]),
  ),
  finishReason: z.object({
    unified: z.enum(["stop", "length", "content-filter", "tool-calls", "error", "other"]),
    raw: z.string().optional(),
  }),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
});

export type CachedResponse = z.infer<typeof cachedResponseSchema>;
type CachedContent = CachedResponse["content"][number];

/** JSON with object keys sorted, so equal requests hash equally whatever order they were built in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Uint8Array) return Buffer.from(item).toString("base64");
    if (item && typeof item === "object" && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)));
    }
    return item;
  });
}

export function responseCacheKey(
  orgId: string,
  modelRef: string,
  options: LanguageModelV3CallOptions,
): string | null {
  if (options.temperature !== 0) return null;
  const request = {
    orgId,
    modelRef,
    prompt: options.prompt,
    tools: options.tools ?? null,
    toolChoice: options.toolChoice ?? null,
    responseFormat: options.responseFormat ?? null,
    maxOutputTokens: options.maxOutputTokens ?? null,
    stopSequences: options.stopSequences ?? null,
    topP: options.topP ?? null,
    topK: options.topK ?? null,
    seed: options.seed ?? null,
    presencePenalty: options.presencePenalty ?? null,
    frequencyPenalty: options.frequencyPenalty ?? null,
    providerOptions: options.providerOptions ?? null,
  };
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

/** The cacheable part of an answer: text and tool calls. Anything else (files, sources) is not cached. */
export function toCachedResponse(
  content: readonly LanguageModelV3Content[],
  finishReason: LanguageModelV3FinishReason,
  usage: { inputTokens: number; outputTokens: number },
): CachedResponse | null {
  const kept: CachedContent[] = [];
  for (const part of content) {
    if (part.type === "text") kept.push({ type: "text", text: part.text });
    else if (part.type === "tool-call") {
      kept.push({
        type: "tool-call",
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        input: part.input,
      });
    } else if (part.type !== "reasoning") return null;
  }
  return { content: kept, finishReason: { unified: finishReason.unified, raw: finishReason.raw }, usage };
}

/** Rebuilds the answer from a stream as it passes, for storing once the stream finishes. */
export class StreamCollector {
  private readonly texts = new Map<string, string>();
  private readonly content: (CachedContent | { type: "text-ref"; id: string })[] = [];
  private cacheable = true;

  push(part: LanguageModelV3StreamPart): void {
    switch (part.type) {
      case "text-start":
        this.texts.set(part.id, "");
        this.content.push({ type: "text-ref", id: part.id });
        break;
      case "text-delta":
        this.texts.set(part.id, (this.texts.get(part.id) ?? "") + part.delta);
        break;
      case "tool-call":
        this.content.push({
          type: "tool-call",
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: part.input,
        });
        break;
      case "file":
      case "source":
      case "tool-result":
      case "tool-approval-request":
      case "error":
        this.cacheable = false;
        break;
    }
  }

  result(
    finishReason: LanguageModelV3FinishReason,
    usage: { inputTokens: number; outputTokens: number },
  ): CachedResponse | null {
    if (!this.cacheable) return null;
    const content = this.content.map(
      (part): CachedContent =>
        part.type === "text-ref" ? { type: "text", text: this.texts.get(part.id) ?? "" } : part,
    );
    return { content, finishReason: { unified: finishReason.unified, raw: finishReason.raw }, usage };
  }
}

/** A cached answer as the stream parts a provider would have sent. */
export function cachedStreamParts(cached: CachedResponse, modelId: string): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [
    { type: "stream-start", warnings: [] },
    { type: "response-metadata", modelId },
  ];
  cached.content.forEach((part, index) => {
    if (part.type === "text") {
      const id = `cached-${index}`;
      parts.push(
        { type: "text-start", id },
        { type: "text-delta", id, delta: part.text },
        { type: "text-end", id },
      );
    } else {
      parts.push(part);
    }
  });
  parts.push({
    type: "finish",
    finishReason: { unified: cached.finishReason.unified, raw: cached.finishReason.raw },
    usage: {
      inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 0, text: 0, reasoning: undefined },
    },
    providerMetadata: { cairn: { cached: true } },
  });
  return parts;
}

export interface ResponseCache {
  get(orgId: string, keyHash: string): Promise<CachedResponse | undefined>;
  put(
    orgId: string,
    keyHash: string,
    modelRef: string,
    response: CachedResponse,
    ttlSeconds: number,
  ): Promise<void>;
}

export function createResponseCache(db: Database, now: () => Date = () => new Date()): ResponseCache {
  return {
    async get(orgId, keyHash) {
      const stored = await inTenant(db, { orgId }, (tx) =>
        getCachedResponse(tx, { orgId, keyHash, now: now() }),
      );
      if (stored === undefined) return undefined;
      // A row written by an older version that no longer parses is simply a miss.
      const parsed = cachedResponseSchema.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    async put(orgId, keyHash, modelRef, response, ttlSeconds) {
      if (ttlSeconds <= 0) return;
      const expiresAt = new Date(now().getTime() + ttlSeconds * 1000);
      await inTenant(db, { orgId }, (tx) =>
        putCachedResponse(tx, { orgId, keyHash, modelRef, response, expiresAt }),
      );
    },
  };
}

/** Maintenance across all orgs (a scheduled job): drops expired answers. Runs as the database owner. */
export function deleteExpiredResponses(db: Database, now: Date): Promise<number> {
  return deleteExpiredCachedResponses(db, now);
}
