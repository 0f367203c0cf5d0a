import type { Browser, Page } from "playwright-core";
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

/** YYYY-MM-DD, `days` from today (UTC, like the server's "today"). */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function signUp(page: Page) {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Work email").fill("ada@example.com");
  await page.getByLabel("Password", { exact: true }).fill("correct-horse-battery-42");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/goals$/);
}

describe("projects: the RAID log from first project to budget burn", () => {
  it("creates a project, adds a risk, converts it to an issue, logs time and sees the burn", async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
    });

    await signUp(page);

    // An empty list invites the first project.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByRole("heading", { name: "No projects yet" }).waitFor();
    await page.getByRole("button", { name: "Create your first project" }).click();
    const create = page.getByRole("dialog", { name: "New project" });
    await create.getByLabel("Name").fill("Website relaunch");
    await create.getByLabel("Client").fill("Acme Corp");
    await create.getByLabel("Start").fill(isoDay(-28));
    await create.getByLabel("End").fill(isoDay(90));
    await create.getByLabel("Budget").fill("50000");
    await screenshot(page, "projects-create");
    await create.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: "Website relaunch" }).waitFor();
    await page.getByText("The log is empty").waitFor();

    // A risk, rated 4 × 5: the dialog shows the score before it is saved.
    await page.getByRole("button", { name: /New item/ }).click();
    const newItem = page.getByRole("dialog", { name: "New item" });
    await newItem.getByLabel("Title").fill("Vendor may miss the CMS API deadline");
    await newItem.getByLabel("Probability").selectOption("4");
    await newItem.getByLabel("Impact").selectOption("5");
    await expect(newItem.getByText("critical", { exact: true }).count()).resolves.toBe(1);
    await newItem.getByRole("button", { name: "Add risk" }).click();

    // It opens in the drawer; converting it creates I-1, linked, and closes the risk.
    const drawer = page.getByRole("dialog", { name: /R-1/ });
    await drawer.getByText("Vendor may miss the CMS API deadline").first().waitFor();
    await screenshot(page, "projects-risk");
    await drawer.getByRole("button", { name: "Convert to issue" }).click();
    const convert = page.getByRole("dialog", { name: "Convert R-1 to an issue" });
    await convert.getByRole("button", { name: "Convert to issue" }).click();
    const issue = page.getByRole("dialog", { name: /I-1/ });
    await issue.getByRole("tab", { name: /Links/ }).click();
    await issue.getByText("Came from").waitFor();
    await screenshot(page, "projects-issue");
    await page.keyboard.press("Escape");
    await issue.waitFor({ state: "detached" });
    const table = page.getByRole("table");
    await table.getByText("I-1").waitFor();
    await expect(table.getByLabel("Status of R-1").inputValue()).resolves.toBe("closed");
    await screenshot(page, "projects-items");

    // Grouped by status, each group counted; the closed risk is in its own group.
    await page.getByLabel("Group by").selectOption("status");
    const groups = table.locator('th[scope="colgroup"]');
    await expect
      .poll(() => groups.allTextContents())
      .toEqual([expect.stringMatching(/^Open\s*1/), expect.stringMatching(/^Closed\s*1/)]);
    await screenshot(page, "projects-items-grouped");
    await page.getByLabel("Group by").selectOption("");

    // A deleted item leaves the log, opens read-only from the bin, and comes back.
    await table.getByRole("button", { name: "Vendor may miss the CMS API deadline" }).first().click();
    const deleting = page.getByRole("dialog", { name: /R-1/ });
    await deleting.getByRole("button", { name: "Actions for R-1" }).click();
    await page.getByRole("menuitem", { name: "Delete risk" }).click();
    await deleting.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Deleted items" }).click();
    const bin = page.getByRole("dialog", { name: "Deleted items" });
    await bin.getByRole("button", { name: "Vendor may miss the CMS API deadline" }).click();
    const deleted = page.getByRole("dialog", { name: /R-1/ });
    await deleted.getByText(/^Deleted/).waitFor();
    await screenshot(page, "projects-deleted-item");
    await deleted.getByRole("button", { name: "Restore" }).click();
    await deleted.getByText(/^Deleted/).waitFor({ state: "detached" });
    await page.keyboard.press("Escape");
    await deleted.waitFor({ state: "detached" });
    await table.getByText("R-1").waitFor();

    // The log exports as a spreadsheet the importer reads back.
    await page.getByRole("button", { name: "Export" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    // The Budget tab: a rate for Ada, six hours on Monday, and the burn chart shows them.
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Budget" }).click();
    await page.waitForURL(/\/budget$/);
    await page.getByRole("button", { name: "Add rate" }).click();
    const rate = page.getByRole("dialog");
    await rate.getByRole("tab", { name: "One person" }).click();
    await rate.getByLabel("Person").selectOption({ label: "Ada Lovelace" });
    await rate.getByLabel(/Hourly rate/).fill("100");
    await rate.getByRole("button", { name: "Add rate" }).click();
    await rate.waitFor({ state: "detached" });
    await page.getByLabel("Hours for Monday").fill("6");
    await page.getByRole("button", { name: "Save timesheet" }).click();
    await page.getByText("Timesheet saved").waitFor();
    const chart = page.getByTestId("burn-chart");
    await expect.poll(() => chart.getAttribute("data-actual-burn"), { timeout: 10_000 }).toBe("600");
    await expect(chart.locator("svg").count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "projects-budget");

    // The chat keeps the conversation: after a reload it is listed and opens again.
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Chat" }).click();
    await page.waitForURL(/\/chat$/);
    await page.getByRole("button", { name: "What is late or at risk right now?" }).click();
    await page.waitForURL(/\/chat\?session=/);
    await page.getByText(/Offline answer/).waitFor();
    await page.reload();
    const saved = page.getByRole("navigation", { name: "Saved conversations" });
    await saved.getByRole("button", { name: /^What is late or at risk right now\?/ }).waitFor();
    await page
      .getByRole("log", { name: "Conversation" })
      .getByText(/Offline answer/)
      .waitFor();
    await screenshot(page, "projects-chat");

    await context.close();
    expect(errors).toEqual([]);
  });
});
