// The Goals API end to end: the tree with its ETag and cache updates, sharing (directly and
// through groups), check-ins with history, time blocks and their calendar feed, the weekly
// reminder job, and isolation between orgs.

import { sql } from "drizzle-orm";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../../core/calendar";
import { createApp } from "../../app";
import { inTenant, selectRows } from "../../db";
import { objectives as objectivesTable } from "../../db/schema";
import { sendApi } from "../../testing/authorization";
import type { TestUser } from "../../testing/factories";
import { createTestApp, silentLogger, type TestApp } from "../../testing/test-app";
import { api, createGoalsWorld, type GoalsWorld, goalsSnapshot, seedSharedObjective } from "./testing/world";

let testApp: TestApp;
let world: GoalsWorld;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createGoalsWorld(testApp);
});
afterAll(async () => {
  await testApp.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tree bodies are read loosely
const treeIds = (body: any) => body.data.objectives.map((objective: { id: string }) => objective.id);

describe("GET /goals/tree", () => {
  it("holds own and shared objectives with their key results and tasks, each with the caller's access", async () => {
    const seeded = await seedSharedObjective(world, "Tree objective");
    for (const [user, access] of [
      [world.owner, "owner"],
      [world.editor, "edit"],
      [world.groupEditor, "edit"],
      [world.viewer, "view"],
    ] as const) {
      const tree = await api(testApp, user, "GET", "/goals/tree");
      const node = tree.data.objectives.find(
        (objective: { id: string }) => objective.id === seeded.objectiveId,
      );
      expect(node, user.name).toMatchObject({ access, title: "Tree objective" });
      expect(node.key_results[0]).toMatchObject({ id: seeded.keyResultId, target_value: 10 });
      expect(node.key_results[0].tasks[0]).toMatchObject({ id: seeded.taskId, status: "todo" });
    }
    const strangers = await api(testApp, world.stranger, "GET", "/goals/tree");
    expect(treeIds(strangers)).not.toContain(seeded.objectiveId);
  });

  it("answers 304 to a current ETag, and 200 with a new one after any goals write", async () => {
    const first = await sendApi(testApp, "GET", "/goals/tree", world.owner.headers);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"\d+-/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const again = await sendApi(testApp, "GET", "/goals/tree", {
      ...world.owner.headers,
      "if-none-match": etag,
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");

    // Another tab without the ETag gets the same tree (served from the body cache).
    const body = await first.text();
    expect(await (await sendApi(testApp, "GET", "/goals/tree", world.owner.headers)).text()).toBe(body);

    await api(testApp, world.owner, "POST", "/goals/objectives", { title: "Something new" });
    const after = await sendApi(testApp, "GET", "/goals/tree", {
      ...world.owner.headers,
      "if-none-match": etag,
    });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(JSON.parse(await after.text()).data.objectives.map((o: { title: string }) => o.title)).toContain(
      "Something new",
    );
  });

  it("returns a _cacheUpdate whose patch gives the tree (and ETag) the server then serves", async () => {
    const seeded = await seedSharedObjective(world, "Cache objective");
    const before = await sendApi(testApp, "GET", "/goals/tree", world.editor.headers);
    const cached = await before.json();

    const write = await api(
      testApp,
      world.editor,
      "POST",
      `/goals/key-results/${seeded.keyResultId}/check-ins`,
      {
        value: 5,
        confidence: 0.8,
        note: "Halfway",
      },
    );
    const update = write._cacheUpdate;
    expect(update.revision).toBe(cached.data.revision + 1);
    expect(update.upsert.objectives.map((o: { id: string }) => o.id)).toEqual([seeded.objectiveId]);
    expect(update.upsert.key_results).toContainEqual(
      expect.objectContaining({ id: seeded.keyResultId, current_value: 5, confidence: 0.8, progress: 0.5 }),
    );
    expect(update.remove).toEqual({ objectives: [], key_results: [], tasks: [] });

    const now = await sendApi(testApp, "GET", "/goals/tree", world.editor.headers);
    expect(now.headers.get("etag")).toBe(update.etag);
    const served = (await now.json()).data.objectives.find(
      (o: { id: string }) => o.id === seeded.objectiveId,
    );
    expect(served.progress).toBe(update.upsert.objectives[0].progress);
    expect(served.key_results[0]).toMatchObject(update.upsert.key_results[0]);

    const removed = await api(testApp, world.editor, "DELETE", `/goals/tasks/${seeded.taskId}`);
    expect(removed._cacheUpdate.remove.tasks).toEqual([seeded.taskId]);
  });

  it("reuses the nodes a write did not touch: after every kind of write the tree equals one built from scratch", async () => {
    const seeded = await seedSharedObjective(world, "Node cache objective");
    const other = await seedSharedObjective(world, "Untouched neighbour");
    const people = [world.owner, world.editor, world.viewer, world.groupEditor];
    // Build every node once, so each later read mixes reused and rebuilt nodes.
    for (const user of people) await api(testApp, user, "GET", "/goals/tree");
    const expectFreshTrees = async (step: string) => {
      const fresh = { ...testApp, ...createApp({ ...testApp.deps, logger: silentLogger() }) };
      for (const user of people) {
        const warm = await (await sendApi(testApp, "GET", "/goals/tree", user.headers)).text();
        const cold = await (await sendApi(fresh, "GET", "/goals/tree", user.headers)).text();
        expect(warm, `${step}, as ${user.name}`).toBe(cold);
      }
    };
    const cycleId = (await api(testApp, world.owner, "GET", "/goals/tree")).data.cycle.id;
    const cycle = (await api(testApp, world.admin, "GET", `/goals/cycles/${cycleId}`)).data;
    const writes: [string, () => Promise<unknown>][] = [
      [
        "check-in",
        () =>
          api(testApp, world.editor, "POST", `/goals/key-results/${seeded.keyResultId}/check-ins`, {
            value: 3,
          }),
      ],
      [
        "task done",
        () => api(testApp, world.editor, "PATCH", `/goals/tasks/${seeded.taskId}`, { status: "done" }),
      ],
      [
        "key result edit",
        () =>
          api(testApp, world.owner, "PATCH", `/goals/key-results/${seeded.keyResultId}`, {
            target_value: 12,
          }),
      ],
      [
        "objective edit",
        () =>
          api(testApp, world.owner, "PATCH", `/goals/objectives/${seeded.objectiveId}`, { title: "Renamed" }),
      ],
      [
        "share revoked",
        async () => {
          const shares = (
            await api(testApp, world.owner, "GET", `/goals/objectives/${other.objectiveId}/shares`)
          ).data;
          const viewerShare = shares.find(
            (share: { user_id?: string }) => share.user_id === world.viewer.userId,
          );
          await api(
            testApp,
            world.owner,
            "DELETE",
            `/goals/objectives/${other.objectiveId}/shares/${viewerShare.id}`,
          );
        },
      ],
      ["task deleted", () => api(testApp, world.owner, "DELETE", `/goals/tasks/${seeded.taskId}`)],
      [
        "task restored",
        () => api(testApp, world.owner, "POST", `/goals/tasks/${seeded.taskId}/restore`, undefined, 200),
      ],
      [
        "cycle dates moved",
        () =>
          api(testApp, world.admin, "PATCH", `/goals/cycles/${cycleId}`, {
            end_date: addDays(cycle.end_date, 7),
          }),
      ],
    ];
    for (const [step, write] of writes) {
      await write();
      await expectFreshTrees(step);
    }
  });

  it("drops an objective from the tree of someone who left the group it was shared with", async () => {
    const seeded = await seedSharedObjective(world, "Group objective");
    const member = await api(testApp, world.groupEditor, "GET", `/goals/objectives/${seeded.objectiveId}`);
    expect(member.data.access).toBe("edit");
    await testApp.services.groups.removeMember(world.adminScope, world.groupId, world.groupEditor.userId);
    try {
      await api(testApp, world.groupEditor, "GET", `/goals/objectives/${seeded.objectiveId}`, undefined, 404);
      expect(treeIds(await api(testApp, world.groupEditor, "GET", "/goals/tree"))).not.toContain(
        seeded.objectiveId,
      );
    } finally {
      await testApp.services.groups.addMember(world.adminScope, world.groupId, world.groupEditor.userId);
    }
  });
});

describe("check-ins", () => {
  it("keeps one entry per week, a history, and edits that mark the entry edited", async () => {
    const { keyResultId } = await seedSharedObjective(world, "Check-in objective");
    const first = await api(testApp, world.owner, "POST", `/goals/key-results/${keyResultId}/check-ins`, {
      value: 2,
      confidence: 0.5,
      note: "Slow start",
    });
    const again = await api(
      testApp,
      world.owner,
      "POST",
      `/goals/key-results/${keyResultId}/check-ins`,
      { value: 3, note: "Better" },
      200,
    );
    expect(again.data.id).toBe(first.data.id);
    const lastWeek = await api(testApp, world.owner, "POST", `/goals/key-results/${keyResultId}/check-ins`, {
      value: 1,
      week_start: shiftMonday(first.data.week_start, -7),
    });
    const history = await api(testApp, world.viewer, "GET", `/goals/key-results/${keyResultId}/check-ins`);
    expect(history.data.map((row: { value: number }) => row.value)).toEqual([3, 1]);
    expect(history.meta.total).toBe(2);

    // Correcting last week does not wind the key result back.
    const edited = await api(testApp, world.editor, "PATCH", `/goals/check-ins/${lastWeek.data.id}`, {
      value: 1.5,
      note: "Recounted",
    });
    expect(edited.data).toMatchObject({ value: 1.5, note: "Recounted" });
    expect(edited.data.edited_at).not.toBeNull();
    expect(edited._cacheUpdate.upsert.key_results[0].current_value).toBe(3);

    await api(testApp, world.viewer, "PATCH", `/goals/check-ins/${lastWeek.data.id}`, { value: 9 }, 403);
    await api(testApp, world.stranger, "PATCH", `/goals/check-ins/${lastWeek.data.id}`, { value: 9 }, 404);
    await api(
      testApp,
      world.owner,
      "POST",
      `/goals/key-results/${keyResultId}/check-ins`,
      { value: 1, week_start: "2026-11-24" },
      400,
    );
  });

  it("names the author in the answer, and refuses a week outside the key result's cycle", async () => {
    const cycle = await testApp.services.goals.cycles.create(world.adminScope, {
      name: "Early 2025",
      start_date: "2025-01-08",
      end_date: "2025-03-31",
    });
    const objective = await api(testApp, world.owner, "POST", "/goals/objectives", {
      title: "Last year's goal",
      cycle_id: cycle.value.id,
    });
    const keyResult = await api(
      testApp,
      world.owner,
      "POST",
      `/goals/objectives/${objective.data.id}/key-results`,
      {
        title: "Deals",
        type: "numeric",
        target_value: 5,
      },
    );
    const path = `/goals/key-results/${keyResult.data.id}/check-ins`;
    const before = await goalsSnapshot(testApp);
    // This week is long after the cycle: the default week is refused with the weeks that would do.
    const refused = await api(testApp, world.owner, "POST", path, { value: 1 }, 400);
    expect(refused.message).toContain("outside Early 2025 (2025-01-08 to 2025-03-31)");
    expect(refused.message).toContain("from 2025-01-06 to 2025-03-31");
    expect(refused.details).toEqual([expect.objectContaining({ path: "week_start" })]);
    await api(testApp, world.owner, "POST", path, { value: 1, week_start: "2024-12-30" }, 400);
    expect(await goalsSnapshot(testApp)).toEqual(before);

    // The week the cycle starts in counts, though the cycle starts on its Wednesday.
    const created = await api(testApp, world.owner, "POST", path, { value: 2, week_start: "2025-01-06" });
    expect(created.data).toMatchObject({ author_id: world.owner.userId, author_name: world.owner.name });
    const corrected = await api(testApp, world.owner, "PATCH", `/goals/check-ins/${created.data.id}`, {
      value: 3,
    });
    expect(corrected.data).toMatchObject({ value: 3, author_name: world.owner.name });
  });
});

function shiftMonday(isoDate: string, days: number) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe("time blocks and the calendar feed", () => {
  it("completing a block can mark its task done or log progress on its key result, once", async () => {
    const { taskId, keyResultId } = await seedSharedObjective(world, "Time block objective");
    const slot = { starts_at: "2026-11-23T09:00:00Z", ends_at: "2026-11-23T10:30:00Z" };
    const block = await api(testApp, world.editor, "POST", "/goals/time-blocks", {
      task_id: taskId,
      ...slot,
    });
    expect(block.data).toMatchObject({ task_id: taskId, key_result_id: keyResultId, completed_at: null });
    // Blocks are personal.
    await api(
      testApp,
      world.owner,
      "PATCH",
      `/goals/time-blocks/${block.data.id}`,
      { note: "mine now" },
      404,
    );

    const done = await api(
      testApp,
      world.editor,
      "POST",
      `/goals/time-blocks/${block.data.id}/complete`,
      { log: "task_done" },
      200,
    );
    expect(done.data).toMatchObject({ task_status: "done", progress_logged: true });
    expect(done._cacheUpdate.upsert.tasks).toContainEqual(
      expect.objectContaining({ id: taskId, status: "done" }),
    );
    await api(
      testApp,
      world.editor,
      "POST",
      `/goals/time-blocks/${block.data.id}/complete`,
      { log: "task_done" },
      409,
    );

    const second = await api(testApp, world.editor, "POST", "/goals/time-blocks", {
      task_id: taskId,
      ...slot,
    });
    const logged = await api(
      testApp,
      world.editor,
      "POST",
      `/goals/time-blocks/${second.data.id}/complete`,
      { log: "key_result", amount: 2 },
      200,
    );
    expect(logged._cacheUpdate.upsert.key_results).toContainEqual(
      expect.objectContaining({ id: keyResultId, current_value: 2 }),
    );
    const history = await api(testApp, world.owner, "GET", `/goals/key-results/${keyResultId}/check-ins`);
    expect(history.data[0].value).toBe(2);

    // A viewer cannot schedule work on an objective they may only read.
    await api(testApp, world.viewer, "POST", "/goals/time-blocks", { task_id: taskId, ...slot }, 403);
  });

  it("answers 404 for a block whose task is gone or no longer visible, changing nothing", async () => {
    const { objectiveId, taskId } = await seedSharedObjective(world, "Vanishing task objective");
    const slot = { starts_at: "2026-11-23T09:00:00Z", ends_at: "2026-11-23T10:00:00Z" };
    const mine = await api(testApp, world.owner, "POST", "/goals/time-blocks", { task_id: taskId, ...slot });
    const editors = await api(testApp, world.editor, "POST", "/goals/time-blocks", {
      task_id: taskId,
      ...slot,
    });
    const blockRow = (id: string) =>
      selectRows(
        testApp.database.handle.db,
        sql`select starts_at, ends_at, note, completed_at, updated_at from time_blocks where id = ${id}`,
      );
    const auditCount = () =>
      selectRows(
        testApp.database.handle.db,
        sql`select count(*)::int as total from audit_events where entity_type in ('time_block', 'goal_task', 'check_in')`,
      );

    // The editor loses the objective: their block is no longer theirs to move.
    const shares = await api(testApp, world.owner, "GET", `/goals/objectives/${objectiveId}/shares`);
    const editorShare = shares.data.find(
      (share: { user_id: string | null }) => share.user_id === world.editor.userId,
    );
    await api(testApp, world.owner, "DELETE", `/goals/objectives/${objectiveId}/shares/${editorShare.id}`);
    /** Moving and completing a block: each must answer 404. */
    const refuseWrites = async (user: TestUser, id: string) => {
      for (const [method, path, body] of [
        [
          "PATCH",
          `/goals/time-blocks/${id}`,
          { starts_at: "2026-11-23T11:00:00Z", ends_at: "2026-11-23T12:00:00Z" },
        ],
        ["PATCH", `/goals/time-blocks/${id}`, { note: "still mine?" }],
        ["POST", `/goals/time-blocks/${id}/complete`, { log: "none" }],
        ["POST", `/goals/time-blocks/${id}/complete`, { log: "task_done" }],
        ["POST", `/goals/time-blocks/${id}/complete`, { log: "key_result", amount: 1 }],
      ] as const) {
        await api(testApp, user, method, path, body, 404);
      }
    };
    const editorBefore = await blockRow(editors.data.id);
    await refuseWrites(world.editor, editors.data.id);
    expect(await blockRow(editors.data.id)).toEqual(editorBefore);

    // The owner deletes the task: its block can be neither moved nor completed.
    await api(testApp, world.owner, "DELETE", `/goals/tasks/${taskId}`);
    const before = await blockRow(mine.data.id);
    const audits = await auditCount();
    const snapshot = await goalsSnapshot(testApp);
    await refuseWrites(world.owner, mine.data.id);
    expect(await blockRow(mine.data.id)).toEqual(before);
    expect(await auditCount()).toEqual(audits);
    expect(await goalsSnapshot(testApp)).toEqual(snapshot);
    // Removing it still works: it is the owner's own slot.
    await api(testApp, world.owner, "DELETE", `/goals/time-blocks/${mine.data.id}`, undefined, 204);
  });

  it("serves a feed calendar apps can parse, until the URL is revoked", async () => {
    const { taskId } = await seedSharedObjective(world, "Feed objective");
    await api(testApp, world.owner, "POST", "/goals/time-blocks", {
      task_id: taskId,
      starts_at: "2026-11-24T13:00:00Z",
      ends_at: "2026-11-24T14:00:00Z",
      note: "Deep work; no meetings, please",
    });
    const created = await api(testApp, world.owner, "POST", "/goals/calendar-feed");
    const url = new URL(created.data.url);
    expect(url.pathname).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const feed = await testApp.app.request(url.pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("text/calendar");
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    const events = calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
    const event = events.find((candidate) => candidate.summary === "Call the shortlist");
    expect(event).toBeDefined();
    expect(event!.startDate.toJSDate().toISOString()).toBe("2026-11-24T13:00:00.000Z");
    expect(event!.endDate.toJSDate().toISOString()).toBe("2026-11-24T14:00:00.000Z");
    expect(event!.description).toContain("Deep work; no meetings, please");

    const status = await api(testApp, world.owner, "GET", "/goals/calendar-feed");
    expect(status.data.active).toBe(true);
    await api(testApp, world.owner, "DELETE", "/goals/calendar-feed", undefined, 204);
    expect((await testApp.app.request(url.pathname)).status).toBe(404);
    expect((await testApp.app.request("/api/calendar/not-a-token.ics")).status).toBe(404);
  });
});

describe("closing a cycle", () => {
  it("records final scores for every objective and key result, then keeps the cycle read-only until reopened", async () => {
    const cycle = await api(testApp, world.admin, "POST", "/goals/cycles", {
      name: "Q3 2026 review",
      start_date: "2026-07-01",
      end_date: "2026-09-30",
    });
    const cycleId = cycle.data.id as string;
    const objective = await api(testApp, world.owner, "POST", "/goals/objectives", {
      title: "Grow the region",
      cycle_id: cycleId,
    });
    const objectiveId = objective.data.id as string;
    const deals = await api(testApp, world.owner, "POST", `/goals/objectives/${objectiveId}/key-results`, {
      title: "Deals signed",
      type: "numeric",
      target_value: 10,
    });
    const launch = await api(testApp, world.owner, "POST", `/goals/objectives/${objectiveId}/key-results`, {
      title: "Partner page live",
      type: "boolean",
    });
    const task = await api(testApp, world.owner, "POST", `/goals/key-results/${deals.data.id}/tasks`, {
      title: "Call the shortlist",
    });
    await api(testApp, world.owner, "POST", `/goals/key-results/${deals.data.id}/check-ins`, {
      value: 7,
      week_start: "2026-09-28",
    });
    await api(testApp, world.owner, "PATCH", `/goals/key-results/${launch.data.id}`, { current_value: 1 });
    // Someone else's private objective, hidden from the admin who closes the cycle, is scored too.
    const hidden = await api(testApp, world.stranger, "POST", "/goals/objectives", {
      title: "Private bet",
      cycle_id: cycleId,
    });

    const closed = await api(testApp, world.admin, "POST", `/goals/cycles/${cycleId}/close`, undefined, 200);
    expect(closed.data.closed_at).not.toBeNull();
    expect(closed.data.closed_by).toBe(world.admin.userId);
    expect(closed._cacheUpdate.upsert.cycles).toEqual([expect.objectContaining({ id: cycleId })]);

    const tree = await api(testApp, world.owner, "GET", `/goals/tree?cycle_id=${cycleId}`);
    expect(tree.data.cycle.closed_at).toBe(closed.data.closed_at);
    const node = tree.data.objectives.find((candidate: { id: string }) => candidate.id === objectiveId);
    // (0.7 + 1.0) / 2
    expect(node).toMatchObject({ final_score: 0.85, final_grade: "green" });
    expect(
      node.key_results.map((kr: { final_score: number; final_grade: string }) => [
        kr.final_score,
        kr.final_grade,
      ]),
    ).toEqual([
      [0.7, "green"],
      [1, "green"],
    ]);
    const [stranger] = await selectRows<{ final_score: number; final_grade: string }>(
      testApp.database.handle.db,
      sql`select final_score, final_grade from objectives where id = ${hidden.data.id}`,
    );
    expect(stranger).toEqual({ final_score: 0, final_grade: "red" });

    // Read-only: changes to its goals answer 409 and change nothing.
    const before = await goalsSnapshot(testApp);
    for (const [method, path, body] of [
      ["PATCH", `/goals/objectives/${objectiveId}`, { title: "Rewritten history" }],
      ["DELETE", `/goals/objectives/${objectiveId}`, undefined],
      ["POST", `/goals/objectives/${objectiveId}/key-results`, { title: "Late addition", type: "boolean" }],
      ["PATCH", `/goals/key-results/${deals.data.id}`, { current_value: 10 }],
      ["POST", `/goals/key-results/${deals.data.id}/check-ins`, { value: 10, week_start: "2026-09-28" }],
      ["PATCH", `/goals/tasks/${task.data.id}`, { status: "done" }],
      ["POST", "/goals/objectives", { title: "Sneaked in", cycle_id: cycleId }],
      ["PATCH", `/goals/cycles/${cycleId}`, { end_date: "2026-12-31" }],
      ["POST", `/goals/cycles/${cycleId}/close`, undefined],
    ] as const) {
      const user = path.startsWith("/goals/cycles") ? world.admin : world.owner;
      const refused = await api(testApp, user, method, path, body, 409);
      expect(refused.message, `${method} ${path}`).toContain("is closed");
    }
    expect(await goalsSnapshot(testApp)).toEqual(before);
    // Talking about the results and sharing them still work.
    await api(testApp, world.owner, "POST", "/comments", {
      target_type: "objective",
      target_id: objectiveId,
      body: "Good quarter",
    });
    await api(testApp, world.owner, "POST", `/goals/objectives/${objectiveId}/shares`, {
      user_id: world.viewer.userId,
      permission: "view",
    });

    const reopened = await api(
      testApp,
      world.admin,
      "POST",
      `/goals/cycles/${cycleId}/reopen`,
      undefined,
      200,
    );
    expect(reopened.data.closed_at).toBeNull();
    await api(testApp, world.admin, "POST", `/goals/cycles/${cycleId}/reopen`, undefined, 409);
    const edited = await api(testApp, world.owner, "PATCH", `/goals/objectives/${objectiveId}`, {
      title: "Grow the region, again",
    });
    expect(edited.data).toMatchObject({ final_score: null, final_grade: null });
  });
});

describe("check-in reminders", () => {
  it("notifies each owner with quiet key results once a week, however often the job runs", async () => {
    const fresh = await createGoalsWorld(testApp);
    const { objectiveId, keyResultId } = await seedSharedObjective(fresh, "Quiet objective");
    const checkedIn = await api(
      testApp,
      fresh.editor,
      "POST",
      `/goals/objectives/${objectiveId}/key-results`,
      {
        title: "Checked in lately",
        type: "percentage",
        target_value: 100,
      },
    );
    const later = new Date(Date.now() + 10 * 86_400_000);
    const reminders = testApp.services.goals.checkIns;

    const first = await reminders.sendCheckInReminders(later);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    const inbox = await api(testApp, fresh.owner, "GET", "/notifications");
    const reminder = inbox.data.filter((row: { kind: string }) => row.kind === "check_in_reminder");
    expect(reminder).toHaveLength(1);
    const listed = reminder[0].payload.key_results.map((kr: { id: string }) => kr.id);
    expect(listed).toContain(keyResultId);
    expect(listed).toContain(checkedIn.data.id);

    const second = await reminders.sendCheckInReminders(later);
    expect(second.reminded).toBe(0);
    const inboxAgain = await api(testApp, fresh.owner, "GET", "/notifications");
    expect(inboxAgain.data.filter((row: { kind: string }) => row.kind === "check_in_reminder")).toHaveLength(
      1,
    );
    // People without objectives of their own are not reminded.
    const editorInbox = await api(testApp, fresh.editor, "GET", "/notifications");
    expect(editorInbox.data.filter((row: { kind: string }) => row.kind === "check_in_reminder")).toHaveLength(
      0,
    );
  });
});

describe("isolation between orgs", () => {
  it("never shows one org's goals in another, even to its own database session", async () => {
    const seeded = await seedSharedObjective(world, "Org A secret");
    const outsiderObjective = await api(testApp, world.outsider, "POST", "/goals/objectives", {
      title: "Org B plan",
      visibility: "org",
    });
    expect(treeIds(await api(testApp, world.outsider, "GET", "/goals/tree"))).not.toContain(
      seeded.objectiveId,
    );
    expect(treeIds(await api(testApp, world.stranger, "GET", "/goals/tree"))).not.toContain(
      outsiderObjective.data.id,
    );
    await api(testApp, world.owner, "GET", `/goals/objectives/${outsiderObjective.data.id}`, undefined, 404);
    await api(
      testApp,
      world.outsider,
      "POST",
      `/goals/objectives/${seeded.objectiveId}/shares`,
      {
        user_id: world.outsider.userId,
        permission: "edit",
      },
      404,
    );
    // Row-level security: a transaction for org B reads none of org A's objectives.
    const visible = await inTenant(
      testApp.database.handle.db,
      { orgId: world.outsiderOrgId, userId: world.outsider.userId },
      (tx) => tx.select({ id: objectivesTable.id }).from(objectivesTable),
    );
    expect(visible.map((row) => row.id)).toEqual([outsiderObjective.data.id]);
  });
});
