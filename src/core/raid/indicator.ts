import { addDays, daysBetween, type IsoDate } from "../calendar";

/**
 * Status indicators, most urgent first. The order is the sort order of the indicator column
 * and of dashboard legends.
 */
export const INDICATORS = [
  "beyond_deadline",
  "late_finish",
  "late_start",
  "trending_late",
  "finishing_soon",
  "starting_soon",
  "in_progress",
  "not_started",
  "completed_recently",
  "completed",
] as const;
export type Indicator = (typeof INDICATORS)[number];

export const INDICATOR_LABELS: Record<Indicator, string> = {
  beyond_deadline: "Beyond deadline",
  late_finish: "Late finish",
  late_start: "Late start",
  trending_late: "Trending late",
  finishing_soon: "Finishing soon",
  starting_soon: "Starting soon",
  in_progress: "In progress",
  not_started: "Not started",
  completed_recently: "Completed recently",
  completed: "Completed",
};

/** "Soon" is within this many days from today, today included. */
export const SOON_DAYS = 14;
/** A completion this many days ago or fewer is "recent". */
export const RECENT_DAYS = 14;
/**
 * Trending late: progress trails the straight line from 0% at the start date to 100% at the
 * finish date by at least this many percentage points.
 */
export const TRENDING_LATE_SHORTFALL = 20;

export interface IndicatorInput {
  percentComplete: number;
  startDate: IsoDate | null;
  finishDate: IsoDate | null;
  deadline: IsoDate | null;
  /** When the item was finished; the finish date stands in when it is unknown. */
  completedOn: IsoDate | null;
}

/**
 * The status indicator of an item on `today`. The first rule that matches wins:
 *
 * 1. 100% complete: `completed_recently` when it was completed (or, failing that, planned to
 *    finish) no more than RECENT_DAYS ago or later; otherwise `completed`.
 * 2. `beyond_deadline`: the deadline is before today.
 * 3. `late_finish`: the finish date is before today.
 * 4. `late_start`: the start date is before today and nothing is done (0%).
 * 5. `trending_late`: started (start on or before today), with a finish after the start, and
 *    progress at least TRENDING_LATE_SHORTFALL points behind the linear plan
 *    (elapsed / duration × 100). Computed in whole numbers so boundaries are exact.
 * 6. `finishing_soon`: the finish date or the deadline is within SOON_DAYS (today included).
 * 7. `starting_soon`: 0% and the start date is within SOON_DAYS (today included).
 * 8. `in_progress`: some progress recorded.
 * 9. `not_started`: everything else (0%, no start date or a start beyond SOON_DAYS).
 *
 * Missing dates never match a rule that needs them. The SQL twin of this function lives in the
 * projects module's queries and is tested to agree with it.
 */
export function computeIndicator(item: IndicatorInput, today: IsoDate): Indicator {
  const { percentComplete, startDate, finishDate, deadline } = item;
  if (percentComplete >= 100) {
    const completed = item.completedOn ?? finishDate;
    return completed !== null && completed >= addDays(today, -RECENT_DAYS)
      ? "completed_recently"
      : "completed";
  }
  if (deadline !== null && deadline < today) return "beyond_deadline";
  if (finishDate !== null && finishDate < today) return "late_finish";
  if (startDate !== null && startDate < today && percentComplete === 0) return "late_start";
  if (startDate !== null && finishDate !== null && startDate <= today) {
    const duration = daysBetween(startDate, finishDate);
    const elapsed = daysBetween(startDate, today);
    if (duration > 0 && elapsed * 100 - percentComplete * duration >= TRENDING_LATE_SHORTFALL * duration) {
      return "trending_late";
    }
  }
  const soon = addDays(today, SOON_DAYS);
  const within = (date: IsoDate | null) => date !== null && date >= today && date <= soon;
  if (within(finishDate) || within(deadline)) return "finishing_soon";
  if (percentComplete === 0 && within(startDate)) return "starting_soon";
  if (percentComplete > 0) return "in_progress";
  return "not_started";
}

/** Indicators that mean "needs attention": what status reports and the offline assistant flag. */
export const ATTENTION_INDICATORS = [
  "beyond_deadline",
  "late_finish",
  "late_start",
  "trending_late",
] as const satisfies readonly Indicator[];
