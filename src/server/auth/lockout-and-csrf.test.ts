import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../db";
import {
  anonymousHeaders,
  clientAddress,
  cookiesFrom,
  signIn,
  signUp,
  TEST_PASSWORD,
  type TestUser,
  uniqueEmail,
} from "../testing/factories";
import { createTestApp, type TestApp } from "../testing/test-app";

const WRONG_PASSWORD = "not the right passphrase";

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(() => testApp.close());

/** Every attempt from a new address: the lockout is per email, so rotating addresses must not help. */
const attempt = (email: string, password: string) =>
  signIn(testApp, email, password, anonymousHeaders(testApp));

async function failTimes(email: string, times: number) {
  for (let index = 0; index < times; index++) expect((await attempt(email, WRONG_PASSWORD)).status).toBe(401);
}

async function expectLocked(response: Response) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(cookiesFrom(response)).not.toContain("session_token");
  const body = (await response.json()) as {
    error: string;
    message: string;
    details: unknown;
    correlation_id: string;
  };
  expect(body).toMatchObject({ error: "RATE_LIMITED", correlation_id: expect.any(String) });
  return body;
}

describe("sign-in lockout", () => {
  it("locks an email after five wrong passwords, even against the right one, from any address", async () => {
    const user = await signUp(testApp);
    // The count is per email, whatever its case.
    const spellings = [
      user.email,
      user.email.toUpperCase(),
      user.email,
      user.email.toUpperCase(),
      user.email,
    ];
    for (const spelling of spellings) expect((await attempt(spelling, WRONG_PASSWORD)).status).toBe(401);

    const body = await expectLocked(await attempt(user.email, TEST_PASSWORD));
    expect(body.message).toMatch(/try again in 15 minutes/i);
    // Existing sessions and other people are unaffected.
    const me = await testApp.app.request("/api/v1/me", { headers: user.headers });
    expect(me.status).toBe(200);
    const other = await signUp(testApp);
    expect((await attempt(other.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("answers an unknown email exactly like a known one", async () => {
    const known = await signUp(testApp);
    const unknown = uniqueEmail("nobody");

    const firstFailures = [
      await attempt(known.email, WRONG_PASSWORD),
      await attempt(unknown, WRONG_PASSWORD),
    ];
    const [knownFailure, unknownFailure] = await Promise.all(
      firstFailures.map((response) => response.json()),
    );
    expect(firstFailures.map((response) => response.status)).toEqual([401, 401]);
    expect({ ...unknownFailure, correlation_id: null }).toEqual({ ...knownFailure, correlation_id: null });

    await failTimes(known.email, 4);
    await failTimes(unknown, 4);
    const knownLocked = await expectLocked(await attempt(known.email, TEST_PASSWORD));
    const unknownLocked = await expectLocked(await attempt(unknown, TEST_PASSWORD));
    expect({ ...unknownLocked, correlation_id: null }).toEqual({ ...knownLocked, correlation_id: null });
  });

  it("starts counting again after a successful sign-in", async () => {
    const user = await signUp(testApp);
    await failTimes(user.email, 4);
    expect((await attempt(user.email, TEST_PASSWORD)).status).toBe(200);

    await failTimes(user.email, 4);
    expect((await attempt(user.email, TEST_PASSWORD)).status).toBe(200);

    await failTimes(user.email, 5);
    await expectLocked(await attempt(user.email, TEST_PASSWORD));
  });
});

describe("cross-site request forgery", () => {
  const orgsNamed = async (name: string) => {
    const [row] = await selectRows<{ count: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as count from organizations where name = ${name}`,
    );
    return row!.count;
  };

  /** A cookie-authenticated POST /api/v1/orgs; `null` leaves a header out. */
  const createOrg = (user: TestUser, name: string, overrides: Record<string, string | null>) => {
    const headers = Object.entries({ ...user.headers, ...overrides }).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    );
    return testApp.app.request("/api/v1/orgs", { method: "POST", headers, body: JSON.stringify({ name }) });
  };

  let user: TestUser;
  beforeAll(async () => {
    user = await signUp(testApp);
  });

  const crossSite: [string, Record<string, string | null>][] = [
    ["another Origin", { origin: "https://evil.example" }],
    ["an opaque Origin", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: cross-site and no Origin", { "sec-fetch-site": "cross-site", origin: null }],
  ];

  it.each(crossSite)(
    "refuses a cookie-authenticated mutation with %s and changes nothing",
    async (_label, overrides) => {
      const name = `Forged ${clientAddress()}`;
      const response = await createOrg(user, name, overrides);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: "FORBIDDEN", correlation_id: expect.any(String) });
      expect(await orgsNamed(name)).toBe(0);
    },
  );

  it("accepts the same request from the app's own origin", async () => {
    const response = await createOrg(user, "Own Origin Org", { "sec-fetch-site": "same-origin" });
    expect(response.status).toBe(201);
    expect(await orgsNamed("Own Origin Org")).toBe(1);
  });

  it("refuses cross-site calls to the auth endpoints that act on the session", async () => {
    const victim = await signUp(testApp);
    const forged = await testApp.app.request("/api/auth/sign-out", {
      method: "POST",
      headers: { ...victim.headers, origin: "https://evil.example" },
      body: "{}",
    });
    expect(forged.status).toBe(403);
    expect((await testApp.app.request("/api/v1/me", { headers: victim.headers })).status).toBe(200);

    const enable = await testApp.app.request("/api/auth/two-factor/enable", {
      method: "POST",
      headers: { ...victim.headers, origin: "https://evil.example" },
      body: JSON.stringify({ password: TEST_PASSWORD }),
    });
    expect(enable.status).toBe(403);
    const [row] = await selectRows<{ count: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as count from two_factors where user_id = ${victim.userId}`,
    );
    expect(row!.count).toBe(0);
  });
});

describe("session fixation", () => {
  const me = (cookie: string) =>
    testApp.app.request("/api/v1/me", { headers: { ...anonymousHeaders(testApp), cookie } });

  it("ignores a session cookie value chosen by an attacker before sign-in", async () => {
    const victim = await signUp(testApp);
    const cookieName = victim.cookie.split("=")[0]!;
    expect(cookieName).toMatch(/session_token$/);
    const planted = `${cookieName}=attacker-chosen-value.c2lnbmF0dXJl`;
    const response = await signIn(testApp, victim.email, TEST_PASSWORD, {
      ...anonymousHeaders(testApp),
      cookie: planted,
    });
    expect(response.status).toBe(200);
    const issued = cookiesFrom(response);
    expect(issued).toContain("session_token=");
    expect(issued).not.toContain("attacker-chosen-value");
    expect((await me(issued)).status).toBe(200);
    expect((await me(planted)).status).toBe(401);
  });

  it("does not upgrade an attacker's own session planted in the victim's browser", async () => {
    const attacker = await signUp(testApp);
    const victim = await signUp(testApp);
    const response = await signIn(testApp, victim.email, TEST_PASSWORD, {
      ...anonymousHeaders(testApp),
      cookie: attacker.cookie,
    });
    expect(response.status).toBe(200);
    const issued = cookiesFrom(response);
    expect(issued).not.toBe(attacker.cookie);

    const asVictim = await me(issued);
    expect((await asVictim.json()).data.user.id).toBe(victim.userId);
    // The planted cookie is still the attacker's (or nobody's), never the victim's.
    const asPlanted = await me(attacker.cookie);
    const plantedUser = asPlanted.status === 200 ? (await asPlanted.json()).data.user.id : null;
    expect([attacker.userId, null]).toContain(plantedUser);
  });
});
