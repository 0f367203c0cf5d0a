/**
 * Calendar dates as `YYYY-MM-DD` strings. Project dates have no time of day and no time zone,
 * so arithmetic happens on UTC midnights where a day is always 86,400,000 ms.
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in `YYYY-MM-DD` form (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Parsed dates, remembered: the goals tree converts the same few dates (cycle bounds, today,
 * check-in days) thousands of times per request. Bounded, and cleared rather than evicted.
 */
const epochDays = new Map<IsoDate, number>();
const EPOCH_DAYS_MAX = 4096;

function toEpochDay(date: IsoDate): number {
  const known = epochDays.get(date);
  if (known !== undefined) return known;
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
  if (epochDays.size >= EPOCH_DAYS_MAX) epochDays.clear();
  epochDays.set(date, day);
  return day;
}

function fromEpochDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** The UTC calendar date of an instant: what "today" means for indicators and burn. */
export function utcDate(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}

/** The Monday of the ISO week containing `date`. Timesheets are kept per such week. */
export function mondayOf(date: IsoDate): IsoDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

export function isMonday(date: IsoDate): boolean {
  return isIsoDate(date) && mondayOf(date) === date;
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);
