import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { OrgRole } from "../../core/permissions";
import { systemScope } from "../modules/audit";
import type { TestApp } from "./test-app";

export const TEST_PASSWORD = "a sturdy test passphrase";

let sequence = 0;
export const uniqueEmail = (label = "user") =>
  `${label}-${Date.now().toString(36)}-${++sequence}@example.com`;
/** A distinct client address per simulated browser (only ever a header; no traffic goes there). */
export const clientAddress = () => `198.51.100.${(++sequence % 250) + 1}`;

/** The session cookie(s) a response sets, as a Cookie header value. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

export interface TestUser {
  userId: string;
  email: string;
  name: string;
  cookie: string;
  /** Headers for cookie-authenticated JSON requests from the app's own origin. */
  headers: Record<string, string>;
}

function asUser(testApp: TestApp, user: Omit<TestUser, "headers">, address: string): TestUser {
  return {
    ...user,
    headers: {
      cookie: user.cookie,
      origin: testApp.config.publicUrl,
      "content-type": "application/json",
      "x-forwarded-for": address,
    },
  };
}

export const anonymousHeaders = (testApp: TestApp) => ({
  "content-type": "application/json",
  origin: testApp.config.publicUrl,
  "x-forwarded-for": clientAddress(),
});

export async function signUp(
  testApp: TestApp,
  input: { name?: string; email?: string; password?: string } = {},
): Promise<TestUser> {
  const email = input.email ?? uniqueEmail();
  const name = input.name ?? email.split("@")[0]!;
  const headers = anonymousHeaders(testApp);
  const response = await testApp.app.request("/api/auth/sign-up/email", {
    method: "POST",
    headers,
    body: JSON.stringify({ name, email, password: input.password ?? TEST_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { user: { id: string } };
  return asUser(
    testApp,
    { userId: body.user.id, email, name, cookie: cookiesFrom(response) },
    headers["x-forwarded-for"],
  );
}

export async function signIn(
  testApp: TestApp,
  email: string,
  password = TEST_PASSWORD,
  headers: Record<string, string> = anonymousHeaders(testApp),
): Promise<Response> {
  return testApp.app.request("/api/auth/sign-in/email", {
    method: "POST",
    headers,
    body: JSON.stringify({ email, password }),
  });
}

/** A signed-up person made a member of `orgId` with `role`, acting in that org. */
export async function createMember(
  testApp: TestApp,
  orgId: string,
  role: OrgRole,
  label: string = role,
): Promise<TestUser> {
  const user = await signUp(testApp, { email: uniqueEmail(label) });
  await testApp.database.handle.db.transaction((tx) =>
    testApp.services.members.add(tx, { ...systemScope(orgId), userId: null }, user.userId, role),
  );
  const switched = await testApp.app.request("/api/v1/me/active-org", {
    method: "POST",
    headers: user.headers,
    body: JSON.stringify({ org_id: orgId }),
  });
  if (switched.status !== 200) throw new Error(`switch failed: ${switched.status} ${await switched.text()}`);
  return user;
}

/** A new org owned by a new person; returns the org id and its owner. */
export async function createOrgWithOwner(testApp: TestApp, name = "Acme Advisory") {
  const owner = await signUp(testApp, { email: uniqueEmail("owner") });
  const response = await testApp.app.request("/api/v1/orgs", {
    method: "POST",
    headers: owner.headers,
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201)
    throw new Error(`org creation failed: ${response.status} ${await response.text()}`);
  const { data } = (await response.json()) as { data: { id: string } };
  return { orgId: data.id, owner };
}

/** The token of the newest invitation mailed to `to`, read from the test app's outbox. */
export function invitationTokenFor(testApp: TestApp, to: string): string {
  const outbox = path.join(testApp.config.dataDir, "outbox");
  const mails = readdirSync(outbox)
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(outbox, file), "utf8")) as { to: string; text: string });
  const mail = mails
    .filter((candidate) => candidate.to === to && candidate.text.includes("invite?token="))
    .at(-1);
  if (!mail) throw new Error(`no mail to ${to}`);
  const match = /invite\?token=([^\s]+)/.exec(mail.text);
  return decodeURIComponent(match![1]!);
}
