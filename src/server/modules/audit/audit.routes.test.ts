import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, createOrgWithOwner, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";

let testApp: TestApp;
let owner: TestUser;
let admin: TestUser;

const list = async (query: string, user = owner) =>
  (await testApp.app.request(`/api/v1/audit-events${query}`, { headers: user.headers })).json();

beforeAll(async () => {
  testApp = await createTestApp();
  const org = await createOrgWithOwner(testApp, "Audited");
  owner = org.owner;
  admin = await createMember(testApp, org.orgId, "admin");
  const group = await (
    await testApp.app.request("/api/v1/groups", {
      method: "POST",
      headers: admin.headers,
      body: JSON.stringify({ name: "Audit me" }),
    })
  ).json();
  await testApp.app.request(`/api/v1/groups/${group.data.id}`, {
    method: "PATCH",
    headers: owner.headers,
    body: JSON.stringify({ name: "Audited group" }),
  });
});
afterAll(() => testApp.close());

describe("audit log", () => {
  it("lists newest first with actor, before/after, request origin", async () => {
    const { data, meta } = await list("?per_page=5");
    expect(meta.total).toBeGreaterThanOrEqual(4);
    expect(data[0]).toMatchObject({
      action: "group.updated",
      entity_type: "group",
      actor: { user_id: owner.userId, email: owner.email },
      before: { name: "Audit me" },
      after: { name: "Audited group" },
      ip: expect.any(String),
    });
    const times = data.map((event: { created_at: string }) => event.created_at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("filters by action prefix, entity type, actor and time", async () => {
    expect((await list("?action=group.")).data.map((e: { action: string }) => e.action).sort()).toEqual([
      "group.created",
      "group.updated",
    ]);
    expect((await list(`?actor_user_id=${admin.userId}&entity_type=group`)).data).toHaveLength(1);
    expect(
      (await list(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).data,
    ).toEqual([]);
    const actions = (
      await (await testApp.app.request("/api/v1/audit-events/actions", { headers: owner.headers })).json()
    ).data;
    expect(actions).toEqual(
      expect.arrayContaining(["group.created", "group.updated", "member.added", "org.created"]),
    );
  });

  it("rejects malformed filters", async () => {
    const response = await testApp.app.request("/api/v1/audit-events?from=yesterday", {
      headers: owner.headers,
    });
    expect(response.status).toBe(400);
  });
});
