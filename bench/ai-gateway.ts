// AI gateway overhead: the same calls to the same local fake provider (OpenAI chat-completions
// wire format), once straight through the AI SDK and once through Cairn's gateway (rate limit,
// budget, routing, breaker, resilient model; the interaction row is written behind the answer,
// as in production), interleaved in one run. Latency is what the caller waits for: the whole
// answer, or the last streamed chunk.
// BENCH_AI_ITERATIONS (default 300) calls per scenario; BENCH_DATABASE_URL adds a PostgreSQL run.
// The target (issue #4): the gateway adds under 2 ms to the caller's wait at p50.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, type LanguageModel, streamText } from "ai";
import { createAi, loadAiConfig } from "../src/server/ai";
import { createOrg, createUser, membershipLookup, orgScope } from "../src/server/ai/testing/factories";
import { type FakeProvider, startFakeProvider } from "../src/server/ai/testing/fake-provider";
import { type DatabaseTarget, migrateDatabase, openDatabase } from "../src/server/db";
import { createLogger } from "../src/server/logger";

export interface AiLatency {
  p50: number;
  p99: number;
}

/** The most the gateway may add to a call's latency at p50, in milliseconds. */
export const TARGET_ADDED_P50_MS = 2;

export interface AiGatewayBenchRow {
  scenario: "generate" | "stream";
  direct: { latency: AiLatency; ttft: AiLatency | null };
  gateway: { latency: AiLatency; ttft: AiLatency | null };
  /** Gateway minus direct, in milliseconds. */
  added: { latencyP50: number; latencyP99: number; ttftP50: number | null; ttftP99: number | null };
  /** Whether added.latencyP50 is under TARGET_ADDED_P50_MS. */
  meetsTarget: boolean;
}

export interface AiGatewayBenchResult {
  database: "pglite" | "postgres";
  iterations: number;
  rows: AiGatewayBenchRow[];
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function percentiles(samples: number[]): AiLatency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  return { p50: round(at(0.5)), p99: round(at(0.99)) };
}

interface Timing {
  latency: number;
  ttft: number | null;
}

async function timeGenerate(run: () => Promise<unknown>): Promise<Timing> {
  const started = performance.now();
  await run();
  return { latency: performance.now() - started, ttft: null };
}

async function timeStream(open: () => Promise<AsyncIterable<string>>): Promise<Timing> {
  const started = performance.now();
  let ttft: number | null = null;
  for await (const _chunk of await open()) ttft ??= performance.now() - started;
  return { latency: performance.now() - started, ttft };
}

async function benchOn(
  target: DatabaseTarget,
  label: AiGatewayBenchResult["database"],
  provider: FakeProvider,
  iterations: number,
): Promise<AiGatewayBenchResult> {
  const handle = await openDatabase(target);
  const dataDir = mkdtempSync(path.join(tmpdir(), "cairn-ai-bench-"));
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    const orgId = await createOrg(db, "AI Bench");
    const userId = await createUser(db, orgId, "owner", "Bench");
    const config = loadAiConfig({ OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: provider.baseUrl }, dataDir);
    const ai = createAi({ db, config, logger: createLogger("silent"), members: membershipLookup });
    const admin = orgScope(orgId, userId, "owner");
    await ai.service.saveRoute(admin, { task: "chat", modelRefs: ["openai:gpt-4o-mini"] });
    await ai.service.saveSettings(admin, {
      sanitiserEnabled: false,
      glossary: [],
      transcriptRetentionDays: null,
      rateLimitPerMinute: 100_000,
      responseCacheTtlSeconds: 0,
    });
    const direct: LanguageModel = createOpenAI({ apiKey: "sk-bench", baseURL: provider.baseUrl }).chat(
      "gpt-4o-mini",
    );
    const scope = { orgId, userId };
    const prompt = "Summarise the status of the partner portal key result.";

    const scenarios = {
      generate: {
        direct: () => timeGenerate(() => generateText({ model: direct, prompt, maxRetries: 0 })),
        gateway: () =>
          timeGenerate(() => ai.gateway.generate({ scope, feature: "bench.generate", task: "chat", prompt })),
      },
      stream: {
        direct: () =>
          timeStream(
            async () => streamText({ model: direct, prompt, maxRetries: 0, onError: () => {} }).textStream,
          ),
        gateway: () =>
          timeStream(async () => {
            const { result } = await ai.gateway.stream({
              scope,
              feature: "bench.stream",
              task: "chat",
              prompt,
            });
            return result.textStream;
          }),
      },
    };

    const rows: AiGatewayBenchRow[] = [];
    for (const [scenario, runs] of Object.entries(scenarios) as [
      AiGatewayBenchRow["scenario"],
      typeof scenarios.generate,
    ][]) {
      for (let warm = 0; warm < 30; warm++) {
        await runs.direct();
        await runs.gateway();
        await ai.gateway.flush();
      }
      const samples = { direct: [] as Timing[], gateway: [] as Timing[] };
      // Interleaved, so drift (GC, JIT, the fake server) lands on both sides alike.
      for (let index = 0; index < iterations; index++) {
        samples.direct.push(await runs.direct());
        samples.gateway.push(await runs.gateway());
        // PGlite runs on this thread: let the row being written behind the answer land
        // before the next call is timed, so it is charged to neither side.
        await ai.gateway.flush();
      }
      const summarise = (timings: Timing[]) => ({
        latency: percentiles(timings.map((timing) => timing.latency)),
        ttft: scenario === "stream" ? percentiles(timings.map((timing) => timing.ttft ?? 0)) : null,
      });
      const directSummary = summarise(samples.direct);
      const gatewaySummary = summarise(samples.gateway);
      const addedP50 = round(gatewaySummary.latency.p50 - directSummary.latency.p50);
      rows.push({
        scenario,
        direct: directSummary,
        gateway: gatewaySummary,
        meetsTarget: addedP50 < TARGET_ADDED_P50_MS,
        added: {
          latencyP50: addedP50,
          latencyP99: round(gatewaySummary.latency.p99 - directSummary.latency.p99),
          ttftP50:
            gatewaySummary.ttft && directSummary.ttft
              ? round(gatewaySummary.ttft.p50 - directSummary.ttft.p50)
              : null,
          ttftP99:
            gatewaySummary.ttft && directSummary.ttft
              ? round(gatewaySummary.ttft.p99 - directSummary.ttft.p99)
              : null,
        },
      });
    }
    await ai.gateway.flush();
    return { database: label, iterations, rows };
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printAiTable(result: AiGatewayBenchResult): void {
  console.log(`\nAI gateway overhead (${result.database}, ${result.iterations} calls per scenario, ms)`);
  console.log(
    "scenario".padEnd(10),
    "direct p50".padStart(11),
    "gateway p50".padStart(12),
    "added p50".padStart(10),
    "added p99".padStart(10),
    "ttft +p50".padStart(10),
    "ttft +p99".padStart(10),
    "target +p50".padStart(12),
    "result".padStart(7),
  );
  for (const row of result.rows) {
    console.log(
      row.scenario.padEnd(10),
      String(row.direct.latency.p50).padStart(11),
      String(row.gateway.latency.p50).padStart(12),
      String(row.added.latencyP50).padStart(10),
      String(row.added.latencyP99).padStart(10),
      String(row.added.ttftP50 ?? "-").padStart(10),
      String(row.added.ttftP99 ?? "-").padStart(10),
      `< ${TARGET_ADDED_P50_MS}`.padStart(12),
      (row.meetsTarget ? "pass" : "FAIL").padStart(7),
    );
  }
}

/** Runs the AI gateway bench on PGlite (and PostgreSQL when BENCH_DATABASE_URL is set), prints and returns the figures. */
export async function runAiGatewayBench(
  options: { iterations?: number; postgresUrl?: string } = {},
): Promise<AiGatewayBenchResult[]> {
  const iterations = options.iterations ?? Number(process.env.BENCH_AI_ITERATIONS ?? 300);
  const postgresUrl = options.postgresUrl ?? process.env.BENCH_DATABASE_URL;
  const provider = await startFakeProvider("openai");
  try {
    const results = [await benchOn({ kind: "pglite-memory" }, "pglite", provider, iterations)];
    if (postgresUrl)
      results.push(
        await benchOn({ kind: "postgres", url: postgresUrl, poolSize: 10 }, "postgres", provider, iterations),
      );
    for (const result of results) printAiTable(result);
    return results;
  } finally {
    await provider.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAiGatewayBench();
}
