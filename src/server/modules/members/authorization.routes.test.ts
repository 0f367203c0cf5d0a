// Authorization for every identity endpoint: anonymous 401, another org's resource 404, a role
// without the permission 403, bad input 4xx — each changing nothing — and success audited.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORG_ROLES, type OrgRole } from "../../../core/permissions";
import { selectRows } from "../../db";
import type { OrgScope } from "../../http";
import { describeEndpointAuthorization, type EndpointCase, sendApi } from "../../testing/authorization";
import {
  createMember,
  createOrgWithOwner,
  invitationTokenFor,
  signUp,
  type TestUser,
  uniqueEmail,
} from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";

let testApp: TestApp;
let orgA: string;
let actors: Record<OrgRole, TestUser>;
let outsider: TestUser;
/** An org every actor also belongs to, to switch into. */
let orgD: string;

const ownerScope = (): OrgScope => ({
  orgId: orgA,
  role: "owner",
  userId: actors.owner.userId,
  correlationId: null,
  ip: null,
  userAgent: null,
});

const newGroup = () => testApp.services.groups.create(ownerScope(), { name: `Group ${uniqueEmail("g")}` });
const newDeletedGroup = async () => {
  const group = await newGroup();
  await testApp.services.groups.remove(ownerScope(), group.id);
  return group;
};
const newGroupWithMember = async (userId: string) => {
  const group = await newGroup();
  await testApp.services.groups.addMember(ownerScope(), group.id, userId);
  return group;
};
const newInvitation = () =>
  testApp.services.invitations.create(
    ownerScope(),
    { email: uniqueEmail("invitee"), role: "member" },
    "Owner",
  );
const newKey = () => testApp.services.apiKeys.create(ownerScope(), { name: "CI key", role: "member" });
const newTarget = async () => (await createMember(testApp, orgA, "guest", "target")).userId;

/** Points a shared actor's session back at org A after a call moved it elsewhere. */
const backToOrgA = async (caller: TestUser) => {
  const response = await sendApi(testApp, "POST", "/me/active-org", caller.headers, { org_id: orgA });
  expect(response.status).toBe(200);
};

/** An open invitation to a fresh org of the outsider's, addressed to `email`; returns its token. */
async function invitationElsewhere(email: string) {
  const orgScope = { ...ownerScope(), userId: outsider.userId };
  const org = await testApp.services.orgs.create(orgScope, { name: `Elsewhere ${uniqueEmail("org")}` });
  await testApp.services.invitations.create(
    { ...orgScope, orgId: org.id },
    { email, role: "guest" },
    "Outsider",
  );
  return invitationTokenFor(testApp, email);
}

const cases: EndpointCase<OrgRole>[] = [
  {
    method: "PATCH",
    route: "/orgs/current",
    allowed: ["owner", "admin"],
    success: 200,
    audit: "org.updated",
    fixture: async () => ({
      path: "/orgs/current",
      body: { name: "Renamed Org" },
      change: { before: { name: expect.any(String) }, after: { name: "Renamed Org" } },
    }),
    badBody: { name: "" },
  },
  {
    method: "GET",
    route: "/orgs/current",
    allowed: ["owner", "admin", "member", "guest"],
    success: 200,
    fixture: async () => ({ path: "/orgs/current" }),
  },
  {
    method: "GET",
    route: "/members",
    allowed: ["owner", "admin", "member"],
    success: 200,
    fixture: async () => ({ path: "/members" }),
  },
  {
    method: "PATCH",
    route: "/members/{userId}",
    allowed: ["owner", "admin"],
    success: 200,
    audit: "member.role_changed",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/members/${await newTarget()}`,
      body: { role: "member" },
      change: { before: { role: "guest" }, after: { role: "member" } },
    }),
    badBody: { role: "superuser" },
  },
  {
    method: "DELETE",
    route: "/members/{userId}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "member.removed",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/members/${await newTarget()}`,
      change: { before: { role: "guest", email: expect.stringContaining("target") }, after: null },
    }),
  },
  {
    method: "GET",
    route: "/invitations",
    allowed: ["owner", "admin"],
    success: 200,
    fixture: async () => ({ path: "/invitations" }),
  },
  {
    method: "POST",
    route: "/invitations",
    allowed: ["owner", "admin"],
    success: 201,
    audit: "invitation.created",
    fixture: async () => {
      const email = uniqueEmail("new");
      return {
        path: "/invitations",
        body: { email, role: "member" },
        change: { before: null, after: { email, role: "member" } },
      };
    },
    badBody: { email: "not-an-email", role: "member" },
  },
  {
    method: "DELETE",
    route: "/invitations/{id}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "invitation.revoked",
    outsiderNotFound: true,
    fixture: async () => {
      const invitation = await newInvitation();
      return {
        path: `/invitations/${invitation.id}`,
        change: { before: { email: invitation.email, role: "member" }, after: null },
      };
    },
  },
  {
    method: "POST",
    route: "/invitations/{id}/resend",
    allowed: ["owner", "admin"],
    success: 200,
    audit: "invitation.resent",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/invitations/${(await newInvitation()).id}/resend`,
      change: { before: null, after: null },
    }),
  },
  {
    method: "GET",
    route: "/groups",
    allowed: ["owner", "admin", "member"],
    success: 200,
    fixture: async () => ({ path: "/groups" }),
  },
  {
    method: "POST",
    route: "/groups",
    allowed: ["owner", "admin"],
    success: 201,
    audit: "group.created",
    fixture: async () => {
      const name = `Delivery ${uniqueEmail("x")}`;
      return {
        path: "/groups",
        body: { name },
        change: { before: null, after: expect.objectContaining({ name, description: "" }) },
      };
    },
    badBody: { name: "", colour: "red" },
  },
  {
    method: "GET",
    route: "/groups/{id}",
    allowed: ["owner", "admin", "member"],
    success: 200,
    outsiderNotFound: true,
    fixture: async () => ({ path: `/groups/${(await newGroup()).id}` }),
  },
  {
    method: "PATCH",
    route: "/groups/{id}",
    allowed: ["owner", "admin"],
    success: 200,
    audit: "group.updated",
    outsiderNotFound: true,
    fixture: async () => {
      const group = await newGroup();
      return {
        path: `/groups/${group.id}`,
        body: { description: "Delivery leads" },
        change: {
          before: { name: group.name, description: "" },
          after: { name: group.name, description: "Delivery leads" },
        },
      };
    },
    badBody: { name: "x".repeat(200) },
  },
  {
    method: "DELETE",
    route: "/groups/{id}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "group.deleted",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/groups/${(await newGroup()).id}`,
      change: { before: null, after: null },
    }),
  },
  {
    method: "POST",
    route: "/groups/{id}/members",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "group.member_added",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/groups/${(await newGroup()).id}/members`,
      body: { user_id: actors.member.userId },
      change: { before: null, after: { userId: actors.member.userId } },
    }),
    badBody: { user_id: "not-a-uuid" },
  },
  {
    method: "GET",
    route: "/api-keys",
    allowed: ["owner", "admin"],
    success: 200,
    fixture: async () => ({ path: "/api-keys" }),
  },
  {
    method: "POST",
    route: "/api-keys",
    allowed: ["owner", "admin"],
    success: 201,
    audit: "api_key.created",
    fixture: async () => ({
      path: "/api-keys",
      body: { name: "Reporting", role: "member" },
      change: {
        before: null,
        after: { name: "Reporting", role: "member", prefix: expect.any(String), expiresAt: null },
      },
    }),
    badBody: { name: "Reporting", role: "member", expires_in_days: 0 },
  },
  {
    method: "DELETE",
    route: "/api-keys/{id}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "api_key.revoked",
    outsiderNotFound: true,
    fixture: async () => {
      const key = await newKey();
      return {
        path: `/api-keys/${key.id}`,
        change: { before: { name: "CI key", prefix: key.prefix }, after: null },
      };
    },
  },
  {
    method: "GET",
    route: "/audit-events",
    allowed: ["owner", "admin"],
    success: 200,
    fixture: async () => ({ path: "/audit-events" }),
  },
  {
    method: "GET",
    route: "/audit-events/actions",
    allowed: ["owner", "admin"],
    success: 200,
    fixture: async () => ({ path: "/audit-events/actions" }),
  },
  {
    method: "GET",
    route: "/orgs",
    allowed: ["owner", "admin", "member", "guest"],
    success: 200,
    fixture: async () => ({ path: "/orgs" }),
  },
  {
    method: "POST",
    route: "/orgs",
    allowed: ["owner", "admin", "member", "guest"],
    success: 201,
    audit: "org.created",
    auditOrgId: (body) => (body.data as { id: string }).id,
    fixture: async () => {
      const name = `Spin-off ${uniqueEmail("org")}`;
      return {
        path: "/orgs",
        body: { name },
        change: { before: null, after: expect.objectContaining({ name }) },
      };
    },
    badBody: { name: "" },
    restore: backToOrgA,
  },
  {
    method: "POST",
    route: "/members/leave",
    allowed: ["admin", "member", "guest"],
    refusals: { owner: { status: 409, error: "CONFLICT" } },
    success: 204,
    audit: "member.left",
    // Leaving uses the caller up: a fresh member with the role leaves.
    fixture: async (_actor, role) => ({
      path: "/members/leave",
      caller: role && role !== "owner" ? await createMember(testApp, orgA, role, "leaver") : undefined,
      change: { before: { role }, after: null },
    }),
  },
  {
    method: "POST",
    route: "/orgs/current/transfer-ownership",
    allowed: ["owner"],
    success: 200,
    audit: "org.ownership_transferred",
    outsiderNotFound: true,
    fixture: async () => {
      const target = await newTarget();
      return {
        path: "/orgs/current/transfer-ownership",
        body: { user_id: target },
        change: {
          before: { owner: actors.owner.userId },
          after: { owner: target, previousOwnerRole: "admin" },
        },
      };
    },
    badBody: { user_id: "not-a-uuid" },
    restore: async (_caller, body) => {
      const newOwner = (body.data as { owner_user_id: string }).owner_user_id;
      await testApp.services.members.transferOwnership(
        { ...ownerScope(), userId: newOwner },
        actors.owner.userId,
      );
    },
  },
  {
    method: "POST",
    route: "/groups/{id}/restore",
    allowed: ["owner", "admin"],
    success: 200,
    audit: "group.restored",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/groups/${(await newDeletedGroup()).id}/restore`,
      change: { before: null, after: null },
    }),
  },
  {
    method: "DELETE",
    route: "/groups/{id}/members/{userId}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "group.member_removed",
    outsiderNotFound: true,
    fixture: async () => ({
      path: `/groups/${(await newGroupWithMember(actors.member.userId)).id}/members/${actors.member.userId}`,
      change: { before: { userId: actors.member.userId }, after: null },
    }),
  },
  {
    method: "POST",
    route: "/invitations/accept",
    allowed: ["owner", "admin", "member", "guest"],
    success: 200,
    audit: "invitation.accepted",
    auditOrgId: (body) => (body.data as { org_id: string }).org_id,
    fixture: async (actor) => {
      const email = actor?.email ?? uniqueEmail("nobody");
      return {
        path: "/invitations/accept",
        body: { token: await invitationElsewhere(email) },
        change: { before: null, after: { email, role: "guest" } },
      };
    },
    badBody: { token: "short" },
    restore: backToOrgA,
  },
  {
    method: "GET",
    route: "/me",
    allowed: ["owner", "admin", "member", "guest"],
    success: 200,
    fixture: async () => ({ path: "/me" }),
  },
  {
    method: "PATCH",
    route: "/me",
    allowed: ["owner", "admin", "member", "guest"],
    success: 200,
    audit: "user.profile_updated",
    auditOrgId: () => null,
    fixture: async (actor) => {
      const name = `Renamed ${actor?.name ?? "nobody"}`;
      return {
        path: "/me",
        body: { name },
        change: { before: { name: expect.any(String) }, after: { name } },
      };
    },
    badBody: { name: "" },
  },
  {
    method: "POST",
    route: "/me/active-org",
    allowed: ["owner", "admin", "member", "guest"],
    success: 200,
    audit: "user.org_switched",
    auditOrgId: () => null,
    // Aimed at an org the outsider does not belong to: 404, as for no such org.
    outsiderNotFound: true,
    fixture: async () => ({
      path: "/me/active-org",
      body: { org_id: orgD },
      change: { before: { active_org_id: orgA }, after: { active_org_id: orgD } },
    }),
    badBody: { org_id: "not-a-uuid" },
    restore: backToOrgA,
  },
];

async function snapshot() {
  const [row] = await selectRows<Record<string, number>>(
    testApp.database.handle.db,
    sql`select
      (select count(*)::int from audit_events) as audit,
      (select count(*)::int from memberships) as memberships,
      (select count(*)::int from invitations where revoked_at is null) as open_invitations,
      (select count(*)::int from groups where deleted_at is null) as groups,
      (select count(*)::int from group_members) as group_members,
      (select count(*)::int from api_keys where revoked_at is null) as api_keys,
      (select string_agg(name, ',' order by id) from organizations) as org_names,
      (select string_agg(role, ',' order by id) from memberships) as roles,
      (select string_agg(name, ',' order by id) from users) as user_names,
      (select string_agg(coalesce(active_org_id::text, '-'), ',' order by id) from sessions) as active_orgs`,
  );
  return row!;
}

beforeAll(async () => {
  testApp = await createTestApp();
  const created = await createOrgWithOwner(testApp, "Org A");
  orgA = created.orgId;
  actors = {
    owner: created.owner,
    admin: await createMember(testApp, orgA, "admin"),
    member: await createMember(testApp, orgA, "member"),
    guest: await createMember(testApp, orgA, "guest"),
  };
  outsider = (await createOrgWithOwner(testApp, "Org B")).owner;
  orgD = (await createOrgWithOwner(testApp, "Org D")).orgId;
  await testApp.database.handle.db.transaction(async (tx) => {
    for (const actor of Object.values(actors)) {
      await testApp.services.members.add(tx, { ...ownerScope(), orgId: orgD }, actor.userId, "member");
    }
  });
});

afterAll(() => testApp.close());

describeEndpointAuthorization(cases, ORG_ROLES, () => ({
  testApp,
  orgId: orgA,
  actors,
  outsider,
  snapshot,
}));

describe("signed in but in no org", () => {
  it("is told to choose an organization (403) on org endpoints", async () => {
    const loner = await signUp(testApp);
    const response = await sendApi(testApp, "GET", "/members", loner.headers);
    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(/organization/i);
  });
});

describe("GET /invitations/lookup (public: the invitee has no account yet)", () => {
  const lookup = (token: string) =>
    sendApi(testApp, "GET", `/invitations/lookup?token=${encodeURIComponent(token)}`, {});

  it("shows an open invitation to anyone holding its link", async () => {
    const email = uniqueEmail("holder");
    await testApp.services.invitations.create(ownerScope(), { email, role: "guest" }, "Owner");
    const response = await lookup(invitationTokenFor(testApp, email));
    expect(response.status).toBe(200);
    expect((await response.json()).data).toMatchObject({ email, role: "guest", status: "pending" });
  });

  it("answers a malformed token with 400 and an unknown one with 404", async () => {
    expect((await lookup("short")).status).toBe(400);
    const unknown = await lookup("x".repeat(43));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toBe("NOT_FOUND");
  });
});
