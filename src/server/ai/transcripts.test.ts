import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiSettings } from "../db/schema";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createOrg } from "./testing/factories";
import { type FakeS3, startFakeS3 } from "./testing/fake-s3";
import {
  createDiskTranscriptStore,
  createS3TranscriptStore,
  purgeExpiredTranscripts,
  type TranscriptEntry,
  type TranscriptStore,
} from "./transcripts";

let s3: FakeS3;
let database: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "cairn-transcripts-"));

beforeAll(async () => {
  s3 = await startFakeS3("cairn-test", { pageSize: 2 });
  database = await createTestDatabase();
});

afterAll(async () => {
  await s3.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

function entry(orgId: string, sessionId: string, startedAt: string, text = "answer"): TranscriptEntry {
  return {
    id: randomUUID(),
    orgId,
    userId: null,
    sessionId,
    feature: "conversations.reply",
    task: "chat",
    provider: "openai",
    model: "gpt-4o-mini",
    offline: false,
    status: "success",
    startedAt,
    finishedAt: startedAt,
    request: { system: null, messages: [{ role: "user", content: "question" }] },
    response: { text, toolCalls: [{ toolName: "lookup", input: { q: 1 } }], toolResults: [] },
  };
}

const stores: [string, () => TranscriptStore][] = [
  ["disk", () => createDiskTranscriptStore(path.join(dir, randomUUID()))],
  [
    "S3",
    () =>
      createS3TranscriptStore({
        kind: "s3",
        bucket: "cairn-test",
        region: "us-east-1",
        endpoint: s3.endpoint,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
        forcePathStyle: true,
      }),
  ],
];

describe.each(stores)("%s transcript store", (_name, makeStore) => {
  it("keeps a session's exchanges in order, apart from other sessions and orgs", async () => {
    const store = makeStore();
    const org = randomUUID();
    const otherOrg = randomUUID();
    await store.save(entry(org, "s1", "2025-01-01T10:00:01.000Z", "second"));
    await store.save(entry(org, "s1", "2025-01-01T10:00:00.000Z", "first"));
    await store.save(entry(org, "s2", "2025-01-01T10:00:00.000Z", "elsewhere"));
    await store.save(entry(otherOrg, "s1", "2025-01-01T10:00:00.000Z", "other org"));
    const session = await store.listSession(org, "s1");
    expect(session.map((item) => item.response.text)).toEqual(["first", "second"]);
    expect(session[0]?.response.toolCalls).toEqual([{ toolName: "lookup", input: { q: 1 } }]);
    expect((await store.listOrgIds()).filter((id) => id === org || id === otherOrg).sort()).toEqual(
      [org, otherOrg].sort(),
    );
    expect(await store.listSession(org, "missing")).toEqual([]);
  });

  it("hashes session ids that could escape their folder", async () => {
    const store = makeStore();
    const org = randomUUID();
    await store.save(entry(org, "../../etc/passwd", "2025-01-01T00:00:00.000Z"));
    expect(await store.listSession(org, "../../etc/passwd")).toHaveLength(1);
    await expect(store.save(entry("../not-an-org", "s", "2025-01-01T00:00:00.000Z"))).rejects.toThrow(
      /not an org id/,
    );
  });

  it("purges exchanges older than the cut-off and keeps the rest", async () => {
    const store = makeStore();
    const org = randomUUID();
    for (const day of ["01", "02", "03", "04", "05"])
      await store.save(entry(org, "s", `2025-01-${day}T12:00:00.000Z`, day));
    expect(await store.purge(org, new Date("2025-01-03T00:00:00.000Z"))).toBe(2);
    expect((await store.listSession(org, "s")).map((item) => item.response.text)).toEqual(["03", "04", "05"]);
    expect(await store.purge(org, new Date("2025-01-03T00:00:00.000Z"))).toBe(0);
  });
});

describe("disk store", () => {
  it("never leaves a half-written transcript: it writes a temporary file and renames it", async () => {
    const root = path.join(dir, randomUUID());
    const store = createDiskTranscriptStore(root);
    const org = randomUUID();
    await store.save(entry(org, "s", "2025-01-01T00:00:00.000Z"));
    const files = readdirSync(path.join(root, org, "s"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{15}-[0-9a-f-]+\.json$/);
    writeFileSync(path.join(root, org, "s", "000000000000000-crash.json.tmp"), "{");
    expect(await store.listSession(org, "s")).toHaveLength(1);
  });
});

describe("purgeExpiredTranscripts", () => {
  it("applies each org's own retention, else the instance default", async () => {
    const store = createDiskTranscriptStore(path.join(dir, randomUUID()));
    const db = database.handle.db;
    const strict = await createOrg(db, "Strict");
    const lenient = await createOrg(db, "Lenient");
    await db.insert(aiSettings).values({ orgId: strict, transcriptRetentionDays: 7 });
    const now = new Date("2025-03-01T00:00:00.000Z");
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    for (const org of [strict, lenient]) {
      await store.save(entry(org, "s", daysAgo(10)));
      await store.save(entry(org, "s", daysAgo(40)));
      await store.save(entry(org, "s", daysAgo(1)));
    }
    expect(await purgeExpiredTranscripts({ db, store, defaultRetentionDays: 30, now })).toBe(3);
    expect(await store.listSession(strict, "s")).toHaveLength(1);
    expect(await store.listSession(lenient, "s")).toHaveLength(2);
  });
});
