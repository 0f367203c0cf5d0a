import type { Logger } from "../logger";

/**
 * A small in-process scheduler for maintenance (retention, cache expiry): each job runs a
 * while after startup and then every `everyMs`, on unref'd timers so it never keeps the
 * process alive. A run still going when the next is due is skipped, never stacked, and a
 * failure is logged and retried at the next tick.
 *
 * With several replicas every one of them runs every job; the jobs here are idempotent
 * deletes, so that only costs a few redundant queries. Work that must run exactly once or
 * survive restarts belongs on pg-boss, the multi-instance path DESIGN.md names.
 */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Delay before the first run (default one minute): startup is not slowed by maintenance. */
  firstRunAfterMs?: number;
  run: () => Promise<unknown>;
}

export interface Scheduler {
  /** Runs a job now (unless it is already running); resolves when that run ends. */
  runNow(name: string): Promise<void>;
  /** Cancels the timers and waits for runs in progress. */
  stop(): Promise<void>;
}

export const DAY_MS = 86_400_000;

export function startScheduler(jobs: readonly ScheduledJob[], deps: { logger: Logger }): Scheduler {
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  function runOnce(job: ScheduledJob): Promise<void> {
    const inProgress = running.get(job.name);
    if (inProgress) {
      deps.logger.warn({ job: job.name }, "scheduled job still running; skipping this run");
      return inProgress;
    }
    const startedAt = performance.now();
    const run = (async () => {
      try {
        const result = await job.run();
        deps.logger.info(
          { job: job.name, result, duration_ms: Math.round(performance.now() - startedAt) },
          "scheduled job finished",
        );
      } catch (error) {
        deps.logger.error({ job: job.name, err: error }, "scheduled job failed");
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, run);
    return run;
  }

  for (const job of jobs) {
    const first = setTimeout(() => {
      if (stopped) return;
      void runOnce(job);
      const every = setInterval(() => {
        if (!stopped) void runOnce(job);
      }, job.everyMs);
      every.unref();
      timers.push(every);
    }, job.firstRunAfterMs ?? 60_000);
    first.unref();
    timers.push(first);
  }

  return {
    runNow(name) {
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job) return Promise.reject(new Error(`no scheduled job named ${name}`));
      return runOnce(job);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
