import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, utcDate } from "../../../core/calendar";
import { createMember, createOrgWithOwner, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { callApi, createProjectWorld, fileForm, type ProjectWorld } from "./testing/fixtures";

let testApp: TestApp;
let world: ProjectWorld;
const today = utcDate(new Date());
/** Days from today; tests keep two days' margin from every boundary so midnight cannot flip them. */
const day = (offset: number) => addDays(today, offset);

const api = (method: string, route: string, body?: unknown, user: TestUser = world.owner) =>
  callApi(testApp, user, method, route, body);
const json = async (response: Response) => {
  const body = await response.json();
  if (response.status >= 400) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
};
const p = (suffix = "") => `/projects/${world.projectId}${suffix}`;

async function createItem(body: Record<string, unknown>, projectPath = p()) {
  return (await json(await api("POST", `${projectPath}/items`, body))).data;
}

beforeAll(async () => {
  // A small upload limit so the size check can be exercised without megabytes of test data.
  testApp = await createTestApp({ MAX_UPLOAD_BYTES: "4096" });
  world = await createProjectWorld(testApp);
});
afterAll(() => testApp.close());

describe("projects", () => {
  it("creates with validation, lists, searches, updates, deletes softly and restores", async () => {
    const invalid = await api("POST", "/projects", {
      name: "Backwards",
      start_date: "2025-05-01",
      end_date: "2025-04-01",
    });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).details).toEqual([expect.objectContaining({ path: "end_date" })]);
    expect((await api("POST", "/projects", { name: "Euro", currency: "euro" })).status).toBe(400);

    const { data: project } = await json(
      await api("POST", "/projects", { name: "Zeus migration", client_name: "Globex", status: "planning" }),
    );
    expect(project).toMatchObject({
      my_role: "admin",
      currency: "USD",
      status: "planning",
      budget_total: null,
    });

    const found = await json(await api("GET", "/projects?search=globex"));
    expect(found.data.map((row: { id: string }) => row.id)).toEqual([project.id]);
    expect((await json(await api("GET", "/projects?status=planning"))).meta.total).toBe(1);

    const { data: updated } = await json(
      await api("PATCH", `/projects/${project.id}`, { status: "active", budget_total: 5000.25 }),
    );
    expect(updated).toMatchObject({ status: "active", budget_total: 5000.25 });

    expect((await api("DELETE", `/projects/${project.id}`)).status).toBe(204);
    expect((await api("GET", `/projects/${project.id}`)).status).toBe(404);
    const bin = await json(await api("GET", "/projects?deleted=true"));
    expect(bin.data.map((row: { id: string }) => row.id)).toEqual([project.id]);
    expect((await api("POST", `/projects/${project.id}/restore`)).status).toBe(200);
    expect((await api("GET", `/projects/${project.id}`)).status).toBe(200);
  });

  it("manages members with project and billing roles", async () => {
    const joiner = await createMember(testApp, world.orgId, "member", "joiner");
    const added = await json(
      await api("POST", p("/members"), {
        user_id: joiner.userId,
        role: "team_member",
        billing_role: "Analyst",
      }),
    );
    expect(added.data).toMatchObject({
      user_id: joiner.userId,
      role: "team_member",
      billing_role: "Analyst",
    });
    expect((await api("POST", p("/members"), { user_id: joiner.userId, role: "viewer" })).status).toBe(409);
    const changed = await json(await api("PATCH", p(`/members/${joiner.userId}`), { role: "viewer" }));
    expect(changed.data).toMatchObject({ role: "viewer", billing_role: "Analyst" });
    const members = await json(await api("GET", p("/members")));
    expect(members.data.map((member: { user_id: string }) => member.user_id)).toContain(joiner.userId);
    expect((await api("DELETE", p(`/members/${joiner.userId}`))).status).toBe(204);
    expect((await api("GET", p(), undefined, joiner)).status).toBe(404);

    const stranger = await createOrgWithOwner(testApp, "Elsewhere");
    const refused = await api("POST", p("/members"), { user_id: stranger.owner.userId, role: "viewer" });
    expect(refused.status).toBe(400);
  });

  it("drops a departing org member from its projects", async () => {
    const leaver = await createMember(testApp, world.orgId, "member", "leaver");
    await json(await api("POST", p("/members"), { user_id: leaver.userId, role: "viewer" }));
    expect((await api("DELETE", `/members/${leaver.userId}`)).status).toBe(204);
    const members = await json(await api("GET", p("/members")));
    expect(members.data.map((member: { user_id: string }) => member.user_id)).not.toContain(leaver.userId);
  });
});

describe("items", () => {
  it("numbers items per type and computes risk scores", async () => {
    const { data: project } = await json(await api("POST", "/projects", { name: "Numbering" }));
    const base = `/projects/${project.id}`;
    const first = await createItem(
      { type: "risk", title: "Key person leaves", probability: 2, impact: 5 },
      base,
    );
    const second = await createItem({ type: "risk", title: "Scope creep", probability: 4, impact: 4 }, base);
    const action = await createItem({ type: "action", title: "Hire a deputy" }, base);
    expect([first.code, second.code, action.code]).toEqual(["R-1", "R-2", "A-1"]);
    expect(first).toMatchObject({ risk_score: 10, risk_level: "high" });
    expect(second).toMatchObject({ risk_score: 16, risk_level: "critical" });
    expect(action).toMatchObject({
      risk_score: null,
      risk_level: null,
      status: "open",
      indicator: "not_started",
    });
    // Deleted items keep their numbers: the next risk is R-3.
    expect((await api("DELETE", `${base}/items/${second.id}`)).status).toBe(204);
    expect((await createItem({ type: "risk", title: "Third" }, base)).code).toBe("R-3");
  });

  it("refuses fields of another type, dates out of order and assignees from outside the project", async () => {
    const typeField = await api("POST", p("/items"), { type: "action", title: "Call", probability: 3 });
    expect(typeField.status).toBe(400);
    expect((await typeField.json()).details).toEqual([
      { path: "probability", message: "only risks have this field" },
    ]);
    const dates = await api("POST", p("/items"), {
      type: "action",
      title: "Backwards",
      start_date: day(5),
      finish_date: day(1),
    });
    expect((await dates.json()).details).toEqual([expect.objectContaining({ path: "finish_date" })]);
    const outsider = await api("POST", p("/items"), {
      type: "action",
      title: "Outsourced",
      assignee_id: world.stranger.userId,
    });
    expect((await outsider.json()).details).toEqual([expect.objectContaining({ path: "assignee_id" })]);
    const item = await createItem({ type: "action", title: "Patchable" });
    const patched = await api("PATCH", `${p("/items")}/${item.id}`, { severity: "high" });
    expect(patched.status).toBe(400);
    expect((await api("PATCH", `${p("/items")}/${item.id}`, { colour: "red" })).status).toBe(400);
  });

  it("keeps done, 100% and the completion date in step", async () => {
    const item = await createItem({ type: "deliverable", title: "Design pack", finish_date: day(30) });
    const route = `${p("/items")}/${item.id}`;
    const progressed = (await json(await api("PATCH", route, { percent_complete: 60 }))).data;
    expect(progressed).toMatchObject({ status: "in_progress", percent_complete: 60, completed_on: null });
    const done = (await json(await api("PATCH", route, { status: "done" }))).data;
    expect(done).toMatchObject({
      percent_complete: 100,
      completed_on: today,
      indicator: "completed_recently",
    });
    const reopened = (await json(await api("PATCH", route, { percent_complete: 90 }))).data;
    expect(reopened).toMatchObject({ status: "in_progress", completed_on: null, indicator: "in_progress" });
    const contradiction = await api("PATCH", route, { status: "done", percent_complete: 50 });
    expect(contradiction.status).toBe(400);
    expect((await contradiction.json()).details).toEqual([
      expect.objectContaining({ path: "percent_complete" }),
    ]);
  });

  it("computes indicators from today's date", async () => {
    const late = await createItem({
      type: "action",
      title: "Overdue",
      finish_date: day(-5),
      percent_complete: 50,
    });
    const missed = await createItem({ type: "milestone", title: "Go-live", deadline: day(-3) });
    const lateStart = await createItem({
      type: "action",
      title: "Not begun",
      start_date: day(-4),
      finish_date: day(60),
    });
    const soon = await createItem({
      type: "action",
      title: "Kickoff",
      start_date: day(7),
      finish_date: day(60),
    });
    expect([late.indicator, missed.indicator, lateStart.indicator, soon.indicator]).toEqual([
      "late_finish",
      "beyond_deadline",
      "late_start",
      "starting_soon",
    ]);
  });

  describe("the list", () => {
    let listProject: string;
    const list = async (query: string) => json(await api("GET", `/projects/${listProject}/items?${query}`));
    const codes = (body: { data: { code: string }[] }) => body.data.map((item) => item.code);

    beforeAll(async () => {
      listProject = (await json(await api("POST", "/projects", { name: "Filters" }))).data.id;
      await json(
        await api("POST", `/projects/${listProject}/members`, {
          user_id: world.members.team_member.userId,
          role: "team_member",
        }),
      );
      const base = `/projects/${listProject}`;
      const tm = world.members.team_member.userId;
      await createItem(
        {
          type: "risk",
          title: "Vendor insolvency",
          description: "Supplier is mitigating cash problems",
          probability: 3,
          impact: 5,
          tags: ["vendor", "finance"],
          assignee_id: tm,
          finish_date: day(20),
        },
        base,
      );
      await createItem(
        {
          type: "risk",
          title: "Data loss",
          probability: 2,
          impact: 2,
          tags: ["it"],
          start_date: day(40),
          finish_date: day(50),
        },
        base,
      );
      await createItem(
        { type: "issue", title: "Vendor invoice dispute", severity: "high", tags: ["vendor"] },
        base,
      );
      await createItem(
        {
          type: "action",
          title: "Audit backups",
          assignee_id: tm,
          finish_date: day(-10),
          percent_complete: 20,
        },
        base,
      );
      await createItem(
        { type: "decision", title: "Choose cloud", rationale: "Cost", decision_date: day(-20) },
        base,
      );
    });

    it("filters by type, status, assignee, tag and indicator", async () => {
      expect(codes(await list("type=risk"))).toEqual(["R-1", "R-2"]);
      expect(codes(await list("type=risk,issue&tag=vendor"))).toEqual(["R-1", "I-1"]);
      expect(codes(await list("tag=vendor,finance"))).toEqual(["R-1"]);
      expect(codes(await list(`assignee=${world.members.team_member.userId}`))).toEqual(["R-1", "A-1"]);
      expect(codes(await list("assignee=none&type=risk"))).toEqual(["R-2"]);
      expect(codes(await list("status=in_progress"))).toEqual(["A-1"]);
      expect(codes(await list("indicator=late_finish,beyond_deadline"))).toEqual(["A-1"]);
      const mine = await json(
        await api("GET", `/projects/${listProject}/items?assignee=me`, undefined, world.members.team_member),
      );
      expect(codes(mine)).toEqual(["R-1", "A-1"]);
    });

    it("searches words (stemmed), parts of titles and codes", async () => {
      expect(codes(await list("search=mitigation"))).toEqual(["R-1"]);
      expect(codes(await list("search=vend"))).toEqual(expect.arrayContaining(["R-1", "I-1"]));
      expect(codes(await list("search=R-2"))).toEqual(["R-2"]);
      expect(codes(await list("search=nothing%20like%20this"))).toEqual([]);
    });

    it("filters by a date range overlapping the items' dates", async () => {
      expect(codes(await list(`from=${day(35)}`))).toEqual(["R-2"]);
      expect(codes(await list(`from=${day(-12)}&to=${day(-5)}`))).toEqual(["A-1"]);
      expect(codes(await list(`to=${day(-15)}`))).toEqual(["D-1"]);
    });

    it("sorts and pages with meta", async () => {
      expect(codes(await list("sort=risk_score&order=desc&type=risk"))).toEqual(["R-1", "R-2"]);
      expect(codes(await list("sort=title"))).toEqual(["A-1", "D-1", "R-2", "R-1", "I-1"]);
      const page = await list("per_page=2&page=2");
      expect(page.meta).toEqual({ page: 2, per_page: 2, total: 5 });
      // Code order is RAID order: risks, actions, issues, decisions.
      expect(codes(page)).toEqual(["A-1", "I-1"]);
      expect((await api("GET", `/projects/${listProject}/items?type=risky`)).status).toBe(400);
      expect((await api("GET", `/projects/${listProject}/items?sort=colour`)).status).toBe(400);
    });
  });

  it("deletes softly, lists the bin, restores", async () => {
    const item = await createItem({ type: "action", title: "Temporary" });
    const route = `${p("/items")}/${item.id}`;
    expect((await api("DELETE", route)).status).toBe(204);
    // A deleted item still opens, read-only (items.routes.test.ts), but takes no changes.
    expect((await json(await api("GET", route))).data).toMatchObject({ can_edit: false });
    expect((await api("PATCH", route, { title: "Ghost" })).status).toBe(404);
    const bin = await json(await api("GET", p("/items?deleted=true")));
    expect(bin.data.map((row: { id: string }) => row.id)).toContain(item.id);
    expect((await api("GET", p("/items?deleted=true"), undefined, world.members.viewer)).status).toBe(403);
    expect((await json(await api("POST", `${route}/restore`))).data.deleted_at).toBeNull();
    expect((await api("GET", route)).status).toBe(200);
  });

  it("keeps each item to its own project", async () => {
    const item = await createItem({ type: "action", title: "Only here" });
    const { data: other } = await json(await api("POST", "/projects", { name: "Other" }));
    expect((await api("GET", `/projects/${other.id}/items/${item.id}`)).status).toBe(404);
    expect((await api("PATCH", `/projects/${other.id}/items/${item.id}`, { title: "x" })).status).toBe(404);
  });

  it("tells the full history from the audit log, newest first", async () => {
    const item = await createItem({ type: "issue", title: "Outage", severity: "low" });
    const route = `${p("/items")}/${item.id}`;
    await json(await api("PATCH", route, { severity: "critical", title: "Major outage" }));
    await json(await api("POST", `${route}/comments`, { body: "Escalated" }));
    const history = await json(await api("GET", `${route}/history`, undefined, world.members.viewer));
    expect(history.data.map((entry: { action: string }) => entry.action)).toEqual([
      "project_item.comment_added",
      "project_item.updated",
      "project_item.created",
    ]);
    expect(history.data[1]).toMatchObject({
      actor: { user_id: world.owner.userId },
      before: { severity: "low", title: "Outage" },
      after: { severity: "critical", title: "Major outage" },
    });
    expect(history.meta.total).toBe(3);
  });
});

describe("links and conversion", () => {
  it("links items, refuses cycles and duplicates, hides links to deleted items", async () => {
    const design = await createItem({
      type: "deliverable",
      title: "Design",
      start_date: day(1),
      finish_date: day(10),
    });
    const build = await createItem({
      type: "deliverable",
      title: "Build",
      start_date: day(11),
      finish_date: day(30),
    });
    const launch = await createItem({ type: "milestone", title: "Launch", deadline: day(31) });
    const link = (from: string, to: string, kind = "depends_on") =>
      api("POST", `${p("/items")}/${from}/links`, { to_item_id: to, kind });
    expect((await link(build.id, design.id)).status).toBe(201);
    expect((await link(launch.id, build.id)).status).toBe(201);
    const cycle = await link(design.id, launch.id);
    expect(cycle.status).toBe(409);
    expect((await link(build.id, design.id)).status).toBe(409);
    expect((await link(build.id, build.id)).status).toBe(400);
    expect((await link(design.id, build.id, "became")).status).toBe(400);

    const detail = await json(await api("GET", `${p("/items")}/${build.id}`));
    expect(
      detail.data.links.map((l: { direction: string; item: { code: string } }) => [l.direction, l.item.code]),
    ).toEqual([
      ["outgoing", design.code],
      ["incoming", launch.code],
    ]);

    const timeline = await json(await api("GET", p("/timeline")));
    const pairs = timeline.data.dependencies.map((d: { from_item_id: string; to_item_id: string }) => [
      d.from_item_id,
      d.to_item_id,
    ]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [build.id, design.id],
        [launch.id, build.id],
      ]),
    );

    expect((await api("DELETE", `${p("/items")}/${design.id}`)).status).toBe(204);
    const after = await json(await api("GET", `${p("/items")}/${build.id}`));
    expect(after.data.links.map((l: { item: { code: string } }) => l.item.code)).toEqual([launch.code]);
    const toRemove = detail.data.links.find((l: { direction: string }) => l.direction === "incoming");
    expect((await api("DELETE", `${p("/items")}/${build.id}/links/${toRemove.id}`)).status).toBe(204);
    expect((await api("DELETE", `${p("/items")}/${build.id}/links/${toRemove.id}`)).status).toBe(404);
  });

  it("converts a risk into an issue in one step: creates, links, closes", async () => {
    const risk = await createItem({
      type: "risk",
      title: "Supplier may miss the date",
      description: "Only one supplier",
      probability: 4,
      impact: 5,
      priority: "high",
      tags: ["vendor"],
      assignee_id: world.members.team_member.userId,
    });
    const converted = await json(await api("POST", `${p("/items")}/${risk.id}/convert-to-issue`, {}));
    const { risk: closed, issue } = converted.data;
    expect(closed).toMatchObject({ status: "closed", percent_complete: 100, completed_on: today });
    expect(issue).toMatchObject({
      type: "issue",
      title: "Supplier may miss the date",
      description: "Only one supplier",
      severity: "critical",
      priority: "high",
      tags: ["vendor"],
      assignee: expect.objectContaining({ id: world.members.team_member.userId }),
    });
    const detail = await json(await api("GET", `${p("/items")}/${risk.id}`));
    expect(detail.data.links).toEqual([
      expect.objectContaining({
        kind: "became",
        direction: "outgoing",
        item: expect.objectContaining({ id: issue.id }),
      }),
    ]);
    expect((await api("POST", `${p("/items")}/${risk.id}/convert-to-issue`, {})).status).toBe(409);
    const action = await createItem({ type: "action", title: "Not a risk" });
    expect((await api("POST", `${p("/items")}/${action.id}/convert-to-issue`, {})).status).toBe(400);

    const unrated = await createItem({ type: "risk", title: "Unrated" });
    const withTitle = await json(
      await api("POST", `${p("/items")}/${unrated.id}/convert-to-issue`, {
        title: "It happened",
        severity: "low",
      }),
    );
    expect(withTitle.data.issue).toMatchObject({ title: "It happened", severity: "low" });
  });
});

describe("comments and attachments", () => {
  it("adds, lists and removes comments", async () => {
    const item = await createItem({ type: "action", title: "Discuss" });
    const route = `${p("/items")}/${item.id}/comments`;
    const { data: comment } = await json(await api("POST", route, { body: "**Agreed** on Tuesday" }));
    await json(await api("POST", route, { body: "Follow-up" }, world.members.team_member));
    const listed = await json(await api("GET", route, undefined, world.members.viewer));
    expect(listed.data.map((c: { body: string }) => c.body)).toEqual(["**Agreed** on Tuesday", "Follow-up"]);
    expect(listed.meta.total).toBe(2);
    expect((await api("DELETE", `${route}/${comment.id}`)).status).toBe(204);
    expect((await json(await api("GET", route))).meta.total).toBe(1);
  });

  it("stores an attachment and serves it through a short-lived signed link", async () => {
    const item = await createItem({ type: "action", title: "With files" });
    const route = `${p("/items")}/${item.id}/attachments`;
    const uploaded = await api(
      "POST",
      route,
      fileForm("Minutes – 3 März.txt", "Agreed to proceed.", "text/plain"),
    );
    expect(uploaded.status).toBe(201);
    const { data: attachment } = await uploaded.json();
    expect(attachment).toMatchObject({
      file_name: "Minutes – 3 März.txt",
      content_type: "text/plain",
      size_bytes: 18,
    });

    const link = await json(
      await api("GET", `${route}/${attachment.id}/download`, undefined, world.members.viewer),
    );
    expect(Date.parse(link.data.expires_at) - Date.now()).toBeLessThanOrEqual(300_000);
    const download = await testApp.app.request(link.data.url.replace(testApp.config.publicUrl, ""));
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("Agreed to proceed.");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);

    expect((await json(await api("GET", route))).data).toHaveLength(1);
    expect((await api("DELETE", `${route}/${attachment.id}`)).status).toBe(204);
    expect((await json(await api("GET", route))).data).toHaveLength(0);
    expect((await api("GET", `${route}/${attachment.id}/download`)).status).toBe(404);
  });

  it("refuses files that are too large or of a refused type, storing nothing", async () => {
    const item = await createItem({ type: "action", title: "Picky" });
    const route = `${p("/items")}/${item.id}/attachments`;
    const filesDir = path.join(testApp.config.dataDir, "files", "attachments", world.orgId);
    const stored = () => (existsSync(filesDir) ? readdirSync(filesDir).length : 0);
    const before = stored();
    const big = await api("POST", route, fileForm("big.txt", "x".repeat(4097), "text/plain"));
    expect(big.status).toBe(413);
    const html = await api("POST", route, fileForm("page.html", "<script>alert(1)</script>", "text/html"));
    expect(html.status).toBe(415);
    const missing = await api("POST", route, new FormData());
    expect(missing.status).toBe(400);
    expect(stored()).toBe(before);
    expect((await json(await api("GET", route))).data).toHaveLength(0);
  });
});

describe("dashboard and status report", () => {
  it("counts by indicator, type and assignee and maps open risks by probability and impact", async () => {
    const { data: project } = await json(await api("POST", "/projects", { name: "Dashboard" }));
    const base = `/projects/${project.id}`;
    const me = world.owner.userId;
    await createItem({ type: "risk", title: "A", probability: 5, impact: 5, assignee_id: me }, base);
    await createItem({ type: "risk", title: "B", probability: 5, impact: 5 }, base);
    await createItem({ type: "risk", title: "C", probability: 1, impact: 2 }, base);
    await createItem({ type: "risk", title: "Closed", probability: 3, impact: 3, status: "closed" }, base);
    await createItem({ type: "risk", title: "Unrated" }, base);
    await createItem({ type: "action", title: "Late", finish_date: day(-3), assignee_id: me }, base);
    const { data } = await json(await api("GET", `${base}/dashboard`));
    expect(data.total).toBe(6);
    expect(data.by_type).toMatchObject({ risk: 5, action: 1, issue: 0 });
    expect(data.by_indicator).toMatchObject({ late_finish: 1, not_started: 4, completed_recently: 1 });
    expect(data.by_assignee[0]).toMatchObject({ user_id: null, total: 4 });
    expect(data.by_assignee[1]).toMatchObject({ user_id: me, name: world.owner.name, total: 2 });
    const cell = (probability: number, impact: number) =>
      data.heat_map.cells.find(
        (c: { probability: number; impact: number }) => c.probability === probability && c.impact === impact,
      );
    expect(cell(5, 5)).toMatchObject({ count: 2, score: 25, level: "critical" });
    expect(cell(1, 2)).toMatchObject({ count: 1, level: "low" });
    expect(cell(3, 3).count).toBe(0);
    expect(data.heat_map).toMatchObject({ rated: 3, unrated: 1 });
  });

  it("builds the status report and its PDF", async () => {
    await createItem({ type: "risk", title: "Report risk", probability: 4, impact: 3 });
    await createItem({ type: "action", title: "Report overdue", finish_date: day(-4) });
    const { data } = await json(await api("GET", p("/status-report")));
    expect(data.project).toMatchObject({ name: "Apollo rollout", client_name: "Acme", currency: "EUR" });
    expect(data.top_risks.map((item: { title: string }) => item.title)).toContain("Report risk");
    expect(data.needs_attention.map((item: { title: string }) => item.title)).toContain("Report overdue");
    expect(data.budget).toMatchObject({ budget_total: 120000 });

    const pdf = await api("GET", p("/export/status-report"), undefined, world.members.viewer);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(
      /apollo-rollout-status-report-\d{4}-\d{2}-\d{2}\.pdf/,
    );
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it("exports Markdown tables per type", async () => {
    const response = await api("GET", p("/export?format=markdown&type=risk"));
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const text = await response.text();
    expect(text).toMatch(/^# Apollo rollout: RAID log/);
    expect(text).toContain("## Risks (");
    expect(text).not.toContain("## Actions");
    expect(text).toMatch(/\| R-\d+ \| Report risk \| Open \|/);
  });
});

describe("the OpenAPI document", () => {
  it("describes every Projects endpoint, with page meta on lists", async () => {
    const document = await (await testApp.app.request("/api/v1/openapi.json")).json();
    const paths = Object.keys(document.paths);
    for (const expected of [
      "/projects",
      "/projects/{id}",
      "/projects/{id}/members/{userId}",
      "/projects/{id}/items",
      "/projects/{id}/items/{itemId}/convert-to-issue",
      "/projects/{id}/items/{itemId}/attachments",
      "/projects/{id}/items/{itemId}/attachments/{attachmentId}/restore",
      "/projects/{id}/items/{itemId}/comments/{commentId}/restore",
      "/projects/{id}/dashboard",
      "/projects/{id}/budget",
      "/projects/{id}/budget/timesheets/{userId}/{weekStart}",
      "/projects/{id}/imports/{importId}/confirm",
      "/projects/{id}/export",
      "/projects/{id}/export/status-report",
      "/files/{token}",
    ]) {
      expect(paths).toContain(`/api/v1${expected}`);
    }
    const list =
      document.paths["/api/v1/projects/{id}/items"].get.responses["200"].content["application/json"].schema;
    // The item list's page meta adds group counts to the usual page, per_page and total.
    expect(list.properties.meta.$ref).toBe("#/components/schemas/ProjectItemPageMeta");
    const [page, groups] = document.components.schemas.ProjectItemPageMeta.allOf;
    expect(page.$ref).toBe("#/components/schemas/PageMeta");
    expect(Object.keys(groups.properties)).toEqual(["groups"]);
    const upload =
      document.paths["/api/v1/projects/{id}/items/{itemId}/attachments"].post.requestBody.content;
    expect(Object.keys(upload)).toEqual(["multipart/form-data"]);
  });
});
