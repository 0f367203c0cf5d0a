// Where a request came from, as Cairn records it: the client address behind a proxy (one
// reading for audit rows, sessions and better-auth's rate limits) and the correlation id,
// address and agent on the audit rows better-auth's own writes produce (sign-up, sign-in).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../db";
import { clientAddress, signIn, TEST_PASSWORD, uniqueEmail } from "../testing/factories";
import { createTestApp, type TestApp } from "../testing/test-app";

const USER_AGENT = "origin-test-browser/1.0";
/** What a client can put in front of the address the proxy appends. */
const FORGED = "203.0.113.250";

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ TRUST_PROXY: "true" });
});
afterAll(() => testApp.close());

function headers(forwardedFor: string) {
  return {
    "content-type": "application/json",
    origin: testApp.config.publicUrl,
    "user-agent": USER_AGENT,
    "x-forwarded-for": forwardedFor,
  };
}

function signUpFrom(forwardedFor: string, email = uniqueEmail("origin")) {
  return testApp.app.request("/api/auth/sign-up/email", {
    method: "POST",
    headers: headers(forwardedFor),
    body: JSON.stringify({ name: "Origin Test", email, password: TEST_PASSWORD }),
  });
}

async function auditOf(userId: string, action: string) {
  const [row] = await selectRows<{
    ip: string | null;
    user_agent: string | null;
    correlation_id: string | null;
  }>(
    testApp.database.handle.db,
    sql`select ip, user_agent, correlation_id from audit_events
        where actor_user_id = ${userId} and action = ${action} order by created_at desc, id desc limit 1`,
  );
  return row;
}

describe("behind a trusted proxy", () => {
  it("takes the address the proxy appended, not what the client put before it", async () => {
    const address = clientAddress();
    const response = await signUpFrom(`${FORGED}, ${address}`);
    expect(response.status).toBe(200);
    const { user } = (await response.json()) as { user: { id: string } };
    expect(await auditOf(user.id, "auth.signed_up")).toMatchObject({ ip: address });
    const [session] = await selectRows<{ ip_address: string }>(
      testApp.database.handle.db,
      sql`select ip_address from sessions where user_id = ${user.id}`,
    );
    expect(session?.ip_address).toBe(address);
  });

  it("keeps rate-limiting a client that rotates the forged part", async () => {
    const address = clientAddress();
    const statuses: number[] = [];
    // better-auth allows five sign-ups a minute per address.
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push((await signUpFrom(`198.18.0.${attempt + 1}, ${address}`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Another address is not held back by that client's limit.
    expect((await signUpFrom(clientAddress())).status).toBe(200);
  });
});

describe("audit rows of better-auth's own writes", () => {
  it("carry the correlation id, address and user agent of the sign-up and sign-in requests", async () => {
    const email = uniqueEmail("origin");
    const address = clientAddress();
    const signedUp = await signUpFrom(address, email);
    expect(signedUp.status).toBe(200);
    const { user } = (await signedUp.json()) as { user: { id: string } };
    expect(await auditOf(user.id, "auth.signed_up")).toEqual({
      ip: address,
      user_agent: USER_AGENT,
      correlation_id: signedUp.headers.get("x-correlation-id"),
    });

    const signInAddress = clientAddress();
    const signedIn = await signIn(testApp, email, TEST_PASSWORD, headers(signInAddress));
    expect(signedIn.status).toBe(200);
    expect(await auditOf(user.id, "auth.signed_in")).toEqual({
      ip: signInAddress,
      user_agent: USER_AGENT,
      correlation_id: signedIn.headers.get("x-correlation-id"),
    });
  });
});

describe("without a trusted proxy", () => {
  let direct: TestApp;
  beforeAll(async () => {
    direct = await createTestApp({ TRUST_PROXY: "false" });
  });
  afterAll(() => direct.close());

  it("ignores X-Forwarded-For and the internal client-address header alike", async () => {
    const response = await direct.app.request("/api/auth/sign-up/email", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: direct.config.publicUrl,
        "x-forwarded-for": FORGED,
        "x-cairn-client-ip": FORGED,
      },
      body: JSON.stringify({ name: "Direct", email: uniqueEmail("direct"), password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const { user } = (await response.json()) as { user: { id: string } };
    // app.request() has no socket, so there is no address to record: not the forged one.
    const [row] = await selectRows<{ ip: string | null }>(
      direct.database.handle.db,
      sql`select ip from audit_events where actor_user_id = ${user.id} and action = 'auth.signed_up'`,
    );
    expect(row).toEqual({ ip: null });
  });
});
