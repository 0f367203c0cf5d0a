import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, createOrgWithOwner, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";

let testApp: TestApp;
let orgId: string;
let owner: TestUser;

const v1 = (path: string, method = "GET", body?: unknown) =>
  testApp.app.request(`/api/v1${path}`, {
    method,
    headers: owner.headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

beforeAll(async () => {
  testApp = await createTestApp();
  ({ orgId, owner } = await createOrgWithOwner(testApp));
});
afterAll(() => testApp.close());

describe("groups", () => {
  it("creates, renames, lists with member counts, and manages members", async () => {
    const member = await createMember(testApp, orgId, "member");
    const { data: group } = await (
      await v1("/groups", "POST", { name: "Strategy", description: "Partners" })
    ).json();
    expect((await v1(`/groups/${group.id}`, "PATCH", { name: "Strategy team" })).status).toBe(200);
    expect((await v1(`/groups/${group.id}/members`, "POST", { user_id: member.userId })).status).toBe(204);
    // Adding twice is harmless.
    expect((await v1(`/groups/${group.id}/members`, "POST", { user_id: member.userId })).status).toBe(204);
    const list = await (await v1("/groups")).json();
    expect(list.data).toEqual([
      expect.objectContaining({ name: "Strategy team", description: "Partners", member_count: 1 }),
    ]);
    const detail = await (await v1(`/groups/${group.id}`)).json();
    expect(detail.data.members.map((m: { user_id: string }) => m.user_id)).toEqual([member.userId]);
    expect((await v1(`/groups/${group.id}/members/${member.userId}`, "DELETE")).status).toBe(204);
    expect((await v1(`/groups/${group.id}/members/${member.userId}`, "DELETE")).status).toBe(404);
  });

  it("refuses duplicate names case-insensitively and outsiders as members", async () => {
    await v1("/groups", "POST", { name: "Finance" });
    const duplicate = await v1("/groups", "POST", { name: "FINANCE" });
    expect(duplicate.status).toBe(409);
    const { data: group } = await (await v1("/groups", "POST", { name: "Ops" })).json();
    const stranger = await createOrgWithOwner(testApp);
    expect((await v1(`/groups/${group.id}/members`, "POST", { user_id: stranger.owner.userId })).status).toBe(
      400,
    );
  });

  it("deletes softly and restores (undo)", async () => {
    const { data: group } = await (await v1("/groups", "POST", { name: "Temporary" })).json();
    expect((await v1(`/groups/${group.id}`, "DELETE")).status).toBe(204);
    expect((await v1(`/groups/${group.id}`)).status).toBe(404);
    const bin = await (await v1("/groups?deleted=true")).json();
    expect(bin.data.map((g: { id: string }) => g.id)).toContain(group.id);
    expect((await v1(`/groups/${group.id}/restore`, "POST")).status).toBe(200);
    expect((await v1(`/groups/${group.id}`)).status).toBe(200);
    // A deleted name is free again.
    expect((await v1(`/groups/${group.id}`, "DELETE")).status).toBe(204);
    expect((await v1("/groups", "POST", { name: "Temporary" })).status).toBe(201);
    expect((await v1(`/groups/${group.id}/restore`, "POST")).status).toBe(409);
  });
});
