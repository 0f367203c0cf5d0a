import type { DatabaseHandle } from "../../db";
import type { ScheduledJob } from "../../jobs/scheduler";

/** The tables whose row counts swing with imports and whose lists lean on the planner. */
const ANALYZED_TABLES = ["project_items", "project_item_links", "project_timesheet_entries"];

/**
 * PGlite has no autovacuum, so after a bulk import its planner still believes the tables are
 * as small as they were and sorts every match instead of walking an index. Refreshing the
 * statistics every hour is cheap (ANALYZE samples) and keeps big embedded installs fast.
 * PostgreSQL's autovacuum does this itself.
 */
export function projectsJobs(database: Pick<DatabaseHandle, "kind" | "exec">): ScheduledJob[] {
  if (database.kind !== "pglite") return [];
  return [
    {
      name: "projects.analyze",
      everyMs: 60 * 60 * 1000,
      firstRunAfterMs: 10 * 60 * 1000,
      run: async () => {
        await database.exec(`ANALYZE ${ANALYZED_TABLES.join(", ")}`);
        return { analyzed: ANALYZED_TABLES };
      },
    },
  ];
}
