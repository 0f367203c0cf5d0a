import { INDICATOR_LABELS, type Indicator, ITEM_TYPES, type ItemType } from "@core/raid";

// Pure layout of the Gantt: which rows, where each bar starts and ends, and the scale's ticks.
// Kept free of React so it can be tested and stays cheap for a few hundred items.

export const ZOOMS = {
  week: { label: "Weeks", dayWidth: 22 },
  month: { label: "Months", dayWidth: 5.5 },
  quarter: { label: "Quarters", dayWidth: 2 },
} as const;
export type Zoom = keyof typeof ZOOMS;

const DAY_MS = 86_400_000;

/** Days since the epoch for an ISO date, read as a UTC calendar day. */
export function dayNumber(iso: string): number {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year!, month! - 1, day!) / DAY_MS;
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface GanttItem {
  id: string;
  code: string;
  type: ItemType;
  title: string;
  indicator: Indicator;
  start_date: string | null;
  finish_date: string | null;
  deadline: string | null;
  percent_complete: number;
  assignee: { name: string } | null;
}

export interface GanttBar {
  item: GanttItem;
  /** First day covered (inclusive) and last day covered (inclusive), as day numbers. */
  start: number;
  end: number;
  deadline: number | null;
  milestone: boolean;
}

export type GanttRow =
  | { kind: "group"; type: ItemType; count: number; collapsed: boolean }
  | { kind: "item"; bar: GanttBar };

/** Where an item sits on the calendar; null when it has no date at all. */
export function barOf(item: GanttItem): GanttBar | null {
  const dates = [item.start_date, item.finish_date, item.deadline].filter((date): date is string =>
    Boolean(date),
  );
  if (dates.length === 0) return null;
  const milestone = item.type === "milestone";
  const deadline = item.deadline ? dayNumber(item.deadline) : null;
  if (milestone) {
    const at = dayNumber(item.finish_date ?? item.deadline ?? item.start_date ?? dates[0]!);
    return { item, start: at, end: at, deadline, milestone };
  }
  const start = dayNumber(item.start_date ?? item.finish_date ?? item.deadline!);
  const end = dayNumber(item.finish_date ?? item.deadline ?? item.start_date!);
  return { item, start: Math.min(start, end), end: Math.max(start, end), deadline, milestone };
}

const byStart = (a: GanttBar, b: GanttBar) =>
  a.start - b.start || a.end - b.end || a.item.code.localeCompare(b.item.code);

/** The rows, optionally grouped by type (in the log's type order) with collapsible headers. */
export function layoutRows(
  items: GanttItem[],
  options: { groupByType: boolean; collapsed: ReadonlySet<ItemType> },
): GanttRow[] {
  const bars = items.map(barOf).filter((bar): bar is GanttBar => bar !== null);
  if (!options.groupByType) return bars.sort(byStart).map((bar) => ({ kind: "item", bar }));
  const rows: GanttRow[] = [];
  for (const type of ITEM_TYPES) {
    const group = bars.filter((bar) => bar.item.type === type).sort(byStart);
    if (group.length === 0) continue;
    const collapsed = options.collapsed.has(type);
    rows.push({ kind: "group", type, count: group.length, collapsed });
    if (!collapsed) rows.push(...group.map((bar) => ({ kind: "item" as const, bar })));
  }
  return rows;
}

/** The days the chart spans: every bar and today, with a margin, snapped to whole months. */
export function chartRange(bars: GanttBar[], today: string): { first: number; last: number } {
  const todayDay = dayNumber(today);
  let first = todayDay;
  let last = todayDay;
  for (const bar of bars) {
    first = Math.min(first, bar.start, bar.deadline ?? bar.start);
    last = Math.max(last, bar.end, bar.deadline ?? bar.end);
  }
  const start = new Date((first - 7) * DAY_MS);
  const end = new Date((last + 14) * DAY_MS);
  return {
    first: Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1) / DAY_MS,
    last: Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0) / DAY_MS,
  };
}

export interface Tick {
  day: number;
  label: string;
}

const monthShort = new Intl.DateTimeFormat(undefined, { month: "short", timeZone: "UTC" });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const monthYear = new Intl.DateTimeFormat(undefined, { month: "short", year: "numeric", timeZone: "UTC" });

/** Major ticks (top row of the scale) and minor ticks (bottom row, with grid lines). */
export function scaleTicks(first: number, last: number, zoom: Zoom): { major: Tick[]; minor: Tick[] } {
  const months: Tick[] = [];
  const cursor = new Date(first * DAY_MS);
  while (cursor.getTime() / DAY_MS <= last) {
    months.push({ day: cursor.getTime() / DAY_MS, label: monthYear.format(cursor) });
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  if (zoom === "quarter") {
    const quarters = months
      .filter((month) => new Date(month.day * DAY_MS).getUTCMonth() % 3 === 0 || month === months[0])
      .map((month) => {
        const date = new Date(month.day * DAY_MS);
        return {
          day: month.day,
          label: `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`,
        };
      });
    return {
      major: quarters,
      minor: months.map((month) => ({
        day: month.day,
        label: monthShort.format(new Date(month.day * DAY_MS)),
      })),
    };
  }
  const mondays: Tick[] = [];
  // 1970-01-01 was a Thursday: day numbers ≡ 4 (mod 7) are Mondays.
  for (let day = first + ((4 - (first % 7) + 7) % 7); day <= last; day += 7) {
    const date = new Date(day * DAY_MS);
    mondays.push({ day, label: zoom === "week" ? dayMonth.format(date) : String(date.getUTCDate()) });
  }
  return { major: months, minor: mondays };
}

export function describeBar(bar: GanttBar): string {
  const format = (day: number) =>
    new Date(day * DAY_MS).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  const when =
    bar.milestone || bar.start === bar.end ? format(bar.start) : `${format(bar.start)} – ${format(bar.end)}`;
  const parts = [
    `${bar.item.code} ${bar.item.title}`,
    when,
    INDICATOR_LABELS[bar.item.indicator],
    bar.milestone ? null : `${bar.item.percent_complete}% complete`,
    bar.deadline !== null ? `deadline ${format(bar.deadline)}` : null,
    bar.item.assignee?.name ?? null,
  ];
  return parts.filter(Boolean).join(" · ");
}
