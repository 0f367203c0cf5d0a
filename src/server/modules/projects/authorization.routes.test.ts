// Authorization for every Projects endpoint, per project role: anonymous 401, another org 404,
// an org member outside the project 404, a role without the permission 403, bad input 400 —
// each changing nothing — and success audited. Org owners and admins act as project admins.
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROLES, type ProjectRole } from "../../../core/permissions";
import { inTenant, selectRows } from "../../db";
import { createMember, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { appendChatMessages, createChatSession } from "./chat.queries";
import { callApi, createProjectWorld, fileForm, type ProjectWorld } from "./testing/fixtures";

let testApp: TestApp;
let world: ProjectWorld;
/** A viewer whose membership the member-update endpoint changes. */
let memberTarget: TestUser;

interface Fixture {
  path: string;
  body?: unknown;
}

interface EndpointCase {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  route: string;
  allowed: ProjectRole[];
  success: number;
  audit?: string;
  /**
   * Builds a fresh target for each attempt. `actor` is who will call: edit-rule endpoints use it
   * to assign the item to the caller, so the team_member rule lets them through.
   */
  fixture: (actor: TestUser) => Promise<Fixture>;
  badBody?: unknown;
  /** The team_member rule applies: also check a team member is refused on an item not theirs. */
  editRule?: (actor: TestUser | null) => Promise<Fixture>;
}

const items = () => testApp.services.projects.items;
const p = () => `/projects/${world.projectId}`;

/** A fresh item, assigned to `assignee` when given. */
async function newItem(assignee: TestUser | null = null, type: "risk" | "action" = "action") {
  return items().create(world.ownerScope, world.projectId, {
    type,
    title: `Item ${Math.random().toString(36).slice(2, 8)}`,
    assigneeId: assignee?.userId ?? null,
  });
}

/** Assignment only works for people on the project (or org managers); others get unassigned items. */
const assignable = (actor: TestUser | null) =>
  actor && (Object.values(world.members).includes(actor) || actor === world.orgAdmin) ? actor : null;

async function newProject() {
  const project = await testApp.services.projects.projects.create(world.ownerScope, { name: "Disposable" });
  for (const role of PROJECT_ROLES) {
    await testApp.services.projects.projects.addMember(world.ownerScope, project.id, {
      userId: world.members[role].userId,
      role,
    });
  }
  return project.id;
}

const editItemPath = async (actor: TestUser | null, suffix = "") =>
  `${p()}/items/${(await newItem(assignable(actor))).id}${suffix}`;

/** The owner's comment on a fresh item, deleted first when `deleted` (to restore it). */
async function ownerCommentPath(deleted: boolean) {
  const item = await newItem();
  const comment = await items().addComment(world.ownerScope, world.projectId, item.id, "Owner's note");
  if (deleted) await items().removeComment(world.ownerScope, world.projectId, item.id, comment.id);
  return `${p()}/items/${item.id}/comments/${comment.id}`;
}

/** The restore path of a removed attachment on a fresh item assigned to `assignee`. */
async function removedAttachmentPath(assignee: TestUser | null) {
  const item = await newItem(assignee);
  const attachment = await items().addAttachment(world.ownerScope, world.projectId, item.id, {
    name: "plan.pdf",
    type: "application/pdf",
    bytes: new TextEncoder().encode("%PDF-1.4"),
  });
  await items().removeAttachment(world.ownerScope, world.projectId, item.id, attachment.id);
  return { path: `${p()}/items/${item.id}/attachments/${attachment.id}/restore` };
}

/**
 * A saved chat session of `actor` on the project (of the owner when the actor may not chat
 * there), written straight to the tables: only its asker may see it.
 */
async function chatSessionPath(actor: TestUser) {
  const asker = assignable(actor) ?? world.owner;
  const id = uuidv7();
  await inTenant(testApp.database.handle.db, { orgId: world.orgId, userId: asker.userId }, async (tx) => {
    await createChatSession(tx, {
      id,
      orgId: world.orgId,
      projectId: world.projectId,
      userId: asker.userId,
      title: "Q",
    });
    await appendChatMessages(tx, world.orgId, id, [
      { role: "user", content: "Q" },
      { role: "assistant", content: "A" },
    ]);
  });
  return `${p()}/chat/sessions/${id}`;
}

const CSV = "Type,Title\nRisk,Imported risk\nAction,Imported action\n";

async function newImport() {
  return testApp.services.projects.imports.upload(
    world.ownerScope,
    world.projectId,
    { name: "raid.csv", bytes: new TextEncoder().encode(CSV) },
    {},
  );
}

const cases: EndpointCase[] = [
  {
    method: "GET",
    route: "/projects/{id}",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: p() }),
  },
  {
    method: "PATCH",
    route: "/projects/{id}",
    allowed: ["admin", "project_manager"],
    success: 200,
    audit: "project.updated",
    fixture: async () => ({ path: p(), body: { description: `Brief ${Math.random()}` } }),
    badBody: { name: "" },
  },
  {
    method: "DELETE",
    route: "/projects/{id}",
    allowed: ["admin"],
    success: 204,
    audit: "project.deleted",
    fixture: async () => ({ path: `/projects/${await newProject()}` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/restore",
    allowed: ["admin"],
    success: 200,
    audit: "project.restored",
    fixture: async () => {
      const id = await newProject();
      await testApp.services.projects.projects.remove(world.ownerScope, id);
      return { path: `/projects/${id}/restore` };
    },
  },
  {
    method: "GET",
    route: "/projects/{id}/members",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/members` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/members",
    allowed: ["admin"],
    success: 201,
    audit: "project.member_added",
    fixture: async () => ({
      path: `${p()}/members`,
      body: {
        user_id: (await createMember(testApp, world.orgId, "member", "joiner")).userId,
        role: "viewer",
      },
    }),
    badBody: { user_id: "not-a-uuid", role: "viewer" },
  },
  {
    method: "PATCH",
    route: "/projects/{id}/members/{userId}",
    allowed: ["admin"],
    success: 200,
    audit: "project.member_updated",
    fixture: async () => ({
      path: `${p()}/members/${memberTarget.userId}`,
      body: { billing_role: `Consultant ${Math.random()}` },
    }),
    badBody: { role: "owner" },
  },
  {
    method: "DELETE",
    route: "/projects/{id}/members/{userId}",
    allowed: ["admin"],
    success: 204,
    audit: "project.member_removed",
    fixture: async () => {
      const leaver = await createMember(testApp, world.orgId, "member", "leaver");
      await testApp.services.projects.projects.addMember(world.ownerScope, world.projectId, {
        userId: leaver.userId,
        role: "viewer",
      });
      return { path: `${p()}/members/${leaver.userId}` };
    },
  },
  {
    method: "GET",
    route: "/projects/{id}/items",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/items?type=risk,action&sort=finish_date` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/items",
    allowed: ["admin", "project_manager"],
    success: 201,
    audit: "project_item.created",
    fixture: async () => ({
      path: `${p()}/items`,
      body: { type: "risk", title: "New risk", probability: 3 },
    }),
    badBody: { type: "risk", title: "" },
  },
  {
    method: "GET",
    route: "/projects/{id}/items/{itemId}",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/items/${(await newItem()).id}` }),
  },
  {
    method: "PATCH",
    route: "/projects/{id}/items/{itemId}",
    allowed: ["admin", "project_manager", "team_member"],
    success: 200,
    audit: "project_item.updated",
    fixture: async (actor) => ({ path: await editItemPath(actor), body: { percent_complete: 40 } }),
    editRule: async (actor) => ({ path: await editItemPath(actor), body: { percent_complete: 40 } }),
    badBody: { percent_complete: 150 },
  },
  {
    method: "DELETE",
    route: "/projects/{id}/items/{itemId}",
    allowed: ["admin", "project_manager"],
    success: 204,
    audit: "project_item.deleted",
    fixture: async () => ({ path: `${p()}/items/${(await newItem()).id}` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/items/{itemId}/restore",
    allowed: ["admin", "project_manager"],
    success: 200,
    audit: "project_item.restored",
    fixture: async () => {
      const item = await newItem();
      await items().remove(world.ownerScope, world.projectId, item.id);
      return { path: `${p()}/items/${item.id}/restore` };
    },
  },
  {
    method: "GET",
    route: "/projects/{id}/items/{itemId}/history",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/items/${(await newItem()).id}/history` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/items/{itemId}/links",
    allowed: ["admin", "project_manager", "team_member"],
    success: 201,
    audit: "project_item.link_added",
    fixture: async (actor) => ({
      path: await editItemPath(actor, "/links"),
      body: { to_item_id: (await newItem()).id, kind: "depends_on" },
    }),
    editRule: async (actor) => ({
      path: await editItemPath(actor, "/links"),
      body: { to_item_id: (await newItem()).id, kind: "relates_to" },
    }),
    badBody: { to_item_id: "00000000-0000-4000-8000-000000000000", kind: "blocks" },
  },
  {
    method: "DELETE",
    route: "/projects/{id}/items/{itemId}/links/{linkId}",
    allowed: ["admin", "project_manager", "team_member"],
    success: 204,
    audit: "project_item.link_removed",
    fixture: async (actor) => {
      const from = await newItem(assignable(actor));
      const link = await items().addLink(world.ownerScope, world.projectId, from.id, {
        toItemId: (await newItem()).id,
        kind: "relates_to",
      });
      return { path: `${p()}/items/${from.id}/links/${link.id}` };
    },
    editRule: async (actor) => {
      const from = await newItem(assignable(actor));
      const link = await items().addLink(world.ownerScope, world.projectId, from.id, {
        toItemId: (await newItem()).id,
        kind: "relates_to",
      });
      return { path: `${p()}/items/${from.id}/links/${link.id}` };
    },
  },
  {
    method: "POST",
    route: "/projects/{id}/items/{itemId}/convert-to-issue",
    allowed: ["admin", "project_manager"],
    success: 201,
    audit: "project_item.converted",
    fixture: async (actor) => ({
      path: `${p()}/items/${(await newItem(assignable(actor), "risk")).id}/convert-to-issue`,
      body: {},
    }),
    badBody: { severity: "apocalyptic" },
  },
  {
    method: "GET",
    route: "/projects/{id}/items/{itemId}/comments",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/items/${(await newItem()).id}/comments` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/items/{itemId}/comments",
    allowed: ["admin", "project_manager", "team_member"],
    success: 201,
    audit: "project_item.comment_added",
    fixture: async () => ({
      path: `${p()}/items/${(await newItem()).id}/comments`,
      body: { body: "Looks *late*" },
    }),
    badBody: { body: "" },
  },
  {
    method: "DELETE",
    route: "/projects/{id}/items/{itemId}/comments/{commentId}",
    allowed: ["admin", "project_manager"],
    success: 204,
    audit: "project_item.comment_deleted",
    fixture: async () => ({ path: await ownerCommentPath(false) }),
  },
  {
    method: "POST",
    route: "/projects/{id}/items/{itemId}/comments/{commentId}/restore",
    allowed: ["admin", "project_manager"],
    success: 200,
    audit: "project_item.comment_restored",
    fixture: async () => ({ path: `${await ownerCommentPath(true)}/restore` }),
  },
  {
    method: "GET",
    route: "/projects/{id}/items/{itemId}/attachments",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/items/${(await newItem()).id}/attachments` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/items/{itemId}/attachments",
    allowed: ["admin", "project_manager", "team_member"],
    success: 201,
    audit: "project_item.attachment_added",
    fixture: async (actor) => ({
      path: await editItemPath(actor, "/attachments"),
      body: fileForm("minutes.txt", "Minutes of the steering meeting", "text/plain"),
    }),
    editRule: async (actor) => ({
      path: await editItemPath(actor, "/attachments"),
      body: fileForm("minutes.txt", "Minutes", "text/plain"),
    }),
  },
  {
    method: "GET",
    route: "/projects/{id}/items/{itemId}/attachments/{attachmentId}/download",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => {
      const item = await newItem();
      const attachment = await items().addAttachment(world.ownerScope, world.projectId, item.id, {
        name: "plan.pdf",
        type: "application/pdf",
        bytes: new TextEncoder().encode("%PDF-1.4"),
      });
      return { path: `${p()}/items/${item.id}/attachments/${attachment.id}/download` };
    },
  },
  {
    method: "DELETE",
    route: "/projects/{id}/items/{itemId}/attachments/{attachmentId}",
    allowed: ["admin", "project_manager", "team_member"],
    success: 204,
    audit: "project_item.attachment_deleted",
    fixture: async (actor) => {
      const item = await newItem(assignable(actor));
      const attachment = await items().addAttachment(world.ownerScope, world.projectId, item.id, {
        name: "plan.pdf",
        type: "application/pdf",
        bytes: new TextEncoder().encode("%PDF-1.4"),
      });
      return { path: `${p()}/items/${item.id}/attachments/${attachment.id}` };
    },
    editRule: async (actor) => {
      const item = await newItem(assignable(actor));
      const attachment = await items().addAttachment(world.ownerScope, world.projectId, item.id, {
        name: "plan.pdf",
        type: "application/pdf",
        bytes: new TextEncoder().encode("%PDF-1.4"),
      });
      return { path: `${p()}/items/${item.id}/attachments/${attachment.id}` };
    },
  },
  {
    method: "POST",
    route: "/projects/{id}/items/{itemId}/attachments/{attachmentId}/restore",
    allowed: ["admin", "project_manager", "team_member"],
    success: 200,
    audit: "project_item.attachment_restored",
    fixture: async (actor) => removedAttachmentPath(assignable(actor)),
    editRule: async (actor) => removedAttachmentPath(assignable(actor)),
  },
  {
    method: "GET",
    route: "/projects/{id}/dashboard",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/dashboard` }),
  },
  {
    method: "GET",
    route: "/projects/{id}/timeline",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/timeline` }),
  },
  {
    method: "GET",
    route: "/projects/{id}/budget",
    allowed: ["admin", "project_manager"],
    success: 200,
    fixture: async () => ({ path: `${p()}/budget?as_of=2025-03-01` }),
  },
  {
    method: "GET",
    route: "/projects/{id}/budget/rate-cards",
    allowed: ["admin", "project_manager"],
    success: 200,
    fixture: async () => ({ path: `${p()}/budget/rate-cards` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/budget/rate-cards",
    allowed: ["admin", "project_manager"],
    success: 201,
    audit: "project.rate_card_created",
    fixture: async () => ({
      path: `${p()}/budget/rate-cards`,
      body: { role_name: `Role ${Math.random()}`, hourly_rate: 95.5 },
    }),
    badBody: { role_name: "Analyst", hourly_rate: -1 },
  },
  {
    method: "PATCH",
    route: "/projects/{id}/budget/rate-cards/{cardId}",
    allowed: ["admin", "project_manager"],
    success: 200,
    audit: "project.rate_card_updated",
    fixture: async () => {
      const card = await testApp.services.projects.budget.createRateCard(world.ownerScope, world.projectId, {
        roleName: `Role ${Math.random()}`,
        hourlyRate: 80,
      });
      return { path: `${p()}/budget/rate-cards/${card.id}`, body: { hourly_rate: 85 } };
    },
    badBody: { hourly_rate: 1.234 },
  },
  {
    method: "DELETE",
    route: "/projects/{id}/budget/rate-cards/{cardId}",
    allowed: ["admin", "project_manager"],
    success: 204,
    audit: "project.rate_card_deleted",
    fixture: async () => {
      const card = await testApp.services.projects.budget.createRateCard(world.ownerScope, world.projectId, {
        roleName: `Role ${Math.random()}`,
        hourlyRate: 80,
      });
      return { path: `${p()}/budget/rate-cards/${card.id}` };
    },
  },
  {
    method: "GET",
    route: "/projects/{id}/budget/timesheets",
    allowed: ["admin", "project_manager", "team_member"],
    success: 200,
    fixture: async () => ({ path: `${p()}/budget/timesheets` }),
  },
  {
    method: "PUT",
    route: "/projects/{id}/budget/timesheets/{userId}/{weekStart}",
    allowed: ["admin", "project_manager", "team_member"],
    success: 200,
    audit: "project.timesheet_saved",
    fixture: async (actor) => ({
      path: `${p()}/budget/timesheets/${actor.userId}/2025-02-03`,
      body: { entries: [{ hours: 7.5, note: "Workshops" }] },
    }),
    badBody: { entries: [{ hours: 0 }] },
  },
  {
    method: "POST",
    route: "/projects/{id}/imports",
    allowed: ["admin", "project_manager"],
    success: 201,
    audit: "project.import_uploaded",
    fixture: async () => ({ path: `${p()}/imports`, body: fileForm("raid.csv", CSV, "text/csv") }),
  },
  {
    method: "GET",
    route: "/projects/{id}/imports/{importId}",
    allowed: ["admin", "project_manager"],
    success: 200,
    fixture: async () => ({ path: `${p()}/imports/${(await newImport()).session.id}` }),
  },
  {
    method: "POST",
    route: "/projects/{id}/imports/{importId}/preview",
    allowed: ["admin", "project_manager"],
    success: 200,
    fixture: async () => ({
      path: `${p()}/imports/${(await newImport()).session.id}/preview`,
      body: { mapping: { "0": "type", "1": "title" } },
    }),
    badBody: { mapping: { "0": "colour" } },
  },
  {
    method: "POST",
    route: "/projects/{id}/imports/{importId}/confirm",
    allowed: ["admin", "project_manager"],
    success: 201,
    audit: "project.items_imported",
    fixture: async () => ({
      path: `${p()}/imports/${(await newImport()).session.id}/confirm`,
      body: { mapping: { "0": "type", "1": "title" } },
    }),
    badBody: { mapping: { "0": "type", "1": "title" }, skip_invalid: "yes" },
  },
  {
    method: "GET",
    route: "/projects/{id}/chat/sessions",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/chat/sessions` }),
  },
  {
    method: "GET",
    route: "/projects/{id}/chat/sessions/{sessionId}",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async (actor) => ({ path: await chatSessionPath(actor) }),
  },
  {
    method: "DELETE",
    route: "/projects/{id}/chat/sessions/{sessionId}",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 204,
    audit: "project.chat_session_deleted",
    fixture: async (actor) => ({ path: await chatSessionPath(actor) }),
  },
  {
    method: "GET",
    route: "/projects/{id}/export",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/export?format=csv&type=risk` }),
  },
  {
    method: "GET",
    route: "/projects/{id}/status-report",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/status-report` }),
  },
  {
    method: "GET",
    route: "/projects/{id}/export/status-report",
    allowed: ["admin", "project_manager", "team_member", "viewer"],
    success: 200,
    fixture: async () => ({ path: `${p()}/export/status-report` }),
  },
];

/** Everything a refused request must leave untouched. */
async function snapshot() {
  const [row] = await selectRows<Record<string, unknown>>(
    testApp.database.handle.db,
    sql`select
      (select count(*)::int from audit_events) as audit,
      (select string_agg(concat_ws(':', id, deleted_at, description), ',' order by id) from projects) as projects,
      (select string_agg(concat_ws(':', project_id, user_id, role, billing_role), ',' order by project_id, user_id) from project_members) as members,
      (select string_agg(concat_ws(':', id, status, percent_complete, assignee_id, title, deleted_at), ',' order by id) from project_items) as items,
      (select count(*)::int from project_item_links) as links,
      (select count(*)::int from project_item_comments where deleted_at is null) as comments,
      (select count(*)::int from project_item_attachments where deleted_at is null) as attachments,
      (select string_agg(concat_ws(':', id, hourly_rate, effective_from), ',' order by id) from project_rate_cards) as rate_cards,
      (select string_agg(concat_ws(':', user_id, week_start, hours, note), ',' order by id) from project_timesheet_entries) as timesheets,
      (select count(*)::int from project_import_sessions) as imports,
      (select count(*)::int from project_import_sessions where committed_at is not null) as committed,
      (select count(*)::int from project_chat_sessions) as chat_sessions`,
  );
  return row!;
}

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createProjectWorld(testApp);
  memberTarget = await createMember(testApp, world.orgId, "member", "member-target");
  await testApp.services.projects.projects.addMember(world.ownerScope, world.projectId, {
    userId: memberTarget.userId,
    role: "viewer",
  });
});

afterAll(() => testApp.close());

describe.each(cases)("$method $route", (endpoint) => {
  const denied = PROJECT_ROLES.filter((role) => !endpoint.allowed.includes(role));
  const send = (user: TestUser | null, fixture: Fixture) =>
    callApi(testApp, user, endpoint.method, fixture.path, fixture.body);

  it("refuses anonymous callers with 401", async () => {
    const fixture = await endpoint.fixture(world.owner);
    const before = await snapshot();
    const response = await send(null, fixture);
    expect(response.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it("answers another org's owner with 404, changing nothing", async () => {
    const fixture = await endpoint.fixture(world.outsider);
    const before = await snapshot();
    const response = await send(world.outsider, fixture);
    expect(response.status, await response.clone().text()).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("answers an org member who is not on the project with 404, changing nothing", async () => {
    const fixture = await endpoint.fixture(world.stranger);
    const before = await snapshot();
    const response = await send(world.stranger, fixture);
    expect(response.status, await response.clone().text()).toBe(404);
    expect((await response.json()).error).toBe("NOT_FOUND");
    expect(await snapshot()).toEqual(before);
  });

  for (const role of denied) {
    it(`refuses a ${role} with 403, changing nothing`, async () => {
      const actor = world.members[role];
      const fixture = await endpoint.fixture(actor);
      const before = await snapshot();
      const response = await send(actor, fixture);
      expect(response.status, await response.clone().text()).toBe(403);
      expect((await response.json()).error).toBe("FORBIDDEN");
      expect(await snapshot()).toEqual(before);
    });
  }

  if (endpoint.editRule) {
    it("refuses a team_member on an item not assigned to them, changing nothing", async () => {
      const fixture = await endpoint.editRule!(null);
      const before = await snapshot();
      const response = await send(world.members.team_member, fixture);
      expect(response.status, await response.clone().text()).toBe(403);
      expect(await snapshot()).toEqual(before);
    });
  }

  if (endpoint.badBody !== undefined) {
    it("rejects bad input with 400, changing nothing", async () => {
      const { path } = await endpoint.fixture(world.owner);
      const before = await snapshot();
      const response = await send(world.owner, { path, body: endpoint.badBody });
      expect(response.status, await response.clone().text()).toBe(400);
      expect((await response.json()).error).toBe("VALIDATION_ERROR");
      expect(await snapshot()).toEqual(before);
    });
  }

  const allowedActors: [string, () => TestUser][] = [
    ...endpoint.allowed.map((role): [string, () => TestUser] => [role, () => world.members[role]]),
    ["org admin (no project membership)", () => world.orgAdmin],
  ];
  for (const [label, actorOf] of allowedActors) {
    it(`lets a ${label} through${endpoint.audit ? " and audits it" : ""}`, async () => {
      const actor = actorOf();
      const fixture = await endpoint.fixture(actor);
      const response = await send(actor, fixture);
      expect(response.status, await response.clone().text()).toBe(endpoint.success);
      if (endpoint.audit) {
        const [row] = await selectRows<{
          actor_user_id: string;
          org_id: string;
          correlation_id: string | null;
        }>(
          testApp.database.handle.db,
          sql`select actor_user_id, org_id, correlation_id from audit_events where action = ${endpoint.audit} order by created_at desc, id desc limit 1`,
        );
        expect(row).toEqual({
          actor_user_id: actor.userId,
          org_id: world.orgId,
          correlation_id: response.headers.get("x-correlation-id"),
        });
      }
    });
  }
});

describe("project-level rules beyond the table", () => {
  it("lists only the projects a member belongs to; org managers see all", async () => {
    const listed = async (user: TestUser) =>
      (
        (await (await callApi(testApp, user, "GET", "/projects?per_page=100")).json()).data as {
          id: string;
        }[]
      ).map((project) => project.id);
    expect(await listed(world.members.viewer)).toContain(world.projectId);
    expect(await listed(world.stranger)).not.toContain(world.projectId);
    expect(await listed(world.orgAdmin)).toContain(world.projectId);
    expect(await listed(world.outsider)).not.toContain(world.projectId);
  });

  it("lets org staff create projects but not guests", async () => {
    const guest = await createMember(testApp, world.orgId, "guest");
    expect((await callApi(testApp, guest, "POST", "/projects", { name: "Guest project" })).status).toBe(403);
    const created = await callApi(testApp, world.stranger, "POST", "/projects", { name: "Side project" });
    expect(created.status).toBe(201);
    expect((await created.json()).data).toMatchObject({ my_role: "admin", name: "Side project" });
  });

  it("refuses a team member reassigning their own item", async () => {
    const tm = world.members.team_member;
    const item = await newItem(tm);
    const response = await callApi(testApp, tm, "PATCH", `${p()}/items/${item.id}`, {
      assignee_id: world.members.viewer.userId,
    });
    expect(response.status).toBe(403);
    const still = await callApi(testApp, tm, "PATCH", `${p()}/items/${item.id}`, { title: "Mine, renamed" });
    expect(still.status).toBe(200);
  });

  it("lets a team member delete their own comment but not someone else's", async () => {
    const tm = world.members.team_member;
    const item = await newItem();
    const own = await items().addComment(
      { ...world.ownerScope, role: "member", userId: tm.userId },
      world.projectId,
      item.id,
      "Mine",
    );
    const others = await items().addComment(world.ownerScope, world.projectId, item.id, "Theirs");
    expect(
      (await callApi(testApp, tm, "DELETE", `${p()}/items/${item.id}/comments/${others.id}`)).status,
    ).toBe(403);
    expect((await callApi(testApp, tm, "DELETE", `${p()}/items/${item.id}/comments/${own.id}`)).status).toBe(
      204,
    );
  });

  it("lets team members log only their own time and see only their own lines", async () => {
    const tm = world.members.team_member;
    const pm = world.members.project_manager;
    const forOther = await callApi(testApp, tm, "PUT", `${p()}/budget/timesheets/${pm.userId}/2025-02-10`, {
      entries: [{ hours: 1 }],
    });
    expect(forOther.status).toBe(403);
    await callApi(testApp, pm, "PUT", `${p()}/budget/timesheets/${pm.userId}/2025-02-10`, {
      entries: [{ hours: 3 }],
    });
    const mine = await (await callApi(testApp, tm, "GET", `${p()}/budget/timesheets?per_page=100`)).json();
    expect(mine.data.length).toBeGreaterThan(0);
    expect(mine.data.every((line: { user: { id: string } }) => line.user.id === tm.userId)).toBe(true);
    const asked = await callApi(testApp, tm, "GET", `${p()}/budget/timesheets?user_id=${pm.userId}`);
    expect(asked.status).toBe(403);
  });

  it("hides the budget total from roles that may not read the budget", async () => {
    const view = async (user: TestUser) => (await (await callApi(testApp, user, "GET", p())).json()).data;
    expect((await view(world.members.project_manager)).budget_total).toBe(120000);
    expect((await view(world.members.viewer)).budget_total).toBeNull();
    const status = await (await callApi(testApp, world.members.viewer, "GET", `${p()}/status-report`)).json();
    expect(status.data.budget).toBeNull();
  });

  it("keeps guests to viewer or team member on projects", async () => {
    const guest = await createMember(testApp, world.orgId, "guest", "client");
    const asManager = await callApi(testApp, world.owner, "POST", `${p()}/members`, {
      user_id: guest.userId,
      role: "project_manager",
    });
    expect(asManager.status).toBe(400);
    const asViewer = await callApi(testApp, world.owner, "POST", `${p()}/members`, {
      user_id: guest.userId,
      role: "viewer",
    });
    expect(asViewer.status).toBe(201);
    expect((await callApi(testApp, guest, "GET", p())).status).toBe(200);
  });
});
