// Items beyond the basics: deleted items that still open read-only, comments and files that
// come back after a delete, risks converted after their owner left, grouped lists counted over
// every page, and a timeline that knows when it left items out.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDICATORS } from "../../../core/raid";
import { inTenant, selectRows } from "../../db";
import { createMember, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { listTimeline } from "./items.queries";
import {
  callApi,
  createProjectWorld,
  fileForm,
  okJson,
  type ProjectWorld,
  scopeOf,
} from "./testing/fixtures";

let testApp: TestApp;
let world: ProjectWorld;

const api = (method: string, route: string, body?: unknown, user: TestUser = world.owner) =>
  callApi(testApp, user, method, route, body);
const json = okJson;
const p = (suffix = "") => `/projects/${world.projectId}${suffix}`;

async function createItem(body: Record<string, unknown>, projectPath = p()) {
  return (await json(await api("POST", `${projectPath}/items`, body))).data;
}

async function newProject(name: string) {
  const project = await testApp.services.projects.projects.create(world.ownerScope, { name });
  return `/projects/${project.id}`;
}

async function auditActions(itemId: string) {
  const rows = await selectRows<{ action: string }>(
    testApp.database.handle.db,
    sql`select action from audit_events where entity_id = ${itemId} order by created_at, id`,
  );
  return rows.map((row) => row.action);
}

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createProjectWorld(testApp);
});
afterAll(() => testApp.close());

describe("a deleted item", () => {
  it("still opens for every reader, read-only, with its comments, files and history", async () => {
    const item = await createItem({
      type: "action",
      title: "Book the venue",
      assignee_id: world.members.team_member.userId,
    });
    await json(await api("POST", p(`/items/${item.id}/comments`), { body: "Deposit paid" }));
    await json(
      await api(
        "POST",
        p(`/items/${item.id}/attachments`),
        fileForm("quote.txt", "Venue quote", "text/plain"),
      ),
    );
    expect((await api("DELETE", p(`/items/${item.id}`))).status).toBe(204);

    for (const reader of [world.members.viewer, world.members.team_member, world.members.project_manager]) {
      const { data } = await json(await api("GET", p(`/items/${item.id}`), undefined, reader));
      expect(data).toMatchObject({ id: item.id, deleted_at: expect.any(String), can_edit: false });
      expect(data.comment_count).toBe(1);
      expect(data.attachment_count).toBe(1);
      const history = await json(await api("GET", p(`/items/${item.id}/history`), undefined, reader));
      expect(history.data[0].action).toBe("project_item.deleted");
      const comments = await json(await api("GET", p(`/items/${item.id}/comments`), undefined, reader));
      expect(comments.data.map((comment: { body: string }) => comment.body)).toEqual(["Deposit paid"]);
      const files = await json(await api("GET", p(`/items/${item.id}/attachments`), undefined, reader));
      expect(files.data).toHaveLength(1);
    }
    expect((await api("GET", p(`/items/${item.id}`), undefined, world.stranger)).status).toBe(404);
  });

  it("refuses every change until it is restored", async () => {
    const item = await createItem({ type: "action", title: "Print the badges" });
    await json(await api("POST", p(`/items/${item.id}/comments`), { body: "Draft" }));
    const [comment] = (await json(await api("GET", p(`/items/${item.id}/comments`)))).data;
    expect((await api("DELETE", p(`/items/${item.id}`))).status).toBe(204);
    const refused = [
      await api("PATCH", p(`/items/${item.id}`), { title: "Renamed" }),
      await api("POST", p(`/items/${item.id}/comments`), { body: "More" }),
      await api("DELETE", p(`/items/${item.id}/comments/${comment.id}`)),
      await api("POST", p(`/items/${item.id}/attachments`), fileForm("a.txt", "a", "text/plain")),
    ];
    expect(refused.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    expect((await json(await api("GET", p(`/items/${item.id}`)))).data.title).toBe("Print the badges");

    await json(await api("POST", p(`/items/${item.id}/restore`)));
    const { data } = await json(await api("GET", p(`/items/${item.id}`)));
    expect(data).toMatchObject({ deleted_at: null, can_edit: true });
  });
});

describe("restoring comments and attachments", () => {
  it("brings a comment back for whoever may delete it, audited", async () => {
    const member = world.members.team_member;
    const item = await createItem({ type: "action", title: "Chase the supplier" });
    const own = (await json(await api("POST", p(`/items/${item.id}/comments`), { body: "Mine" }, member)))
      .data;
    const others = (await json(await api("POST", p(`/items/${item.id}/comments`), { body: "Owner's" }))).data;
    for (const comment of [own, others]) {
      expect((await api("DELETE", p(`/items/${item.id}/comments/${comment.id}`))).status).toBe(204);
    }
    const listed = async () =>
      (await json(await api("GET", p(`/items/${item.id}/comments`)))).data.map(
        (comment: { id: string }) => comment.id,
      );
    expect(await listed()).toEqual([]);

    // A team member restores their own comment, not the owner's; a viewer neither.
    const restore = (commentId: string, user: TestUser) =>
      api("POST", p(`/items/${item.id}/comments/${commentId}/restore`), undefined, user);
    expect((await restore(own.id, world.members.viewer)).status).toBe(403);
    expect((await restore(others.id, member)).status).toBe(403);
    expect(await listed()).toEqual([]);
    const restored = await json(await restore(own.id, member));
    expect(restored.data).toMatchObject({ id: own.id, body: "Mine", author: { id: member.userId } });
    expect((await restore(others.id, world.members.project_manager)).status).toBe(200);
    expect(await listed()).toEqual([own.id, others.id]);

    // Restoring a live comment changes nothing and records nothing more.
    const before = await auditActions(item.id);
    expect((await restore(own.id, member)).status).toBe(200);
    expect(await auditActions(item.id)).toEqual(before);
    expect(before.filter((action) => action === "project_item.comment_restored")).toHaveLength(2);
    expect((await restore("00000000-0000-4000-8000-000000000000", world.owner)).status).toBe(404);
  });

  it("brings an attachment back with its file, for whoever may change the item", async () => {
    const member = world.members.team_member;
    const item = await createItem({ type: "action", title: "Sign the contract", assignee_id: member.userId });
    const file = (
      await json(
        await api(
          "POST",
          p(`/items/${item.id}/attachments`),
          fileForm("contract.txt", "Signed", "text/plain"),
        ),
      )
    ).data;
    expect(
      (await api("DELETE", p(`/items/${item.id}/attachments/${file.id}`), undefined, member)).status,
    ).toBe(204);
    const listed = async () => (await json(await api("GET", p(`/items/${item.id}/attachments`)))).data;
    expect(await listed()).toEqual([]);
    const restore = (user: TestUser) =>
      api("POST", p(`/items/${item.id}/attachments/${file.id}/restore`), undefined, user);
    expect((await restore(world.members.viewer)).status).toBe(403);
    const restored = await json(await restore(member));
    expect(restored.data).toMatchObject({ id: file.id, file_name: "contract.txt" });
    expect((await listed()).map((row: { id: string }) => row.id)).toEqual([file.id]);
    expect(await auditActions(item.id)).toContain("project_item.attachment_restored");
    const link = await json(await api("GET", p(`/items/${item.id}/attachments/${file.id}/download`)));
    const download = await testApp.app.request(link.data.url.replace(testApp.config.publicUrl, ""));
    expect(await download.text()).toBe("Signed");

    // Not on an item that is itself deleted: restore the item first.
    expect((await api("DELETE", p(`/items/${item.id}/attachments/${file.id}`))).status).toBe(204);
    expect((await api("DELETE", p(`/items/${item.id}`))).status).toBe(204);
    expect((await restore(world.owner)).status).toBe(404);
  });
});

describe("converting a risk whose owner left the project", () => {
  it("creates the issue unassigned instead of failing, and keeps the risk's owner", async () => {
    const leaver = await createMember(testApp, world.orgId, "member", "leaver");
    await json(await api("POST", p("/members"), { user_id: leaver.userId, role: "team_member" }));
    const risk = await createItem({
      type: "risk",
      title: "Key person may leave",
      assignee_id: leaver.userId,
    });
    expect((await api("DELETE", p(`/members/${leaver.userId}`))).status).toBe(204);

    const naming = await api("POST", p(`/items/${risk.id}/convert-to-issue`), { assignee_id: leaver.userId });
    expect(naming.status).toBe(400);
    const { data } = await json(await api("POST", p(`/items/${risk.id}/convert-to-issue`), {}));
    expect(data.issue).toMatchObject({ type: "issue", title: "Key person may leave", assignee: null });
    expect(data.risk).toMatchObject({
      status: "closed",
      assignee: expect.objectContaining({ id: leaver.userId }),
    });
  });
});

describe("grouped lists", () => {
  let projectPath: string;
  const titles = (rows: { title: string }[]) => rows.map((row) => row.title);

  beforeAll(async () => {
    projectPath = await newProject("Grouped");
    const { admin, viewer } = world.members;
    for (const user of [admin, viewer]) {
      await json(await api("POST", `${projectPath}/members`, { user_id: user.userId, role: "team_member" }));
    }
    const plan: [string, string, string, TestUser | null][] = [
      ["A1", "open", "high", viewer],
      ["A2", "blocked", "low", null],
      ["A3", "open", "low", admin],
      ["A4", "done", "high", viewer],
      ["A5", "open", "critical", null],
      ["A6", "blocked", "high", admin],
      ["A7", "open", "medium", viewer],
    ];
    for (const [title, status, priority, assignee] of plan) {
      await createItem(
        { type: "action", title, status, priority, assignee_id: assignee?.userId ?? null },
        projectPath,
      );
    }
  });

  it("counts every group over all pages, and pages through the groups in order", async () => {
    const page = async (number: number) =>
      json(
        await api("GET", `${projectPath}/items?group=status&sort=title&order=desc&per_page=3&page=${number}`),
      );
    const first = await page(1);
    expect(first.meta).toMatchObject({ total: 7, page: 1, per_page: 3 });
    expect(first.meta.groups).toEqual([
      { key: "open", count: 4 },
      { key: "blocked", count: 2 },
      { key: "done", count: 1 },
    ]);
    // Sorted by title (descending) within each group.
    expect(titles(first.data)).toEqual(["A7", "A5", "A3"]);
    expect(titles((await page(2)).data)).toEqual(["A1", "A6", "A2"]);
    expect(titles((await page(3)).data)).toEqual(["A4"]);
    expect((await page(3)).meta.groups).toEqual(first.meta.groups);
  });

  it("counts only what the filters match", async () => {
    const { data, meta } = await json(
      await api("GET", `${projectPath}/items?group=priority&priority=high,low`),
    );
    expect(meta.groups).toEqual([
      { key: "high", count: 3 },
      { key: "low", count: 2 },
    ]);
    expect(data.map((row: { priority: string }) => row.priority)).toEqual([
      "high",
      "high",
      "high",
      "low",
      "low",
    ]);
  });

  it("groups by assignee by name, unassigned last", async () => {
    const { data, meta } = await json(await api("GET", `${projectPath}/items?group=assignee`));
    const { admin, viewer } = world.members;
    const [first, second] = [admin, viewer].sort((a, b) => a.name.localeCompare(b.name));
    expect(meta.groups).toEqual([
      { key: first!.userId, count: first === admin ? 2 : 3 },
      { key: second!.userId, count: second === admin ? 2 : 3 },
      { key: null, count: 2 },
    ]);
    expect(data.map((row: { assignee: { id: string } | null }) => row.assignee?.id ?? null)).toEqual(
      meta.groups.flatMap((group: { key: string | null; count: number }) =>
        Array.from({ length: group.count }, () => group.key),
      ),
    );
  });

  it("groups by today's indicator and by type, in their usual order", async () => {
    const byIndicator = await json(await api("GET", `${projectPath}/items?group=indicator`));
    const keys = byIndicator.meta.groups.map((group: { key: string }) => group.key);
    expect(keys).toEqual(INDICATORS.filter((indicator) => keys.includes(indicator)));
    expect(byIndicator.data.map((row: { indicator: string }) => row.indicator)).toEqual(
      byIndicator.meta.groups.flatMap((group: { key: string; count: number }) =>
        Array.from({ length: group.count }, () => group.key),
      ),
    );
    const byType = await json(await api("GET", `${projectPath}/items?group=type`));
    expect(byType.meta.groups).toEqual([{ key: "action", count: 7 }]);
  });

  it("leaves meta without groups when not grouping", async () => {
    const { meta } = await json(await api("GET", `${projectPath}/items`));
    expect(meta).toEqual({ page: 1, per_page: 20, total: 7 });
    expect((await api("GET", `${projectPath}/items?group=colour`)).status).toBe(400);
  });
});

describe("the timeline", () => {
  it("says it is truncated only when items were left out", async () => {
    const projectPath = await newProject("Timeline");
    const projectId = projectPath.split("/").at(-1)!;
    for (const [index, date] of ["2025-03-01", "2025-03-02", "2025-03-03"].entries()) {
      await createItem({ type: "milestone", title: `M${index + 1}`, finish_date: date }, projectPath);
    }
    const scope = scopeOf(world.orgId, world.owner, "owner");
    const timeline = (limit: number) =>
      inTenant(testApp.database.handle.db, scope, (tx) =>
        listTimeline(tx, { orgId: world.orgId, projectId, limit }),
      );
    const exactly = await timeline(3);
    expect(exactly.truncated).toBe(false);
    expect(exactly.rows.map((row) => row.title)).toEqual(["M1", "M2", "M3"]);
    const fewer = await timeline(2);
    expect(fewer.truncated).toBe(true);
    expect(fewer.rows.map((row) => row.title)).toEqual(["M1", "M2"]);
    expect((await json(await api("GET", `${projectPath}/timeline`))).data.truncated).toBe(false);
  });
});
