import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db";
import {
  createOrgWithOwner,
  invitationTokenFor as factoryInvitationTokenFor,
  signUp,
  type TestUser,
  uniqueEmail,
} from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";

let testApp: TestApp;
let orgId: string;
let owner: TestUser;

const v1 = (pathname: string, init: RequestInit) => testApp.app.request(`/api/v1${pathname}`, init);

/** The invitation token mailed to `to`. */
const invitationTokenFor = (to: string) => factoryInvitationTokenFor(testApp, to);

async function invite(email: string, role = "member") {
  const response = await v1("/invitations", {
    method: "POST",
    headers: owner.headers,
    body: JSON.stringify({ email, role }),
  });
  expect(response.status).toBe(201);
  return (await response.json()).data as { id: string; status: string; mail_transport: string };
}

beforeAll(async () => {
  testApp = await createTestApp();
  ({ orgId, owner } = await createOrgWithOwner(testApp, "Northwind Partners"));
});
afterAll(() => testApp.close());

describe("invitations", () => {
  it("invites by email, mails a link, and lets the invitee accept into the org with the role", async () => {
    const email = uniqueEmail("analyst");
    const invitation = await invite(email.toUpperCase(), "admin");
    expect(invitation).toMatchObject({ status: "pending", mail_transport: "outbox" });

    const token = invitationTokenFor(email);
    const lookup = await v1(`/invitations/lookup?token=${encodeURIComponent(token)}`, {});
    expect((await lookup.json()).data).toMatchObject({
      org_name: "Northwind Partners",
      email,
      role: "admin",
      status: "pending",
    });

    const invitee = await signUp(testApp, { email });
    const accepted = await v1("/invitations/accept", {
      method: "POST",
      headers: invitee.headers,
      body: JSON.stringify({ token }),
    });
    expect(accepted.status).toBe(200);
    expect((await accepted.json()).data).toEqual({
      org_id: orgId,
      org_name: "Northwind Partners",
      role: "admin",
    });

    const me = await (await v1("/me", { headers: invitee.headers })).json();
    expect(me.data.active_org).toEqual({ id: orgId, role: "admin" });
    const members = await (await v1("/members", { headers: owner.headers })).json();
    expect(members.data.map((member: { email: string }) => member.email)).toContain(email);

    const again = await v1("/invitations/accept", {
      method: "POST",
      headers: invitee.headers,
      body: JSON.stringify({ token }),
    });
    expect(again.status).toBe(410);
  });

  it("refuses an invitation accepted by someone signed in with another email", async () => {
    const email = uniqueEmail("intended");
    await invite(email);
    const stranger = await signUp(testApp);
    const response = await v1("/invitations/accept", {
      method: "POST",
      headers: stranger.headers,
      body: JSON.stringify({ token: invitationTokenFor(email) }),
    });
    expect(response.status).toBe(403);
    const [row] = await selectRows<{ n: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as n from memberships where user_id = ${stranger.userId}`,
    );
    expect(row!.n).toBe(0);
  });

  it("refuses forged, revoked and expired invitations", async () => {
    const someone = await signUp(testApp);
    const forged = await v1("/invitations/accept", {
      method: "POST",
      headers: someone.headers,
      body: JSON.stringify({ token: "forged-token-forged-token-forged-token" }),
    });
    expect(forged.status).toBe(404);

    const revokedEmail = uniqueEmail("revoked");
    const revoked = await invite(revokedEmail);
    expect(
      (await v1(`/invitations/${revoked.id}`, { method: "DELETE", headers: owner.headers })).status,
    ).toBe(204);
    const revokedInvitee = await signUp(testApp, { email: revokedEmail });
    const revokedAttempt = await v1("/invitations/accept", {
      method: "POST",
      headers: revokedInvitee.headers,
      body: JSON.stringify({ token: invitationTokenFor(revokedEmail) }),
    });
    expect(revokedAttempt.status).toBe(410);
    expect((await revokedAttempt.json()).details).toEqual({ status: "revoked" });

    const expiredEmail = uniqueEmail("late");
    const expired = await invite(expiredEmail);
    await testApp.database.handle.db.execute(
      sql`update invitations set expires_at = now() - interval '1 minute' where id = ${expired.id}`,
    );
    const late = await signUp(testApp, { email: expiredEmail });
    const lateAttempt = await v1("/invitations/accept", {
      method: "POST",
      headers: late.headers,
      body: JSON.stringify({ token: invitationTokenFor(expiredEmail) }),
    });
    expect(lateAttempt.status).toBe(410);
    expect((await lateAttempt.json()).details).toEqual({ status: "expired" });
  });

  it("resending replaces the link: the old token stops working, the new one works", async () => {
    const email = uniqueEmail("resent");
    const invitation = await invite(email);
    const oldToken = invitationTokenFor(email);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(
      (await v1(`/invitations/${invitation.id}/resend`, { method: "POST", headers: owner.headers })).status,
    ).toBe(200);
    const newToken = invitationTokenFor(email);
    expect(newToken).not.toBe(oldToken);
    expect((await v1(`/invitations/lookup?token=${encodeURIComponent(oldToken)}`, {})).status).toBe(404);
    expect((await v1(`/invitations/lookup?token=${encodeURIComponent(newToken)}`, {})).status).toBe(200);
  });

  it("refuses to invite an existing member, a duplicate pending email, or an owner", async () => {
    const conflictMember = await v1("/invitations", {
      method: "POST",
      headers: owner.headers,
      body: JSON.stringify({ email: owner.email, role: "member" }),
    });
    expect(conflictMember.status).toBe(409);

    const email = uniqueEmail("twice");
    await invite(email);
    const duplicate = await v1("/invitations", {
      method: "POST",
      headers: owner.headers,
      body: JSON.stringify({ email, role: "guest" }),
    });
    expect(duplicate.status).toBe(409);

    const asOwner = await v1("/invitations", {
      method: "POST",
      headers: owner.headers,
      body: JSON.stringify({ email: uniqueEmail("boss"), role: "owner" }),
    });
    expect(asOwner.status).toBe(400);
  });

  it("keeps one open invitation per address and org, even when admins invite at once", async () => {
    const email = uniqueEmail("race");
    const send = (address: string) =>
      v1("/invitations", {
        method: "POST",
        headers: owner.headers,
        body: JSON.stringify({ email: address, role: "member" }),
      });
    const openFor = async () =>
      (
        await selectRows<{ id: string }>(
          testApp.database.handle.db,
          sql`select id from invitations where lower(email) = ${email}
              and accepted_at is null and revoked_at is null`,
        )
      ).map((row) => row.id);

    const statuses = (await Promise.all([send(email), send(email), send(email.toUpperCase())])).map(
      (response) => response.status,
    );
    expect(statuses.sort()).toEqual([201, 409, 409]);
    const [open] = await openFor();
    expect(await openFor()).toEqual([open]);

    // Expired is still open: it is resent, not invited anew.
    await testApp.database.handle.db.execute(
      sql`update invitations set expires_at = now() - interval '1 minute' where id = ${open!}`,
    );
    const again = await send(email);
    expect(again.status).toBe(409);
    expect((await again.json()).message).toMatch(/resend it instead/);
    const resent = await v1(`/invitations/${open}/resend`, { method: "POST", headers: owner.headers });
    expect((await resent.json()).data.status).toBe("pending");

    // Once revoked, the address may be invited again.
    await v1(`/invitations/${open}`, { method: "DELETE", headers: owner.headers });
    expect((await send(email)).status).toBe(201);
    expect(await openFor()).toHaveLength(1);
  });

  it("is held to one open invitation per address by the database itself", async () => {
    const email = uniqueEmail("direct");
    await invite(email);
    await expect(
      testApp.database.handle.db.execute(
        sql`insert into invitations (id, org_id, email, role, token_hash, expires_at)
            values (gen_random_uuid(), ${orgId}, ${email.toUpperCase()}, 'member', 'another-hash', now() + interval '1 day')`,
      ),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: "23505" }) });
  });

  it("never stores the token itself", async () => {
    const email = uniqueEmail("hashed");
    await invite(email);
    const token = invitationTokenFor(email);
    const rows = await selectRows<{ token_hash: string }>(
      testApp.database.handle.db,
      sql`select token_hash from invitations where email = ${email}`,
    );
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
