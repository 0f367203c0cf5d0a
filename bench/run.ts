// npm run bench: load and latency of Cairn next to a bare Hono baseline measured in the same run.
// BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 10); BENCH_DATABASE_URL adds a PostgreSQL run;
// BENCH_ONLY=core,ai,projects,goals (comma-separated section names) runs some sections only.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDataDir } from "../e2e/support/server";
import { runAiGatewayBench } from "./ai-gateway";
import { benchGoals } from "./goals";
import {
  benchConnections,
  benchDuration,
  type LoadResult,
  load,
  printTable,
  residentSetMiB,
  signUpForBench,
  startBaseline,
  timeColdStart,
  withOwnPostgresDatabase,
} from "./lib";
import { benchProjects } from "./projects";

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  duration_s: benchDuration,
  connections: benchConnections,
};

console.log(
  `Cairn bench: ${benchDuration}s per scenario, ${benchConnections} connections, node ${process.version}`,
);

const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
const runs = (section: string) => !only || only.includes(section);

const baselineServer = await startBaseline();
const baseline = await load("bare Hono hello world (baseline)", baselineServer.url);
baselineServer.stop();
results.baseline = baseline;

if (runs("core")) {
  // Startup: a fresh data directory (creates and migrates the database), then the same one again.
  const dataDir = tempDataDir();
  try {
    const fresh = await timeColdStart({ dataDir });
    await fresh.server.stop();
    const warm = await timeColdStart({ dataDir });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleRss = residentSetMiB(warm.server.process.pid!);
    console.log(
      `\nCold start to ready: fresh data dir ${fresh.ms} ms, existing data dir ${warm.ms} ms; idle RSS ${idleRss} MiB`,
    );
    results.startup = { fresh_ms: fresh.ms, existing_ms: warm.ms, idle_rss_mib: idleRss };

    const session = await signUpForBench(warm.server.url);
    const pgliteRows: LoadResult[] = [
      await load("GET /api/health", `${warm.server.url}/api/health`),
      await load("GET /api/v1/instance (database read, PGlite)", `${warm.server.url}/api/v1/instance`),
      await load("GET /api/v1/members (session + RLS, PGlite)", `${warm.server.url}/api/v1/members`, {
        headers: { cookie: session },
      }),
    ];
    await warm.server.stop();
    printTable("PGlite (embedded)", pgliteRows, baseline);
    results.pglite = pgliteRows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) {
    // A database of its own, so the bench neither reads nor leaves rows in BENCH_DATABASE_URL's.
    results.postgres = await withOwnPostgresDatabase(postgresUrl, "cairn_bench_core", async (url) => {
      const { server } = await timeColdStart({ env: { DATABASE_URL: url } });
      try {
        const postgresSession = await signUpForBench(server.url);
        const postgresRows = [
          await load("GET /api/v1/instance (database read, PostgreSQL)", `${server.url}/api/v1/instance`),
          await load("GET /api/v1/members (session + RLS, PostgreSQL)", `${server.url}/api/v1/members`, {
            headers: { cookie: postgresSession },
          }),
        ];
        printTable("PostgreSQL", postgresRows, baseline);
        return postgresRows;
      } finally {
        await server.stop();
        rmSync(server.dataDir, { recursive: true, force: true });
      }
    });
  }
}

if (runs("goals")) results.goals = await benchGoals({ baseline });
if (runs("ai")) results.ai_gateway = await runAiGatewayBench();
if (runs("projects")) results.projects = await benchProjects({ baseline });

const outDir = path.join(import.meta.dirname, "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote bench/results/latest.json`);
