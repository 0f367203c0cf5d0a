import { addDays, daysBetween, type IsoDate, maxDate, minDate, mondayOf } from "../calendar";
import { costOf } from "./money";
import { type RateCard, resolveRate } from "./rates";

/**
 * One timesheet line: a person's hours (hundredths) in the week starting `weekStart` (a
 * Monday), and the billing role that prices them through role rate cards (null: none).
 */
export interface TimesheetLine {
  userId: string;
  weekStart: IsoDate;
  hours: number;
  roleName: string | null;
}

export interface WeeklyCost {
  weekStart: IsoDate;
  /** Cents. */
  cost: number;
  hours: number;
}

export interface UnratedHours {
  userId: string;
  weekStart: IsoDate;
  hours: number;
}

/**
 * Prices every timesheet line with the rate that applied to its person (or the line's billing
 * role) in its week and sums per week, oldest first. Lines with no applicable rate are
 * returned separately, uncosted.
 */
export function costTimesheets(
  lines: TimesheetLine[],
  cards: RateCard[],
): { weeks: WeeklyCost[]; unrated: UnratedHours[] } {
  const weeks = new Map<IsoDate, WeeklyCost>();
  const unrated: UnratedHours[] = [];
  for (const line of lines) {
    const rate = resolveRate(cards, { userId: line.userId, roleName: line.roleName }, line.weekStart);
    if (!rate) {
      unrated.push({ userId: line.userId, weekStart: line.weekStart, hours: line.hours });
      continue;
    }
    const week = weeks.get(line.weekStart) ?? { weekStart: line.weekStart, cost: 0, hours: 0 };
    week.cost += costOf(line.hours, rate.hourlyRate);
    week.hours += line.hours;
    weeks.set(line.weekStart, week);
  }
  return { weeks: [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart)), unrated };
}

export interface BudgetPlan {
  /** Cents; null when the project has no budget. */
  budget: number | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
}

export interface BudgetSummary {
  budget: number | null;
  /** Everything logged for weeks up to and including the as-of week. */
  burnToDate: number;
  /** budget − burn to date. */
  remaining: number | null;
  /** burn ÷ budget × 100, one decimal. */
  percentSpent: number | null;
  /** Average cost per week over the trailing window of full weeks (see `summarizeBudget`). */
  weeklyBurnRate: number;
  /** Weeks after the as-of week up to and including the end date's week. */
  remainingWeeks: number | null;
  /**
   * Estimate at completion: burn to date, plus what the as-of week still needs to reach the
   * burn rate while it is under way, plus burn rate × remaining weeks.
   */
  forecastAtCompletion: number | null;
  /** budget − forecast at completion: negative means a forecast overrun. */
  varianceAtCompletion: number | null;
  /** What the linear plan expected to be spent by the end of the as-of week. */
  plannedToDate: number | null;
  /** planned to date − burn to date: negative means spending ahead of plan. */
  varianceToDate: number | null;
}

export const DEFAULT_BURN_WINDOW_WEEKS = 4;

const weeksFrom = (from: IsoDate, to: IsoDate) => daysBetween(from, to) / 7;

/** The Monday of the last week that is over on `date`: its own week on a Sunday, else the one before. */
export function lastFullWeek(date: IsoDate): IsoDate {
  const week = mondayOf(date);
  return daysBetween(week, date) === 6 ? week : addDays(week, -7);
}

/**
 * Cumulative planned spend at the end of `week`: the budget spread evenly over the weeks from
 * the start date's week to the end date's week (both included), rounded to the cent per point
 * so the last week lands exactly on the budget. Null without a complete plan.
 */
export function plannedCumulative(plan: BudgetPlan, week: IsoDate): number | null {
  if (plan.budget === null || plan.startDate === null || plan.endDate === null) return null;
  const first = mondayOf(plan.startDate);
  const last = mondayOf(plan.endDate);
  if (last < first) return null;
  if (week < first) return 0;
  if (week >= last) return plan.budget;
  const totalWeeks = weeksFrom(first, last) + 1;
  return Math.round((plan.budget * (weeksFrom(first, week) + 1)) / totalWeeks);
}

/**
 * The burn rate and what the as-of week is expected to add still. The rate averages the
 * `windowWeeks` full weeks ending with the last one over on `asOf`, or fewer when the project
 * (its start date or first timesheet, whichever is earlier) is younger than that; a full week
 * with nothing logged counts as zero. The week under way never counts: on a Wednesday most of
 * its hours are not logged yet, and a zero there would drag the rate and the forecast down.
 * Until a first week is over, the week under way is all there is to go on.
 */
function burnRate(plan: BudgetPlan, weeks: WeeklyCost[], asOf: IsoDate, windowWeeks: number) {
  const asOfWeek = mondayOf(asOf);
  const firstWeeks = [plan.startDate && mondayOf(plan.startDate), weeks[0]?.weekStart].filter(
    (week): week is IsoDate => Boolean(week),
  );
  const firstWeek = firstWeeks.length > 0 ? firstWeeks.reduce(minDate) : null;
  if (firstWeek === null || firstWeek > asOfWeek) return { weeklyBurnRate: 0, restOfWeek: 0 };
  const asOfWeekCost = weeks.find((week) => week.weekStart === asOfWeek)?.cost ?? 0;
  const lastWeek = maxDate(lastFullWeek(asOf), firstWeek);
  const span = Math.min(windowWeeks, weeksFrom(firstWeek, lastWeek) + 1);
  const windowStart = addDays(lastWeek, -7 * (span - 1));
  const inWindow = weeks.filter((week) => week.weekStart >= windowStart && week.weekStart <= lastWeek);
  const weeklyBurnRate = Math.round(inWindow.reduce((sum, week) => sum + week.cost, 0) / span);
  const underWay = lastWeek < asOfWeek;
  return { weeklyBurnRate, restOfWeek: underWay ? Math.max(0, weeklyBurnRate - asOfWeekCost) : 0 };
}

/**
 * Budget figures as of a date: burn to date counts every hour logged up to the as-of week,
 * the burn rate only full weeks (see `burnRate`), and the forecast expects the week under way
 * to cost at least the rate.
 */
export function summarizeBudget(
  plan: BudgetPlan,
  weeks: WeeklyCost[],
  asOf: IsoDate,
  windowWeeks = DEFAULT_BURN_WINDOW_WEEKS,
): BudgetSummary {
  return burnFigures(plan, weeks, asOf, windowWeeks).summary;
}

function burnFigures(plan: BudgetPlan, weeks: WeeklyCost[], asOf: IsoDate, windowWeeks: number) {
  const asOfWeek = mondayOf(asOf);
  const burnToDate = weeks
    .filter((week) => week.weekStart <= asOfWeek)
    .reduce((sum, week) => sum + week.cost, 0);
  const { weeklyBurnRate, restOfWeek } = burnRate(plan, weeks, asOf, windowWeeks);
  const endWeek = plan.endDate === null ? null : mondayOf(plan.endDate);
  const remainingWeeks = endWeek === null ? null : Math.max(0, weeksFrom(asOfWeek, endWeek));
  // Once the end date's week is over there is no week under way to finish.
  const expectedThisWeek = endWeek !== null && asOfWeek <= endWeek ? burnToDate + restOfWeek : burnToDate;
  const forecastAtCompletion =
    remainingWeeks === null ? null : expectedThisWeek + weeklyBurnRate * remainingWeeks;
  const { budget } = plan;
  const plannedToDate = plannedCumulative(plan, asOfWeek);
  const summary: BudgetSummary = {
    budget,
    burnToDate,
    remaining: budget === null ? null : budget - burnToDate,
    percentSpent: budget === null || budget === 0 ? null : Math.round((burnToDate / budget) * 1000) / 10,
    weeklyBurnRate,
    remainingWeeks,
    forecastAtCompletion,
    varianceAtCompletion:
      budget === null || forecastAtCompletion === null ? null : budget - forecastAtCompletion,
    plannedToDate,
    varianceToDate: plannedToDate === null ? null : plannedToDate - burnToDate,
  };
  return { summary, expectedThisWeek };
}

export interface BurnPoint {
  weekStart: IsoDate;
  /** Cumulative cents; null without a plan. */
  planned: number | null;
  /** Cumulative cents logged; null for weeks after the as-of week. */
  actual: number | null;
  /** Cumulative forecast from the as-of week on; null before it or without an end date. */
  forecast: number | null;
}

/** Never chart more than ten years of weeks, whatever the dates say. */
export const MAX_BURN_WEEKS = 520;

/**
 * The burn chart: one point per week from the earliest of (start date, first timesheet) to the
 * latest of (end date, last timesheet, as-of week), planned vs actual cumulative spend, and the
 * forecast line from the end of the as-of week on at the summary's burn rate until the end date.
 */
export function burnSeries(
  plan: BudgetPlan,
  weeks: WeeklyCost[],
  asOf: IsoDate,
  windowWeeks = DEFAULT_BURN_WINDOW_WEEKS,
): BurnPoint[] {
  const asOfWeek = mondayOf(asOf);
  const bounds = [
    plan.startDate && mondayOf(plan.startDate),
    plan.endDate && mondayOf(plan.endDate),
    weeks[0]?.weekStart,
    weeks.at(-1)?.weekStart,
  ].filter((week): week is IsoDate => Boolean(week));
  if (bounds.length === 0) return [];
  const first = bounds.reduce(minDate);
  const last = [...bounds, asOfWeek].reduce(maxDate);
  const { summary, expectedThisWeek } = burnFigures(plan, weeks, asOf, windowWeeks);
  const endWeek = plan.endDate === null ? null : mondayOf(plan.endDate);
  const costs = new Map(weeks.map((week) => [week.weekStart, week.cost]));

  const points: BurnPoint[] = [];
  let actual = 0;
  for (let week = first; week <= last && points.length < MAX_BURN_WEEKS; week = addDays(week, 7)) {
    actual += costs.get(week) ?? 0;
    let forecast: number | null = null;
    if (endWeek !== null && week >= asOfWeek) {
      const forecastWeeks = Math.max(0, weeksFrom(asOfWeek, minDate(week, maxDate(endWeek, asOfWeek))));
      forecast = expectedThisWeek + summary.weeklyBurnRate * forecastWeeks;
    }
    points.push({
      weekStart: week,
      planned: plannedCumulative(plan, week),
      actual: week <= asOfWeek ? actual : null,
      forecast,
    });
  }
  return points;
}
