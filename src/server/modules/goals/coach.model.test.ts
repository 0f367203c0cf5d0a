// The Goals coach with a real model behind it (a local stand-in speaking OpenAI's wire
// format): the tree reaches the model as sources, proposals arrive as tool calls, and
// anything that does not match the asker's tree is left out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoachChunk, parseJsonLines } from "../../../core/okr";
import { type FakeProvider, startFakeProvider } from "../../ai/testing/fake-provider";
import { sendApi } from "../../testing/authorization";
import { createTestApp, type TestApp } from "../../testing/test-app";
import {
  api,
  createGoalsWorld,
  type GoalsWorld,
  type SeededObjective,
  seedSharedObjective,
} from "./testing/world";

let openai: FakeProvider;
let testApp: TestApp;
let world: GoalsWorld;
let seeded: SeededObjective;

beforeAll(async () => {
  openai = await startFakeProvider("openai");
  testApp = await createTestApp({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: openai.baseUrl });
  world = await createGoalsWorld(testApp);
  seeded = await seedSharedObjective(world, "Win the region");
});

afterAll(async () => {
  await testApp.close();
  await openai.close();
});

async function ask(message: string): Promise<CoachChunk[]> {
  const response = await sendApi(testApp, "POST", "/goals/coach", world.owner.headers, { message });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return parseJsonLines(text);
}

describe("the coach with a language model", () => {
  it("sends the tree and the tools, and turns tool calls into stored proposals", async () => {
    openai.script({
      kind: "answer",
      text: "Signed clients is behind pace. Here is a task to help.",
      toolCalls: [
        {
          name: "create_task",
          arguments: {
            key_result_id: seeded.keyResultId,
            title: "Call five lapsed clients",
            due_date: "2026-12-01",
            summary: "Add task “Call five lapsed clients” to “Signed clients”",
          },
        },
        // A key result that is not in the asker's tree: left out.
        {
          name: "check_in",
          arguments: {
            key_result_id: "0193e0a4-0000-7000-8000-000000000000",
            value: 3,
            summary: "Check in 3",
          },
        },
        {
          name: "request_more_info",
          arguments: { question: "Which week is the deadline?", fields: ["due_date"] },
        },
      ],
    });
    const chunks = await ask("How can I catch up on Signed clients?");

    const request = openai.requests.at(-1)!.body as {
      messages: { role: string; content: string }[];
      tools: { function: { name: string } }[];
    };
    expect(request.messages[0]!.content).toContain(`key_result_id ${seeded.keyResultId}`);
    expect(request.tools.map((tool) => tool.function.name).sort()).toEqual(
      [
        "check_in",
        "create_key_result",
        "create_objective",
        "create_task",
        "request_more_info",
        "update_key_result",
        "update_objective",
        "update_task",
      ].sort(),
    );

    const text = chunks.flatMap((chunk) => (chunk.type === "content" ? [chunk.text] : [])).join("");
    expect(text).toContain("Signed clients is behind pace.");
    expect(text).toContain("One suggestion was left out");
    const actions = chunks.filter((chunk) => chunk.type === "actions");
    expect(actions).toEqual([
      {
        type: "actions",
        actions: [
          {
            id: expect.any(String),
            kind: "create_task",
            summary: "Add task “Call five lapsed clients” to “Signed clients”",
            target_id: seeded.keyResultId,
            payload: { title: "Call five lapsed clients", due_date: "2026-12-01" },
          },
        ],
      },
    ]);
    expect(chunks.filter((chunk) => chunk.type === "req_more_info")).toEqual([
      { type: "req_more_info", question: "Which week is the deadline?", fields: ["due_date"] },
    ]);
    expect(chunks.at(-1)).toMatchObject({ type: "done", provider: "openai", offline: false });

    const [proposal] = (actions[0] as Extract<CoachChunk, { type: "actions" }>).actions;
    const accepted = await api(
      testApp,
      world.owner,
      "POST",
      `/goals/coach/actions/${proposal!.id}/accept`,
      undefined,
      200,
    );
    expect(accepted.data._cacheUpdate.upsert.tasks).toEqual([
      expect.objectContaining({ title: "Call five lapsed clients", due_date: "2026-12-01" }),
    ]);
  });

  it("applies and undoes proposed edits, restoring exactly the values they replaced", async () => {
    openai.script({
      kind: "answer",
      text: "Raise the bar and sharpen the wording.",
      toolCalls: [
        {
          name: "update_key_result",
          arguments: { key_result_id: seeded.keyResultId, target_value: 12, summary: "Aim for 12 clients" },
        },
        {
          name: "update_objective",
          arguments: {
            objective_id: seeded.objectiveId,
            title: "Win the whole region",
            summary: "Rename it",
          },
        },
      ],
    });
    const chunks = await ask("Make my goals more ambitious");
    const [actions] = chunks.filter((chunk) => chunk.type === "actions") as Extract<
      CoachChunk,
      { type: "actions" }
    >[];
    expect(actions!.actions.map((action) => [action.kind, action.payload])).toEqual([
      ["update_key_result", { target_value: 12 }],
      ["update_objective", { title: "Win the whole region" }],
    ]);
    const decide = (id: string, verb: string) =>
      api(testApp, world.owner, "POST", `/goals/coach/actions/${id}/${verb}`, undefined, 200);
    const objective = async () =>
      (await api(testApp, world.owner, "GET", `/goals/objectives/${seeded.objectiveId}`)).data;
    const before = await objective();
    for (const action of actions!.actions) await decide(action.id, "accept");
    const changed = await objective();
    expect(changed.title).toBe("Win the whole region");
    expect(changed.key_results[0].target_value).toBe(12);
    for (const action of actions!.actions) await decide(action.id, "undo");
    const restored = await objective();
    expect(restored.title).toBe(before.title);
    expect(restored.key_results[0]).toMatchObject({
      type: before.key_results[0].type,
      start_value: before.key_results[0].start_value,
      target_value: before.key_results[0].target_value,
      current_value: before.key_results[0].current_value,
    });
  });

  it("ends with an error line and done when the model breaks off mid-answer", async () => {
    openai.script({ kind: "die_mid_stream", text: "Signed clients is" });
    const chunks = await ask("How am I doing?");
    expect(chunks.slice(-2)).toEqual([
      { type: "error", message: expect.any(String) },
      expect.objectContaining({ type: "done", offline: false }),
    ]);
  });
});
