import type { Database } from "../db";
import { DAY_MS, type ScheduledJob } from "../jobs/scheduler";
import type { AiConfig } from "./ai.config";
import { deleteExpiredResponses } from "./cache";
import { purgeExpiredTranscripts, type TranscriptStore } from "./transcripts";

/** The gateway's daily maintenance: transcripts past each org's retention, and expired cached answers. */
export function aiMaintenanceJobs(deps: {
  db: Database;
  config: Pick<AiConfig, "transcripts">;
  transcripts: TranscriptStore;
  now?: () => Date;
}): ScheduledJob[] {
  const now = deps.now ?? (() => new Date());
  return [
    {
      name: "ai.purge_expired_transcripts",
      everyMs: DAY_MS,
      run: async () => ({
        purged: await purgeExpiredTranscripts({
          db: deps.db,
          store: deps.transcripts,
          defaultRetentionDays: deps.config.transcripts.retentionDays,
          now: now(),
        }),
      }),
    },
    {
      name: "ai.delete_expired_responses",
      everyMs: DAY_MS,
      firstRunAfterMs: 90_000,
      run: async () => ({ deleted: await deleteExpiredResponses(deps.db, now()) }),
    },
  ];
}
