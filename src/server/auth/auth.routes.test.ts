import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anonymousHeaders,
  cookiesFrom,
  signIn,
  signUp,
  TEST_PASSWORD,
  uniqueEmail,
} from "../testing/factories";
import { createTestApp, type TestApp } from "../testing/test-app";

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
  await testApp.services.orgs.ensureDemoOrg();
});
afterAll(() => testApp.close());

describe("sign-up and sign-in", () => {
  it("signs up, makes the first person owner of the demo org, and sees them via /me", async () => {
    const user = await signUp(testApp, { name: "Ada Owner" });
    expect(user.cookie).toContain("session_token");
    const me = await testApp.app.request("/api/v1/me", { headers: user.headers });
    expect(me.status).toBe(200);
    const { data } = await me.json();
    expect(data.user).toMatchObject({ name: "Ada Owner", email: user.email, two_factor_enabled: false });
    expect(data.orgs).toEqual([expect.objectContaining({ slug: "demo", role: "owner" })]);
    expect(data.active_org.role).toBe("owner");
  });

  it("does not make a second person owner of anything", async () => {
    const user = await signUp(testApp);
    const { data } = await (await testApp.app.request("/api/v1/me", { headers: user.headers })).json();
    expect(data.orgs).toEqual([]);
    expect(data.active_org).toBeNull();
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const user = await signUp(testApp);
    const wrongPassword = await signIn(testApp, user.email, "not the right password");
    const unknownEmail = await signIn(testApp, uniqueEmail("nobody"), "not the right password");
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const [a, b] = [await wrongPassword.json(), await unknownEmail.json()];
    expect(a.error).toBe("UNAUTHENTICATED");
    expect(a.message).toBe(b.message);
    expect(a.details).toEqual(b.details);
  });

  it("issues a fresh session token at sign-in (no fixation)", async () => {
    const user = await signUp(testApp);
    const response = await signIn(testApp, user.email);
    expect(response.status).toBe(200);
    const fresh = cookiesFrom(response);
    expect(fresh).toContain("session_token");
    expect(fresh).not.toBe(user.cookie);
  });

  it("rejects weak passwords and duplicate emails with the error envelope", async () => {
    const weak = await testApp.app.request("/api/auth/sign-up/email", {
      method: "POST",
      headers: anonymousHeaders(testApp),
      body: JSON.stringify({ name: "W", email: uniqueEmail(), password: "password123" }),
    });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({
      error: "VALIDATION_ERROR",
      details: { code: "WEAK_PASSWORD" },
    });

    const user = await signUp(testApp);
    const duplicate = await testApp.app.request("/api/auth/sign-up/email", {
      method: "POST",
      headers: anonymousHeaders(testApp),
      body: JSON.stringify({ name: "Again", email: user.email, password: TEST_PASSWORD }),
    });
    expect(duplicate.status).toBeGreaterThanOrEqual(400);
    expect(duplicate.status).toBeLessThan(500);
    expect((await duplicate.json()).correlation_id).toEqual(expect.any(String));
  });
});
