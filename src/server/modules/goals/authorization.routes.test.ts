// Authorization for the Goals and Comments endpoints, per standing on an objective: its owner,
// a person it is shared with for editing, a member of a group it is shared with for editing, a
// guest it is shared with for editing, and a person it is shared with for viewing. Each
// objective endpoint is also tried by a member and a guest it is not shared with (404: a private
// objective does not exist for them) and the owner of another org (404). Personal endpoints
// (time blocks, the calendar feed) and the org's cycles have tables of their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeEndpointAuthorization,
  type EndpointCase,
  type EndpointFixture,
  sendApi,
} from "../../testing/authorization";
import type { TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { api, createGoalsWorld, type GoalsWorld, goalsSnapshot, seedSharedObjective } from "./testing/world";

const STANDINGS = ["owner", "editor", "groupEditor", "guestEditor", "viewer"] as const;
type Standing = (typeof STANDINGS)[number];
const EVERYONE: Standing[] = [...STANDINGS];
const EDITORS: Standing[] = ["owner", "editor", "groupEditor", "guestEditor"];
const NOT_FOUND = { status: 404, error: "NOT_FOUND" } as const;

let testApp: TestApp;
let world: GoalsWorld;

const seed = () => seedSharedObjective(world);
const SLOT = { starts_at: "2026-11-23T09:00:00Z", ends_at: "2026-11-23T10:00:00Z" };

/** A fresh objective with one item deleted by its owner, for the restore endpoints. */
async function deleted(kind: "objectives" | "key-results" | "tasks") {
  const seeded = await seed();
  const id = { objectives: seeded.objectiveId, "key-results": seeded.keyResultId, tasks: seeded.taskId }[
    kind
  ];
  await api(testApp, world.owner, "DELETE", `/goals/${kind}/${id}`);
  return { path: `/goals/${kind}/${id}/restore` };
}

/** A comment on a fresh objective's key result by `author`, deleted by them when asked. */
async function commentBy(author: TestUser, options: { deleted?: boolean } = {}) {
  const { keyResultId } = await seed();
  const comment = await api(testApp, author, "POST", "/comments", {
    target_type: "key_result",
    target_id: keyResultId,
    body: "A thought about this key result",
  });
  if (options.deleted) await api(testApp, author, "DELETE", `/comments/${comment.data.id}`, undefined, 204);
  return comment.data.id as string;
}

/**
 * A time block on a fresh objective's task that belongs to `actor` when they are in its circle
 * (a viewer gets the task assigned first, which lets them schedule it), else to the owner: blocks
 * are personal, someone else's does not exist for you.
 */
async function blockFor(actor: TestUser | null, role: Standing | null) {
  const { taskId } = await seed();
  const scheduler = actor && role ? actor : world.owner;
  if (role === "viewer") {
    await api(testApp, world.owner, "PATCH", `/goals/tasks/${taskId}`, { assignee_id: world.viewer.userId });
  }
  const block = await api(testApp, scheduler, "POST", "/goals/time-blocks", { task_id: taskId, ...SLOT });
  return block.data.id as string;
}

const objectiveCases: EndpointCase<Standing>[] = [
  {
    method: "GET",
    route: "/goals/objectives/{id}",
    allowed: EVERYONE,
    success: 200,
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/objectives/${(await seed()).objectiveId}` }),
  },
  {
    method: "PATCH",
    route: "/goals/objectives/{id}",
    allowed: EDITORS,
    success: 200,
    audit: "objective.updated",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/goals/objectives/${(await seed()).objectiveId}`,
      body: { title: "Win the region, sustainably" },
    }),
    badBody: { title: "" },
  },
  {
    method: "DELETE",
    route: "/goals/objectives/{id}",
    allowed: ["owner"],
    success: 200,
    audit: "objective.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/objectives/${(await seed()).objectiveId}` }),
  },
  {
    method: "POST",
    route: "/goals/objectives/{id}/restore",
    allowed: ["owner"],
    // A deleted objective is in its owner's bin only: for everyone else it does not exist.
    refusals: { editor: NOT_FOUND, groupEditor: NOT_FOUND, guestEditor: NOT_FOUND, viewer: NOT_FOUND },
    success: 200,
    audit: "objective.restored",
    outsiderNotFound: true,
    fixture: () => deleted("objectives"),
  },
  {
    method: "POST",
    route: "/goals/objectives/{id}/key-results",
    allowed: EDITORS,
    success: 201,
    audit: "key_result.created",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/goals/objectives/${(await seed()).objectiveId}/key-results`,
      body: { title: "Launch the partner page", type: "boolean" },
    }),
    badBody: { title: "Anything", type: "vibes" },
  },
  {
    method: "PATCH",
    route: "/goals/key-results/{id}",
    allowed: EDITORS,
    success: 200,
    audit: "key_result.updated",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/goals/key-results/${(await seed()).keyResultId}`,
      body: { weight: 2, confidence: 0.6 },
    }),
    badBody: { weight: -1 },
  },
  {
    method: "DELETE",
    route: "/goals/key-results/{id}",
    allowed: EDITORS,
    success: 200,
    audit: "key_result.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/key-results/${(await seed()).keyResultId}` }),
  },
  {
    method: "POST",
    route: "/goals/key-results/{id}/restore",
    allowed: EDITORS,
    success: 200,
    audit: "key_result.restored",
    outsiderNotFound: true,
    fixture: () => deleted("key-results"),
  },
  {
    method: "POST",
    route: "/goals/key-results/{id}/tasks",
    allowed: EDITORS,
    success: 201,
    audit: "task.created",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/goals/key-results/${(await seed()).keyResultId}/tasks`,
      body: { title: "Draft the proposal", due_date: "2026-12-01", estimate_minutes: 90 },
    }),
    badBody: { title: "" },
  },
  {
    method: "PATCH",
    route: "/goals/tasks/{id}",
    allowed: EDITORS,
    success: 200,
    audit: "task.updated",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/tasks/${(await seed()).taskId}`, body: { status: "in_progress" } }),
    badBody: { status: "someday" },
  },
  {
    method: "DELETE",
    route: "/goals/tasks/{id}",
    allowed: EDITORS,
    success: 200,
    audit: "task.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/tasks/${(await seed()).taskId}` }),
  },
  {
    method: "POST",
    route: "/goals/tasks/{id}/restore",
    allowed: EDITORS,
    success: 200,
    audit: "task.restored",
    outsiderNotFound: true,
    fixture: () => deleted("tasks"),
  },
  {
    method: "GET",
    route: "/goals/key-results/{id}/check-ins",
    allowed: EVERYONE,
    success: 200,
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/key-results/${(await seed()).keyResultId}/check-ins` }),
  },
  {
    method: "POST",
    route: "/goals/key-results/{id}/check-ins",
    allowed: EDITORS,
    success: 201,
    audit: "check_in.created",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/goals/key-results/${(await seed()).keyResultId}/check-ins`,
      body: { value: 3, confidence: 0.7, note: "Two pilots signed" },
    }),
    badBody: { value: "three" },
  },
  {
    method: "PATCH",
    route: "/goals/check-ins/{id}",
    allowed: EDITORS,
    success: 200,
    audit: "check_in.updated",
    outsiderNotFound: true,
    fixture: async () => {
      const { keyResultId } = await seed();
      const checkIn = await api(testApp, world.owner, "POST", `/goals/key-results/${keyResultId}/check-ins`, {
        value: 2,
      });
      return { path: `/goals/check-ins/${checkIn.data.id}`, body: { value: 3, note: "Recounted" } };
    },
    badBody: { value: "three" },
  },
  {
    method: "GET",
    route: "/goals/objectives/{id}/shares",
    allowed: EVERYONE,
    success: 200,
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/objectives/${(await seed()).objectiveId}/shares` }),
  },
  {
    method: "POST",
    route: "/goals/objectives/{id}/shares",
    allowed: ["owner"],
    success: 201,
    audit: "objective.shared",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/goals/objectives/${(await seed()).objectiveId}/shares`,
      body: { user_id: world.stranger.userId, permission: "view" },
    }),
    badBody: { user_id: "0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90", permission: "admin" },
  },
  {
    method: "DELETE",
    route: "/goals/objectives/{id}/shares/{shareId}",
    allowed: ["owner"],
    success: 200,
    audit: "objective.unshared",
    outsiderNotFound: true,
    fixture: async () => {
      const { objectiveId } = await seed();
      const shares = await api(testApp, world.owner, "GET", `/goals/objectives/${objectiveId}/shares`);
      const viewerShare = shares.data.find(
        (share: { user_id: string | null }) => share.user_id === world.viewer.userId,
      );
      return { path: `/goals/objectives/${objectiveId}/shares/${viewerShare.id}` };
    },
  },
  {
    method: "GET",
    route: "/comments?target_type=key_result&target_id={id}",
    allowed: EVERYONE,
    success: 200,
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/comments?target_type=key_result&target_id=${(await seed()).keyResultId}`,
    }),
  },
  {
    method: "POST",
    route: "/comments",
    allowed: EVERYONE,
    success: 201,
    audit: "comment.created",
    outsiderNotFound: true,
    fixture: async () => ({
      path: "/comments",
      body: { target_type: "task", target_id: (await seed()).taskId, body: "On it this week" },
    }),
    badBody: { target_type: "task", target_id: "not-a-uuid", body: "" },
  },
  {
    method: "PATCH",
    route: "/comments/{id} (the owner's comment)",
    allowed: ["owner"],
    success: 200,
    audit: "comment.updated",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/comments/${await commentBy(world.owner)}`,
      body: { body: "A better thought" },
    }),
    badBody: { body: "" },
  },
  {
    method: "DELETE",
    route: "/comments/{id} (the editor's comment)",
    // Its author, or the objective's owner.
    allowed: ["owner", "editor"],
    success: 204,
    audit: "comment.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/comments/${await commentBy(world.editor)}` }),
  },
  {
    method: "POST",
    route: "/comments/{id}/restore (the editor's comment)",
    allowed: ["editor"],
    success: 200,
    audit: "comment.restored",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/comments/${await commentBy(world.editor, { deleted: true })}/restore` }),
  },
  {
    method: "POST",
    route: "/goals/time-blocks",
    allowed: EDITORS,
    success: 201,
    audit: "time_block.created",
    outsiderNotFound: true,
    fixture: async () => ({ path: "/goals/time-blocks", body: { task_id: (await seed()).taskId, ...SLOT } }),
    badBody: { task_id: "0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90", starts_at: "soon", ends_at: "later" },
  },
  {
    method: "PATCH",
    route: "/goals/time-blocks/{id}",
    allowed: EVERYONE,
    success: 200,
    audit: "time_block.updated",
    outsiderNotFound: true,
    fixture: async (actor, role) => ({
      path: `/goals/time-blocks/${await blockFor(actor, role)}`,
      body: { note: "Phone off" },
    }),
    badBody: { starts_at: "soon" },
  },
  {
    method: "DELETE",
    route: "/goals/time-blocks/{id}",
    allowed: EVERYONE,
    success: 204,
    audit: "time_block.deleted",
    outsiderNotFound: true,
    fixture: async (actor, role) => ({ path: `/goals/time-blocks/${await blockFor(actor, role)}` }),
  },
  {
    method: "POST",
    route: "/goals/time-blocks/{id}/complete",
    allowed: EVERYONE,
    success: 200,
    audit: "time_block.completed",
    outsiderNotFound: true,
    fixture: async (actor, role) => ({
      path: `/goals/time-blocks/${await blockFor(actor, role)}/complete`,
      body: { log: "none" },
    }),
    badBody: { log: "everything" },
  },
];

/** The calendar feed is the caller's own: every member of the org (guests too) has one. */
const feedCases: EndpointCase<Standing>[] = [
  {
    method: "GET",
    route: "/goals/calendar-feed",
    allowed: EVERYONE,
    success: 200,
    fixture: async () => ({ path: "/goals/calendar-feed" }),
  },
  {
    method: "POST",
    route: "/goals/calendar-feed",
    allowed: EVERYONE,
    success: 201,
    audit: "calendar_feed.created",
    fixture: async (actor): Promise<EndpointFixture> => {
      if (actor) await sendApi(testApp, "DELETE", "/goals/calendar-feed", actor.headers);
      return { path: "/goals/calendar-feed" };
    },
  },
  {
    method: "DELETE",
    route: "/goals/calendar-feed",
    allowed: EVERYONE,
    success: 204,
    audit: "calendar_feed.revoked",
    fixture: async (actor) => {
      if (actor) await api(testApp, actor, "POST", "/goals/calendar-feed");
      return { path: "/goals/calendar-feed" };
    },
  },
];

const CYCLE_ROLES = ["admin", "member", "guest"] as const;
type CycleRole = (typeof CYCLE_ROLES)[number];
let nextCycleYear = 2040;
/** A cycle far from today, so it never becomes the running one the other tests plan in. */
async function farCycle() {
  const year = nextCycleYear++;
  const created = await api(testApp, world.admin, "POST", "/goals/cycles", { start_date: `${year}-01-01` });
  return created.data.id as string;
}

const cycleCases: EndpointCase<CycleRole>[] = [
  {
    method: "POST",
    route: "/goals/cycles",
    allowed: ["admin"],
    success: 201,
    audit: "goal_cycle.created",
    fixture: async () => ({ path: "/goals/cycles", body: { start_date: `${nextCycleYear++}-04-01` } }),
    badBody: { start_date: "next spring" },
  },
  {
    method: "PATCH",
    route: "/goals/cycles/{id}",
    allowed: ["admin"],
    success: 200,
    audit: "goal_cycle.updated",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/cycles/${await farCycle()}`, body: { name: "Renamed" } }),
    badBody: { start_date: "next spring" },
  },
  {
    method: "POST",
    route: "/goals/cycles/{id}/close",
    allowed: ["admin"],
    success: 200,
    audit: "goal_cycle.closed",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/cycles/${await farCycle()}/close` }),
  },
  {
    method: "POST",
    route: "/goals/cycles/{id}/reopen",
    allowed: ["admin"],
    success: 200,
    audit: "goal_cycle.reopened",
    outsiderNotFound: true,
    fixture: async () => {
      const id = await farCycle();
      await api(testApp, world.admin, "POST", `/goals/cycles/${id}/close`, undefined, 200);
      return { path: `/goals/cycles/${id}/reopen` };
    },
  },
  {
    method: "DELETE",
    route: "/goals/cycles/{id}",
    allowed: ["admin"],
    success: 200,
    audit: "goal_cycle.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/goals/cycles/${await farCycle()}` }),
  },
];

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createGoalsWorld(testApp);
});
afterAll(async () => {
  await testApp.close();
});

const standingWorld = () => ({
  testApp,
  orgId: world.orgId,
  actors: {
    owner: world.owner,
    editor: world.editor,
    groupEditor: world.groupEditor,
    guestEditor: world.guestEditor,
    viewer: world.viewer,
  },
  outsider: world.outsider,
  snapshot: () => goalsSnapshot(testApp),
});

describeEndpointAuthorization(objectiveCases, STANDINGS, standingWorld);
describeEndpointAuthorization(feedCases, STANDINGS, standingWorld);
describeEndpointAuthorization(cycleCases, CYCLE_ROLES, () => ({
  testApp,
  orgId: world.orgId,
  actors: { admin: world.admin, member: world.owner, guest: world.guest },
  outsider: world.outsider,
  snapshot: () => goalsSnapshot(testApp),
}));

describe.each(objectiveCases)("$method $route, outside the objective's circle", (endpoint) => {
  it.each([
    ["a member", () => world.stranger],
    ["a guest", () => world.guest],
  ])("answers %s it is not shared with 404, changing nothing", async (_who, who) => {
    const fixture = await endpoint.fixture(who(), null);
    const before = await goalsSnapshot(testApp);
    const response = await sendApi(testApp, endpoint.method, fixture.path, who().headers, fixture.body);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toBe("NOT_FOUND");
    expect(await goalsSnapshot(testApp)).toEqual(before);
  });
});
