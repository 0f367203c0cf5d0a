// Goals bench: one person's tree of 200 objectives, 1,000 key results and 5,000 tasks, read
// with GET /api/v1/goals/tree on PGlite and (with BENCH_DATABASE_URL) on PostgreSQL.
// Two measurements per database:
//  - server time: the app in this process (routing, session, RLS transaction, queries, roll-up,
//    JSON), requests one after another, no network: the figure the < 50 ms target is about;
//  - load: the server in its own process under autocannon (req/s, latency with queueing).
// Called from bench/run.ts as benchGoals({ baseline }); runnable alone:
//   node --import tsx bench/goals.ts
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { freePort, projectRoot, tempDataDir } from "../e2e/support/server";
import { addDays, utcDate } from "../src/core/calendar";
import { createApp } from "../src/server/app";
import { loadConfig } from "../src/server/config";
import { type DatabaseTarget, inTenant, migrateDatabase, openDatabase } from "../src/server/db";
import { goalTasks, keyResults, objectives } from "../src/server/db/schema";
import { createLogger } from "../src/server/logger";
import { type LoadResult, load, printTable, startBaseline } from "./lib";

export const BENCH_OBJECTIVES = Number(process.env.BENCH_GOAL_OBJECTIVES ?? 200);
const KEY_RESULTS_PER_OBJECTIVE = 5;
const TASKS_PER_KEY_RESULT = 5;
const SERVER_TIME_REQUESTS = Number(process.env.BENCH_GOAL_REQUESTS ?? 200);
/** The target from issue 6: the whole tree in under 50 ms of server time. */
const TARGET_MS = 50;

type App = ReturnType<typeof createApp>["app"];

interface Workspace {
  cookie: string;
  orgId: string;
  userId: string;
  cycleId: string;
  firstObjectiveId: string;
}

/** Sign-up, an org of their own (made active) and a first objective (which opens the cycle). */
async function createWorkspace(app: App, baseUrl: string): Promise<Workspace> {
  let cookie = "";
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: { cookie, origin: baseUrl, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return { response, body: (await response.json()) as { data: Record<string, unknown> } };
  };
  const signUp = await call("POST", "/api/auth/sign-up/email", {
    name: "Bench Planner",
    email: `planner-${Date.now()}@example.com`,
    password: "a sturdy bench passphrase",
  });
  cookie = signUp.response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const userId = (signUp.body as unknown as { user: { id: string } }).user.id;
  const org = await call("POST", "/api/v1/orgs", { name: `Goals bench ${Date.now()}` });
  const orgId = org.body.data.id as string;
  await call("POST", "/api/v1/me/active-org", { org_id: orgId });
  const first = await call("POST", "/api/v1/goals/objectives", { title: "Objective 1" });
  return {
    cookie,
    orgId,
    userId,
    cycleId: first.body.data.cycle_id as string,
    firstObjectiveId: first.body.data.id as string,
  };
}

/** A deterministic pseudo-random sequence, so every run seeds the same tree. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Bulk inserts the rest of the tree in one tenant transaction: objectives, key results, tasks. */
async function seedTree(target: DatabaseTarget, workspace: Workspace): Promise<number> {
  const started = performance.now();
  const handle = await openDatabase(target);
  const next = random(7);
  const today = utcDate(new Date());
  try {
    await inTenant(handle.db, { orgId: workspace.orgId, userId: workspace.userId }, async (tx) => {
      const orgId = workspace.orgId;
      const [firstObjective] = await tx.select({ id: objectives.id }).from(objectives);
      const objectiveRows = await tx
        .insert(objectives)
        .values(
          Array.from({ length: BENCH_OBJECTIVES - 1 }, (_, index) => ({
            orgId,
            cycleId: workspace.cycleId,
            ownerId: workspace.userId,
            title: `Objective ${index + 2}: grow ${["revenue", "retention", "quality", "reach"][index % 4]}`,
            description: "Seeded for the bench.",
            visibility: index % 3 === 0 ? ("org" as const) : ("private" as const),
            sortOrder: index + 2,
          })),
        )
        .returning({ id: objectives.id });
      const objectiveIds = [firstObjective!.id, ...objectiveRows.map((row) => row.id)];
      const keyResultValues = objectiveIds.flatMap((objectiveId) =>
        Array.from({ length: KEY_RESULTS_PER_OBJECTIVE }, (_, index) => {
          const type = (["numeric", "percentage", "boolean", "milestone", "numeric"] as const)[index]!;
          const target = type === "boolean" ? 1 : type === "milestone" ? 5 : 100;
          return {
            orgId,
            objectiveId,
            title: `Key result ${index + 1}`,
            type,
            startValue: 0,
            targetValue: target,
            currentValue: type === "milestone" ? 0 : Math.round(next() * target),
            weight: 1 + (index % 2),
            confidence: Math.round(next() * 10) / 10,
            sortOrder: index,
            lastCheckInAt: next() < 0.6 ? new Date(Date.now() - Math.floor(next() * 14) * 86_400_000) : null,
          };
        }),
      );
      const keyResultRows: { id: string; objectiveId: string }[] = [];
      for (let start = 0; start < keyResultValues.length; start += 500) {
        keyResultRows.push(
          ...(await tx
            .insert(keyResults)
            .values(keyResultValues.slice(start, start + 500))
            .returning({ id: keyResults.id, objectiveId: keyResults.objectiveId })),
        );
      }
      const taskValues = keyResultRows.flatMap((keyResult) =>
        Array.from({ length: TASKS_PER_KEY_RESULT }, (_, index) => {
          const status = (["todo", "in_progress", "done", "done", "cancelled"] as const)[
            Math.floor(next() * 5)
          ]!;
          return {
            orgId,
            keyResultId: keyResult.id,
            objectiveId: keyResult.objectiveId,
            title: `Task ${index + 1}`,
            status,
            dueDate: addDays(today, Math.floor(next() * 60) - 20),
            estimateMinutes: 30 * (1 + Math.floor(next() * 6)),
            assigneeId: workspace.userId,
            sortOrder: index,
            completedAt: status === "done" ? new Date() : null,
          };
        }),
      );
      for (let start = 0; start < taskValues.length; start += 500) {
        await tx.insert(goalTasks).values(taskValues.slice(start, start + 500));
      }
    });
    // Planner statistics, as autovacuum would gather after a bulk load (PGlite has none).
    await handle.exec(
      "ANALYZE objectives; ANALYZE key_results; ANALYZE goal_tasks; ANALYZE objective_shares",
    );
  } finally {
    await handle.close();
  }
  return Math.round(performance.now() - started);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface ServerTime {
  name: string;
  p50: number;
  p99: number;
  /** CPU this process spent per request: with PGlite that includes the database's work. */
  cpuP50: number;
  bytes: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Sequential in-process requests: what the server spends on one tree, without the network.
 * `before` runs untimed ahead of each request (a write, so that the tree must be rebuilt).
 */
async function measureServerTime(
  app: App,
  cookie: string,
  name: string,
  options: {
    headers?: Record<string, string>;
    before?: (index: number) => Promise<void>;
    /** A new app for each request (untimed): nothing kept in memory from earlier reads. */
    freshApp?: () => App;
  } = {},
): Promise<ServerTime> {
  const timings: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let index = 0; index < SERVER_TIME_REQUESTS + 10; index++) {
    await options.before?.(index);
    const target = options.freshApp?.() ?? app;
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const response = await target.request("/api/v1/goals/tree", { headers: { cookie, ...options.headers } });
    const body = await response.text();
    const elapsed = performance.now() - started;
    const cpuUsed = process.cpuUsage(cpuStart);
    if (response.status !== 200 && response.status !== 304) throw new Error(`${name}: ${response.status}`);
    bytes = body.length;
    // The first requests warm the JIT and the connection; they do not count.
    if (index >= 10) {
      timings.push(elapsed);
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    }
  }
  timings.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    name,
    p50: round(percentile(timings, 50)),
    p99: round(percentile(timings, 99)),
    cpuP50: round(percentile(cpu, 50)),
    bytes,
  };
}

function printServerTimes(title: string, rows: ServerTime[], load1: number) {
  console.log(`\n${title}`);
  console.log(
    "request".padEnd(44),
    "p50 ms".padStart(8),
    "p99 ms".padStart(8),
    "CPU p50".padStart(8),
    "body".padStart(10),
  );
  for (const row of rows) {
    console.log(
      row.name.padEnd(44),
      String(row.p50).padStart(8),
      String(row.p99).padStart(8),
      String(row.cpuP50).padStart(8),
      `${Math.round(row.bytes / 1024)} KiB`.padStart(10),
    );
  }
  const rebuilt = rows[0]!;
  console.log(
    `Rebuilt tree p50 ${rebuilt.p50} ms (${rebuilt.p50 < TARGET_MS ? "under" : "OVER"} the ${TARGET_MS} ms target); ` +
      `load average ${load1.toFixed(1)} on ${cpus().length} CPUs while measuring.`,
  );
}

/** The server from source in its own process (the bench must not depend on a fresh dist/ build). */
async function startSourceServer(
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: "warn", SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (
      await fetch(`${url}/api/ready`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Seeds, measures server time in process, then load over HTTP, for one database. */
async function benchOn(
  label: string,
  env: Record<string, string>,
  target: DatabaseTarget,
  baseline: LoadResult,
): Promise<Record<string, unknown>> {
  const config = loadConfig({ ...env, LOG_LEVEL: "silent", SEED_DEMO: "false" });
  let database = await openDatabase(target);
  let capabilities = await migrateDatabase(database);
  const logger = createLogger("silent");
  let built = createApp({ config, database, capabilities, logger });
  const workspace = await createWorkspace(built.app, config.publicUrl);
  // PGlite allows one open handle per directory: the seeder gets it to itself.
  await database.close();
  const seedMs = await seedTree(target, workspace);
  database = await openDatabase(target);
  capabilities = await migrateDatabase(database);
  built = createApp({ config, database, capabilities, logger });

  const tree = (headers: Record<string, string> = {}) =>
    built.app.request("/api/v1/goals/tree", { headers: { cookie: workspace.cookie, ...headers } });
  // A write before each request moves the revision, so every timed request builds the tree.
  const rename = async (index: number) => {
    const response = await built.app.request(`/api/v1/goals/objectives/${workspace.firstObjectiveId}`, {
      method: "PATCH",
      headers: { cookie: workspace.cookie, origin: config.publicUrl, "content-type": "application/json" },
      body: JSON.stringify({ title: `Objective 1 (rev ${index})` }),
    });
    if (!response.ok) throw new Error(`rename: ${response.status} ${await response.text()}`);
  };
  const rebuilt = await measureServerTime(
    built.app,
    workspace.cookie,
    `GET /goals/tree, rebuilt (${label})`,
    {
      before: rename,
    },
  );
  const cold = await measureServerTime(built.app, workspace.cookie, `GET /goals/tree, cold (${label})`, {
    freshApp: () => createApp({ config, database, capabilities, logger }).app,
  });
  await tree();
  const cached = await measureServerTime(
    built.app,
    workspace.cookie,
    `GET /goals/tree, same rev. (${label})`,
  );
  const etag = (await tree()).headers.get("etag")!;
  const notModified = await measureServerTime(
    built.app,
    workspace.cookie,
    `GET /goals/tree, 304 (${label})`,
    {
      headers: { "if-none-match": etag },
    },
  );
  const [load1] = loadavg();
  await database.close();
  const sizes = `${BENCH_OBJECTIVES} objectives, ${BENCH_OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE} key results, ${BENCH_OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE * TASKS_PER_KEY_RESULT} tasks`;
  const serverTime = [rebuilt, cold, cached, notModified];
  printServerTimes(`Goals tree server time (${label}; ${sizes}; seeded in ${seedMs} ms)`, serverTime, load1!);

  const server = await startSourceServer(env);
  let loadRows: LoadResult[];
  try {
    const headers = { cookie: workspace.cookie };
    loadRows = [
      await load(`GET /goals/tree, same rev. (${label})`, `${server.url}/api/v1/goals/tree`, { headers }),
      await load(`GET /goals/tree, 304 (${label})`, `${server.url}/api/v1/goals/tree`, {
        headers: { ...headers, "if-none-match": etag },
      }),
    ];
  } finally {
    await server.stop();
  }
  printTable(`Goals tree under load (${label}; autocannon counts 304 as an error)`, loadRows, baseline);
  return { seed_ms: seedMs, server_time: serverTime, load_average: load1, load: loadRows };
}

/** A database of our own on the BENCH_DATABASE_URL server, dropped afterwards. */
async function withOwnPostgresDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `cairn_bench_goals_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function benchGoals(options: { baseline: LoadResult }): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {
    objectives: BENCH_OBJECTIVES,
    key_results: BENCH_OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE,
    tasks: BENCH_OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE * TASKS_PER_KEY_RESULT,
  };
  const dataDir = tempDataDir();
  try {
    results.pglite = await benchOn(
      "PGlite",
      { DATA_DIR: dataDir },
      { kind: "pglite", dir: `${dataDir}/pglite` },
      options.baseline,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) {
    const postgresDataDir = tempDataDir();
    try {
      results.postgres = await withOwnPostgresDatabase(postgresUrl, (url) =>
        benchOn(
          "PostgreSQL",
          { DATA_DIR: postgresDataDir, DATABASE_URL: url },
          { kind: "postgres", url, poolSize: 5 },
          options.baseline,
        ),
      );
    } finally {
      rmSync(postgresDataDir, { recursive: true, force: true });
    }
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const baselineServer = await startBaseline();
  const baseline = await load("bare Hono hello world (baseline)", baselineServer.url);
  baselineServer.stop();
  console.log(JSON.stringify(await benchGoals({ baseline }), null, 2));
}
