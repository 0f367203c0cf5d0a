// Comments on goals with @mentions: who is notified (in the app and by mail), who is not,
// editing and deleting.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mentionToken } from "../../../core/mentions";
import type { TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { api, createGoalsWorld, type GoalsWorld, seedSharedObjective } from "../goals/testing/world";

let testApp: TestApp;
let world: GoalsWorld;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createGoalsWorld(testApp);
});
afterAll(async () => {
  await testApp.close();
});

const mention = (user: TestUser) => mentionToken(user.name, user.userId);

async function notificationsOf(user: TestUser) {
  const inbox = await api(testApp, user, "GET", "/notifications?per_page=100");
  return inbox.data as { kind: string; payload: Record<string, unknown>; read: boolean }[];
}

/** Mails in the outbox for `email`, once the mail queue has sent what is due. */
async function mailsTo(email: string) {
  await testApp.services.notifications.sendDueMail();
  const outbox = path.join(testApp.config.dataDir, "outbox");
  return readdirSync(outbox)
    .map((file) => JSON.parse(readFileSync(path.join(outbox, file), "utf8")))
    .filter((mail: { to: string }) => mail.to === email) as { subject: string; text: string }[];
}

describe("comments", () => {
  it("notifies mentioned people who can see the target and the objective's owner, in the app and by mail", async () => {
    const { keyResultId, objectiveId } = await seedSharedObjective(world, "Commented objective");
    const body = `Numbers look good, ${mention(world.viewer)}; ${mention(world.stranger)} should see this too`;
    const created = await api(testApp, world.editor, "POST", "/comments", {
      target_type: "key_result",
      target_id: keyResultId,
      body,
    });
    expect(created.data).toMatchObject({
      objective_id: objectiveId,
      author_id: world.editor.userId,
      author_name: world.editor.name,
      mentions: [world.viewer.userId],
      body,
    });

    const [forViewer] = (await notificationsOf(world.viewer)).filter((row) => row.kind === "mention");
    expect(forViewer).toMatchObject({
      read: false,
      payload: {
        actor_name: world.editor.name,
        target_type: "key_result",
        target_id: keyResultId,
        target_title: "Signed clients",
        comment_id: created.data.id,
      },
    });
    expect(forViewer!.payload.excerpt).toContain(`@${world.viewer.name}`);
    // The stranger cannot see the objective: mentioning them tells them nothing.
    expect((await notificationsOf(world.stranger)).filter((row) => row.kind === "mention")).toEqual([]);
    const ownerComments = (await notificationsOf(world.owner)).filter(
      (row) => row.kind === "comment" && row.payload.comment_id === created.data.id,
    );
    expect(ownerComments).toHaveLength(1);
    // The author is not notified of their own comment.
    expect(
      (await notificationsOf(world.editor)).filter((row) => row.payload.comment_id === created.data.id),
    ).toEqual([]);

    const mails = (await mailsTo(world.viewer.email)).filter((mail) =>
      mail.subject.includes("mentioned you"),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`${testApp.config.publicUrl}/goals?objective=${objectiveId}`);
    expect(
      (await mailsTo(world.stranger.email)).filter((mail) => mail.subject.includes("mentioned you")),
    ).toEqual([]);
  });

  it("lets the author edit (notifying only people newly mentioned) and the author or owner delete", async () => {
    const { taskId } = await seedSharedObjective(world, "Edited comments");
    const created = await api(testApp, world.viewer, "POST", "/comments", {
      target_type: "task",
      target_id: taskId,
      body: `Can we pair on this, ${mention(world.editor)}?`,
    });
    const editorMentions = async () =>
      (await notificationsOf(world.editor)).filter(
        (row) => row.kind === "mention" && row.payload.comment_id === created.data.id,
      );
    expect(await editorMentions()).toHaveLength(1);

    await api(testApp, world.editor, "PATCH", `/comments/${created.data.id}`, { body: "Hijacked" }, 403);
    const edited = await api(testApp, world.viewer, "PATCH", `/comments/${created.data.id}`, {
      body: `Can we pair on this, ${mention(world.editor)} and ${mention(world.groupEditor)}?`,
    });
    expect(edited.data.edited_at).not.toBeNull();
    expect(edited.data.mentions).toEqual([world.editor.userId, world.groupEditor.userId]);
    expect(await editorMentions()).toHaveLength(1);
    expect(
      (await notificationsOf(world.groupEditor)).filter((row) => row.payload.comment_id === created.data.id),
    ).toHaveLength(1);

    await api(testApp, world.editor, "DELETE", `/comments/${created.data.id}`, undefined, 403);
    await api(testApp, world.owner, "DELETE", `/comments/${created.data.id}`, undefined, 204);
    const list = await api(testApp, world.viewer, "GET", `/comments?target_type=task&target_id=${taskId}`);
    expect(list.data).toEqual([]);
    await api(testApp, world.viewer, "PATCH", `/comments/${created.data.id}`, { body: "Again" }, 404);
  });

  it("lists a target's comments oldest first, with paging", async () => {
    const { objectiveId } = await seedSharedObjective(world, "Listed comments");
    for (const body of ["First", "Second", "Third"]) {
      await api(testApp, world.owner, "POST", "/comments", {
        target_type: "objective",
        target_id: objectiveId,
        body,
      });
    }
    const page = await api(
      testApp,
      world.viewer,
      "GET",
      `/comments?target_type=objective&target_id=${objectiveId}&per_page=2`,
    );
    expect(page.data.map((row: { body: string }) => row.body)).toEqual(["First", "Second"]);
    expect(page.meta).toMatchObject({ total: 3, per_page: 2 });
  });

  it("labels mentions with the person's current name, whatever the writer typed", async () => {
    const { objectiveId } = await seedSharedObjective(world, "Spoofed mentions");
    const spoof = `Approved by @[The CEO](${world.viewer.userId}) and @[Finance](${world.outsider.userId})`;
    const created = await api(testApp, world.editor, "POST", "/comments", {
      target_type: "objective",
      target_id: objectiveId,
      body: spoof,
    });
    // The id decides who is mentioned; someone outside the org is not mentioned at all.
    expect(created.data.body).toBe(`Approved by ${mention(world.viewer)} and @Finance`);
    expect(created.data.mentions).toEqual([world.viewer.userId]);
    const [notified] = (await notificationsOf(world.viewer)).filter(
      (row) => row.kind === "mention" && row.payload.comment_id === created.data.id,
    );
    expect(notified!.payload.excerpt).toBe(`Approved by @${world.viewer.name} and @Finance`);

    // Renamed people are shown by their new name in comments written before.
    await api(testApp, world.viewer, "PATCH", "/me", { name: "Vera Renamed" });
    try {
      const list = await api(
        testApp,
        world.owner,
        "GET",
        `/comments?target_type=objective&target_id=${objectiveId}`,
      );
      expect(list.data[0].body).toBe(`Approved by @[Vera Renamed](${world.viewer.userId}) and @Finance`);
    } finally {
      await api(testApp, world.viewer, "PATCH", "/me", { name: world.viewer.name });
    }
  });

  it("never names someone outside the org, even from a body stored before labels were checked", async () => {
    const { objectiveId } = await seedSharedObjective(world, "Stored mentions");
    const created = await api(testApp, world.editor, "POST", "/comments", {
      target_type: "objective",
      target_id: objectiveId,
      body: "Placeholder",
    });
    await testApp.database.handle.db.execute(
      sql`update comments set body = ${`Ask @[Someone](${world.outsider.userId})`} where id = ${created.data.id}`,
    );
    const list = await api(
      testApp,
      world.owner,
      "GET",
      `/comments?target_type=objective&target_id=${objectiveId}`,
    );
    expect(list.data[0].body).toBe("Ask @Someone");
    expect(JSON.stringify(list)).not.toContain(world.outsider.name);
  });

  it("restores a deleted comment for its author or an admin, not for others", async () => {
    const { objectiveId, keyResultId } = await seedSharedObjective(world, "Restored comments");
    const created = await api(testApp, world.editor, "POST", "/comments", {
      target_type: "key_result",
      target_id: keyResultId,
      body: "Deleted by mistake",
    });
    const listed = async () =>
      (await api(testApp, world.viewer, "GET", `/comments?target_type=key_result&target_id=${keyResultId}`))
        .data as { id: string }[];
    await api(testApp, world.editor, "DELETE", `/comments/${created.data.id}`, undefined, 204);
    expect(await listed()).toEqual([]);

    await api(testApp, world.editor, "POST", `/comments/${created.data.id}/restore`, undefined, 200);
    expect((await listed()).map((row) => row.id)).toEqual([created.data.id]);
    // Restoring what is not deleted: there is no deleted comment by that id.
    await api(testApp, world.editor, "POST", `/comments/${created.data.id}/restore`, undefined, 404);

    // The objective's owner may delete it, but only its author or an admin brings it back.
    await api(testApp, world.owner, "DELETE", `/comments/${created.data.id}`, undefined, 204);
    await api(testApp, world.owner, "POST", `/comments/${created.data.id}/restore`, undefined, 403);
    await api(testApp, world.viewer, "POST", `/comments/${created.data.id}/restore`, undefined, 403);
    await api(testApp, world.stranger, "POST", `/comments/${created.data.id}/restore`, undefined, 404);
    expect(await listed()).toEqual([]);
    // An admin moderates what they can see: this private objective is not among it.
    await api(testApp, world.admin, "POST", `/comments/${created.data.id}/restore`, undefined, 404);
    await api(testApp, world.owner, "PATCH", `/goals/objectives/${objectiveId}`, { visibility: "org" });
    const restored = await api(
      testApp,
      world.admin,
      "POST",
      `/comments/${created.data.id}/restore`,
      undefined,
      200,
    );
    expect(restored.data).toMatchObject({ id: created.data.id, author_name: world.editor.name });
  });
});
