import {
  type BudgetSummary,
  type BurnPoint,
  burnSeries,
  costTimesheets,
  formatHundredths,
  summarizeBudget,
  toHundredths,
  type UnratedHours,
} from "../../../core/budget";
import { type IsoDate, isMonday, utcDate } from "../../../core/calendar";
import { inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { recordAudit } from "../audit";
import { assertCan, can, requireProjectAction } from "./access";
import {
  createRateCard,
  deleteRateCard,
  getRateCard,
  listRateCards,
  listTimesheetEntries,
  listWeekEntries,
  type RateCardRow,
  replaceWeekEntries,
  sumHoursByPersonWeek,
  updateRateCard,
} from "./budget.queries";
import type { ProjectsDeps } from "./deps";
import { countLiveItems, listNamesOf } from "./items.queries";
import { assignableIds } from "./items.service";
import { getProjectMember } from "./projects.queries";

/** Nobody logs more than a week's worth of hours in a week. */
export const MAX_HOURS_PER_WEEK = 168;

export interface BudgetReport {
  currency: string;
  asOf: IsoDate;
  /** All amounts in hundredths (cents). */
  summary: BudgetSummary;
  series: BurnPoint[];
  /** Hours with no applicable rate card, which the figures leave out. */
  unrated: (UnratedHours & { name: string | null })[];
}

const invalid = (path: string, message: string) =>
  new AppError("VALIDATION_ERROR", { message: "The request is invalid", details: [{ path, message }] });

const rateOf = (card: RateCardRow) => ({
  id: card.id,
  userId: card.userId,
  roleName: card.roleName,
  hourlyRate: toHundredths(card.hourlyRate),
  effectiveFrom: card.effectiveFrom,
});

/** Rate cards, weekly timesheets and the figures they add up to: burn, rate, forecast, variance. */
export function createBudgetService(deps: ProjectsDeps) {
  const { db } = deps;

  return {
    /** Budget figures and the burn chart as of a date (default today, UTC). */
    report: (scope: OrgScope, projectId: string, asOf?: IsoDate): Promise<BudgetReport> =>
      inTenant(db, scope, async (tx) => {
        const { project } = await requireProjectAction(tx, scope, projectId, "projects.budget.read");
        const [cards, hours] = await Promise.all([
          listRateCards(tx, scope.orgId, projectId),
          sumHoursByPersonWeek(tx, scope.orgId, projectId),
        ]);
        const { weeks, unrated } = costTimesheets(
          hours.map((line) => ({ ...line, hours: toHundredths(line.hours) })),
          cards.map(rateOf),
        );
        const plan = {
          budget: project.budgetTotal === null ? null : toHundredths(project.budgetTotal),
          startDate: project.startDate,
          endDate: project.endDate,
        };
        const day = asOf ?? utcDate(deps.now());
        const names = new Map(
          (await listNamesOf(tx, [...new Set(unrated.map((line) => line.userId))])).map((person) => [
            person.id,
            person.name,
          ]),
        );
        return {
          currency: project.currency,
          asOf: day,
          summary: summarizeBudget(plan, weeks, day),
          series: burnSeries(plan, weeks, day),
          unrated: unrated.map((line) => ({ ...line, name: names.get(line.userId) ?? null })),
        };
      }),

    listRateCards: (scope: OrgScope, projectId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.budget.read");
        return listRateCards(tx, scope.orgId, projectId);
      }),

    /** A rate for one person (who must be able to work on the project) or for a billing role. */
    createRateCard: (
      scope: OrgScope,
      projectId: string,
      input: { userId?: string; roleName?: string; hourlyRate: number; effectiveFrom?: IsoDate | null },
    ) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.budget.write");
        if (Boolean(input.userId) === Boolean(input.roleName)) {
          throw invalid("user_id", "give either user_id or role_name");
        }
        if (input.userId && !(await assignableIds(tx, scope.orgId, projectId)).has(input.userId)) {
          throw invalid("user_id", "must be a member of the project");
        }
        const values = {
          orgId: scope.orgId,
          projectId,
          userId: input.userId ?? null,
          roleName: input.roleName?.trim() ?? null,
          hourlyRate: formatHundredths(toHundredths(input.hourlyRate)),
          effectiveFrom: input.effectiveFrom ?? null,
        };
        const id = await createRateCard(tx, values);
        await recordAudit(tx, scope, {
          action: "project.rate_card_created",
          entityType: "project",
          entityId: projectId,
          after: { rateCardId: id, ...values },
        });
        return (await getRateCard(tx, scope.orgId, projectId, id))!;
      }),

    updateRateCard: (
      scope: OrgScope,
      projectId: string,
      cardId: string,
      patch: { hourlyRate?: number; effectiveFrom?: IsoDate | null },
    ) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.budget.write");
        const before = await getRateCard(tx, scope.orgId, projectId, cardId);
        if (!before) throw new AppError("NOT_FOUND", { message: "No such rate card" });
        const values = {
          ...(patch.hourlyRate !== undefined
            ? { hourlyRate: formatHundredths(toHundredths(patch.hourlyRate)) }
            : {}),
          ...(patch.effectiveFrom !== undefined ? { effectiveFrom: patch.effectiveFrom } : {}),
        };
        if (Object.keys(values).length === 0) return before;
        await updateRateCard(tx, scope.orgId, projectId, cardId, values);
        await recordAudit(tx, scope, {
          action: "project.rate_card_updated",
          entityType: "project",
          entityId: projectId,
          before: { rateCardId: cardId, hourlyRate: before.hourlyRate, effectiveFrom: before.effectiveFrom },
          after: { rateCardId: cardId, ...values },
        });
        return (await getRateCard(tx, scope.orgId, projectId, cardId))!;
      }),

    removeRateCard: (scope: OrgScope, projectId: string, cardId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.budget.write");
        const before = await getRateCard(tx, scope.orgId, projectId, cardId);
        if (!before) throw new AppError("NOT_FOUND", { message: "No such rate card" });
        await deleteRateCard(tx, scope.orgId, projectId, cardId);
        await recordAudit(tx, scope, {
          action: "project.rate_card_deleted",
          entityType: "project",
          entityId: projectId,
          before: { rateCardId: cardId, ...rateOf(before) },
        });
      }),

    /**
     * Timesheet lines, newest week first. Those who read the budget see everyone's; team
     * members see only their own (asking for someone else's is refused).
     */
    listTimesheets: (
      scope: OrgScope,
      projectId: string,
      query: PaginationQuery & { userId?: string; from?: IsoDate; to?: IsoDate },
    ) =>
      inTenant(db, scope, async (tx) => {
        const access = await requireProjectAction(tx, scope, projectId, "projects.timesheets.write");
        let userId = query.userId;
        if (!can(access, "projects.budget.read")) {
          if (userId && userId !== scope.userId) assertCan(access, "projects.budget.read");
          userId = scope.userId ?? undefined;
        }
        return listTimesheetEntries(tx, {
          orgId: scope.orgId,
          projectId,
          userId,
          from: query.from,
          to: query.to,
          page: toPageRequest(query),
        });
      }),

    /**
     * Replaces a person's timesheet for one week. People log their own time; logging for
     * someone else takes budget permission. The lines record the person's billing role, so a
     * later change of role (or their leaving) does not reprice them; saving again does.
     */
    saveWeek: (
      scope: OrgScope,
      projectId: string,
      userId: string,
      weekStart: IsoDate,
      lines: { itemId: string | null; hours: number; note?: string }[],
    ) =>
      inTenant(db, scope, async (tx) => {
        const access = await requireProjectAction(tx, scope, projectId, "projects.timesheets.write");
        if (userId !== scope.userId) assertCan(access, "projects.budget.write");
        if (!isMonday(weekStart)) throw invalid("week_start", "must be a Monday");
        if (!(await assignableIds(tx, scope.orgId, projectId)).has(userId)) {
          throw invalid("user_id", "must be a member of the project");
        }
        const itemIds = lines.flatMap((line) => (line.itemId ? [line.itemId] : []));
        const distinctLines = new Set(lines.map((line) => line.itemId ?? "")).size;
        if (distinctLines !== lines.length)
          throw invalid("entries", "one line per item (and one without an item)");
        if ((await countLiveItems(tx, scope.orgId, projectId, itemIds)) !== itemIds.length) {
          throw invalid("entries", "every item must be a live item of this project");
        }
        const total = lines.reduce((sum, line) => sum + toHundredths(line.hours), 0);
        if (total > MAX_HOURS_PER_WEEK * 100) {
          throw invalid("entries", `a week holds at most ${MAX_HOURS_PER_WEEK} hours`);
        }
        const week = { orgId: scope.orgId, projectId, userId, weekStart };
        const before = await listWeekEntries(tx, week);
        const billingRole = (await getProjectMember(tx, scope.orgId, projectId, userId))?.billingRole ?? null;
        const values = lines.map((line) => ({
          itemId: line.itemId,
          hours: formatHundredths(toHundredths(line.hours)),
          note: line.note?.trim() ?? "",
          billingRole,
        }));
        await replaceWeekEntries(tx, week, values);
        await recordAudit(tx, scope, {
          action: "project.timesheet_saved",
          entityType: "project",
          entityId: projectId,
          before: {
            userId,
            weekStart,
            lines: before.map(({ itemId, hours, note }) => ({ itemId, hours, note })),
          },
          after: { userId, weekStart, lines: values },
        });
        return listWeekEntries(tx, week);
      }),
  };
}

export type BudgetService = ReturnType<typeof createBudgetService>;
