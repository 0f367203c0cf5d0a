// Notifications: the list with its unread count, read/unread, the live SSE stream with resume
// by Last-Event-ID, mail sent after the request (a few at a time, retried), and per-person mail
// settings.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db";
import type { Mail, Mailer } from "../../mail/mailer";
import type { TestUser } from "../../testing/factories";
import { createTestApp, silentLogger, type TestApp } from "../../testing/test-app";
import { api, createGoalsWorld, type GoalsWorld } from "../goals/testing/world";
import { MAIL_CONCURRENCY, MAIL_RETRY_DELAYS_MS } from "./mail-queue";
import { createNotificationsService, type NotificationDraft } from "./notifications.service";

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

/** A mailer whose sends wait for `release()`, or fail while `failing` is set. */
function controlledMailer() {
  const sent: Mail[] = [];
  const started: Mail[] = [];
  let release: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const mailer: Mailer & { failing: boolean } = {
    transport: "smtp",
    outboxDir: null,
    failing: false,
    async send(mail) {
      started.push(mail);
      await gate;
      if (mailer.failing) throw new Error("421 service not available");
      sent.push(mail);
    },
  };
  return {
    mailer,
    sent,
    started,
    release: () => release(),
    hold: () => {
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  };
}

const shareDraft = (recipient: TestUser, title: string): NotificationDraft => ({
  kind: "share",
  recipientId: recipient.userId,
  payload: {
    actor_id: world.owner.userId,
    actor_name: world.owner.name,
    objective_id: "0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90",
    objective_title: title,
    permission: "view",
    group_id: null,
    group_name: null,
    link: "/goals",
  },
});

const mailStates = (title: string) =>
  selectRows<{ mail_status: string | null; mail_attempts: number }>(
    testApp.database.handle.db,
    sql`select mail_status, mail_attempts from notifications
        where payload->>'objective_title' = ${title} order by id`,
  );

async function until(condition: () => boolean) {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("notification mail", () => {
  // The app's own queue must not pick up these mails before the controlled one does.
  beforeAll(() => testApp.services.notifications.sendDueMail());

  it("is sent after the change commits, a few at a time, so a slow mail server holds up nothing", async () => {
    const control = controlledMailer();
    const service = createNotificationsService({
      db: testApp.database.handle.db,
      mailer: control.mailer,
      logger: silentLogger(),
      publicUrl: testApp.config.publicUrl,
    });
    const people = [world.editor, world.viewer, world.groupEditor, world.stranger, world.guest, world.admin];
    // The change (a group share, say) returns while not one mail has gone out.
    const result = await service.transaction(world.ownerScope, async (_tx, notify) => {
      await notify(people.map((person) => shareDraft(person, "Slow server")));
      return "committed";
    });
    expect(result).toBe("committed");
    expect(control.sent).toEqual([]);
    expect((await mailStates("Slow server")).every((row) => row.mail_status === "pending")).toBe(true);
    // Mails go out side by side, not one after another.
    await until(() => control.started.length === MAIL_CONCURRENCY);
    control.release();
    await service.sendDueMail();
    expect(control.sent.map((mail) => mail.to).sort()).toEqual(people.map((person) => person.email).sort());
    expect(await mailStates("Slow server")).toEqual(
      people.map(() => ({ mail_status: "sent", mail_attempts: 1 })),
    );
  });

  it("retries a failed mail with backoff, then marks it failed", async () => {
    const control = controlledMailer();
    control.mailer.failing = true;
    control.release();
    const service = createNotificationsService({
      db: testApp.database.handle.db,
      mailer: control.mailer,
      logger: silentLogger(),
      publicUrl: testApp.config.publicUrl,
    });
    await service.transaction(world.ownerScope, (_tx, notify) =>
      notify([shareDraft(world.editor, "Flaky server")]),
    );
    await service.sendDueMail();
    expect(await mailStates("Flaky server")).toEqual([{ mail_status: "pending", mail_attempts: 1 }]);
    // Not due again until the first delay has passed.
    expect(await service.sendDueMail()).toBe(0);
    let at = Date.now();
    for (const delay of MAIL_RETRY_DELAYS_MS) {
      at += delay + 1_000;
      expect(await service.sendDueMail(new Date(at))).toBe(1);
    }
    expect(await mailStates("Flaky server")).toEqual([{ mail_status: "failed", mail_attempts: 5 }]);
    expect(await service.sendDueMail(new Date(at + 86_400_000))).toBe(0);
    expect(control.sent).toEqual([]);
  });
});

describe("notification settings", () => {
  it("choose per kind what is mailed; in the app everything still arrives", async () => {
    const user = world.viewer;
    const defaults = await api(testApp, user, "GET", "/notifications/settings");
    expect(defaults.data.email).toEqual({
      mention: true,
      comment: true,
      share: true,
      transfer: true,
      check_in_reminder: true,
    });
    const saved = await api(testApp, user, "PATCH", "/notifications/settings", { email: { share: false } });
    expect(saved.data.email).toMatchObject({ share: false, mention: true });
    const [audit] = await selectRows<{ before: unknown; after: unknown }>(
      testApp.database.handle.db,
      sql`select before, after from audit_events where action = 'notification_settings.updated'
          and actor_user_id = ${user.userId} order by id desc limit 1`,
    );
    expect(audit).toMatchObject({ before: { email: { share: true } }, after: { email: { share: false } } });

    const before = await unread(user);
    await shareWith(user, "Muted by mail");
    expect(await unread(user)).toBe(before + 1);
    expect(await mailStates("Muted by mail")).toEqual([{ mail_status: null, mail_attempts: 0 }]);

    // Bad input changes nothing: unknown kinds (an in-app-only one among them), non-booleans.
    for (const email of [{ ai_budget_alert: true }, { share: "no" }, { shares: false }]) {
      await api(testApp, user, "PATCH", "/notifications/settings", { email }, 400);
    }
    expect((await api(testApp, user, "GET", "/notifications/settings")).data.email.share).toBe(false);
    await api(testApp, user, "PATCH", "/notifications/settings", { email: { share: true } });
    await shareWith(user, "Mailed again");
    expect((await mailStates("Mailed again"))[0]!.mail_status).not.toBeNull();
  });

  it("are per person: another member's settings are their own", async () => {
    await api(testApp, world.editor, "PATCH", "/notifications/settings", { email: { mention: false } });
    expect((await api(testApp, world.groupEditor, "GET", "/notifications/settings")).data.email.mention).toBe(
      true,
    );
    expect((await testApp.app.request("/api/v1/notifications/settings")).status).toBe(401);
  });
});
