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
  signUp,
  type TestUser,
  uniqueEmail,
} from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";

let testApp: TestApp;
let orgA: string;
let actors: Record<OrgRole, TestUser>;
let outsider: TestUser;

const ownerScope = (): OrgScope => ({
  orgId: orgA,
  role: "owner",
  userId: actors.owner.userId,
  correlationId: null,
  ip: null,
  userAgent: null,
});

const newGroup = () => testApp.services.groups.create(ownerScope(), { name: `Group ${uniqueEmail("g")}` });
const newInvitation = () =>
  testApp.services.invitations.create(
    ownerScope(),
    { email: uniqueEmail("invitee"), role: "member" },
    "Owner",
  );
const newKey = () => testApp.services.apiKeys.create(ownerScope(), { name: "CI key", role: "member" });
const newTarget = async () => (await createMember(testApp, orgA, "guest", "target")).userId;

const cases: EndpointCase<OrgRole>[] = [
  {
    method: "PATCH",
    route: "/orgs/current",
    allowed: ["owner", "admin"],
    success: 200,
    audit: "org.updated",
    fixture: async () => ({ path: "/orgs/current", body: { name: "Renamed Org" } }),
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
    fixture: async () => ({ path: `/members/${await newTarget()}`, body: { role: "member" } }),
    badBody: { role: "superuser" },
  },
  {
    method: "DELETE",
    route: "/members/{userId}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "member.removed",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/members/${await newTarget()}` }),
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
    fixture: async () => ({ path: "/invitations", body: { email: uniqueEmail("new"), role: "member" } }),
    badBody: { email: "not-an-email", role: "member" },
  },
  {
    method: "DELETE",
    route: "/invitations/{id}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "invitation.revoked",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/invitations/${(await newInvitation()).id}` }),
  },
  {
    method: "POST",
    route: "/invitations/{id}/resend",
    allowed: ["owner", "admin"],
    success: 200,
    audit: "invitation.resent",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/invitations/${(await newInvitation()).id}/resend` }),
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
    fixture: async () => ({ path: "/groups", body: { name: `Delivery ${uniqueEmail("x")}` } }),
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
    fixture: async () => ({
      path: `/groups/${(await newGroup()).id}`,
      body: { description: "Delivery leads" },
    }),
    badBody: { name: "x".repeat(200) },
  },
  {
    method: "DELETE",
    route: "/groups/{id}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "group.deleted",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/groups/${(await newGroup()).id}` }),
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
    fixture: async () => ({ path: "/api-keys", body: { name: "Reporting", role: "member" } }),
    badBody: { name: "Reporting", role: "member", expires_in_days: 0 },
  },
  {
    method: "DELETE",
    route: "/api-keys/{id}",
    allowed: ["owner", "admin"],
    success: 204,
    audit: "api_key.revoked",
    outsiderNotFound: true,
    fixture: async () => ({ path: `/api-keys/${(await newKey()).id}` }),
  },
  {
    method: "GET",
    route: "/audit-events",
    allowed: ["owner", "admin"],
    success: 200,
    fixture: async () => ({ path: "/audit-events" }),
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
      (select string_agg(role, ',' order by id) from memberships) as roles`,
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
