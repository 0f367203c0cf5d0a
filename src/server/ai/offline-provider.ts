import type {
  JSONObject,
  JSONValue,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FunctionTool,
  LanguageModelV3GenerateResult,
  LanguageModelV3Message,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from "@ai-sdk/provider";
import { z } from "zod";
import { OFFLINE_MODEL } from "../../core/ai-routing/catalog";
import { estimateTokens } from "../../core/ai-routing/cost";

/**
 * Cairn's offline model: it answers without an LLM, from the data the caller passes as
 * `context`, so a workspace with no provider configured still gets useful answers.
 *
 * - Answers are extractive: the sentences of the context documents that best match the
 *   question (IDF-weighted term overlap), in document order, each cited as [n] after its
 *   document's position. A request with no content words ("summarise this") gets the lead
 *   sentence of each document. A document with a `label` is cited by it ([R-12]) instead.
 * - Tool calls: when tools are offered and the last user message names one clearly - its
 *   verb (or a synonym) plus another word of its name, e.g. `create_task` for "Create a task
 *   "Draft the risk register" due 2025-03-01" - and every required argument can be read
 *   from the message (quoted text for strings, ISO dates, numbers, enum values), the model
 *   calls it. If arguments are missing it says which, instead of guessing. Ties between
 *   tools are not clear, so nothing is called. After a tool result it confirms what was done.
 * - A feature that can work out a useful answer from the user's data without an LLM passes
 *   it as a prepared answer (text and tool calls); the offline model then gives exactly that.
 * - Every answer carries providerMetadata `{ cairn: { offline: true, citations } }`.
 */

export const OFFLINE_PROVIDER_ID = "cairn.offline";

export const contextDocumentSchema = z.object({
  id: z.string().max(200).optional(),
  title: z.string().max(500),
  text: z.string().max(200_000),
  url: z.string().max(2000).optional(),
  /** How answers cite the document, e.g. an item code "R-12"; the default is its position "1". */
  label: z
    .string()
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:-]{0,39}$/u)
    .optional(),
});

/** Data a feature hands the gateway to answer from: key results, RAID items, knowledge articles. */
export type ContextDocument = z.infer<typeof contextDocumentSchema>;

export const preparedAnswerSchema = z.object({
  text: z.string(),
  toolCalls: z
    .array(z.object({ toolName: z.string(), input: z.record(z.string(), z.unknown()) }))
    .default([]),
});

/**
 * The offline model's answer to one request, worked out by the feature asking from the
 * user's own data (the Goals coach's review and proposals): text, and calls of the tools
 * the request offers. Real models never see it.
 */
export type PreparedAnswer = z.input<typeof preparedAnswerSchema>;

/** How the gateway hands context to the offline model: provider options travel with each call. */
export function offlineProviderOptions(documents: readonly ContextDocument[], prepared?: PreparedAnswer) {
  return {
    cairn: {
      context: documents as unknown as JSONValue,
      ...(prepared ? { answer: prepared as unknown as JSONValue } : {}),
    },
  };
}

export interface Citation {
  index: number;
  /** The document's label, when it is cited by that rather than by its position. */
  label?: string;
  title: string;
  id?: string;
  url?: string;
}

interface OfflineAnswer {
  content: LanguageModelV3Content[];
  citations: Citation[];
  finishReason: "stop" | "tool-calls";
}

const STOP_WORDS = new Set(
  (
    "a an and are as at be but by can could did do does for from had has have how i if in into is it its " +
    "me my of on or our please show so tell that the their them then there these they this to us was we " +
    "were what when where which who why will with would you your about any all give list summarise " +
    "summarize summary overview status update explain describe briefly short"
  ).split(" "),
);

const VERB_SYNONYMS: Record<string, readonly string[]> = {
  create: ["create", "add", "new", "make", "open", "log", "raise"],
  add: ["add", "create", "new", "append", "log"],
  update: ["update", "set", "change", "edit", "mark", "move", "modify"],
  set: ["set", "update", "change", "mark"],
  delete: ["delete", "remove", "drop", "cancel"],
  remove: ["remove", "delete", "drop"],
  close: ["close", "resolve", "complete", "finish", "done"],
  complete: ["complete", "finish", "done", "close"],
  assign: ["assign", "give", "hand"],
  schedule: ["schedule", "book", "plan"],
  send: ["send", "email", "notify"],
};

/** Lower-case words with a crude plural/tense folding so "risks" finds "risk". */
function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(fold);
}

function fold(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.replace(/^\s*[-*•]\s*/, "").trim())
    .filter((sentence) => sentence.length > 0);
}

function messageText(message: LanguageModelV3Message): string {
  if (message.role === "system") return message.content;
  return message.content
    .map((part) => (part.type === "text" ? part.text : ""))
    .join(" ")
    .trim();
}

function readContext(options: LanguageModelV3CallOptions): ContextDocument[] {
  const parsed = z.array(contextDocumentSchema).safeParse(options.providerOptions?.cairn?.context ?? []);
  return parsed.success ? parsed.data : [];
}

const MAX_SENTENCES = 4;

function extractiveAnswer(question: string, documents: readonly ContextDocument[]): OfflineAnswer {
  if (documents.length === 0) {
    return {
      content: [
        {
          type: "text",
          text:
            "No AI model is configured for this workspace, so Cairn answers from your own data only, " +
            "and no data related to this request was provided.",
        },
      ],
      citations: [],
      finishReason: "stop",
    };
  }
  const marker = (documentIndex: number) => documents[documentIndex]!.label ?? String(documentIndex + 1);
  const sentences = documents.flatMap((document, documentIndex) =>
    splitSentences(document.text).map((text, position) => ({
      text,
      documentIndex,
      position,
      words: new Set([...terms(text), ...terms(document.title)]),
    })),
  );
  const queryTerms = [...new Set(terms(question).filter((term) => !STOP_WORDS.has(term)))];
  const documentFrequency = (term: string) => sentences.filter((sentence) => sentence.words.has(term)).length;
  const weights = new Map(
    queryTerms.map((term) => [term, Math.log(1 + sentences.length / (1 + documentFrequency(term)))]),
  );
  const scored = sentences.map((sentence) => ({
    ...sentence,
    score: queryTerms.reduce(
      (sum, term) => sum + (sentence.words.has(term) ? (weights.get(term) ?? 0) : 0),
      0,
    ),
  }));
  const matching = scored.filter((sentence) => sentence.score > 0);
  const chosen =
    matching.length > 0
      ? matching
          .sort((a, b) => b.score - a.score || a.documentIndex - b.documentIndex || a.position - b.position)
          .slice(0, MAX_SENTENCES)
      : scored.filter((sentence) => sentence.position === 0).slice(0, MAX_SENTENCES);
  chosen.sort((a, b) => a.documentIndex - b.documentIndex || a.position - b.position);

  const cited = [...new Set(chosen.map((sentence) => sentence.documentIndex))];
  const citations: Citation[] = cited.map((documentIndex) => {
    const document = documents[documentIndex]!;
    return {
      index: documentIndex + 1,
      title: document.title,
      ...(document.label ? { label: document.label } : {}),
      ...(document.id ? { id: document.id } : {}),
      ...(document.url ? { url: document.url } : {}),
    };
  });
  const lines = chosen.map((sentence) => `- ${sentence.text} [${marker(sentence.documentIndex)}]`);
  const sources = citations
    .map((citation) => `[${citation.label ?? citation.index}] ${citation.title}`)
    .join("; ");
  return {
    content: [{ type: "text", text: `${lines.join("\n")}\n\nSources: ${sources}` }],
    citations,
    finishReason: "stop",
  };
}

type PropertySchema = { type?: string | string[]; enum?: unknown[]; format?: string };

interface MessageFacts {
  quoted: string[];
  dates: string[];
  numbers: number[];
  words: Set<string>;
  lower: string;
}

function messageFacts(message: string): MessageFacts {
  const quoted = [...message.matchAll(/"([^"]+)"|“([^”]+)”|'([^']+)'/g)].map((match) =>
    (match[1] ?? match[2] ?? match[3] ?? "").trim(),
  );
  const unquoted = message.replace(/"[^"]*"|“[^”]*”|'[^']*'/g, " ");
  const dates = [...unquoted.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].map((match) => match[1]!);
  const withoutDates = unquoted.replace(/\b\d{4}-\d{2}-\d{2}\b/g, " ");
  const numbers = [...withoutDates.matchAll(/(?<![\w.])(-?\d+(?:\.\d+)?)(?![\w.])/g)].map((match) =>
    Number(match[1]),
  );
  return { quoted, dates, numbers, words: new Set(terms(unquoted)), lower: unquoted.toLowerCase() };
}

function nameWords(toolName: string): string[] {
  return toolName
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((word) => fold(word.toLowerCase()));
}

function typeOf(schema: PropertySchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== "null") : schema.type;
}

/** Fills a tool's arguments from the message; reports the required ones it could not find. */
function fillArguments(tool: LanguageModelV3FunctionTool, facts: MessageFacts) {
  const schema = tool.inputSchema as { properties?: Record<string, PropertySchema>; required?: string[] };
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const quoted = [...facts.quoted];
  const dates = [...facts.dates];
  const numbers = [...facts.numbers];
  const input: JSONObject = {};
  for (const [name, property] of properties) {
    const type = typeOf(property);
    let value: JSONValue | undefined;
    if (property.enum) {
      value = property.enum.find(
        (option): option is string | number =>
          (typeof option === "string" || typeof option === "number") &&
          facts.lower.includes(String(option).toLowerCase()),
      );
    } else if (type === "string" && (property.format === "date" || /date|due|deadline/i.test(name))) {
      value = dates.shift();
    } else if (type === "string") {
      value = quoted.shift();
    } else if (type === "number" || type === "integer") {
      const number = numbers.shift();
      value = number !== undefined && (type === "number" || Number.isInteger(number)) ? number : undefined;
    }
    if (value !== undefined) input[name] = value;
  }
  const missing = [...required].filter((name) => !(name in input));
  return { input, missing };
}

function chooseTool(
  tools: readonly LanguageModelV3FunctionTool[],
  facts: MessageFacts,
  forced: string | undefined,
): LanguageModelV3FunctionTool | undefined {
  if (forced) return tools.find((tool) => tool.name === forced);
  const scored = tools.map((tool) => {
    const [verb, ...rest] = nameWords(tool.name);
    const verbMatches =
      verb !== undefined && (VERB_SYNONYMS[verb] ?? [verb]).some((word) => facts.words.has(word));
    const restMatches = rest.filter((word) => facts.words.has(word)).length;
    const clear = verbMatches && (rest.length === 0 || restMatches > 0);
    return { tool, score: clear ? 1 + restMatches : 0 };
  });
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  const winners = scored.filter((entry) => entry.score === best && best > 0);
  return winners.length === 1 ? winners[0]!.tool : undefined;
}

function toolCallAnswer(options: LanguageModelV3CallOptions, question: string): OfflineAnswer | undefined {
  const tools = (options.tools ?? []).filter(
    (tool): tool is LanguageModelV3FunctionTool => tool.type === "function",
  );
  const choice = options.toolChoice;
  if (tools.length === 0 || choice?.type === "none") return undefined;
  const facts = messageFacts(question);
  const tool = chooseTool(tools, facts, choice?.type === "tool" ? choice.toolName : undefined);
  if (!tool) return undefined;
  const { input, missing } = fillArguments(tool, facts);
  if (missing.length > 0) {
    return {
      content: [
        {
          type: "text",
          text: `To run ${tool.name} without an AI model, the request needs: ${missing.join(", ")}. Put text values in quotes and dates as YYYY-MM-DD.`,
        },
      ],
      citations: [],
      finishReason: "stop",
    };
  }
  return {
    content: [
      {
        type: "tool-call",
        toolCallId: `offline-call-${tool.name}`,
        toolName: tool.name,
        input: JSON.stringify(input),
      },
    ],
    citations: [],
    finishReason: "tool-calls",
  };
}

function toolResultAnswer(message: Extract<LanguageModelV3Message, { role: "tool" }>): OfflineAnswer {
  const lines = message.content.flatMap((part) => {
    if (part.type !== "tool-result") return [];
    const output = part.output;
    const failed =
      output.type === "error-text" || output.type === "error-json" || output.type === "execution-denied";
    const detail =
      output.type === "text" || output.type === "error-text"
        ? output.value
        : output.type === "json" || output.type === "error-json"
          ? JSON.stringify(output.value)
          : "";
    return [
      `${failed ? "Could not complete" : "Done"}: ${part.toolName}${detail ? ` - ${detail.slice(0, 300)}` : ""}`,
    ];
  });
  return {
    content: [{ type: "text", text: lines.join("\n") || "Done." }],
    citations: [],
    finishReason: "stop",
  };
}

/** The feature's prepared answer, keeping only calls of tools the request offers and allows. */
function preparedAnswer(options: LanguageModelV3CallOptions): OfflineAnswer | undefined {
  const parsed = preparedAnswerSchema.safeParse(options.providerOptions?.cairn?.answer);
  if (!parsed.success) return undefined;
  const offered = new Set((options.tools ?? []).map((tool) => tool.name));
  const calls =
    options.toolChoice?.type === "none"
      ? []
      : parsed.data.toolCalls.filter((call) => offered.has(call.toolName));
  const content: LanguageModelV3Content[] = [
    ...(parsed.data.text ? [{ type: "text" as const, text: parsed.data.text }] : []),
    ...calls.map((call, index) => ({
      type: "tool-call" as const,
      toolCallId: `offline-call-${index + 1}-${call.toolName}`,
      toolName: call.toolName,
      input: JSON.stringify(call.input),
    })),
  ];
  return { content, citations: [], finishReason: calls.length > 0 ? "tool-calls" : "stop" };
}

function answer(options: LanguageModelV3CallOptions): OfflineAnswer {
  const last = options.prompt.at(-1);
  if (last?.role === "tool") return toolResultAnswer(last);
  const prepared = preparedAnswer(options);
  if (prepared) return prepared;
  const question = [...options.prompt].reverse().find((message) => message.role === "user");
  const questionText = question ? messageText(question) : "";
  return toolCallAnswer(options, questionText) ?? extractiveAnswer(questionText, readContext(options));
}

function usageFor(
  options: LanguageModelV3CallOptions,
  content: LanguageModelV3Content[],
): LanguageModelV3Usage {
  const inputTokens = estimateTokens(options.prompt.map(messageText).join("\n"));
  const outputTokens = estimateTokens(
    content
      .map((part) => (part.type === "text" ? part.text : part.type === "tool-call" ? part.input : ""))
      .join(""),
  );
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
  };
}

function metadata(citations: Citation[]): SharedV3ProviderMetadata {
  return { cairn: { offline: true, citations: citations as unknown as JSONValue } };
}

/** A few words per delta, so consumers see a real stream rather than one block. */
function chunks(text: string): string[] {
  return (
    text.match(/\S+\s*/g)?.reduce<string[]>((groups, word, index) => {
      if (index % 4 === 0) groups.push(word);
      else groups[groups.length - 1] += word;
      return groups;
    }, []) ?? [text]
  );
}

export function createOfflineModel(modelId = OFFLINE_MODEL.modelId): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: OFFLINE_PROVIDER_ID,
    modelId,
    supportedUrls: {},

    async doGenerate(options): Promise<LanguageModelV3GenerateResult> {
      const result = answer(options);
      return {
        content: result.content,
        finishReason: { unified: result.finishReason, raw: undefined },
        usage: usageFor(options, result.content),
        providerMetadata: metadata(result.citations),
        warnings: [],
      };
    },

    async doStream(options) {
      const result = answer(options);
      const parts: LanguageModelV3StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "response-metadata", modelId },
      ];
      for (const [index, part] of result.content.entries()) {
        if (part.type === "text") {
          const id = `offline-text-${index}`;
          parts.push({ type: "text-start", id });
          for (const delta of chunks(part.text)) parts.push({ type: "text-delta", id, delta });
          parts.push({ type: "text-end", id });
        } else if (part.type === "tool-call") {
          parts.push({ type: "tool-input-start", id: part.toolCallId, toolName: part.toolName });
          parts.push({ type: "tool-input-delta", id: part.toolCallId, delta: part.input });
          parts.push({ type: "tool-input-end", id: part.toolCallId });
          parts.push(part);
        }
      }
      parts.push({
        type: "finish",
        finishReason: { unified: result.finishReason, raw: undefined },
        usage: usageFor(options, result.content),
        providerMetadata: metadata(result.citations),
      });
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}
