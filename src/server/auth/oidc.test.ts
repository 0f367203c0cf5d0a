import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../db";
import { clientAddress, cookiesFrom, signIn, signUp, uniqueEmail } from "../testing/factories";
import { type OidcTestAccount, type OidcTestProvider, startOidcProvider } from "../testing/oidc-provider";
import { createTestApp, type TestApp } from "../testing/test-app";

const PUBLIC_URL = "http://localhost:3000";
const REDIRECT_URI = `${PUBLIC_URL}/api/auth/callback/oidc`;

let provider: OidcTestProvider;
let testApp: TestApp;
beforeAll(async () => {
  // The provider must answer discovery before Cairn's auth initialises.
  provider = await startOidcProvider({ redirectUri: REDIRECT_URI });
  testApp = await createTestApp({ ...provider.env, PUBLIC_URL });
});
afterAll(async () => {
  await testApp?.close();
  await provider?.close();
});

let sequence = 0;
function providerAccount(overrides: Partial<OidcTestAccount> = {}): OidcTestAccount {
  sequence += 1;
  const account = {
    sub: `idp-subject-${sequence}`,
    email: uniqueEmail("sso"),
    email_verified: true,
    name: `Sam Sso ${sequence}`,
    password: "identity provider passphrase",
    ...overrides,
  };
  provider.addAccount(account);
  return account;
}

/** Cairn's side of one browser: its address and the cookies Cairn has set in it. */
interface CairnBrowser {
  address: string;
  cookie: string;
}

const newCairnBrowser = (): CairnBrowser => ({ address: clientAddress(), cookie: "" });

/** Clicks "Sign in with SSO": Cairn answers with the provider's authorization URL and a state cookie. */
async function startSignIn(browser: CairnBrowser): Promise<string> {
  const response = await testApp.app.request(`${PUBLIC_URL}/api/auth/sign-in/social`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: PUBLIC_URL, "x-forwarded-for": browser.address },
    body: JSON.stringify({ provider: "oidc", callbackURL: "/" }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { url: string; redirect: boolean };
  expect(body.redirect).toBe(true);
  expect(response.headers.get("location")).toBe(body.url);
  browser.cookie = cookiesFrom(response);
  expect(browser.cookie).toMatch(/(^|; )[\w.-]*state=/);
  return body.url;
}

/** The provider sent the browser back to Cairn's callback; the browser follows with its cookies. */
async function followCallback(browser: CairnBrowser, callback: URL): Promise<Response> {
  return testApp.app.request(callback.href, {
    headers: { cookie: browser.cookie, "x-forwarded-for": browser.address },
  });
}

async function signInThroughProvider(account: OidcTestAccount, idpBrowser = provider.browser()) {
  const browser = newCairnBrowser();
  const callback = await idpBrowser.authorize(await startSignIn(browser), account);
  const response = await followCallback(browser, callback);
  return { response, callback, cookie: cookiesFrom(response) };
}

async function me(cookie: string) {
  const response = await testApp.app.request("/api/v1/me", {
    headers: { cookie, "x-forwarded-for": clientAddress() },
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data: { user: { id: string; email: string; name: string; email_verified: boolean } };
    },
  };
}

function usersWithEmail(email: string) {
  return selectRows<{ id: string; name: string; email_verified: boolean }>(
    testApp.database.handle.db,
    sql`select id, name, email_verified from users where email = ${email}`,
  );
}

function accountsOf(userId: string) {
  return selectRows<{ provider_id: string; account_id: string }>(
    testApp.database.handle.db,
    sql`select provider_id, account_id from accounts where user_id = ${userId} order by provider_id`,
  );
}

function oidcAccountsWithSubject(sub: string) {
  return selectRows<{ user_id: string }>(
    testApp.database.handle.db,
    sql`select user_id from accounts where provider_id = 'oidc' and account_id = ${sub}`,
  );
}

/** Signs up with email + password and follows the verification link from the outbox. */
async function verifiedLocalUser() {
  const user = await signUp(testApp, { email: uniqueEmail("local") });
  const outbox = path.join(testApp.config.dataDir, "outbox");
  const mail = readdirSync(outbox)
    .map((file) => JSON.parse(readFileSync(path.join(outbox, file), "utf8")) as { to: string; text: string })
    .find((candidate) => candidate.to === user.email);
  const link = /https?:\/\/\S+/.exec(mail?.text ?? "")?.[0];
  if (!link) throw new Error(`no verification mail for ${user.email}`);
  const verified = await testApp.app.request(link, { headers: { "x-forwarded-for": clientAddress() } });
  expect(verified.status).toBe(302);
  expect((await usersWithEmail(user.email))[0]?.email_verified).toBe(true);
  return user;
}

/** Where a refused callback sends the browser: Cairn's auth error page with a reason. */
function expectRefused(response: Response, reason: string) {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location") ?? "", PUBLIC_URL);
  expect(location.pathname).toBe("/api/auth/error");
  expect(location.searchParams.get("error")).toBe(reason);
  expect(cookiesFrom(response)).not.toContain("session_token");
}

describe("sign-in with the generic OIDC provider", () => {
  it("sends the provider an authorization-code request with PKCE (S256), state and nonce", async () => {
    const authorizationUrl = await startSignIn(newCairnBrowser());
    const received = provider.authorizationRequests.length;
    const callback = await provider.browser().authorize(authorizationUrl, providerAccount());
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);

    const request = provider.authorizationRequests[received]!;
    expect(request.origin).toBe(provider.issuer);
    expect(request.searchParams.get("response_type")).toBe("code");
    expect(request.searchParams.get("client_id")).toBe(provider.clientId);
    expect(request.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(request.searchParams.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "email", "profile"]),
    );
    expect(request.searchParams.get("code_challenge_method")).toBe("S256");
    expect(request.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.searchParams.get("state")).toBe(callback.searchParams.get("state"));
    expect(request.searchParams.get("nonce")).toBeTruthy();
  });

  it("is refused by the provider when the request lacks PKCE (the provider really enforces it)", async () => {
    const authorizationUrl = new URL(await startSignIn(newCairnBrowser()));
    authorizationUrl.searchParams.delete("code_challenge");
    authorizationUrl.searchParams.delete("code_challenge_method");
    const callback = await provider.browser().authorize(authorizationUrl.href, providerAccount());
    expect(callback.searchParams.get("error")).toBe("invalid_request");
    expect(callback.searchParams.get("code")).toBeNull();
  });

  it("creates the person from the provider's claims, signs them in and records the linked account", async () => {
    const account = providerAccount({ name: "Grace Federated" });
    const { response, callback, cookie } = await signInThroughProvider(account);
    expect(callback.searchParams.get("code")).toBeTruthy();
    expect(callback.searchParams.get("iss")).toBe(provider.issuer);

    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(cookie).toContain("session_token");
    const setCookie = response.headers.getSetCookie().find((header) => header.includes("session_token="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const { status, body } = await me(cookie);
    expect(status).toBe(200);
    expect(body.data.user).toMatchObject({
      name: "Grace Federated",
      email: account.email,
      email_verified: true,
    });

    const users = await usersWithEmail(account.email);
    expect(users).toEqual([expect.objectContaining({ id: body.data.user.id, name: "Grace Federated" })]);
    expect(await accountsOf(body.data.user.id)).toEqual([{ provider_id: "oidc", account_id: account.sub }]);

    const audits = await selectRows<{ action: string }>(
      testApp.database.handle.db,
      sql`select action from audit_events where actor_user_id = ${body.data.user.id} order by created_at`,
    );
    expect(audits.map((row) => row.action)).toEqual(["auth.signed_up", "auth.signed_in"]);
  });

  it("brings a returning person back to the same user, with or without a provider session", async () => {
    const account = providerAccount();
    const idpBrowser = provider.browser();
    const first = await signInThroughProvider(account, idpBrowser);
    const firstUser = (await me(first.cookie)).body.data.user;

    // Same browser: the provider remembers the person and grant, so no login page this time.
    const browser = newCairnBrowser();
    const callback = await idpBrowser.authorize(await startSignIn(browser));
    const again = cookiesFrom(await followCallback(browser, callback));
    // A different browser signs in at the provider again.
    const elsewhere = await signInThroughProvider(account);

    for (const cookie of [again, elsewhere.cookie]) {
      expect(cookie).toContain("session_token");
      expect(cookie).not.toBe(first.cookie);
      expect((await me(cookie)).body.data.user.id).toBe(firstUser.id);
    }
    expect(await usersWithEmail(account.email)).toHaveLength(1);
    expect(await oidcAccountsWithSubject(account.sub)).toEqual([{ user_id: firstUser.id }]);
  });

  it("links the provider account to an existing email/password person with the same verified email", async () => {
    const local = await verifiedLocalUser();
    const account = providerAccount({ email: local.email });

    const { response, cookie } = await signInThroughProvider(account);
    expect(response.status).toBe(302);
    expect((await me(cookie)).body.data.user.id).toBe(local.userId);
    expect(await usersWithEmail(local.email)).toHaveLength(1);
    expect(await accountsOf(local.userId)).toEqual([
      { provider_id: "credential", account_id: local.userId },
      { provider_id: "oidc", account_id: account.sub },
    ]);
    // The password keeps working next to SSO.
    expect((await signIn(testApp, local.email)).status).toBe(200);
  });

  it("does not hand an existing account to a provider that has not verified the email", async () => {
    const local = await verifiedLocalUser();
    const account = providerAccount({ email: local.email, email_verified: false });

    const { response } = await signInThroughProvider(account);
    expectRefused(response, "account_not_linked");
    expect(await accountsOf(local.userId)).toEqual([{ provider_id: "credential", account_id: local.userId }]);
    expect(await oidcAccountsWithSubject(account.sub)).toEqual([]);
  });

  it("does not link to a local account whose owner never verified the email (pre-registration hijack)", async () => {
    // Someone registered the address first without owning it; the real owner then uses SSO.
    const squatter = await signUp(testApp, { email: uniqueEmail("squatted") });
    const account = providerAccount({ email: squatter.email });

    const { response } = await signInThroughProvider(account);
    expectRefused(response, "account_not_linked");
    expect(await accountsOf(squatter.userId)).toEqual([
      { provider_id: "credential", account_id: squatter.userId },
    ]);
  });

  it("refuses a callback that arrives without the state cookie of the browser that started it", async () => {
    const account = providerAccount();
    const victim = newCairnBrowser();
    const attacker = newCairnBrowser();
    // The attacker starts a sign-in, completes it at the provider, and gets the victim's browser to open the callback.
    const callback = await provider.browser().authorize(await startSignIn(attacker), account);

    expectRefused(await followCallback(victim, callback), "state_mismatch");
    expect(await usersWithEmail(account.email)).toEqual([]);
  });
});
