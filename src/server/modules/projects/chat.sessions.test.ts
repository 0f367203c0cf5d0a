// Saved project chat sessions: a conversation is kept server-side, listed, reopened, continued
// and deleted by its asker alone — not by other members, not by the org's owner, not by
// another org, and not by a query that forgets its WHERE clause (row-level security).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, selectRows } from "../../db";
import type { TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { sessionTitle } from "./chat.service";
import { callApi, createProjectWorld, okJson, type ProjectWorld } from "./testing/fixtures";

let testApp: TestApp;
let world: ProjectWorld;
let asker: TestUser;

const p = (suffix = "") => `/projects/${world.projectId}${suffix}`;

/** Asks a question (continuing `sessionId` when given), reads the whole answer, returns the session. */
async function ask(user: TestUser, question: string, sessionId?: string) {
  const response = await callApi(testApp, user, "POST", p("/chat"), {
    question,
    ...(sessionId ? { session_id: sessionId } : {}),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const lines = (await response.text())
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string });
  expect(lines.at(-1)!.type).toBe("done");
  return response.headers.get("x-session-id")!;
}

async function rowsSeenBy(userId: string | null, orgId: string) {
  return inTenant(testApp.database.handle.db, { orgId, userId }, async (tx) => ({
    sessions: await selectRows<{ id: string }>(tx, sql`select id from project_chat_sessions`),
    messages: await selectRows<{ id: string }>(tx, sql`select id from project_chat_messages`),
  }));
}

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createProjectWorld(testApp);
  asker = world.members.team_member;
  await testApp.services.projects.items.create(world.ownerScope, world.projectId, {
    type: "risk",
    title: "Hosting vendor contract slips",
    probability: 5,
    impact: 4,
  });
});
afterAll(() => testApp.close());

describe("saved chat sessions", () => {
  it("keeps a conversation, lists it, reopens it and continues it from its own turns", async () => {
    const sessionId = await ask(asker, "What are the top risks?");
    const listed = await okJson(await callApi(testApp, asker, "GET", p("/chat/sessions")));
    expect(listed.meta.total).toBe(1);
    expect(listed.data[0]).toMatchObject({
      id: sessionId,
      title: "What are the top risks?",
      message_count: 2,
    });

    expect(await ask(asker, "Who owns R-1?", sessionId)).toBe(sessionId);
    const { data: session } = await okJson(
      await callApi(testApp, asker, "GET", p(`/chat/sessions/${sessionId}`)),
    );
    expect(session.messages.map((message: { role: string }) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(session.messages[0].content).toBe("What are the top risks?");
    const answer = session.messages[1];
    expect(answer).toMatchObject({
      role: "assistant",
      error: null,
      answered_by: { offline: true, fallback_used: false },
    });
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.citations).toContainEqual(expect.objectContaining({ ref: "R-1", type: "risk" }));

    // A second conversation comes first once it is the most recently continued.
    const later = await ask(asker, "What is late?");
    const again = await okJson(await callApi(testApp, asker, "GET", p("/chat/sessions")));
    expect(again.data.map((row: { id: string }) => row.id)).toEqual([later, sessionId]);
  });

  it("is its asker's alone: other members, the org owner and other orgs get 404", async () => {
    const sessionId = await ask(asker, "Anything blocked?");
    const path = p(`/chat/sessions/${sessionId}`);
    for (const other of [world.members.admin, world.members.viewer, world.owner, world.orgAdmin]) {
      expect((await callApi(testApp, other, "GET", path)).status).toBe(404);
      expect((await callApi(testApp, other, "DELETE", path)).status).toBe(404);
      const continued = await callApi(testApp, other, "POST", p("/chat"), {
        question: "And now?",
        session_id: sessionId,
      });
      expect(continued.status).toBe(404);
      const listed = await okJson(await callApi(testApp, other, "GET", p("/chat/sessions")));
      expect(listed.data.map((row: { id: string }) => row.id)).not.toContain(sessionId);
    }
    for (const outsider of [world.outsider, world.stranger]) {
      expect((await callApi(testApp, outsider, "GET", path)).status).toBe(404);
      expect((await callApi(testApp, outsider, "GET", p("/chat/sessions"))).status).toBe(404);
    }
    expect((await callApi(testApp, null, "GET", p("/chat/sessions"))).status).toBe(401);
    // Still whole for its asker.
    const { data } = await okJson(await callApi(testApp, asker, "GET", path));
    expect(data.messages).toHaveLength(2);
  });

  it("is hidden by row-level security from every other person and org, whatever the query", async () => {
    await ask(asker, "What changed this week?");
    const mine = await rowsSeenBy(asker.userId, world.orgId);
    const [everything] = await selectRows<{ sessions: number; messages: number }>(
      testApp.database.handle.db,
      sql`select (select count(*)::int from project_chat_sessions where user_id = ${asker.userId}) as sessions,
        (select count(*)::int from project_chat_messages) as messages`,
    );
    expect(mine.sessions.length).toBeGreaterThan(0);
    expect({ sessions: mine.sessions.length, messages: mine.messages.length }).toEqual(everything);
    for (const [userId, orgId] of [
      [world.owner.userId, world.orgId],
      [world.members.admin.userId, world.orgId],
      [null, world.orgId],
      [asker.userId, world.outsiderOrgId],
    ] as const) {
      expect(await rowsSeenBy(userId, orgId)).toEqual({ sessions: [], messages: [] });
    }
    // Nor can anyone write into someone else's session.
    const [session] = mine.sessions;
    const smuggle = inTenant(
      testApp.database.handle.db,
      { orgId: world.orgId, userId: world.owner.userId },
      (tx) =>
        tx.execute(
          sql`insert into project_chat_messages (id, org_id, session_id, role, content)
            values (gen_random_uuid(), ${world.orgId}, ${session!.id}, 'user', 'smuggled')`,
        ),
    );
    await expect(smuggle).rejects.toThrow();
  });

  it("deletes a conversation with all its turns, audited without what was asked", async () => {
    const sessionId = await ask(asker, "Summarise the budget");
    const path = p(`/chat/sessions/${sessionId}`);
    expect((await callApi(testApp, asker, "DELETE", path)).status).toBe(204);
    expect((await callApi(testApp, asker, "GET", path)).status).toBe(404);
    expect((await callApi(testApp, asker, "DELETE", path)).status).toBe(404);
    const [left] = await selectRows<{ count: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as count from project_chat_messages where session_id = ${sessionId}`,
    );
    expect(left!.count).toBe(0);
    const [audit] = await selectRows<{ actor_user_id: string; before: unknown }>(
      testApp.database.handle.db,
      sql`select actor_user_id, before from audit_events where action = 'project.chat_session_deleted' order by created_at desc limit 1`,
    );
    expect(audit).toEqual({ actor_user_id: asker.userId, before: { sessionId, messages: 2 } });
  });

  it("refuses a session and a history together, and unknown sessions, saving nothing", async () => {
    const sessionId = await ask(asker, "Where are we?");
    const both = await callApi(testApp, asker, "POST", p("/chat"), {
      question: "And?",
      session_id: sessionId,
      history: [{ role: "user", content: "Earlier" }],
    });
    expect(both.status).toBe(400);
    const unknown = await callApi(testApp, asker, "POST", p("/chat"), {
      question: "And?",
      session_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(404);
    const { data } = await okJson(await callApi(testApp, asker, "GET", p(`/chat/sessions/${sessionId}`)));
    expect(data.messages).toHaveLength(2);
  });

  it("starts a session from a history sent along, and titles it by its first question", async () => {
    const response = await callApi(testApp, asker, "POST", p("/chat"), {
      question: "And what about the vendor?",
      history: [
        { role: "user", content: "What is at risk?" },
        { role: "assistant", content: "The hosting contract [R-1]." },
      ],
    });
    await response.text();
    const sessionId = response.headers.get("x-session-id")!;
    const { data } = await okJson(await callApi(testApp, asker, "GET", p(`/chat/sessions/${sessionId}`)));
    expect(data.messages.map((message: { content: string }) => message.content).slice(0, 3)).toEqual([
      "What is at risk?",
      "The hosting contract [R-1].",
      "And what about the vendor?",
    ]);
    expect(data.title).toBe("And what about the vendor?");
    expect(sessionTitle(`  Why\n is ${"x".repeat(100)}`)).toMatch(/^Why is x+…$/);
    expect(sessionTitle(`Why ${"x".repeat(100)}`)).toHaveLength(80);
  });
});
