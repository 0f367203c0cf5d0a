// Projects bench: a 10,000-item RAID log, then list 50 items with filters and grouped (with the
// counts of every group), and the dashboard, under load, on PGlite and (with BENCH_DATABASE_URL)
// on PostgreSQL, in a database of its own.
// Called from bench/run.ts as benchProjects({ baseline }); runnable alone:
//   node scripts/build.mjs && node --import tsx bench/projects.ts
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type RunningServer, startServer, tempDataDir } from "../e2e/support/server";
import { addDays, minDate, utcDate } from "../src/core/calendar";
import { ITEM_TYPES, type ItemStatus } from "../src/core/raid";
import { type DatabaseTarget, inTenant, openDatabase } from "../src/server/db";
import { BLANK_ITEM, type ItemState } from "../src/server/modules/projects/item-rules";
import { insertItems } from "../src/server/modules/projects/items.queries";
import { reserveItemNumbers } from "../src/server/modules/projects/projects.queries";
import {
  type LoadResult,
  load,
  printTable,
  signUpForBench,
  startBaseline,
  withOwnPostgresDatabase,
} from "./lib";

export const BENCH_ITEMS = Number(process.env.BENCH_PROJECT_ITEMS ?? 10_000);
const BATCH = 500;

/** A deterministic pseudo-random sequence, so every run seeds the same log. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A plausible RAID log: every type, dates spread around today, progress consistent with status. */
export function seedStates(count: number, assigneeId: string, today = utcDate(new Date())): ItemState[] {
  const next = random(42);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const type = ITEM_TYPES[index % ITEM_TYPES.length]!;
    const start = addDays(today, Math.floor(next() * 400) - 250);
    const finish = addDays(start, Math.floor(next() * 120));
    const percentComplete = pick([0, 0, 10, 25, 50, 75, 90, 100]);
    const status: ItemStatus =
      percentComplete === 100 ? "done" : percentComplete === 0 ? "open" : pick(["in_progress", "blocked"]);
    return {
      ...BLANK_ITEM(
        type,
        `${type} ${index + 1}: ${pick(["vendor", "budget", "scope", "staffing", "security"])} ${pick(["delay", "gap", "change", "review"])}`,
      ),
      description: "Seeded for the bench. Mitigation agreed with the steering group; watch weekly.",
      status,
      percentComplete,
      completedOn: percentComplete === 100 ? minDate(finish, today) : null,
      priority: pick(["low", "medium", "high", "critical"] as const),
      assigneeId: next() < 0.4 ? assigneeId : null,
      startDate: start,
      finishDate: finish,
      deadline: next() < 0.2 ? addDays(finish, 14) : null,
      tags: next() < 0.3 ? ["vendor"] : [],
      probability: type === "risk" ? 1 + Math.floor(next() * 5) : null,
      impact: type === "risk" ? 1 + Math.floor(next() * 5) : null,
    };
  });
}

/** Bulk insert through the module's own queries, in batches, numbering per type like the service. */
async function seed(
  target: DatabaseTarget,
  orgId: string,
  projectId: string,
  userId: string,
): Promise<number> {
  const started = performance.now();
  const handle = await openDatabase(target);
  try {
    const states = seedStates(BENCH_ITEMS, userId);
    await inTenant(handle.db, { orgId, userId }, async (tx) => {
      const next = new Map<string, number>();
      for (const type of ITEM_TYPES) {
        const howMany = states.filter((state) => state.type === type).length;
        next.set(type, await reserveItemNumbers(tx, { orgId, projectId, type, howMany }));
      }
      for (let start = 0; start < states.length; start += BATCH) {
        await insertItems(
          tx,
          states.slice(start, start + BATCH).map((state) => {
            const number = next.get(state.type)!;
            next.set(state.type, number + 1);
            return { ...state, orgId, projectId, number, createdBy: userId };
          }),
        );
      }
    });
    // Fresh planner statistics, as autovacuum would gather shortly after a bulk load on
    // PostgreSQL. PGlite has no autovacuum: without this its planner still believes the
    // table is empty and sorts every match instead of walking the finish-date index.
    await handle.exec("ANALYZE project_items");
  } finally {
    await handle.close();
  }
  return Math.round(performance.now() - started);
}

interface Workspace {
  cookie: string;
  orgId: string;
  projectId: string;
  userId: string;
}

/** A person, an org of their own (made active) and an empty project, through the API. */
async function createWorkspace(baseUrl: string): Promise<Workspace> {
  const cookie = await signUpForBench(baseUrl);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, origin: baseUrl, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { data: Record<string, unknown> & { user?: { id: string } } };
  };
  const org = await call("POST", "/orgs", { name: `Bench ${Date.now()}` });
  const orgId = org.data.id as string;
  await call("POST", "/me/active-org", { org_id: orgId });
  const me = await call("GET", "/me");
  const today = utcDate(new Date());
  const project = await call("POST", "/projects", {
    name: "Ten thousand items",
    start_date: addDays(today, -250),
    end_date: addDays(today, 150),
    budget_total: 500000,
  });
  return { cookie, orgId, projectId: project.data.id as string, userId: me.data.user!.id };
}

const scenarios = (server: RunningServer, workspace: Workspace, label: string) => {
  const base = `${server.url}/api/v1/projects/${workspace.projectId}`;
  const headers = { cookie: workspace.cookie };
  return [
    () =>
      load(
        `list 50 (type+status, by finish) ${label}`,
        `${base}/items?per_page=50&type=risk,action,issue&status=open,in_progress,blocked&sort=finish_date`,
        { headers },
      ),
    () =>
      load(
        `list 50 (indicator+tag+assignee) ${label}`,
        `${base}/items?per_page=50&indicator=late_finish,trending_late,late_start&tag=vendor&assignee=me&sort=indicator`,
        { headers },
      ),
    () =>
      load(`list 50 (search "vendor") ${label}`, `${base}/items?per_page=50&search=vendor%20delay`, {
        headers,
      }),
    () =>
      load(
        `list 50 grouped by status, group counts ${label}`,
        `${base}/items?per_page=50&group=status&sort=priority&order=desc`,
        { headers },
      ),
    () => load(`dashboard ${label}`, `${base}/dashboard`, { headers }),
  ];
};

async function runScenarios(
  server: RunningServer,
  workspace: Workspace,
  label: string,
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const scenario of scenarios(server, workspace, label)) results.push(await scenario());
  return results;
}

/**
 * Seeds a 10,000-item project and loads the item list (three filter mixes, and grouped) and the
 * dashboard.
 * PGlite: the server is stopped while the bench process seeds its data directory (only one
 * process may open it), then restarted. PostgreSQL: seeded while the server runs.
 */
export async function benchProjects(options: { baseline: LoadResult }): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = { items: BENCH_ITEMS };

  const dataDir = tempDataDir();
  let server = await startServer({ dataDir });
  const workspace = await createWorkspace(server.url);
  await server.stop();
  const pgliteSeedMs = await seed(
    { kind: "pglite", dir: `${dataDir}/pglite` },
    workspace.orgId,
    workspace.projectId,
    workspace.userId,
  );
  server = await startServer({ dataDir });
  try {
    const rows = await runScenarios(server, workspace, "(PGlite)");
    printTable(
      `Projects, ${BENCH_ITEMS} items (PGlite); seeded in ${pgliteSeedMs} ms`,
      rows,
      options.baseline,
    );
    results.pglite = { seed_ms: pgliteSeedMs, scenarios: rows };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) {
    results.postgres = await withOwnPostgresDatabase(postgresUrl, "cairn_bench_projects", async (url) => {
      const postgresServer = await startServer({ env: { DATABASE_URL: url } });
      try {
        const pgWorkspace = await createWorkspace(postgresServer.url);
        const seedMs = await seed(
          { kind: "postgres", url, poolSize: 2 },
          pgWorkspace.orgId,
          pgWorkspace.projectId,
          pgWorkspace.userId,
        );
        const rows = await runScenarios(postgresServer, pgWorkspace, "(PostgreSQL)");
        printTable(
          `Projects, ${BENCH_ITEMS} items (PostgreSQL); seeded in ${seedMs} ms`,
          rows,
          options.baseline,
        );
        return { seed_ms: seedMs, scenarios: rows };
      } finally {
        await postgresServer.stop();
        rmSync(postgresServer.dataDir, { recursive: true, force: true });
      }
    });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const baselineServer = await startBaseline();
  const baseline = await load("bare Hono hello world (baseline)", baselineServer.url);
  baselineServer.stop();
  console.log(JSON.stringify(await benchProjects({ baseline }), null, 2));
}
