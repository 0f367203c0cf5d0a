import { type CycleDates, cycleDatesProblem, cycleFrom, finalScores, quarterOf } from "../../../core/okr";
import { type Executor, inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { buildNodes } from "./cache-update";
import { assertCycleOpen, type GoalsContext, type GoalsDeps } from "./context";
import {
  type CycleRow,
  clearFinalScores,
  countObjectivesInCycle,
  createCycle,
  deleteCycle,
  getCycle,
  getRunningCycle,
  listCycles,
  recordFinalScores,
  updateCycle,
} from "./cycles.queries";
import type { CreateCycleInput, UpdateCycleInput } from "./goals.schemas";
import { listLiveObjectivesOfCycle } from "./objectives.queries";

function assertDates(dates: CycleDates) {
  const problem = cycleDatesProblem(dates);
  if (problem) {
    throw new AppError("VALIDATION_ERROR", {
      message: problem,
      details: [{ path: "end_date", message: problem }],
    });
  }
}

/**
 * The cycle new work goes into when none is named: the one running today, else the calendar
 * quarter's, created on the spot, so nobody has to set up cycles before writing a goal.
 */
export async function ensureRunningCycle(
  tx: Executor,
  scope: OrgScope,
  today: string,
  audit: (cycle: CycleRow) => Promise<void>,
): Promise<CycleRow> {
  const running = await getRunningCycle(tx, scope.orgId, today);
  if (running) return running;
  const quarter = quarterOf(today);
  const cycle = await createCycle(tx, {
    orgId: scope.orgId,
    name: quarter.name,
    startDate: quarter.startDate,
    endDate: quarter.endDate,
    createdBy: scope.userId,
  });
  await audit(cycle);
  return cycle;
}

/**
 * Planning cycles: org-wide periods, 90 days by default. Managers shape them and close them at
 * the end (final scores recorded, goals read-only) or reopen them; everyone reads.
 */
export function createCyclesService(deps: GoalsDeps, context: GoalsContext) {
  const { db } = deps;
  const requireCycle = async (tx: Executor, scope: OrgScope, id: string) => {
    const cycle = await getCycle(tx, scope.orgId, id);
    if (!cycle) throw new AppError("NOT_FOUND", { message: "No such cycle" });
    return cycle;
  };

  return {
    list: (scope: OrgScope, query: PaginationQuery) =>
      inTenant(db, scope, (tx) => listCycles(tx, scope.orgId, toPageRequest(query))),

    get: (scope: OrgScope, id: string) => inTenant(db, scope, (tx) => requireCycle(tx, scope, id)),

    create: (scope: OrgScope, input: CreateCycleInput) =>
      context.write(scope, async (write) => {
        const dates = input.end_date
          ? { startDate: input.start_date, endDate: input.end_date }
          : cycleFrom(input.start_date, input.length_days);
        assertDates(dates);
        const quarter = quarterOf(dates.startDate);
        const sameAsQuarter = dates.startDate === quarter.startDate && dates.endDate === quarter.endDate;
        const cycle = await createCycle(write.tx, {
          orgId: scope.orgId,
          name: input.name ?? (sameAsQuarter ? quarter.name : `${dates.startDate} to ${dates.endDate}`),
          ...dates,
          createdBy: scope.userId,
        });
        await write.audit({
          action: "goal_cycle.created",
          entityType: "goal_cycle",
          entityId: cycle.id,
          after: cycle,
        });
        write.changes.touchCycle(cycle.id);
        return cycle;
      }),

    update: (scope: OrgScope, id: string, input: UpdateCycleInput) =>
      context.write(scope, async (write) => {
        const before = await requireCycle(write.tx, scope, id);
        await assertCycleOpen(write.tx, scope.orgId, id);
        const dates = {
          startDate: input.start_date ?? before.startDate,
          endDate: input.end_date ?? before.endDate,
        };
        assertDates(dates);
        const after = await updateCycle(write.tx, scope.orgId, id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...dates,
        });
        await write.audit({
          action: "goal_cycle.updated",
          entityType: "goal_cycle",
          entityId: id,
          before: { name: before.name, startDate: before.startDate, endDate: before.endDate },
          after: { name: after!.name, startDate: after!.startDate, endDate: after!.endDate },
        });
        write.changes.touchCycle(id);
        return after!;
      }),

    /** Only an empty cycle can go: objectives (even in the bin) keep theirs. */
    remove: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const cycle = await requireCycle(write.tx, scope, id);
        await assertCycleOpen(write.tx, scope.orgId, id);
        if ((await countObjectivesInCycle(write.tx, scope.orgId, id)) > 0) {
          throw new AppError("CONFLICT", {
            message: "This cycle still has objectives: move or purge them first",
            details: { cycle_id: id },
          });
        }
        await deleteCycle(write.tx, scope.orgId, id);
        await write.audit({
          action: "goal_cycle.deleted",
          entityType: "goal_cycle",
          entityId: id,
          before: cycle,
        });
      }),

    /**
     * End-of-cycle scoring: records every live objective's and key result's score (0.0..1.0)
     * and grade as they stand, whoever can see them, and makes the cycle read-only.
     */
    close: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const { tx } = write;
        await requireCycle(tx, scope, id);
        await assertCycleOpen(tx, scope.orgId, id);
        const objectives = await listLiveObjectivesOfCycle(tx, scope.orgId, id);
        const { tree } = await buildNodes(tx, {
          orgId: scope.orgId,
          // Access does not enter into scores; everyone's objectives are scored alike.
          objectives: objectives.map((objective) => ({ ...objective, accessLevel: 0 })),
          today: write.today,
        });
        const scores = finalScores(tree);
        await recordFinalScores(tx, scope.orgId, scores);
        const after = await updateCycle(tx, scope.orgId, id, { closedAt: write.now, closedBy: scope.userId });
        await write.audit({
          action: "goal_cycle.closed",
          entityType: "goal_cycle",
          entityId: id,
          after: { closedAt: after!.closedAt, objectives: scores.objectives, keyResults: scores.keyResults },
        });
        write.changes.touchCycle(id);
        for (const objective of objectives) write.changes.touchObjective(objective.id);
        return after!;
      }),

    /** Makes a closed cycle editable again; its final scores are cleared until it closes again. */
    reopen: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const before = await requireCycle(write.tx, scope, id);
        if (!before.closedAt) throw new AppError("CONFLICT", { message: `${before.name} is not closed` });
        await clearFinalScores(write.tx, scope.orgId, id);
        const after = await updateCycle(write.tx, scope.orgId, id, { closedAt: null, closedBy: null });
        await write.audit({
          action: "goal_cycle.reopened",
          entityType: "goal_cycle",
          entityId: id,
          before: { closedAt: before.closedAt, closedBy: before.closedBy },
        });
        write.changes.touchCycle(id);
        for (const objective of await listLiveObjectivesOfCycle(write.tx, scope.orgId, id))
          write.changes.touchObjective(objective.id);
        return after!;
      }),
  };
}

export type CyclesService = ReturnType<typeof createCyclesService>;
