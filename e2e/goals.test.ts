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

async function addKeyResult(
  page: Page,
  input: { title: string; type: string; start?: string; target?: string; unit?: string },
) {
  await page.getByRole("button", { name: "Add key result" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title").fill(input.title);
  await dialog.getByLabel("Measured as").selectOption({ label: input.type });
  if (input.start !== undefined) await dialog.getByLabel("Start").fill(input.start);
  if (input.target !== undefined) await dialog.getByLabel("Target").fill(input.target);
  if (input.unit !== undefined) await dialog.getByLabel("Unit").fill(input.unit);
  await dialog.getByRole("button", { name: "Add key result" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("treeitem", { name: new RegExp(input.title) }).waitFor();
}

describe("goals: plan a cycle, check in, and let the coach add a task", () => {
  it("signs up, creates an objective with two key results, checks in, accepts a coach action", async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
    });

    await page.goto(`${baseUrl}/sign-up`);
    await page.getByLabel("Full name").fill("Maya Chen");
    await page.getByLabel("Work email").fill("maya@example.com");
    await page.getByLabel("Password", { exact: true }).fill("correct-horse-battery-42");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/goals$/);

    // A fresh org has no cycle yet: the outline offers to start one.
    await page.getByRole("heading", { name: "Start your first cycle" }).waitFor();
    await page.getByRole("button", { name: "Create a cycle" }).click();
    const cycleDialog = page.getByRole("dialog");
    await cycleDialog.getByLabel("Name").fill("Q4 2026");
    await cycleDialog.getByRole("button", { name: "Create cycle" }).click();
    await page.getByRole("heading", { name: "No objectives in Q4 2026 yet" }).waitFor();
    await screenshot(page, "goals-empty-cycle");

    // An objective with two key results, from the keyboard shortcut and the dialogs.
    await page.keyboard.press("n");
    const objectiveDialog = page.getByRole("dialog");
    await objectiveDialog.getByLabel("Title").fill("Launch the self-serve plan");
    await objectiveDialog.getByRole("button", { name: "Create objective" }).click();
    await objectiveDialog.waitFor({ state: "detached" });
    await page.getByRole("treeitem", { name: /Launch the self-serve plan/ }).waitFor();
    await addKeyResult(page, {
      title: "Paying customers from 0 to 20",
      type: "Number",
      start: "0",
      target: "20",
      unit: "customers",
    });
    await addKeyResult(page, { title: "Pricing page live", type: "Done / not done" });
    await screenshot(page, "goals-outline");

    // Check in on one key result from its drawer; the history and the tree follow.
    await page.getByRole("button", { name: "Paying customers from 0 to 20", exact: true }).click();
    const drawer = page.getByRole("complementary", { name: "Key result" });
    await drawer.getByRole("heading", { name: "Weekly check-in" }).waitFor();
    await drawer.getByLabel("Value (customers)").fill("8");
    await drawer.getByLabel("Note").fill("Two annual deals closed");
    await drawer.getByRole("button", { name: "Check in", exact: true }).click();
    await drawer.getByText("Two annual deals closed").waitFor();
    await expect(drawer.getByText("8 / 20 customers").count()).resolves.toBe(1);
    await screenshot(page, "goals-key-result");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    await page
      .getByRole("treeitem", { name: /Paying customers/ })
      .getByText("40%")
      .waitFor();

    // The coach (offline provider) proposes the task; accepting it patches the tree.
    await page.getByRole("button", { name: /Coach/ }).click();
    const coach = page.getByRole("complementary", { name: "Goals coach" });
    await coach.getByLabel("Message the coach").fill("add task “Draft pricing page” to KR Pricing page live");
    await page.keyboard.press("Enter");
    await coach.getByText("Offline answer").waitFor();
    await expect(
      coach.getByText("Add task “Draft pricing page” to “Pricing page live”").count(),
    ).resolves.toBe(1);
    await screenshot(page, "goals-coach-proposal");
    await coach.getByRole("button", { name: "Accept" }).click();
    await coach.getByText("Accepted").waitFor();
    await page
      .getByRole("treeitem", { name: /Pricing page live/ })
      .getByRole("button", { name: "Show tasks" })
      .click();
    await page.getByRole("treeitem", { name: /Draft pricing page/ }).waitFor();
    await screenshot(page, "goals-coach-accepted");

    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("goals on a phone: the week day by day, scheduled without dragging", () => {
  it("signs up, plans a task and schedules, moves and completes it from a 390px screen", async () => {
    const errors: string[] = [];
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));

    await page.goto(`${baseUrl}/sign-up`);
    await page.getByLabel("Full name").fill("Sam Okafor");
    await page.getByLabel("Work email").fill("sam@example.com");
    await page.getByLabel("Password", { exact: true }).fill("correct-horse-battery-42");
    await page.getByRole("button", { name: "Create account" }).tap();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"));
    // The org and the plan come through the API: this journey is about the week.
    const api = async (path: string, data: unknown) => {
      const response = await page.request.post(`${baseUrl}/api/v1${path}`, {
        data,
        headers: { "x-requested-with": "cairn-web", origin: baseUrl },
      });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()).data as { id: string };
    };
    await api("/orgs", { name: "Okafor Studio" });
    const objective = await api("/goals/objectives", { title: "Ship the mobile app" });
    const keyResult = await api(`/goals/objectives/${objective.id}/key-results`, {
      title: "Store rating from 3.9 to 4.5",
      type: "numeric",
      start_value: 3.9,
      target_value: 4.5,
    });
    await api(`/goals/key-results/${keyResult.id}/tasks`, {
      title: "Fix the login crash",
      estimate_minutes: 60,
    });

    await page.goto(`${baseUrl}/goals/week`);
    await page.getByText("Nothing planned on this day.").waitFor();
    await page.getByRole("button", { name: "Schedule a task" }).tap();
    const dialog = page.getByRole("dialog");
    await dialog
      .getByLabel("Task")
      .selectOption({ label: "Fix the login crash · Store rating from 3.9 to 4.5" });
    await dialog.getByLabel("Starts at").fill("14:00");
    await dialog.getByRole("button", { name: "Schedule" }).tap();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Fix the login crash").first().waitFor();

    await page.getByRole("button", { name: "Move Fix the login crash", exact: true }).tap();
    await page.getByRole("dialog").getByLabel("For").selectOption("90");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).tap();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    const day = page.getByRole("region", { name: "Day by day" });
    await day.getByText(/2:00\s?PM\s?–\s?3:30\s?PM/).waitFor();
    await screenshot(page, "goals-week-phone");

    await page.getByRole("button", { name: "Mark Fix the login crash done" }).tap();
    await page.getByRole("dialog").getByRole("button", { name: "Mark done" }).tap();
    await day.getByText(/· done/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
