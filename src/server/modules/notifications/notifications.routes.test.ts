// Notifications: the list with its unread count, read/unread, and the live SSE stream with
// resume by Last-Event-ID.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { api, createGoalsWorld, type GoalsWorld } from "../goals/testing/world";

let testApp: TestApp;
let world: GoalsWorld;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createGoalsWorld(testApp);
});
afterAll(async () => {
  await testApp.close();
});

/** Shares a new objective of the owner with `user`: one "share" notification for them. */
async function shareWith(user: TestUser, title = "Shared with you") {
  const objective = await api(testApp, world.owner, "POST", "/goals/objectives", { title });
  await api(testApp, world.owner, "POST", `/goals/objectives/${objective.data.id}/shares`, {
    user_id: user.userId,
    permission: "view",
  });
  return objective.data.id as string;
}

const unread = async (user: TestUser) =>
  (await api(testApp, user, "GET", "/notifications/unread-count")).data.unread as number;

describe("notifications", () => {
  it("lists newest first, counts unread, and marks read, unread and all read", async () => {
    const user = world.editor;
    const base = await unread(user);
    await shareWith(user, "First");
    await shareWith(user, "Second");
    expect(await unread(user)).toBe(base + 2);

    const list = await api(testApp, user, "GET", "/notifications?unread=true");
    expect(list.data[0]).toMatchObject({
      kind: "share",
      read: false,
      payload: { objective_title: "Second" },
    });
    const newest = list.data[0].id as string;

    const read = await api(testApp, user, "PATCH", `/notifications/${newest}`, { read: true });
    expect(read.data).toMatchObject({ id: newest, read: true });
    expect(await unread(user)).toBe(base + 1);
    const again = await api(testApp, user, "PATCH", `/notifications/${newest}`, { read: false });
    expect(again.data.read_at).toBeNull();
    expect(await unread(user)).toBe(base + 2);

    // Someone else's notification does not exist for you.
    await api(testApp, world.viewer, "PATCH", `/notifications/${newest}`, { read: true }, 404);
    await api(testApp, user, "PATCH", `/notifications/${newest}`, { read: "yes" }, 400);

    const all = await api(testApp, user, "POST", "/notifications/read-all", undefined, 200);
    expect(all.data.updated).toBe(base + 2);
    expect(await unread(user)).toBe(0);
  });
});

/** Reads an SSE response until `count` events arrived; returns them and the raw text. */
async function readEvents(response: Response, count: number, trigger?: () => Promise<unknown>) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const events: {
    id: string;
    event: string;
    data: { id: string; kind: string; payload: Record<string, string> };
  }[] = [];
  let triggered = false;
  while (events.length < count) {
    if (!triggered && trigger && text.includes("retry:")) {
      triggered = true;
      void trigger();
    }
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    events.length = 0;
    for (const block of text.split("\n\n")) {
      const fields: Record<string, string> = Object.fromEntries(
        block
          .split("\n")
          .filter((line) => line && !line.startsWith(":"))
          .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
      );
      if (fields.event && fields.id && fields.data) {
        events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
      }
    }
  }
  await reader.cancel();
  return { events, text };
}

describe("GET /events", () => {
  it("pushes new notifications live, and replays what was missed after Last-Event-ID", async () => {
    const user = world.groupEditor;
    const live = await testApp.app.request("/api/v1/events", { headers: { cookie: user.cookie } });
    expect(live.status).toBe(200);
    expect(live.headers.get("content-type")).toContain("text/event-stream");
    const first = await readEvents(live, 1, () => shareWith(user, "Live one"));
    expect(first.text).toContain("retry: 5000");
    const [event] = first.events;
    expect(event).toMatchObject({ event: "notification", data: { kind: "share" } });
    expect(event!.id).toBe(event!.data.id);

    // While the tab was away: two more.
    await shareWith(user, "Missed one");
    await shareWith(user, "Missed two");
    const resumed = await testApp.app.request("/api/v1/events", {
      headers: { cookie: user.cookie, "last-event-id": event!.id },
    });
    const replay = await readEvents(resumed, 2);
    expect(replay.events.map((row) => row.data.payload.objective_title)).toEqual([
      "Missed one",
      "Missed two",
    ]);
    expect(replay.events.every((row) => row.id > event!.id)).toBe(true);
  });

  it("needs a session", async () => {
    expect((await testApp.app.request("/api/v1/events")).status).toBe(401);
  });
});
