import type { TimesheetEntry, TimesheetLineInput } from "./insights-api";

// The timesheet grid is by day; the API stores one line per item per week. The day split rides
// in the line's note ("Mon 4h, Tue 3.5h"), readable wherever notes are shown and read back here.

export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;
const SHORT_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const MAX_HOURS_PER_DAY = 24;

export interface GridRow {
  /** Stable React key: the item id, or "general" for time not tied to an item. */
  key: string;
  item: { id: string; code: string; title: string } | null;
  /** What the person typed, per day (Monday first); "" is nothing. */
  days: string[];
  /**
   * Hours logged for the week as a whole (through the API or an import), with no day split.
   * Kept as is unless someone types days for the row.
   */
  weekTotal: number | null;
  /** A note that is not a day split, kept when the row is saved untouched. */
  note: string;
}

const SPLIT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d+(?:\.\d{1,2})?)h$/;

/** "Mon 4h, Tue 3.5h" for hours per day; days without hours are left out. */
export function formatDaySplit(hours: number[]): string {
  return hours
    .map((value, index) => (value > 0 ? `${SHORT_DAYS[index]} ${Number(value.toFixed(2))}h` : null))
    .filter(Boolean)
    .join(", ");
}

/** The hours per day a note describes, or null when the note is not a day split. */
export function parseDaySplit(note: string): number[] | null {
  const parts = note.split(",").map((part) => part.trim());
  if (parts.length === 0 || parts[0] === "") return null;
  const hours = [0, 0, 0, 0, 0, 0, 0];
  for (const part of parts) {
    const match = SPLIT.exec(part);
    if (!match) return null;
    hours[SHORT_DAYS.indexOf(match[1] as (typeof SHORT_DAYS)[number])] = Number(match[2]);
  }
  return hours;
}

const asInput = (value: number) => (value > 0 ? String(value) : "");

export const emptyRow = (item: GridRow["item"]): GridRow => ({
  key: item?.id ?? "general",
  item,
  days: ["", "", "", "", "", "", ""],
  weekTotal: null,
  note: "",
});

/** The grid for a saved week: the general row first, then one row per item line. */
export function rowsFromEntries(entries: TimesheetEntry[]): GridRow[] {
  const rows = entries.map((entry): GridRow => {
    const split = parseDaySplit(entry.note);
    const fits = split && Math.abs(split.reduce((sum, value) => sum + value, 0) - entry.hours) < 0.005;
    return {
      key: entry.item?.id ?? "general",
      item: entry.item,
      days: fits ? split.map(asInput) : ["", "", "", "", "", "", ""],
      weekTotal: fits ? null : entry.hours,
      note: fits ? "" : entry.note,
    };
  });
  const general = rows.find((row) => row.item === null) ?? emptyRow(null);
  return [
    general,
    ...rows
      .filter((row) => row.item !== null)
      .sort((a, b) => a.item!.code.localeCompare(b.item!.code, undefined, { numeric: true })),
  ];
}

/** A day's input as hours: 0 for blank, NaN when it is not a valid amount. */
export function parseHours(input: string): number {
  const trimmed = input.trim().replace(",", ".");
  if (trimmed === "") return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return Number.NaN;
  const value = Number(trimmed);
  return value <= MAX_HOURS_PER_DAY ? value : Number.NaN;
}

export const dayHours = (row: GridRow) => row.days.map(parseHours);
const typedAny = (row: GridRow) => row.days.some((day) => day.trim() !== "");

export function rowTotal(row: GridRow): number {
  if (!typedAny(row)) return row.weekTotal ?? 0;
  return dayHours(row).reduce((sum, value) => sum + (Number.isNaN(value) ? 0 : value), 0);
}

export const hasInvalidDay = (rows: GridRow[]) => rows.some((row) => dayHours(row).some(Number.isNaN));

/** The week as the API takes it: rows without hours are dropped (saving replaces the week). */
export function entriesFromRows(rows: GridRow[]): TimesheetLineInput[] {
  return rows.flatMap((row): TimesheetLineInput[] => {
    const itemId = row.item?.id ?? null;
    if (!typedAny(row)) {
      return row.weekTotal ? [{ item_id: itemId, hours: row.weekTotal, note: row.note || undefined }] : [];
    }
    const hours = dayHours(row);
    const total = Math.round(hours.reduce((sum, value) => sum + value, 0) * 100) / 100;
    return total > 0 ? [{ item_id: itemId, hours: total, note: formatDaySplit(hours) }] : [];
  });
}
