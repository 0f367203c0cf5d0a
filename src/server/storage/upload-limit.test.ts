// Attachments are limited by MAX_UPLOAD_BYTES, not by the app-wide MAX_BODY_BYTES (64 KiB in
// tests) that every other request keeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  createProjectWorld,
  fileForm,
  type ProjectWorld,
} from "../modules/projects/testing/fixtures";
import { createTestApp, type TestApp } from "../testing/test-app";

const MiB = 1024 * 1024;
const MAX_UPLOAD_BYTES = 3 * MiB;

let testApp: TestApp;
let world: ProjectWorld;
let attachmentsPath: string;

const pdf = (size: number) => {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  return fileForm("report.pdf", bytes, "application/pdf");
};

const upload = (form: FormData) => callApi(testApp, world.owner, "POST", attachmentsPath, form);

async function attachmentCount() {
  const response = await callApi(testApp, world.owner, "GET", attachmentsPath);
  return ((await response.json()) as { data: unknown[] }).data.length;
}

beforeAll(async () => {
  testApp = await createTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
  world = await createProjectWorld(testApp);
  const item = await testApp.services.projects.items.create(world.ownerScope, world.projectId, {
    type: "action",
    title: "Collect the signed contract",
  });
  attachmentsPath = `/projects/${world.projectId}/items/${item.id}/attachments`;
});

afterAll(async () => {
  await testApp?.close();
});

describe("attachment uploads", () => {
  it("accept files far above the app-wide body limit", async () => {
    expect(testApp.config.maxBodyBytes).toBeLessThan(2 * MiB);
    const response = await upload(pdf(2 * MiB));
    expect(response.status, await response.clone().text()).toBe(201);
    expect((await response.json()).data).toMatchObject({ file_name: "report.pdf", size_bytes: 2 * MiB });
  });

  it("refuse a file over MAX_UPLOAD_BYTES with the 413 envelope, storing nothing", async () => {
    const before = await attachmentCount();
    for (const size of [MAX_UPLOAD_BYTES + 1, MAX_UPLOAD_BYTES + MiB]) {
      const response = await upload(pdf(size));
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        error: "PAYLOAD_TOO_LARGE",
        message: `Files may be at most ${MAX_UPLOAD_BYTES} bytes`,
        details: { max_bytes: MAX_UPLOAD_BYTES },
        correlation_id: expect.any(String),
      });
    }
    expect(await attachmentCount()).toBe(before);
  });

  it("leave every other request under the app-wide limit", async () => {
    const response = await callApi(testApp, world.owner, "POST", `/projects/${world.projectId}/items`, {
      type: "action",
      title: "x",
      description: "y".repeat(testApp.config.maxBodyBytes),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: "PAYLOAD_TOO_LARGE",
      details: { max_bytes: testApp.config.maxBodyBytes },
    });
  });
});
