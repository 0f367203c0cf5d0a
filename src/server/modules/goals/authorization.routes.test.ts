// Authorization for the Goals and Comments endpoints, per standing on an objective: its owner,
// a person it is shared with for editing, a member of a group it is shared with for editing,
// and a person it is shared with for viewing. Each endpoint is also tried by a member of the
// org it is not shared with (404: a private objective does not exist for them), a guest (403:
// guests do not use Goals) and the owner of another org (404).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEndpointAuthorization, type EndpointCase, sendApi } from "../../testing/authorization";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { createGoalsWorld, type GoalsWorld, goalsSnapshot, seedSharedObjective } from "./testing/world";

const STANDINGS = ["owner", "editor", "groupEditor", "viewer"] as const;
type Standing = (typeof STANDINGS)[number];
const EVERYONE: Standing[] = [...STANDINGS];
const EDITORS: Standing[] = ["owner", "editor", "groupEditor"];

let testApp: TestApp;
let world: GoalsWorld;

const seed = () => seedSharedObjective(world);

const cases: EndpointCase<Standing>[] = [
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
];

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createGoalsWorld(testApp);
});
afterAll(async () => {
  await testApp.close();
});

describeEndpointAuthorization(cases, STANDINGS, () => ({
  testApp,
  orgId: world.orgId,
  actors: {
    owner: world.owner,
    editor: world.editor,
    groupEditor: world.groupEditor,
    viewer: world.viewer,
  },
  outsider: world.outsider,
  snapshot: () => goalsSnapshot(testApp),
}));

describe.each(cases)("$method $route, outside the objective's circle", (endpoint) => {
  it("answers a member it is not shared with 404, changing nothing", async () => {
    const fixture = await endpoint.fixture(world.stranger);
    const before = await goalsSnapshot(testApp);
    const response = await sendApi(
      testApp,
      endpoint.method,
      fixture.path,
      world.stranger.headers,
      fixture.body,
    );
    expect(response.status).toBe(404);
    expect((await response.json()).error).toBe("NOT_FOUND");
    expect(await goalsSnapshot(testApp)).toEqual(before);
  });

  it("refuses a guest with 403, changing nothing", async () => {
    const fixture = await endpoint.fixture(world.guest);
    const before = await goalsSnapshot(testApp);
    const response = await sendApi(testApp, endpoint.method, fixture.path, world.guest.headers, fixture.body);
    expect(response.status).toBe(403);
    expect(await goalsSnapshot(testApp)).toEqual(before);
  });
});
