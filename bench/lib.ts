import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import pg from "pg";
import {
  freePort,
  type RunningServer,
  serverEntry,
  signUpThroughApi,
  startServer,
} from "../e2e/support/server";

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export const benchDuration = Number(process.env.BENCH_DURATION ?? 10);
export const benchConnections = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** Load one URL with autocannon and report throughput and latency percentiles (ms). */
export async function load(
  name: string,
  url: string,
  options: { headers?: Record<string, string>; method?: "GET" | "POST"; body?: string } = {},
): Promise<LoadResult> {
  // A short warm-up so JIT and connection setup do not count.
  await autocannon({ url, connections: benchConnections, duration: 2, ...options });
  const result = await autocannon({
    url,
    connections: benchConnections,
    duration: benchDuration,
    ...options,
  });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export async function startBaseline(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL("./baseline-server.mjs", import.meta.url).pathname], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill("SIGTERM") };
}

/** Milliseconds from spawning the server to its first successful /api/ready. */
export async function timeColdStart(
  options: Parameters<typeof startServer>[0],
): Promise<{ ms: number; server: RunningServer }> {
  const started = performance.now();
  const server = await startServer(options);
  return { ms: Math.round(performance.now() - started), server };
}

export function residentSetMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kib / 1024) * 10) / 10;
}

export function printTable(title: string, rows: LoadResult[], baseline: LoadResult): void {
  console.log(`\n${title}`);
  console.log(
    "scenario".padEnd(44),
    "req/s".padStart(9),
    "p50 ms".padStart(8),
    "p99 ms".padStart(8),
    "vs bare".padStart(9),
    "errors".padStart(7),
  );
  for (const row of [baseline, ...rows]) {
    const ratio = row === baseline ? "1.00" : (row.requestsPerSecond / baseline.requestsPerSecond).toFixed(2);
    console.log(
      row.name.padEnd(44),
      String(row.requestsPerSecond).padStart(9),
      String(row.p50).padStart(8),
      String(row.p99).padStart(8),
      `${ratio}x`.padStart(9),
      String(row.errors + row.non2xx).padStart(7),
    );
  }
}

/** A database of our own on the BENCH_DATABASE_URL server for `fn`, dropped afterwards. */
export async function withOwnPostgresDatabase<T>(
  adminUrl: string,
  prefix: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const name = `${prefix}_${Date.now().toString(36)}`;
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

export { serverEntry, signUpThroughApi as signUpForBench };
