// The Goals coach over HTTP, answered by the offline model (no provider is configured in
// tests): the JSON Lines contract, proposals persisted for the asker, and accepting,
// rejecting and undoing them through the normal Goals services.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoachChunk, parseJsonLines } from "../../../core/okr";
import { selectRows } from "../../db";
import { sendApi } from "../../testing/authorization";
import { anonymousHeaders, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import {
  api,
  createGoalsWorld,
  type GoalsWorld,
  goalsSnapshot,
  type SeededObjective,
  seedSharedObjective,
} from "./testing/world";

let testApp: TestApp;
let world: GoalsWorld;
let seeded: SeededObjective;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createGoalsWorld(testApp);
  seeded = await seedSharedObjective(world, "Win the region");
});

afterAll(async () => {
  await testApp.close();
});

async function ask(user: TestUser, body: unknown): Promise<{ response: Response; chunks: CoachChunk[] }> {
  const response = await sendApi(testApp, "POST", "/goals/coach", user.headers, body);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return { response, chunks: parseJsonLines(text) };
}

const ofType = <T extends CoachChunk["type"]>(chunks: CoachChunk[], type: T) =>
  chunks.filter((chunk): chunk is Extract<CoachChunk, { type: T }> => chunk.type === type);

const textOf = (chunks: CoachChunk[]) =>
  ofType(chunks, "content")
    .map((chunk) => chunk.text)
    .join("");

/** Asks for something the coach turns into exactly one proposal, and returns it. */
async function propose(user: TestUser, message: string) {
  const { chunks } = await ask(user, { message });
  const [actions] = ofType(chunks, "actions");
  expect(actions?.actions, textOf(chunks)).toHaveLength(1);
  return actions!.actions[0]!;
}

const decide = (user: TestUser, id: string, verb: "accept" | "reject" | "undo", expected = 200) =>
  api(testApp, user, "POST", `/goals/coach/actions/${id}/${verb}`, undefined, expected);

const auditActions = async (entityId: string) =>
  (
    await selectRows<{ action: string }>(
      testApp.database.handle.db,
      sql`select action from audit_events where entity_id = ${entityId} order by created_at`,
    )
  ).map((row) => row.action);

const actionRow = async (id: string) =>
  (
    await selectRows<{ status: string; error_code: string | null }>(
      testApp.database.handle.db,
      sql`select status, error_code from goal_coach_actions where id = ${id}`,
    )
  )[0];

describe("the coach's reply stream", () => {
  it("reviews the tree in JSON lines, ends with done, and records the AI call", async () => {
    const { response, chunks } = await ask(world.owner, { message: "How am I doing this quarter?" });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(new Set(chunks.map((chunk) => chunk.type))).toEqual(new Set(["content", "done"]));
    expect(ofType(chunks, "content").length).toBeGreaterThan(1);
    expect(textOf(chunks)).toMatch(/\*\*Q\d \d{4}\*\*: day \d+ of \d+\. 1 objective/);
    expect(chunks.at(-1)).toEqual({
      type: "done",
      model: expect.any(String),
      provider: expect.any(String),
      offline: true,
    });
    const interactions = await selectRows<{ feature: string; task: string; status: string }>(
      testApp.database.handle.db,
      sql`select feature, task, status from ai_interactions where user_id = ${world.owner.userId}`,
    );
    expect(interactions).toContainEqual({ feature: "goals_coach", task: "chat", status: "success" });
  });

  it("keeps a conversation's exchanges in one transcript session, named in x-session-id", async () => {
    const first = await ask(world.owner, { message: "How am I doing?" });
    const sessionId = first.response.headers.get("x-session-id");
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const second = await ask(world.owner, {
      message: "And what should I do next?",
      history: [
        { role: "user", content: "How am I doing?" },
        { role: "assistant", content: textOf(first.chunks) },
      ],
      session_id: sessionId,
    });
    expect(second.response.headers.get("x-session-id")).toBe(sessionId);
    const other = await ask(world.owner, { message: "Something else" });
    expect(other.response.headers.get("x-session-id")).not.toBe(sessionId);
    await testApp.services.ai.gateway.flush();
    const entries = await testApp.services.ai.transcripts.listSession(world.orgId, sessionId!);
    expect(entries.map((entry) => [entry.feature, entry.userId, entry.request.messages.length])).toEqual([
      ["goals_coach", world.owner.userId, 1],
      ["goals_coach", world.owner.userId, 3],
    ]);
    expect(entries[1]!.response.text).toBe(textOf(second.chunks).split("\n\n_")[0]);
  });

  it("asks for what an ambiguous request leaves out, and carries on with the answers", async () => {
    const { chunks } = await ask(world.owner, { message: "add a KR" });
    expect(ofType(chunks, "actions")).toEqual([]);
    expect(ofType(chunks, "req_more_info")).toEqual([
      {
        type: "req_more_info",
        question: expect.stringContaining("Which objective"),
        fields: ["objective", "title"],
      },
    ]);
    expect(chunks.at(-1)?.type).toBe("done");
    const history = [
      { role: "user", content: "add a KR" },
      { role: "assistant", content: textOf(chunks) },
      { role: "user", content: "Win the region" },
      { role: "assistant", content: "What should it be called?" },
    ];
    const { chunks: followUp } = await ask(world.owner, { message: "Open 3 offices", history });
    expect(ofType(followUp, "actions")[0]?.actions[0]).toMatchObject({
      kind: "create_key_result",
      target_id: seeded.objectiveId,
      payload: { title: "Open 3 offices", type: "numeric", start_value: 0, target_value: 3 },
    });
  });

  it("refuses bad input with the error envelope before streaming", async () => {
    const before = await goalsSnapshot(testApp);
    for (const body of [
      { message: "" },
      { message: "x".repeat(4001) },
      { message: "hi", history: Array.from({ length: 21 }, () => ({ role: "user", content: "x" })) },
      { message: "hi", history: [{ role: "system", content: "x" }] },
      { message: "hi", cycle_id: "not-a-uuid" },
      { message: "hi", extra: true },
    ]) {
      const response = await sendApi(testApp, "POST", "/goals/coach", world.owner.headers, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).error).toBe("VALIDATION_ERROR");
    }
    const unknownCycle = await sendApi(testApp, "POST", "/goals/coach", world.owner.headers, {
      message: "hi",
      cycle_id: "0193e0a4-0000-7000-8000-000000000000",
    });
    expect(unknownCycle.status).toBe(404);
    const anonymous = await sendApi(testApp, "POST", "/goals/coach", anonymousHeaders(testApp), {
      message: "hi",
    });
    expect(anonymous.status).toBe(401);
    const guest = await sendApi(testApp, "POST", "/goals/coach", world.guest.headers, { message: "hi" });
    expect(guest.status).toBe(403);
    expect(await goalsSnapshot(testApp)).toEqual(before);
  });
});

describe("the AI budget", () => {
  it("is checked before anything streams", async () => {
    await testApp.services.ai.service.saveUserBudget(world.adminScope, {
      userId: world.stranger.userId,
      monthlyLimitUsd: 0,
    });
    const response = await sendApi(testApp, "POST", "/goals/coach", world.stranger.headers, {
      message: "hi",
    });
    expect(response.status).toBe(402);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect((await response.json()).error).toBe("PAYMENT_REQUIRED");
  });
});

describe("the API document", () => {
  it("describes the coach endpoints", async () => {
    const document = await (await sendApi(testApp, "GET", "/openapi.json", world.owner.headers)).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/goals/coach",
        "/api/v1/goals/coach/actions/{id}/accept",
        "/api/v1/goals/coach/actions/{id}/reject",
        "/api/v1/goals/coach/actions/{id}/undo",
      ]),
    );
    expect(Object.keys(document.paths["/api/v1/goals/coach"].post.responses["200"].content)).toEqual([
      "application/x-ndjson",
    ]);
    expect(document.components.schemas).toHaveProperty("CoachAction");
    expect(document.components.schemas).toHaveProperty("CoachRequest");
  });
});

describe("deciding on proposals", () => {
  it("accepting a proposed task creates it through the Goals service, once", async () => {
    const action = await propose(world.owner, "add a task 'Draft pricing page' to KR Signed clients");
    expect(action).toEqual({
      id: expect.any(String),
      kind: "create_task",
      summary: "Add task “Draft pricing page” to “Signed clients”",
      target_id: seeded.keyResultId,
      payload: { title: "Draft pricing page" },
    });
    expect(await actionRow(action.id)).toEqual({ status: "proposed", error_code: null });

    const accepted = await decide(world.owner, action.id, "accept");
    const taskId = accepted.data.action.result_id as string;
    expect(accepted.data.action).toMatchObject({ id: action.id, status: "accepted", kind: "create_task" });
    expect(accepted.data._cacheUpdate.upsert.tasks).toEqual([
      expect.objectContaining({ id: taskId, title: "Draft pricing page", key_result_id: seeded.keyResultId }),
    ]);
    expect(await auditActions(taskId)).toEqual(["task.created"]);
    expect(await auditActions(action.id)).toEqual([
      "goal_coach_action.proposed",
      "goal_coach_action.accepted",
    ]);

    const before = await goalsSnapshot(testApp);
    const twice = await decide(world.owner, action.id, "accept", 409);
    expect(twice.error).toBe("CONFLICT");
    await decide(world.owner, action.id, "reject", 409);
    expect(await goalsSnapshot(testApp)).toEqual(before);

    const undone = await decide(world.owner, action.id, "undo");
    expect(undone.data.action).toMatchObject({ status: "undone", undone_at: expect.any(String) });
    expect(undone.data._cacheUpdate.remove.tasks).toEqual([taskId]);
    expect(await auditActions(taskId)).toEqual(["task.created", "task.deleted"]);
    await decide(world.owner, action.id, "undo", 409);
  });

  it("rejecting changes nothing in the tree", async () => {
    const action = await propose(world.owner, "create an objective 'Improve onboarding'");
    const before = await goalsSnapshot(testApp);
    const rejected = await decide(world.owner, action.id, "reject");
    expect(rejected.data.action).toMatchObject({ status: "rejected", decided_at: expect.any(String) });
    expect(await goalsSnapshot(testApp)).toEqual(before);
    await decide(world.owner, action.id, "accept", 409);
    expect(await auditActions(action.id)).toEqual([
      "goal_coach_action.proposed",
      "goal_coach_action.rejected",
    ]);
  });

  it("creates an objective in the coached cycle, and undo removes it", async () => {
    const action = await propose(world.owner, "create an objective 'Improve onboarding'");
    expect(action).toMatchObject({
      kind: "create_objective",
      target_id: null,
      payload: { title: "Improve onboarding" },
    });
    const accepted = await decide(world.owner, action.id, "accept");
    const objectiveId = accepted.data.action.result_id as string;
    const tree = await api(testApp, world.owner, "GET", "/goals/tree");
    expect(tree.data.objectives.map((objective: { id: string }) => objective.id)).toContain(objectiveId);
    expect(tree.data.cycle.id).toBe(action.payload.cycle_id);
    await decide(world.owner, action.id, "undo");
    const after = await api(testApp, world.owner, "GET", "/goals/tree");
    expect(after.data.objectives.map((objective: { id: string }) => objective.id)).not.toContain(objectiveId);
  });

  it("a check-in moves the key result, and undo puts it back (the check-in is soft-deleted)", async () => {
    const action = await propose(world.owner, "check in 4 on Signed clients with confidence 70%");
    expect(action).toMatchObject({
      kind: "check_in",
      target_id: seeded.keyResultId,
      payload: { value: 4, confidence: 0.7 },
    });
    const readKeyResult = async () =>
      (
        await selectRows<{ current_value: number; confidence: number | null; last_check_in_at: Date | null }>(
          testApp.database.handle.db,
          sql`select current_value, confidence, last_check_in_at from key_results where id = ${seeded.keyResultId}`,
        )
      )[0]!;
    const before = await readKeyResult();
    const accepted = await decide(world.owner, action.id, "accept");
    expect(await readKeyResult()).toMatchObject({ current_value: 4, confidence: 0.7 });
    expect(await auditActions(accepted.data.action.result_id)).toEqual(["check_in.created"]);
    await decide(world.owner, action.id, "undo");
    expect(await readKeyResult()).toEqual(before);
    // Deletes of user content are soft: the row stays, out of the history and out of the week's way.
    const checkIns = await selectRows<{ id: string; deleted: boolean }>(
      testApp.database.handle.db,
      sql`select id, deleted_at is not null as deleted from check_ins where key_result_id = ${seeded.keyResultId}`,
    );
    expect(checkIns).toEqual([{ id: accepted.data.action.result_id, deleted: true }]);
    const path = `/goals/key-results/${seeded.keyResultId}/check-ins`;
    expect((await api(testApp, world.owner, "GET", path)).data).toEqual([]);
    const again = await api(testApp, world.owner, "POST", path, { value: 5 });
    expect(again.data.id).not.toBe(accepted.data.action.result_id);
  });

  it("marking a task done is undone by restoring its status", async () => {
    const action = await propose(world.owner, "mark task Call the shortlist done");
    expect(action).toMatchObject({
      kind: "update_task",
      target_id: seeded.taskId,
      payload: { status: "done" },
    });
    await decide(world.owner, action.id, "accept");
    const status = async () =>
      (
        await selectRows<{ status: string }>(
          testApp.database.handle.db,
          sql`select status from goal_tasks where id = ${seeded.taskId}`,
        )
      )[0]!.status;
    expect(await status()).toBe("done");
    await decide(world.owner, action.id, "undo");
    expect(await status()).toBe("todo");
  });

  it("only the person an action was proposed to can see it", async () => {
    const action = await propose(world.owner, "add a task 'Book the venue' to KR Signed clients");
    const before = await goalsSnapshot(testApp);
    for (const user of [world.editor, world.stranger, world.outsider]) {
      for (const verb of ["accept", "reject", "undo"] as const) {
        const refused = await decide(user, action.id, verb, 404);
        expect(refused.error).toBe("NOT_FOUND");
      }
    }
    await decide(world.owner, "0193e0a4-0000-7000-8000-000000000000", "accept", 404);
    expect(await goalsSnapshot(testApp)).toEqual(before);
    expect(await actionRow(action.id)).toEqual({ status: "proposed", error_code: null });
  });

  it("is authorised when accepted: edit access lost since the proposal fails cleanly", async () => {
    const action = await propose(world.editor, "add a task 'Prepare the pitch' to KR Signed clients");
    const shares = await api(testApp, world.owner, "GET", `/goals/objectives/${seeded.objectiveId}/shares`);
    const editorShare = shares.data.find(
      (share: { user_id: string }) => share.user_id === world.editor.userId,
    );
    await api(
      testApp,
      world.owner,
      "DELETE",
      `/goals/objectives/${seeded.objectiveId}/shares/${editorShare.id}`,
      undefined,
      200,
    );
    await api(testApp, world.owner, "POST", `/goals/objectives/${seeded.objectiveId}/shares`, {
      user_id: world.editor.userId,
      permission: "view",
    });

    const before = await goalsSnapshot(testApp);
    const refused = await decide(world.editor, action.id, "accept", 403);
    expect(refused.error).toBe("FORBIDDEN");
    expect(await goalsSnapshot(testApp)).toEqual(before);
    expect(await actionRow(action.id)).toEqual({ status: "failed", error_code: "FORBIDDEN" });
    expect(await auditActions(action.id)).toEqual(["goal_coach_action.proposed", "goal_coach_action.failed"]);
    // The offline coach no longer offers changes to what the editor may only view.
    const { chunks } = await ask(world.editor, {
      message: "add a task 'Prepare the pitch' to KR Signed clients",
    });
    expect(ofType(chunks, "actions")).toEqual([]);
    expect(textOf(chunks)).toContain("but not change it");
  });
});
