import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../db";
import {
  anonymousHeaders,
  cookiesFrom,
  signIn,
  signUp,
  TEST_PASSWORD,
  type TestUser,
} from "../testing/factories";
import { createTestApp, type TestApp } from "../testing/test-app";

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(() => testApp.close());

// RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s), written here independently of the server's implementation.
function base32Decode(encoded: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of encoded.replace(/=+$/, "").toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes: number[] = [];
  for (let index = 0; index + 8 <= bits.length; index += 8)
    bytes.push(Number.parseInt(bits.slice(index, index + 8), 2));
  return Buffer.from(bytes);
}

function totp(secret: string, { at = Date.now(), stepOffset = 0 } = {}): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000) + stepOffset));
  const digest = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}

it("computes the RFC 6238 reference values", () => {
  // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", last six digits.
  const seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  expect(totp(seed, { at: 59_000 })).toBe("287082");
  expect(totp(seed, { at: 1_111_111_109_000 })).toBe("081804");
  expect(totp(seed, { at: 2_000_000_000_000 })).toBe("279037");
});

/** A code the authenticator will never show in the accepted window. */
const wrongCode = (secret: string) => totp(secret, { stepOffset: 10 });

/** One browser: its own client address and the cookies Cairn set in it. */
function browserHeaders(cookie = "") {
  return { ...anonymousHeaders(testApp), ...(cookie ? { cookie } : {}) };
}

async function post(path: string, body: unknown, headers: Record<string, string>) {
  return testApp.app.request(`/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

async function me(cookie: string) {
  return testApp.app.request("/api/v1/me", { headers: browserHeaders(cookie) });
}

async function twoFactorEnabled(cookie: string): Promise<boolean> {
  const response = await me(cookie);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { user: { two_factor_enabled: boolean } } }).data.user
    .two_factor_enabled;
}

async function mfaAudit(userId: string) {
  const rows = await selectRows<{ action: string }>(
    testApp.database.handle.db,
    sql`select action from audit_events where actor_user_id = ${userId} and action like 'auth.mfa_%' order by created_at, id`,
  );
  return rows.map((row) => row.action);
}

async function sessionCount(userId: string) {
  const [row] = await selectRows<{ count: number }>(
    testApp.database.handle.db,
    sql`select count(*)::int as count from sessions where user_id = ${userId}`,
  );
  return row!.count;
}

interface EnrolledUser extends TestUser {
  secret: string;
  backupCodes: string[];
}

/** Turns on TOTP the way the settings page does: password, scan the QR code, type the first code. */
async function enrol(user: TestUser): Promise<EnrolledUser> {
  const enabled = await post("/two-factor/enable", { password: TEST_PASSWORD }, user.headers);
  expect(enabled.status).toBe(200);
  const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
  const secret = new URL(totpURI).searchParams.get("secret")!;
  const verified = await post("/two-factor/verify-totp", { code: totp(secret) }, user.headers);
  expect(verified.status).toBe(200);
  // Turning MFA on replaces the session; the browser keeps the new cookie.
  const cookie = cookiesFrom(verified);
  return { ...user, cookie, headers: { ...user.headers, cookie }, secret, backupCodes };
}

/** Password step of sign-in in a fresh browser: answers with the challenge and its cookie. */
async function passwordStep(user: { email: string }) {
  const headers = browserHeaders();
  const response = await signIn(testApp, user.email, TEST_PASSWORD, headers);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { twoFactorRedirect?: boolean; twoFactorMethods?: string[] };
  const cookie = cookiesFrom(response);
  return { body, cookie, headers: { ...headers, cookie } };
}

describe("two-factor authentication with TOTP", () => {
  it("is set up with the password, takes effect once a code is verified, and is audited", async () => {
    const user = await signUp(testApp);

    const wrongPassword = await post(
      "/two-factor/enable",
      { password: "not my password at all" },
      user.headers,
    );
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.json()).toMatchObject({
      error: "VALIDATION_ERROR",
      details: { code: "INVALID_PASSWORD" },
    });

    const enabled = await post("/two-factor/enable", { password: TEST_PASSWORD }, user.headers);
    expect(enabled.status).toBe(200);
    const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
    const uri = new URL(totpURI);
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/Cairn:${user.email}`);
    expect(uri.searchParams.get("issuer")).toBe("Cairn");
    expect(uri.searchParams.get("secret")).toMatch(/^[A-Z2-7]+=*$/);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);

    // Not in force until the person proves their authenticator works.
    expect(await twoFactorEnabled(user.cookie)).toBe(false);
    const rejected = await post(
      "/two-factor/verify-totp",
      { code: wrongCode(uri.searchParams.get("secret")!) },
      user.headers,
    );
    expect(rejected.status).toBe(401);
    expect(await twoFactorEnabled(user.cookie)).toBe(false);

    const verified = await post(
      "/two-factor/verify-totp",
      { code: totp(uri.searchParams.get("secret")!) },
      user.headers,
    );
    expect(verified.status).toBe(200);
    const cookie = cookiesFrom(verified);
    expect(cookie).toContain("session_token");
    expect(await twoFactorEnabled(cookie)).toBe(true);
    // The pre-MFA session was replaced, not upgraded in place.
    expect((await me(user.cookie)).status).toBe(401);

    expect(await mfaAudit(user.userId)).toEqual(["auth.mfa_setup_started", "auth.mfa_verified"]);
  });

  it("asks for the second factor after the password and gives no session until it is answered", async () => {
    const user = await enrol(await signUp(testApp));
    const sessionsBefore = await sessionCount(user.userId);

    const challenge = await passwordStep(user);
    expect(challenge.body).toEqual({ twoFactorRedirect: true, twoFactorMethods: ["totp"] });
    expect(challenge.cookie).toContain("two_factor");
    expect(challenge.cookie).not.toContain("session_token");
    expect((await me(challenge.cookie)).status).toBe(401);
    expect(await sessionCount(user.userId)).toBe(sessionsBefore);

    const wrong = await post("/two-factor/verify-totp", { code: wrongCode(user.secret) }, challenge.headers);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "UNAUTHENTICATED", details: { code: "INVALID_CODE" } });
    expect(cookiesFrom(wrong)).not.toContain("session_token");
    expect(await sessionCount(user.userId)).toBe(sessionsBefore);

    const right = await post("/two-factor/verify-totp", { code: totp(user.secret) }, challenge.headers);
    expect(right.status).toBe(200);
    const cookie = cookiesFrom(right);
    expect(cookie).toContain("session_token");
    const response = await me(cookie);
    expect(response.status).toBe(200);
    expect((await response.json()).data.user).toMatchObject({ id: user.userId, two_factor_enabled: true });

    // The completed sign-in is in the person's own audit trail.
    expect(await mfaAudit(user.userId)).toEqual([
      "auth.mfa_setup_started",
      "auth.mfa_verified",
      "auth.mfa_verified",
    ]);
  });

  it("refuses a valid code that comes without the challenge from the password step", async () => {
    const user = await enrol(await signUp(testApp));
    const response = await post("/two-factor/verify-totp", { code: totp(user.secret) }, browserHeaders());
    expect(response.status).toBe(401);
    expect(cookiesFrom(response)).not.toContain("session_token");
  });

  it("accepts each backup code once", async () => {
    const user = await enrol(await signUp(testApp));
    const [code, otherCode] = user.backupCodes;

    const first = await passwordStep(user);
    const used = await post("/two-factor/verify-backup-code", { code }, first.headers);
    expect(used.status).toBe(200);
    const cookie = cookiesFrom(used);
    expect((await me(cookie)).status).toBe(200);

    const second = await passwordStep(user);
    const reused = await post("/two-factor/verify-backup-code", { code }, second.headers);
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({
      error: "UNAUTHENTICATED",
      details: { code: "INVALID_BACKUP_CODE" },
    });
    expect(cookiesFrom(reused)).not.toContain("session_token");

    const another = await post("/two-factor/verify-backup-code", { code: otherCode }, second.headers);
    expect(another.status).toBe(200);
    expect((await me(cookiesFrom(another))).status).toBe(200);

    expect(await mfaAudit(user.userId)).toEqual([
      "auth.mfa_setup_started",
      "auth.mfa_verified",
      "auth.mfa_backup_code_used",
      "auth.mfa_backup_code_used",
    ]);
  });

  it("locks the account after five wrong codes, across sign-in attempts and browsers", async () => {
    const user = await enrol(await signUp(testApp));
    const first = await passwordStep(user);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(
        (await post("/two-factor/verify-totp", { code: wrongCode(user.secret) }, first.headers)).status,
      ).toBe(401);
    }
    // A new sign-in from another browser does not start the count again.
    const second = await passwordStep(user);
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(
        (await post("/two-factor/verify-totp", { code: wrongCode(user.secret) }, second.headers)).status,
      ).toBe(401);
    }

    const locked = await post("/two-factor/verify-totp", { code: totp(user.secret) }, second.headers);
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({
      error: "RATE_LIMITED",
      details: { code: "ACCOUNT_TEMPORARILY_LOCKED" },
    });
    expect(cookiesFrom(locked)).not.toContain("session_token");
    const third = await passwordStep(user);
    const stillLocked = await post(
      "/two-factor/verify-backup-code",
      { code: user.backupCodes[0] },
      third.headers,
    );
    expect(stillLocked.status).toBe(429);
    expect(cookiesFrom(stillLocked)).not.toContain("session_token");

    // The lock lifts after its quarter of an hour, and the right code then signs in.
    await testApp.database.handle.db.execute(
      sql`update two_factors set locked_until = now() - interval '1 second' where user_id = ${user.userId}`,
    );
    const later = await passwordStep(user);
    const right = await post("/two-factor/verify-totp", { code: totp(user.secret) }, later.headers);
    expect(right.status).toBe(200);
    expect(cookiesFrom(right)).toContain("session_token");
  });

  it("is turned off with the password, after which the password alone signs in", async () => {
    const user = await enrol(await signUp(testApp));

    const wrongPassword = await post(
      "/two-factor/disable",
      { password: "not my password at all" },
      user.headers,
    );
    expect(wrongPassword.status).toBe(400);
    expect(await twoFactorEnabled(user.cookie)).toBe(true);

    const disabled = await post("/two-factor/disable", { password: TEST_PASSWORD }, user.headers);
    expect(disabled.status).toBe(200);
    expect(await twoFactorEnabled(cookiesFrom(disabled))).toBe(false);
    const [row] = await selectRows<{ count: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as count from two_factors where user_id = ${user.userId}`,
    );
    expect(row!.count).toBe(0);

    const signedIn = await signIn(testApp, user.email);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).not.toHaveProperty("twoFactorRedirect");
    expect(cookiesFrom(signedIn)).toContain("session_token");

    expect(await mfaAudit(user.userId)).toEqual([
      "auth.mfa_setup_started",
      "auth.mfa_verified",
      "auth.mfa_disabled",
    ]);
  });
});
