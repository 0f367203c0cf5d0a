import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./support/browser";
import { type RunningServer, startServer } from "./support/server";

let server: RunningServer;
let browser: Browser;
/** The server's public URL is http://localhost:<port>; better-auth refuses other origins. */
let baseUrl: string;

beforeAll(async () => {
  server = await startServer();
  baseUrl = server.url.replace("127.0.0.1", "localhost");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface OutboxMail {
  to: string;
  subject: string;
  text: string;
}

/** Mails the server wrote to DATA_DIR/outbox (no SMTP_URL), oldest first. */
function outbox(): OutboxMail[] {
  const dir = path.join(server.dataDir, "outbox");
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith(".json"));
  } catch {
    return [];
  }
  return files.sort().map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as OutboxMail);
}

async function waitForInvitationLink(email: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = outbox().find(
      (candidate) => candidate.to === email && candidate.text.includes("/invite?token="),
    );
    const link = mail?.text.match(/https?:\/\/\S+\/invite\?token=[\w-]+/)?.[0];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no invitation mail for ${email} in the outbox`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A browser context of its own (its own cookies), collecting errors the page reports. */
async function openPerson(errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

describe("identity: accounts, organizations and invitations", () => {
  it("signs up an owner, creates an org, invites a colleague who signs up and joins", async () => {
    const errors: string[] = [];
    const owner = await openPerson(errors);
    const page = owner.page;

    // An app page sends a visitor to sign-in, remembering where they were going.
    await page.goto(`${baseUrl}/settings/members`);
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByRole("heading", { level: 1, name: /Sign in/ }).waitFor();
    await screenshot(page, "identity-sign-in");

    // The first account on a fresh install owns the demo organization.
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/sign-up/);
    await page.getByLabel("Full name").fill("Ada Lovelace");
    await page.getByLabel("Work email").fill("ada@example.com");
    await page.getByLabel("Password", { exact: true }).fill("correct-horse-battery-42");
    await screenshot(page, "identity-sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/settings\/members$/);
    const switcher = page.getByRole("button", { name: /Switch organization/ });
    await expect(switcher.textContent()).resolves.toContain("Demo Consulting");
    await expect(switcher.textContent()).resolves.toContain("Owner");

    // A new organization, from the switcher; it becomes the active one.
    await switcher.click();
    await page.getByRole("menuitem", { name: "Create organization" }).click();
    await page.getByLabel("Organization name").fill("Northwind Advisory");
    await screenshot(page, "identity-create-org");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/goals$/);
    await expect.poll(() => switcher.textContent()).toContain("Northwind Advisory");

    // Invite a colleague by email; without SMTP the UI says where the link went.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
    await page.waitForURL(/\/settings\/members$/);
    await page.getByRole("button", { name: "Invite people" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email address").fill("grace@example.com");
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await dialog.getByRole("heading", { name: "Invitation created" }).waitFor();
    await expect(dialog.textContent()).resolves.toContain("DATA_DIR/outbox");
    await screenshot(page, "identity-invitation-created");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("cell", { name: /^grace@example\.com/ }).waitFor();

    const link = await waitForInvitationLink("grace@example.com");
    expect(new URL(link).pathname).toBe("/invite");

    // The invitee, in a browser of their own: the link shows the org, then sign-up returns to it.
    const invitee = await openPerson(errors);
    const guestPage = invitee.page;
    await guestPage.goto(link.replace("127.0.0.1", "localhost"));
    await guestPage.getByRole("heading", { level: 1, name: "Join Northwind Advisory" }).waitFor();
    await expect(guestPage.getByText("Invited by Ada Lovelace").count()).resolves.toBe(1);
    await screenshot(guestPage, "identity-invitation");
    await guestPage.getByRole("link", { name: "Create an account to accept" }).click();
    await guestPage.waitForURL(/\/sign-up\?/);
    await expect(guestPage.getByLabel("Work email").inputValue()).resolves.toBe("grace@example.com");
    await guestPage.getByLabel("Full name").fill("Grace Hopper");
    await guestPage.getByLabel("Password", { exact: true }).fill("cobol-compiler-1959");
    await guestPage.getByRole("button", { name: "Create account" }).click();
    await guestPage.waitForURL(/\/invite\?token=/);
    await guestPage.getByRole("button", { name: "Accept and join Northwind Advisory" }).click();
    await guestPage.waitForURL(/\/goals$/);
    const guestSwitcher = guestPage.getByRole("button", { name: /Switch organization/ });
    await expect.poll(() => guestSwitcher.textContent()).toContain("Northwind Advisory");
    await expect(guestSwitcher.textContent()).resolves.toContain("Member");
    await screenshot(guestPage, "identity-invitee-joined");

    // Back with the owner: two members, and no pending invitation left.
    await page.reload();
    await page.getByRole("cell", { name: /^Grace Hopper/ }).waitFor();
    const memberRows = page.getByRole("region", { name: "Member list" }).locator("tbody tr");
    await expect(memberRows.count()).resolves.toBe(2);
    await expect(page.getByRole("region", { name: "Member list" }).textContent()).resolves.toContain(
      "2 members",
    );
    await page.getByText("No pending invitations").waitFor();
    await screenshot(page, "identity-members");

    await invitee.context.close();
    await owner.context.close();
    expect(errors).toEqual([]);
  });
});
