import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { projectsJobs } from "./projects.jobs";
import { createProjectWorld, type ProjectWorld } from "./testing/fixtures";

let testApp: TestApp;
let world: ProjectWorld;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createProjectWorld(testApp);
});
afterAll(() => testApp.close());

describe("projectsJobs", () => {
  it("refreshes planner statistics on PGlite, which has no autovacuum, and does nothing on PostgreSQL", async () => {
    const { handle } = testApp.database;
    const jobs = projectsJobs(handle);
    if (handle.kind === "postgres") {
      expect(jobs).toEqual([]);
      return;
    }
    expect(jobs.map((job) => job.name)).toEqual(["projects.analyze"]);
    for (let index = 0; index < 30; index++) {
      await testApp.services.projects.items.create(world.ownerScope, world.projectId, {
        type: "action",
        title: `Action ${index}`,
      });
    }
    await jobs[0]!.run();
    const [stats] = await selectRows<{ reltuples: number }>(
      handle.db,
      sql`select reltuples::int as reltuples from pg_class where relname = 'project_items'`,
    );
    expect(stats!.reltuples).toBe(30);
    expect(projectsJobs({ kind: "postgres", exec: handle.exec })).toEqual([]);
  });
});
