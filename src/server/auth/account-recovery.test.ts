import { createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../db";
import {
  anonymousHeaders,
  cookiesFrom,
  signIn,
  signUp,
  TEST_PASSWORD,
  uniqueEmail,
} from "../testing/factories";
import { createTestApp, type TestApp } from "../testing/test-app";

const NEW_PASSWORD = "another sturdy passphrase";

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(() => testApp.close());

interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What SMTP would have delivered: the JSON files the mailer wrote to DATA_DIR/outbox. */
function outbox(): OutboxMail[] {
  const dir = path.join(testApp.config.dataDir, "outbox");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as OutboxMail);
}

const mailsTo = (email: string) => outbox().filter((mail) => mail.to === email);

/** The one link a mail asks the person to open (the text part, as a mail client shows it). */
function linkIn(mail: OutboxMail | undefined): string {
  const link = /https?:\/\/\S+/.exec(mail?.text ?? "")?.[0];
  if (!link) throw new Error(`no link in mail: ${mail?.text}`);
  expect(mail!.html).toContain(link.replace(/&/g, "&amp;"));
  return link;
}

async function me(cookie: string) {
  return testApp.app.request("/api/v1/me", { headers: { ...anonymousHeaders(testApp), cookie } });
}

async function emailVerified(cookie: string): Promise<boolean> {
  const response = await me(cookie);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { user: { email_verified: boolean } } }).data.user
    .email_verified;
}

function requestReset(email: string) {
  return testApp.app.request("/api/auth/request-password-reset", {
    method: "POST",
    headers: anonymousHeaders(testApp),
    body: JSON.stringify({ email, redirectTo: "/reset-password" }),
  });
}

function resetPassword(token: string, newPassword: string) {
  return testApp.app.request("/api/auth/reset-password", {
    method: "POST",
    headers: anonymousHeaders(testApp),
    body: JSON.stringify({ token, newPassword }),
  });
}

/** Opens the mailed reset link: Cairn checks the token and sends the browser to the reset page with it. */
async function openResetLink(link: string): Promise<string> {
  const response = await testApp.app.request(link, { headers: anonymousHeaders(testApp) });
  expect(response.status).toBe(302);
  const target = new URL(response.headers.get("location")!);
  expect(target.origin + target.pathname).toBe(`${testApp.config.publicUrl}/reset-password`);
  return target.searchParams.get("token")!;
}

async function auditActions(userId: string, action: string) {
  return selectRows<{ actor_user_id: string | null; entity_id: string | null }>(
    testApp.database.handle.db,
    sql`select actor_user_id, entity_id from audit_events where action = ${action} and entity_id = ${userId}`,
  );
}

describe("password reset", () => {
  it("answers a known and an unknown email alike, and mails only the known one", async () => {
    const user = await signUp(testApp);
    const unknown = uniqueEmail("nobody");

    const known = await requestReset(user.email);
    const missing = await requestReset(unknown);
    expect(missing.status).toBe(known.status);
    expect(known.status).toBe(200);
    expect(await missing.json()).toEqual(await known.json());

    const mails = mailsTo(user.email).filter((mail) => mail.subject === "Reset your Cairn password");
    expect(mails).toHaveLength(1);
    expect(linkIn(mails[0])).toMatch(
      /^http:\/\/localhost:3000\/api\/auth\/reset-password\/[^/?]+\?callbackURL=/,
    );
    expect(mailsTo(unknown)).toEqual([]);
  });

  it("sets a new password through the mailed link, refusing a weak one, and signs out every session", async () => {
    const user = await signUp(testApp);
    const otherDevice = cookiesFrom(await signIn(testApp, user.email));
    expect((await requestReset(user.email)).status).toBe(200);
    const token = await openResetLink(
      linkIn(mailsTo(user.email).find((mail) => mail.subject.includes("Reset"))),
    );

    const weak = await resetPassword(token, "password123");
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({
      error: "VALIDATION_ERROR",
      details: { code: "WEAK_PASSWORD" },
    });
    // Nothing changed: the old password and sessions still work.
    expect((await me(user.cookie)).status).toBe(200);
    expect(cookiesFrom(await signIn(testApp, user.email))).toContain("session_token");

    const reset = await resetPassword(token, NEW_PASSWORD);
    expect(reset.status).toBe(200);

    expect((await signIn(testApp, user.email, TEST_PASSWORD)).status).toBe(401);
    const withNew = await signIn(testApp, user.email, NEW_PASSWORD);
    expect(withNew.status).toBe(200);
    expect((await me(cookiesFrom(withNew))).status).toBe(200);
    for (const oldSession of [user.cookie, otherDevice]) expect((await me(oldSession)).status).toBe(401);

    // The link is single-use.
    const again = await resetPassword(token, "yet another sturdy passphrase");
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ details: { code: "INVALID_TOKEN" } });
    expect((await signIn(testApp, user.email, NEW_PASSWORD)).status).toBe(200);

    expect(await auditActions(user.userId, "auth.password_reset")).toEqual([
      { actor_user_id: user.userId, entity_id: user.userId },
    ]);
  });

  it("refuses forged tokens and changes nothing", async () => {
    const user = await signUp(testApp);
    expect((await requestReset(user.email)).status).toBe(200);
    const token = await openResetLink(
      linkIn(mailsTo(user.email).find((mail) => mail.subject.includes("Reset"))),
    );
    const tampered = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;

    for (const forged of [tampered, "forged-token", ""]) {
      const response = await resetPassword(forged, NEW_PASSWORD);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error).toBe("VALIDATION_ERROR");
      expect(body.correlation_id).toEqual(expect.any(String));
    }
    const opened = await testApp.app.request(
      "/api/auth/reset-password/forged-token?callbackURL=/reset-password",
      {
        headers: anonymousHeaders(testApp),
      },
    );
    expect(opened.status).toBe(302);
    expect(new URL(opened.headers.get("location")!).searchParams.get("error")).toBe("INVALID_TOKEN");

    expect((await signIn(testApp, user.email, NEW_PASSWORD)).status).toBe(401);
    expect((await signIn(testApp, user.email, TEST_PASSWORD)).status).toBe(200);
    expect((await me(user.cookie)).status).toBe(200);
  });
});

describe("email verification", () => {
  it("mails a link at sign-up that marks the email verified", async () => {
    const user = await signUp(testApp);
    expect(await emailVerified(user.cookie)).toBe(false);
    const mails = mailsTo(user.email);
    expect(mails.map((mail) => mail.subject)).toEqual(["Confirm your email for Cairn"]);
    const link = linkIn(mails[0]);
    expect(link).toMatch(/^http:\/\/localhost:3000\/api\/auth\/verify-email\?token=/);

    // Opened from the mail client, i.e. a request without the app's cookies.
    const opened = await testApp.app.request(link, { headers: anonymousHeaders(testApp) });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/");
    expect(await emailVerified(user.cookie)).toBe(true);

    expect(await auditActions(user.userId, "auth.email_verified")).toEqual([
      { actor_user_id: user.userId, entity_id: user.userId },
    ]);
  });

  it("does not verify with a forged or tampered token", async () => {
    const user = await signUp(testApp);
    const link = new URL(linkIn(mailsTo(user.email)[0]));
    const token = link.searchParams.get("token")!;
    const [header, payload] = token.split(".");
    // Same claims, signed with a key the attacker made up.
    const forgedSignature = createHmac("sha256", "a guess at the server secret, long enough")
      .update(`${header}.${payload}`)
      .digest("base64url");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, email: uniqueEmail("other") })).toString(
      "base64url",
    );

    for (const forged of [
      `${header}.${payload}.${forgedSignature}`,
      `${header}.${otherPayload}.${token.split(".")[2]}`,
      "not-a-token",
    ]) {
      link.searchParams.set("token", forged);
      const response = await testApp.app.request(link.href, { headers: anonymousHeaders(testApp) });
      expect(response.status).toBe(302);
      expect(
        new URL(response.headers.get("location")!, testApp.config.publicUrl).searchParams.get("error"),
      ).toBe("INVALID_TOKEN");
      expect(cookiesFrom(response)).not.toContain("session_token");
    }
    expect(await emailVerified(user.cookie)).toBe(false);
    expect(await auditActions(user.userId, "auth.email_verified")).toEqual([]);
  });
});
