// Editing objectives: fields that do not change are not re-checked, handing an objective to
// another owner, and guests, who see and work on only what is shared with them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/test-app";
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

describe("PATCH /goals/objectives/{id}", () => {
  it("lets an editor change the title of an objective aligned to a parent they cannot see", async () => {
    const parent = await api(testApp, world.owner, "POST", "/goals/objectives", { title: "Company secret" });
    const other = await api(testApp, world.owner, "POST", "/goals/objectives", { title: "Another secret" });
    const { objectiveId } = await seedSharedObjective(world, "Aligned to a secret");
    await api(testApp, world.owner, "PATCH", `/goals/objectives/${objectiveId}`, {
      parent_id: parent.data.id,
    });

    const renamed = await api(testApp, world.editor, "PATCH", `/goals/objectives/${objectiveId}`, {
      title: "Aligned, renamed",
    });
    expect(renamed.data).toMatchObject({ title: "Aligned, renamed", parent_id: parent.data.id });
    // Sending the unchanged parent back is fine too.
    await api(testApp, world.editor, "PATCH", `/goals/objectives/${objectiveId}`, {
      title: "Aligned, renamed again",
      parent_id: parent.data.id,
    });
    // A change of parent to one they cannot see is still refused, and changes nothing.
    const before = await goalsSnapshot(testApp);
    const refused = await api(
      testApp,
      world.editor,
      "PATCH",
      `/goals/objectives/${objectiveId}`,
      { title: "Moved", parent_id: other.data.id },
      400,
    );
    expect(refused.details).toEqual([expect.objectContaining({ path: "parent_id" })]);
    expect(await goalsSnapshot(testApp)).toEqual(before);
  });

  it("hands an objective to a new owner, who is notified; the previous owner keeps an edit share", async () => {
    const { objectiveId } = await seedSharedObjective(world, "Handed over");
    const handed = await api(testApp, world.owner, "PATCH", `/goals/objectives/${objectiveId}`, {
      owner_id: world.editor.userId,
    });
    expect(handed.data).toMatchObject({ id: objectiveId, owner_id: world.editor.userId, access: "edit" });
    expect(handed._cacheUpdate.remove.objectives).not.toContain(objectiveId);

    const inbox = await api(testApp, world.editor, "GET", "/notifications");
    expect(inbox.data.find((row: { kind: string }) => row.kind === "transfer")).toMatchObject({
      payload: {
        actor_id: world.owner.userId,
        actor_name: world.owner.name,
        objective_id: objectiveId,
        objective_title: "Handed over",
      },
    });
    const node = await api(testApp, world.editor, "GET", `/goals/objectives/${objectiveId}`);
    expect(node.data.access).toBe("owner");
    // The new owner's own share went; the previous owner now holds one.
    const shares = await api(testApp, world.editor, "GET", `/goals/objectives/${objectiveId}/shares`);
    const people = shares.data.filter((share: { user_id: string | null }) => share.user_id);
    expect(
      people.map((share: { user_id: string; permission: string }) => [share.user_id, share.permission]),
    ).toEqual(
      expect.arrayContaining([
        [world.owner.userId, "edit"],
        [world.viewer.userId, "view"],
      ]),
    );
    expect(people.some((share: { user_id: string }) => share.user_id === world.editor.userId)).toBe(false);
    // The previous owner may edit, no longer delete.
    await api(testApp, world.owner, "PATCH", `/goals/objectives/${objectiveId}`, { title: "Still helping" });
    await api(testApp, world.owner, "DELETE", `/goals/objectives/${objectiveId}`, undefined, 403);
  });

  it("refuses to hand an objective to a guest or a non-member, changing nothing", async () => {
    const { objectiveId } = await seedSharedObjective(world, "Not for guests");
    const before = await goalsSnapshot(testApp);
    for (const ownerId of [world.guest.userId, world.outsider.userId]) {
      const refused = await api(
        testApp,
        world.owner,
        "PATCH",
        `/goals/objectives/${objectiveId}`,
        { owner_id: ownerId },
        400,
      );
      expect(refused.details).toEqual([expect.objectContaining({ path: "owner_id" })]);
    }
    expect(await goalsSnapshot(testApp)).toEqual(before);
  });
});

describe("guests", () => {
  it("see, comment on and (with an edit share) work on what is shared with them, and nothing else", async () => {
    const { objectiveId, keyResultId } = await seedSharedObjective(world, "Client engagement");
    const orgWide = await api(testApp, world.owner, "POST", "/goals/objectives", {
      title: "Visible to the whole org",
      visibility: "org",
    });
    expect(treeIds(await api(testApp, world.stranger, "GET", "/goals/tree"))).toContain(orgWide.data.id);

    // Not shared yet: nothing.
    expect(treeIds(await api(testApp, world.guest, "GET", "/goals/tree"))).toEqual([]);
    await api(testApp, world.guest, "GET", `/goals/objectives/${objectiveId}`, undefined, 404);

    await api(testApp, world.owner, "POST", `/goals/objectives/${objectiveId}/shares`, {
      user_id: world.guest.userId,
      permission: "view",
    });
    const tree = await api(testApp, world.guest, "GET", "/goals/tree");
    expect(treeIds(tree)).toEqual([objectiveId]);
    expect(tree.data.objectives[0].access).toBe("view");
    // Org-visible objectives are for the staff of the org.
    await api(testApp, world.guest, "GET", `/goals/objectives/${orgWide.data.id}`, undefined, 404);
    await api(
      testApp,
      world.guest,
      "POST",
      "/comments",
      { target_type: "objective", target_id: orgWide.data.id, body: "Peek" },
      404,
    );

    const comment = await api(testApp, world.guest, "POST", "/comments", {
      target_type: "key_result",
      target_id: keyResultId,
      body: "Looks right from our side",
    });
    expect(comment.data.author_id).toBe(world.guest.userId);
    const ownerInbox = await api(testApp, world.owner, "GET", "/notifications");
    expect(
      ownerInbox.data.some(
        (row: { kind: string; payload: { comment_id: string } }) =>
          row.kind === "comment" && row.payload.comment_id === comment.data.id,
      ),
    ).toBe(true);
    await api(testApp, world.guest, "POST", `/goals/key-results/${keyResultId}/check-ins`, { value: 1 }, 403);

    await api(
      testApp,
      world.owner,
      "POST",
      `/goals/objectives/${objectiveId}/shares`,
      { user_id: world.guest.userId, permission: "edit" },
      200,
    );
    await api(testApp, world.guest, "POST", `/goals/key-results/${keyResultId}/check-ins`, { value: 2 });
    await api(testApp, world.guest, "POST", `/goals/objectives/${objectiveId}/key-results`, {
      title: "Sign-off from the client",
      type: "boolean",
    });
    // Sharing and deleting stay with the owner.
    await api(testApp, world.guest, "DELETE", `/goals/objectives/${objectiveId}`, undefined, 403);
  });

  it("cannot create objectives, nor use the coach", async () => {
    const before = await goalsSnapshot(testApp);
    const refused = await api(
      testApp,
      world.guest,
      "POST",
      "/goals/objectives",
      { title: "My own plan" },
      403,
    );
    expect(refused.error).toBe("FORBIDDEN");
    expect(await goalsSnapshot(testApp)).toEqual(before);
    const coach = await testApp.app.request("/api/v1/goals/coach", {
      method: "POST",
      headers: world.guest.headers,
      body: JSON.stringify({ message: "Plan my quarter" }),
    });
    expect(coach.status).toBe(403);
  });
});
