import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiResponseCache } from "../db/schema";
import { startScheduler } from "../jobs/scheduler";
import { silentLogger } from "../testing/test-app";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { aiMaintenanceJobs } from "./maintenance";
import { createOrg } from "./testing/factories";
import { createDiskTranscriptStore } from "./transcripts";

let database: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "cairn-ai-maintenance-"));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("aiMaintenanceJobs", () => {
  it("purges old transcripts and expired cached answers, daily, through the scheduler", async () => {
    const db = database.handle.db;
    const orgId = await createOrg(db, "Maintained");
    const store = createDiskTranscriptStore(path.join(dir, "transcripts"));
    const now = new Date("2025-06-01T00:00:00.000Z");
    const saved = (daysAgo: number) =>
      store.save({
        id: randomUUID(),
        orgId,
        userId: null,
        sessionId: "s",
        feature: "ai.playground",
        task: "chat",
        provider: "offline",
        model: "cairn-extractive",
        offline: true,
        status: "success",
        startedAt: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
        finishedAt: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
        request: { system: null, messages: [] },
        response: { text: "", toolCalls: [], toolResults: [] },
      });
    await saved(400);
    await saved(2);
    const cached = (keyHash: string, expiresAt: Date) =>
      db
        .insert(aiResponseCache)
        .values({ orgId, keyHash, modelRef: "offline:cairn-extractive", response: {}, expiresAt });
    await cached("expired", new Date(now.getTime() - 1000));
    await cached("fresh", new Date(now.getTime() + 86_400_000));

    const jobs = aiMaintenanceJobs({
      db,
      config: { transcripts: { retentionDays: 365, storage: { kind: "disk", dir } } },
      transcripts: store,
      now: () => now,
    });
    expect(jobs.map((job) => [job.name, job.everyMs])).toEqual([
      ["ai.purge_expired_transcripts", 86_400_000],
      ["ai.delete_expired_responses", 86_400_000],
    ]);
    const scheduler = startScheduler(jobs, { logger: silentLogger() });
    await scheduler.runNow("ai.purge_expired_transcripts");
    await scheduler.runNow("ai.delete_expired_responses");
    await scheduler.stop();

    expect(await store.listSession(orgId, "s")).toHaveLength(1);
    const left = await db
      .select({ keyHash: aiResponseCache.keyHash })
      .from(aiResponseCache)
      .where(eq(aiResponseCache.orgId, orgId));
    expect(left).toEqual([{ keyHash: "fresh" }]);
  });
});
