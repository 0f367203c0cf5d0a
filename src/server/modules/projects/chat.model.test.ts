// Project chat against a real (fake, OpenAI-compatible) model: what the model is sent, citations
// from a model's own wording, and an answer that breaks off mid-stream.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeProvider, startFakeProvider } from "../../ai/testing/fake-provider";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { callApi, createProjectWorld, type ProjectWorld } from "./testing/fixtures";

let testApp: TestApp;
let fake: FakeProvider;
let world: ProjectWorld;
const codes = new Map<string, string>();

const OTHER_PROJECT_TITLE = "Zebra pipeline secret";

async function ask(question: string, sessionId?: string) {
  const response = await callApi(testApp, world.members.viewer, "POST", `/projects/${world.projectId}/chat`, {
    question,
    ...(sessionId ? { session_id: sessionId } : {}),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const events = (await response.text())
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
  return Object.assign(events, { sessionId: response.headers.get("x-session-id")! });
}

beforeAll(async () => {
  fake = await startFakeProvider("openai");
  testApp = await createTestApp({
    OPENAI_API_KEY: "sk-instance-key-0001",
    OPENAI_BASE_URL: fake.baseUrl,
    AI_MAX_RETRIES: "0",
    AI_TIMEOUT_MS: "5000",
  });
  world = await createProjectWorld(testApp);
  await testApp.services.ai.service.saveRoute(world.ownerScope, {
    task: "project_analysis",
    modelRefs: ["openai:gpt-4o-mini"],
  });
  const items = testApp.services.projects.items;
  for (const input of [
    { type: "risk" as const, title: "Hosting vendor contract slips", probability: 5, impact: 4 },
    { type: "issue" as const, title: "Data migration blocked", status: "blocked" as const },
  ]) {
    const item = await items.create(world.ownerScope, world.projectId, input);
    codes.set(item.code, item.id);
  }
  const other = await testApp.services.projects.projects.create(world.ownerScope, { name: "Other" });
  await items.create(world.ownerScope, other.id, { type: "risk", title: OTHER_PROJECT_TITLE });
});

afterEach(() => fake.reset());
afterAll(async () => {
  await testApp?.close();
  await fake?.close();
});

describe("project chat with a language model", () => {
  it("sends the project's labelled sources and nothing of other projects", async () => {
    fake.script({ kind: "answer", text: "The top risk is [R-1]; see also I-1 and R-99." });
    const events = await ask("What are the top risks? Zebra?");
    const sent = JSON.stringify(fake.requests.at(-1)!.body);
    expect(sent).toContain(
      '[R-1] Hosting vendor contract slips\\nR-1 is a risk \\"Hosting vendor contract slips\\"',
    );
    expect(sent).toContain("[Summary] Apollo rollout");
    expect(sent).toContain("cite them by their bracketed labels");
    expect(sent).not.toContain("Zebra pipeline");

    expect(events.at(-1)).toEqual({
      type: "done",
      model: "gpt-4o-mini",
      provider: "openai",
      offline: false,
      fallback_used: false,
    });
    // R-99 is no item of the project: only real, visible items are cited.
    expect(events.find((event) => event.type === "citations")!.items).toEqual([
      { id: codes.get("R-1"), ref: "R-1", title: "Hosting vendor contract slips", type: "risk" },
      { id: codes.get("I-1"), ref: "I-1", title: "Data migration blocked", type: "issue" },
    ]);
  });

  it("continues a saved conversation from its turns, leaving out an answer that broke off", async () => {
    fake.script({ kind: "answer", text: "The hosting contract [R-1] is the top risk." });
    const { sessionId } = await ask("What is at risk?");
    fake.script({ kind: "die_mid_stream", text: "Half an answer" });
    await ask("What is blocked?", sessionId);
    fake.script({ kind: "answer", text: "Nobody yet." });
    await ask("Who owns it?", sessionId);

    const sent = JSON.stringify(fake.requests.at(-1)!.body);
    expect(sent).toContain("What is at risk?");
    expect(sent).toContain("The hosting contract [R-1] is the top risk.");
    expect(sent).not.toContain("What is blocked?");
    expect(sent).not.toContain("Half an answer");

    const response = await callApi(
      testApp,
      world.members.viewer,
      "GET",
      `/projects/${world.projectId}/chat/sessions/${sessionId}`,
    );
    const { data } = await response.json();
    expect(
      data.messages.map((message: { role: string; content: string; error: string | null }) => [
        message.role,
        message.content,
        message.error,
      ]),
    ).toEqual([
      ["user", "What is at risk?", null],
      ["assistant", "The hosting contract [R-1] is the top risk.", null],
      ["user", "What is blocked?", null],
      ["assistant", expect.stringContaining("Half"), "The answer broke off"],
      ["user", "Who owns it?", null],
      ["assistant", "Nobody yet.", null],
    ]);
    expect(data.messages[1]).toMatchObject({
      citations: [{ ref: "R-1", id: codes.get("R-1") }],
      answered_by: { model: "gpt-4o-mini", provider: "openai", offline: false },
    });
  });

  it("ends with an error line, and no citations or done, when the answer breaks off", async () => {
    fake.script({ kind: "die_mid_stream", text: "The first half of" });
    const events = await ask("What is blocked?");
    expect(events.map((event) => event.type).filter((type) => type !== "content")).toEqual(["error"]);
    expect(events.at(-1)).toEqual({ type: "error", message: "The answer broke off" });
  });
});
