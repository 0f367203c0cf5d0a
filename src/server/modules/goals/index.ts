import { createRouter } from "../../http";
import type { ScheduledJob } from "../../jobs/scheduler";
import { checkInsRoutes } from "./check-ins.routes";
import { createCheckInsService } from "./check-ins.service";
import { createGoalsContext, type GoalsDeps } from "./context";
import { cyclesRoutes } from "./cycles.routes";
import { createCyclesService } from "./cycles.service";
import { objectivesRoutes } from "./objectives.routes";
import { createObjectivesService } from "./objectives.service";
import { createGoalTargets } from "./targets";
import { calendarFeedRoutes, timeBlocksRoutes } from "./time-blocks.routes";
import { createTimeBlocksService } from "./time-blocks.service";
import { createTreeService } from "./tree.service";

export { coachRoutes } from "./coach.routes";
export { createGoalsCoach, type GoalsCoach } from "./coach.service";
export type { GoalsDeps, WriteContext } from "./context";
export type { GoalTarget, GoalTargets, GoalTargetType } from "./targets";
export { calendarFeedRoutes };

/** The Goals module's services, built together because they share one access model and write path. */
export function createGoalsModule(deps: GoalsDeps) {
  const context = createGoalsContext(deps);
  const objectives = createObjectivesService(deps, context);
  const checkIns = createCheckInsService(deps, context);
  return {
    /** For services built on top of the module with more than it needs (the coach adds the AI gateway). */
    deps,
    context,
    cycles: createCyclesService(deps, context),
    objectives,
    tree: createTreeService(context),
    checkIns,
    timeBlocks: createTimeBlocksService(deps, context, { objectives, checkIns }),
    /** Objectives, key results and tasks as things comments attach to. */
    targets: createGoalTargets(deps, context),
  };
}

export type GoalsModule = ReturnType<typeof createGoalsModule>;

/** Every /goals endpoint under /api/v1 (the public calendar feed is mounted separately, without a session). */
export function goalsRoutes(module: GoalsModule) {
  return createRouter()
    .route("/", cyclesRoutes(module.cycles))
    .route("/", objectivesRoutes(module))
    .route("/", checkInsRoutes(module.checkIns))
    .route("/", timeBlocksRoutes(module.timeBlocks));
}

/** Hourly: owners with key results that went a week without a check-in get one reminder per week. */
export function goalsJobs(module: GoalsModule): ScheduledJob[] {
  return [
    {
      name: "goals.check_in_reminders",
      everyMs: 60 * 60 * 1000,
      firstRunAfterMs: 5 * 60 * 1000,
      run: () => module.checkIns.sendCheckInReminders(),
    },
  ];
}
