import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db";
import { createMember, createOrgWithOwner, invitationTokenFor, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";

let testApp: TestApp;
let orgId: string;
let owner: TestUser;

const createKey = async (user: TestUser, body: Record<string, unknown>) =>
  testApp.app.request("/api/v1/api-keys", {
    method: "POST",
    headers: user.headers,
    body: JSON.stringify(body),
  });
const asKey = (key: string, path = "/api/v1/me", init: RequestInit = {}) =>
  testApp.app.request(path, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  testApp = await createTestApp();
  ({ orgId, owner } = await createOrgWithOwner(testApp));
});
afterAll(() => testApp.close());

describe("API keys", () => {
  it("shows the key once, stores only its hash, and authenticates as the person in the key's org", async () => {
    const response = await createKey(owner, { name: "Reporting", role: "admin" });
    expect(response.status).toBe(201);
    const { data } = await response.json();
    expect(data.key).toMatch(/^cairn_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(data.key.startsWith(data.prefix)).toBe(true);

    const listed = await (await testApp.app.request("/api/v1/api-keys", { headers: owner.headers })).json();
    expect(JSON.stringify(listed)).not.toContain(data.key);
    const [stored] = await selectRows<{ key_hash: string }>(
      testApp.database.handle.db,
      sql`select key_hash from api_keys where id = ${data.id}`,
    );
    expect(stored!.key_hash).not.toContain(data.key.slice(15));

    const me = await (await asKey(data.key)).json();
    expect(me.data).toMatchObject({
      user: { id: owner.userId },
      active_org: { id: orgId, role: "admin" },
      via_api_key: true,
    });
    // The key acts with its own (lower) role: admin cannot transfer ownership.
    const transfer = await asKey(data.key, "/api/v1/orgs/current/transfer-ownership", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: owner.userId }),
    });
    expect(transfer.status).toBe(403);
  });

  it("is audited with the key as actor when it makes changes", async () => {
    const { data } = await (await createKey(owner, { name: "Automation", role: "admin" })).json();
    const created = await asKey(data.key, "/api/v1/groups", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Made by a robot" }),
    });
    expect(created.status).toBe(201);
    const [row] = await selectRows<{ actor_api_key_id: string; actor_user_id: string }>(
      testApp.database.handle.db,
      sql`select actor_api_key_id, actor_user_id from audit_events where action = 'group.created' order by created_at desc limit 1`,
    );
    expect(row).toEqual({ actor_api_key_id: data.id, actor_user_id: owner.userId });
  });

  it("stops working when revoked or expired, and rejects garbage", async () => {
    const { data } = await (await createKey(owner, { name: "Short-lived", role: "member" })).json();
    expect((await asKey(data.key)).status).toBe(200);
    await testApp.app.request(`/api/v1/api-keys/${data.id}`, { method: "DELETE", headers: owner.headers });
    const revoked = await asKey(data.key);
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error).toBe("UNAUTHENTICATED");

    const expiring = await (
      await createKey(owner, { name: "Expiring", role: "member", expires_in_days: 1 })
    ).json();
    await testApp.database.handle.db.execute(
      sql`update api_keys set expires_at = now() - interval '1 second' where id = ${expiring.data.id}`,
    );
    expect((await asKey(expiring.data.key)).status).toBe(401);

    expect((await asKey("cairn_aaaaaaaa_not-a-real-key")).status).toBe(401);
    expect(
      (await testApp.app.request("/api/v1/me", { headers: { authorization: "Basic abc" } })).status,
    ).toBe(401);
  });

  it("cannot be created with more than the creator's role, and follows a demotion", async () => {
    const admin = await createMember(testApp, orgId, "admin");
    expect((await createKey(admin, { name: "Too strong", role: "owner" })).status).toBe(403);
    const { data } = await (await createKey(admin, { name: "Admin key", role: "admin" })).json();
    await testApp.app.request(`/api/v1/members/${admin.userId}`, {
      method: "PATCH",
      headers: owner.headers,
      body: JSON.stringify({ role: "member" }),
    });
    const me = await (await asKey(data.key)).json();
    expect(me.data.active_org.role).toBe("member");
    expect((await asKey(data.key, "/api/v1/api-keys")).status).toBe(403);
  });

  it("is confined to its org: no creating or joining orgs, switching, or profile changes", async () => {
    const system = { userId: null, correlationId: null, ip: null, userAgent: null };
    const other = await createOrgWithOwner(testApp, "Another Practice");
    await testApp.database.handle.db.transaction((tx) =>
      testApp.services.members.add(tx, { ...system, orgId: other.orgId }, owner.userId, "member"),
    );
    const inviting = await createOrgWithOwner(testApp, "Inviting Practice");
    const invitation = await testApp.services.invitations.create(
      { ...system, orgId: inviting.orgId, role: "owner", userId: inviting.owner.userId },
      { email: owner.email, role: "member" },
      "Inviting owner",
    );
    const { data } = await (await createKey(owner, { name: "Confined", role: "admin" })).json();
    const state = () =>
      selectRows(
        testApp.database.handle.db,
        sql`select (select count(*)::int from organizations) as orgs,
                   (select count(*)::int from audit_events) as audit,
                   (select name from users where id = ${owner.userId}) as name,
                   (select accepted_at from invitations where id = ${invitation.id}) as accepted_at`,
      );
    const before = await state();

    const attempts: [string, string, unknown][] = [
      ["POST", "/api/v1/orgs", { name: "Shadow org" }],
      ["POST", "/api/v1/invitations/accept", { token: invitationTokenFor(testApp, owner.email) }],
      ["PATCH", "/api/v1/me", { name: "Renamed by a script" }],
      ["POST", "/api/v1/me/active-org", { org_id: other.orgId }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await asKey(data.key, path, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await response.json()).message).toMatch(/API keys act only inside their own organization/);
    }
    expect(await state()).toEqual(before);

    // What the person belongs to beyond the key's org stays out of sight too.
    const me = await (await asKey(data.key)).json();
    expect(me.data.orgs.map((org: { id: string }) => org.id)).toEqual([orgId]);
    const orgs = await (await asKey(data.key, "/api/v1/orgs")).json();
    expect(orgs.data.map((org: { id: string }) => org.id)).toEqual([orgId]);
    // The browser session still sees both.
    const mine = await (await testApp.app.request("/api/v1/orgs", { headers: owner.headers })).json();
    expect(mine.data.map((org: { id: string }) => org.id).sort()).toEqual([orgId, other.orgId].sort());
  });
});
