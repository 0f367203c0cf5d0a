import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger";
import { startScheduler } from "./scheduler";

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("info", {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("startScheduler", () => {
  it("runs a job after its first delay and then at every interval", async () => {
    const { logger } = recordingLogger();
    const run = vi.fn(async () => 3);
    const scheduler = startScheduler([{ name: "purge", everyMs: 1000, firstRunAfterMs: 500, run }], {
      logger,
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(run).toHaveBeenCalledTimes(3);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("skips a run while the previous one is still going", async () => {
    const { logger, lines } = recordingLogger();
    let release: () => void = () => {};
    const run = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    const scheduler = startScheduler([{ name: "slow", everyMs: 100, firstRunAfterMs: 0, run }], { logger });
    await vi.advanceTimersByTimeAsync(350);
    expect(run).toHaveBeenCalledTimes(1);
    expect(
      lines.filter((line) => line.msg === "scheduled job still running; skipping this run"),
    ).toHaveLength(3);
    release();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(2);
    release();
    await scheduler.stop();
  });

  it("logs a failure and tries again at the next tick", async () => {
    const { logger, lines } = recordingLogger();
    const run = vi.fn().mockRejectedValueOnce(new Error("database is away")).mockResolvedValue(0);
    const scheduler = startScheduler([{ name: "flaky", everyMs: 100, firstRunAfterMs: 0, run }], { logger });
    await vi.advanceTimersByTimeAsync(0);
    const failure = lines.find((line) => line.msg === "scheduled job failed");
    expect(failure).toMatchObject({ job: "flaky", level: "error", err: { message: "database is away" } });
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(2);
    expect(lines.at(-1)).toMatchObject({ job: "flaky", msg: "scheduled job finished", result: 0 });
    await scheduler.stop();
  });

  it("runs a job on demand and waits for runs in progress when stopped", async () => {
    const { logger } = recordingLogger();
    let finished = false;
    const run = async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = true;
    };
    const scheduler = startScheduler([{ name: "manual", everyMs: 60_000, run }], { logger });
    const now = scheduler.runNow("manual");
    const stopped = scheduler.stop();
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all([now, stopped]);
    expect(finished).toBe(true);
    await expect(scheduler.runNow("missing")).rejects.toThrow(/no scheduled job/);
  });

  it("does not keep the process alive", () => {
    vi.useRealTimers();
    const unref = vi.spyOn(globalThis, "setTimeout");
    const scheduler = startScheduler([{ name: "idle", everyMs: 1000, run: async () => {} }], {
      logger: recordingLogger().logger,
    });
    const timer = unref.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    unref.mockRestore();
    void scheduler.stop();
  });
});
