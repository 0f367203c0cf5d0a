import { addDays, daysBetween, type IsoDate, isIsoDate, mondayOf } from "../calendar";

/**
 * Planning cycles are runs of whole UTC calendar days, `startDate` to `endDate` inclusive.
 * Aime plans in 90-day cycles; a cycle's length is configurable, and calendar quarters are
 * offered as the natural default.
 */
export const DEFAULT_CYCLE_DAYS = 90;
export const MAX_CYCLE_DAYS = 366;

export interface CycleDates {
  startDate: IsoDate;
  endDate: IsoDate;
}

export type CyclePhase = "upcoming" | "active" | "ended";

/** A cycle of `lengthDays` days starting on `startDate`. */
export function cycleFrom(startDate: IsoDate, lengthDays = DEFAULT_CYCLE_DAYS): CycleDates {
  if (!Number.isInteger(lengthDays) || lengthDays < 1 || lengthDays > MAX_CYCLE_DAYS) {
    throw new RangeError(`a cycle lasts 1 to ${MAX_CYCLE_DAYS} days, not ${lengthDays}`);
  }
  return { startDate, endDate: addDays(startDate, lengthDays - 1) };
}

export function cycleLengthDays(cycle: CycleDates): number {
  return daysBetween(cycle.startDate, cycle.endDate) + 1;
}

/** Why a pair of dates cannot be a cycle, or null when it can. */
export function cycleDatesProblem(cycle: CycleDates): string | null {
  if (!isIsoDate(cycle.startDate) || !isIsoDate(cycle.endDate)) return "dates must be YYYY-MM-DD";
  const length = daysBetween(cycle.startDate, cycle.endDate) + 1;
  if (length < 1) return "the end date must not be before the start date";
  if (length > MAX_CYCLE_DAYS) return `a cycle lasts at most ${MAX_CYCLE_DAYS} days`;
  return null;
}

export interface Quarter extends CycleDates {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** "Q3 2026": the default name of a quarter's cycle. */
  name: string;
}

/** The calendar quarter containing `date` (Q1 = January to March). */
export function quarterOf(date: IsoDate): Quarter {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const year = Number(date.slice(0, 4));
  const quarter = (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter["quarter"];
  const firstMonth = String((quarter - 1) * 3 + 1).padStart(2, "0");
  const startDate = `${year}-${firstMonth}-01`;
  const nextStart =
    quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, "0")}-01`;
  return { year, quarter, name: `Q${quarter} ${year}`, startDate, endDate: addDays(nextStart, -1) };
}

export function cyclePhase(cycle: CycleDates, today: IsoDate): CyclePhase {
  if (today < cycle.startDate) return "upcoming";
  if (today > cycle.endDate) return "ended";
  return "active";
}

/**
 * The share of the cycle's days that have fully passed before `today`: 0 on the first day,
 * (length - 1) / length on the last, 1 once it has ended. Expected progress is judged against
 * it, so nobody is "behind" for the day that is still under way.
 */
export function cycleElapsedFraction(cycle: CycleDates, today: IsoDate): number {
  const length = cycleLengthDays(cycle);
  const passed = daysBetween(cycle.startDate, today);
  return Math.min(1, Math.max(0, passed / length));
}

/** Day number within the cycle (1 on the start date), clamped to the cycle. */
export function dayOfCycle(cycle: CycleDates, today: IsoDate): number {
  return Math.min(cycleLengthDays(cycle), Math.max(1, daysBetween(cycle.startDate, today) + 1));
}

/** Check-ins are weekly; a week is identified by its Monday (ISO week, UTC). */
export const weekStartOf = (date: IsoDate): IsoDate => mondayOf(date);

/**
 * The weeks a cycle can be checked in for, by their Mondays: from the week it starts in to the
 * week it ends in (a cycle starting on a Wednesday still has that week's check-in).
 */
export function checkInWeeks(cycle: CycleDates): { first: IsoDate; last: IsoDate } {
  return { first: weekStartOf(cycle.startDate), last: weekStartOf(cycle.endDate) };
}

export function isCheckInWeekOf(cycle: CycleDates, weekStart: IsoDate): boolean {
  const { first, last } = checkInWeeks(cycle);
  return weekStart >= first && weekStart <= last;
}
