import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./support/browser";
import {
  freePort,
  type RunningServer,
  runServerToExit,
  signUpThroughApi,
  startServer,
  tempDataDir,
} from "./support/server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A browser context signed in as a fresh person (signed up through the API), collecting page errors. */
async function signedInPage(errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const cookieHeader = await signUpThroughApi(server.url);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies(
    cookieHeader.split("; ").map((pair) => {
      const [name, ...value] = pair.split("=");
      return { name: name!, value: value.join("="), url: server.url };
    }),
  );
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  return { context, page };
}

describe("the app shell", () => {
  it("sends an anonymous visitor to sign in, keeping where they were heading", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/projects`);
    await page.waitForURL(/\/sign-in\?redirect=%2Fprojects/);
    await page.getByRole("heading", { name: "Sign in to Cairn" }).waitFor({ state: "visible" });
    await screenshot(page, "smoke-sign-in");
    await page.close();
  });

  it("loads for a signed-in person with the main navigation and no console errors", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(errors);
    await page.goto(server.url);
    await page.waitForURL(/\/goals$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const label of ["Goals", "Projects", "Knowledge", "Conversations", "Settings"]) {
      await nav.getByRole("link", { name: label }).waitFor({ state: "visible" });
    }
    await screenshot(page, "smoke-goals");
    await nav.getByRole("link", { name: "Projects" }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByRole("heading", { level: 1, name: "Projects" }).waitFor({ state: "visible" });
    await screenshot(page, "smoke-projects");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("serves a deep link directly (SPA fallback) and the API reference", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(errors);
    await page.goto(`${server.url}/settings/profile`);
    await page.getByRole("navigation", { name: "Main" }).waitFor({ state: "visible" });
    expect(new URL(page.url()).pathname).toBe("/settings/profile");
    await page.goto(`${server.url}/api/docs`);
    await page.waitForSelector(".swagger-ui .info .title");
    expect(await page.locator(".swagger-ui .info .title").textContent()).toContain("Cairn API");
    await screenshot(page, "smoke-api-docs");
    await context.close();
  });
});

describe("startup", () => {
  it("refuses to open a data directory another process holds", async () => {
    const result = await runServerToExit({ DATA_DIR: server.dataDir, PORT: String(await freePort()) });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("in use by another Cairn process");
  });

  it("stops on a bad setting with a message naming it", async () => {
    const result = await runServerToExit({ DATA_DIR: tempDataDir(), PORT: "not-a-port" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/PORT: .*"not-a-port"/);
  });

  it("restarts on an existing data directory with its data and one demo org", async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    const before = await (await fetch(`${first.url}/api/v1/instance`)).json();
    await first.stop();
    const second = await startServer({ dataDir });
    const after = await (await fetch(`${second.url}/api/v1/instance`)).json();
    await second.stop();
    expect(before.data.demo_org).toEqual({ name: "Demo Consulting", slug: "demo" });
    expect(after.data.demo_org).toEqual(before.data.demo_org);
  });
});
