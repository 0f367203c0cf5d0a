import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, createOrgWithOwner, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";

let testApp: TestApp;

const v1 = (path: string, user: TestUser, method = "GET", body?: unknown) =>
  testApp.app.request(`/api/v1${path}`, {
    method,
    headers: user.headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const roleOf = async (viewer: TestUser, userId: string) => {
  const { data } = await (await v1("/members?per_page=100", viewer)).json();
  return data.find((member: { user_id: string }) => member.user_id === userId)?.role;
};

beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(() => testApp.close());

describe("member rules", () => {
  it("lets nobody change their own role, and an admin not touch the owner", async () => {
    const { orgId, owner } = await createOrgWithOwner(testApp);
    const admin = await createMember(testApp, orgId, "admin");
    expect((await v1(`/members/${admin.userId}`, admin, "PATCH", { role: "member" })).status).toBe(403);
    expect((await v1(`/members/${owner.userId}`, admin, "PATCH", { role: "member" })).status).toBe(403);
    expect((await v1(`/members/${owner.userId}`, admin, "DELETE")).status).toBe(403);
    expect(await roleOf(owner, owner.userId)).toBe("owner");
  });

  it("makes ownership move only by transfer, leaving the old owner an admin", async () => {
    const { orgId, owner } = await createOrgWithOwner(testApp);
    const member = await createMember(testApp, orgId, "member");
    expect((await v1(`/members/${member.userId}`, owner, "PATCH", { role: "owner" })).status).toBe(400);
    const transfer = await v1("/orgs/current/transfer-ownership", owner, "POST", { user_id: member.userId });
    expect(transfer.status).toBe(200);
    expect(await roleOf(member, member.userId)).toBe("owner");
    expect(await roleOf(member, owner.userId)).toBe("admin");
    // The former owner is an admin now and can no longer transfer.
    expect(
      (await v1("/orgs/current/transfer-ownership", owner, "POST", { user_id: owner.userId })).status,
    ).toBe(403);
  });

  it("keeps the owner from leaving until ownership is transferred; others can leave", async () => {
    const { orgId, owner } = await createOrgWithOwner(testApp);
    const member = await createMember(testApp, orgId, "member");
    expect((await v1("/members/leave", owner, "POST")).status).toBe(409);
    expect((await v1("/members/leave", member, "POST")).status).toBe(204);
    const me = await (await v1("/me", member)).json();
    expect(me.data.orgs).toEqual([]);
    expect(me.data.active_org).toBeNull();
  });

  it("removing someone ends their group seats and API keys in that org", async () => {
    const { orgId, owner } = await createOrgWithOwner(testApp);
    const admin = await createMember(testApp, orgId, "admin");
    const group = await (await v1("/groups", owner, "POST", { name: "Delivery" })).json();
    await v1(`/groups/${group.data.id}/members`, owner, "POST", { user_id: admin.userId });
    const key = await (await v1("/api-keys", admin, "POST", { name: "Laptop", role: "member" })).json();
    const bearer = { authorization: `Bearer ${key.data.key}` };
    expect((await testApp.app.request("/api/v1/members", { headers: bearer })).status).toBe(200);

    expect((await v1(`/members/${admin.userId}`, owner, "DELETE")).status).toBe(204);
    const detail = await (await v1(`/groups/${group.data.id}`, owner)).json();
    expect(detail.data.members).toEqual([]);
    expect((await testApp.app.request("/api/v1/members", { headers: bearer })).status).toBe(401);
  });

  it("searches, filters and paginates the member list", async () => {
    const { orgId, owner } = await createOrgWithOwner(testApp);
    for (const role of ["member", "member", "guest"] as const)
      await createMember(testApp, orgId, role, `${role}-search`);
    const page1 = await (await v1("/members?per_page=2&page=1", owner)).json();
    expect(page1.meta).toEqual({ page: 1, per_page: 2, total: 4 });
    expect(page1.data).toHaveLength(2);
    const guests = await (await v1("/members?role=guest", owner)).json();
    expect(guests.data.map((member: { role: string }) => member.role)).toEqual(["guest"]);
    const found = await (await v1("/members?search=member-search", owner)).json();
    expect(found.meta.total).toBe(2);
    expect((await v1("/members?per_page=1000", owner)).status).toBe(400);
  });
});

describe("organizations", () => {
  it("creates orgs with unique slugs and switches between them", async () => {
    const { owner, orgId } = await createOrgWithOwner(testApp, "Same Name");
    const second = await (await v1("/orgs", owner, "POST", { name: "Same Name" })).json();
    const slugs = (await (await v1("/orgs", owner)).json()).data
      .map((org: { slug: string }) => org.slug)
      .sort();
    expect(slugs).toEqual(["same-name", "same-name-2"]);
    expect((await (await v1("/orgs/current", owner)).json()).data.id).toBe(second.data.id);
    expect((await v1("/me/active-org", owner, "POST", { org_id: orgId })).status).toBe(200);
    expect((await (await v1("/orgs/current", owner)).json()).data).toMatchObject({
      id: orgId,
      role: "owner",
      member_count: 1,
    });
  });

  it("will not switch into an org you do not belong to (404)", async () => {
    const { owner } = await createOrgWithOwner(testApp);
    const other = await createOrgWithOwner(testApp);
    expect((await v1("/me/active-org", owner, "POST", { org_id: other.orgId })).status).toBe(404);
  });
});

describe("tenant isolation through the API", () => {
  it("shows each org only its own members, groups, invitations, keys and audit events", async () => {
    const a = await createOrgWithOwner(testApp, "Isolated A");
    const b = await createOrgWithOwner(testApp, "Isolated B");
    await v1("/groups", a.owner, "POST", { name: "A team" });
    await v1("/invitations", a.owner, "POST", { email: "someone-a@example.com", role: "member" });
    await v1("/api-keys", a.owner, "POST", { name: "A key", role: "member" });

    const asB = async (path: string) => (await (await v1(path, b.owner)).json()).data;
    expect((await asB("/members")).map((member: { email: string }) => member.email)).toEqual([b.owner.email]);
    expect(await asB("/groups")).toEqual([]);
    expect(await asB("/invitations")).toEqual([]);
    expect(await asB("/api-keys")).toEqual([]);
    const audit = await asB("/audit-events?per_page=100");
    expect(audit.length).toBeGreaterThan(0);
    expect(
      audit.every(
        (event: { entity_id: string | null; action: string }) => !JSON.stringify(event).includes("A team"),
      ),
    ).toBe(true);
  });
});
