import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import { convertReadableStreamToArray } from "ai/test";
import { describe, expect, it } from "vitest";
import { type ContextDocument, createOfflineModel, offlineProviderOptions } from "./offline-provider";

const documents: ContextDocument[] = [
  {
    id: "kr-1",
    title: "KR: Launch the partner portal",
    text: "Progress is 30% against a 70% target. The vendor contract slipped by three weeks. Design is done.",
  },
  {
    id: "raid-7",
    title: "Risk: Data migration",
    text: "The migration risk is rated high. Legacy exports fail on large accounts. A mitigation plan is overdue.",
    url: "/projects/p1/raid/7",
  },
  { title: "Team lunch", text: "Lunch moves to Friday. Bring snacks." },
];

const withContext = (context: ContextDocument[]) => offlineProviderOptions(context);
const userPrompt = (text: string): LanguageModelV3CallOptions["prompt"] => [
  { role: "user", content: [{ type: "text", text }] },
];

describe("offline extractive answers", () => {
  it("answers from the most relevant sentences, in document order, with citations and sources", async () => {
    const model = createOfflineModel();
    const result = await generateText({
      model,
      prompt: "What is the migration risk and is the mitigation plan overdue?",
      providerOptions: withContext(documents),
    });
    const lines = result.text.split("\n");
    expect(lines).toContain("- The migration risk is rated high. [2]");
    expect(lines).toContain("- A mitigation plan is overdue. [2]");
    expect(result.text).not.toContain("Lunch");
    expect(result.text).toMatch(/Sources: \[2\] Risk: Data migration$/);
    expect(result.providerMetadata?.cairn).toEqual({
      offline: true,
      citations: [{ index: 2, title: "Risk: Data migration", id: "raid-7", url: "/projects/p1/raid/7" }],
    });
  });

  it("cites a labelled document by its label", async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: "Is the mitigation plan overdue?",
      providerOptions: withContext(
        documents.map((document, index) => ({ ...document, label: `R-${index}` })),
      ),
    });
    expect(result.text.split("\n")).toContain("- A mitigation plan is overdue. [R-1]");
    expect(result.text).toMatch(/Sources: \[R-1\] Risk: Data migration$/);
    expect(result.providerMetadata?.cairn).toMatchObject({ citations: [{ index: 2, label: "R-1" }] });
  });

  it("summarises with each document's lead sentence when the request has no content words", async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: "Please give me a short summary",
      providerOptions: withContext(documents),
    });
    expect(result.text).toBe(
      [
        "- Progress is 30% against a 70% target. [1]",
        "- The migration risk is rated high. [2]",
        "- Lunch moves to Friday. [3]",
        "",
        "Sources: [1] KR: Launch the partner portal; [2] Risk: Data migration; [3] Team lunch",
      ].join("\n"),
    );
  });

  it("matches plurals and titles, and caps the answer at four sentences", async () => {
    const many: ContextDocument[] = [
      {
        title: "Vendors",
        text: "Vendor A is late. Vendor B is late. Vendor C is late. Vendor D is late. Vendor E is late.",
      },
    ];
    const result = await generateText({
      model: createOfflineModel(),
      prompt: "which vendors?",
      providerOptions: withContext(many),
    });
    expect(result.text.split("\n").filter((line) => line.startsWith("- "))).toHaveLength(4);
  });

  it("says plainly that it has nothing to answer from when no context is given", async () => {
    const result = await generateText({ model: createOfflineModel(), prompt: "What is our burn rate?" });
    expect(result.text).toMatch(/No AI model is configured/);
    expect(result.providerMetadata?.cairn).toEqual({ offline: true, citations: [] });
  });

  it("is deterministic", async () => {
    const ask = () =>
      generateText({
        model: createOfflineModel(),
        prompt: "vendor contract",
        providerOptions: withContext(documents),
      });
    expect((await ask()).text).toBe((await ask()).text);
  });
});

describe("offline streaming", () => {
  it("streams the same answer in several text deltas and labels the finish as offline", async () => {
    const model = createOfflineModel();
    const options: LanguageModelV3CallOptions = {
      prompt: userPrompt("What is the migration risk?"),
      providerOptions: withContext(documents),
    };
    const generated = await model.doGenerate(options);
    const { stream } = await model.doStream(options);
    const parts = await convertReadableStreamToArray(stream);
    const deltas = parts.filter(
      (part): part is Extract<LanguageModelV3StreamPart, { type: "text-delta" }> =>
        part.type === "text-delta",
    );
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.map((part) => part.delta).join("")).toBe((generated.content[0] as { text: string }).text);
    const finish = parts.at(-1);
    expect(finish).toMatchObject({
      type: "finish",
      finishReason: { unified: "stop" },
      providerMetadata: { cairn: { offline: true } },
    });
    expect(finish?.type === "finish" && finish.usage.outputTokens.total).toBeGreaterThan(0);
  });

  it("works through streamText like any provider", async () => {
    const result = streamText({
      model: createOfflineModel(),
      prompt: "vendor contract",
      providerOptions: withContext(documents),
      onError: () => {},
    });
    expect(await result.text).toBe(
      "- The vendor contract slipped by three weeks. [1]\n\nSources: [1] KR: Launch the partner portal",
    );
  });
});

describe("offline tool calls", () => {
  const createTask = tool({
    description: "Create a task on a key result",
    inputSchema: jsonSchema<{
      title: string;
      dueDate?: string;
      priority?: "low" | "high";
      estimateHours?: number;
    }>({
      type: "object",
      properties: {
        title: { type: "string" },
        dueDate: { type: "string", format: "date" },
        priority: { type: "string", enum: ["low", "high"] },
        estimateHours: { type: "number" },
      },
      required: ["title"],
    }),
  });
  const updateProgress = tool({
    inputSchema: jsonSchema<{ keyResult: string; percent: number }>({
      type: "object",
      properties: { keyResult: { type: "string" }, percent: { type: "integer" } },
      required: ["keyResult", "percent"],
    }),
  });
  const tools = { create_task: createTask, updateKeyResultProgress: updateProgress };

  it("calls the tool a request clearly names, with arguments read from the message", async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'Add a task "Draft the risk register" due 2025-03-01, high priority, about 6 hours',
      tools,
    });
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({
      toolName: "create_task",
      input: { title: "Draft the risk register", dueDate: "2025-03-01", priority: "high", estimateHours: 6 },
    });
    expect(result.finishReason).toBe("tool-calls");
  });

  it("uses camelCase tool names and integer arguments", async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: "Set progress of 'Launch the portal' to 45 percent",
      tools,
    });
    expect(result.toolCalls[0]).toMatchObject({
      toolName: "updateKeyResultProgress",
      input: { keyResult: "Launch the portal", percent: 45 },
    });
  });

  it("asks for what is missing instead of guessing", async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: "Create a task for tomorrow",
      tools,
    });
    expect(result.toolCalls).toHaveLength(0);
    expect(result.text).toMatch(/create_task .*needs: title/);
  });

  it("answers from context when no tool is clearly asked for", async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: "What is the migration risk?",
      providerOptions: withContext(documents),
      tools,
    });
    expect(result.toolCalls).toHaveLength(0);
    expect(result.text).toContain("[2]");
  });

  it("does not call a tool when the request matches two equally", async () => {
    const ambiguous = {
      create_task: createTask,
      create_note: tool({
        inputSchema: jsonSchema<{ title: string }>({
          type: "object",
          properties: { title: { type: "string" } },
          required: ["title"],
        }),
      }),
    };
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'Create a task note "thing"',
      tools: ambiguous,
    });
    const clear = await generateText({
      model: createOfflineModel(),
      prompt: 'Create a note "thing"',
      tools: ambiguous,
    });
    expect(clear.toolCalls[0]?.toolName).toBe("create_note");
    expect(result.toolCalls).toHaveLength(0);
  });

  it("honours toolChoice none and a forced tool", async () => {
    const none = await generateText({
      model: createOfflineModel(),
      prompt: 'Add a task "X"',
      tools,
      toolChoice: "none",
    });
    expect(none.toolCalls).toHaveLength(0);
    const forced = await generateText({
      model: createOfflineModel(),
      prompt: '"Quarterly review"',
      tools,
      toolChoice: { type: "tool", toolName: "create_task" },
    });
    expect(forced.toolCalls[0]?.input).toEqual({ title: "Quarterly review" });
  });

  it("streams a tool call and confirms the tool's result in the next step", async () => {
    const executed: unknown[] = [];
    const result = streamText({
      model: createOfflineModel(),
      prompt: 'Create a task "Call the vendor"',
      tools: {
        create_task: tool({
          inputSchema: jsonSchema<{ title: string }>({
            type: "object",
            properties: { title: { type: "string" } },
            required: ["title"],
          }),
          execute: async (input) => {
            executed.push(input);
            return { id: "task-9", status: "created" };
          },
        }),
      },
      stopWhen: stepCountIs(2),
      onError: () => {},
    });
    const text = await result.text;
    expect(executed).toEqual([{ title: "Call the vendor" }]);
    expect(text).toBe('Done: create_task - {"id":"task-9","status":"created"}');
  });
});

describe("prepared offline answers", () => {
  const proposeTask = tool({
    inputSchema: jsonSchema<{ title: string }>({
      type: "object",
      properties: { title: { type: "string" } },
      required: ["title"],
    }),
  });
  const prepared = {
    text: "Two key results are behind pace.",
    toolCalls: [
      { toolName: "propose_task", input: { title: "Draft pricing page" } },
      { toolName: "not_offered", input: {} },
    ],
  };

  it("gives the feature's answer, calling only the tools the request offers", async () => {
    const result = streamText({
      model: createOfflineModel(),
      prompt: "How am I doing?",
      providerOptions: offlineProviderOptions(documents, prepared),
      tools: { propose_task: proposeTask },
      onError: () => {},
    });
    const parts = await convertReadableStreamToArray(result.fullStream);
    const deltas = parts.filter((part) => part.type === "text-delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(await result.text).toBe(prepared.text);
    expect(await result.toolCalls).toEqual([
      expect.objectContaining({ toolName: "propose_task", input: { title: "Draft pricing page" } }),
    ]);
    expect(await result.finishReason).toBe("tool-calls");
  });

  it("drops the tool calls under toolChoice none, and ignores a malformed answer", async () => {
    const none = await generateText({
      model: createOfflineModel(),
      prompt: "How am I doing?",
      providerOptions: offlineProviderOptions([], prepared),
      tools: { propose_task: proposeTask },
      toolChoice: "none",
    });
    expect(none.text).toBe(prepared.text);
    expect(none.toolCalls).toHaveLength(0);
    const malformed = await generateText({
      model: createOfflineModel(),
      prompt: "What is the migration risk?",
      providerOptions: { cairn: { context: documents, answer: { text: 42 } } } as never,
    });
    expect(malformed.text).toContain("[2]");
  });
});
