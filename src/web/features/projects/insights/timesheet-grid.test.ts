import { describe, expect, it } from "vitest";
import type { TimesheetEntry } from "./insights-api";
import {
  emptyRow,
  entriesFromRows,
  formatDaySplit,
  hasInvalidDay,
  parseDaySplit,
  parseHours,
  rowsFromEntries,
  rowTotal,
} from "./timesheet-grid";

const entry = (hours: number, note: string, item: TimesheetEntry["item"] = null): TimesheetEntry => ({
  id: `e-${hours}-${note}`,
  user: { id: "u1", name: "Pat" },
  week_start: "2026-11-16",
  hours,
  item,
  note,
  updated_at: "2026-11-16T10:00:00Z",
});

const item = { id: "i1", code: "R-2", title: "Vendor delay" };

describe("the day split in a timesheet note", () => {
  it("round-trips hours per day, leaving out empty days", () => {
    const note = formatDaySplit([4, 3.5, 0, 0, 8, 0, 0.25]);
    expect(note).toBe("Mon 4h, Tue 3.5h, Fri 8h, Sun 0.25h");
    expect(parseDaySplit(note)).toEqual([4, 3.5, 0, 0, 8, 0, 0.25]);
  });

  it("does not read an ordinary note as a split", () => {
    expect(parseDaySplit("Workshop with the client")).toBeNull();
    expect(parseDaySplit("")).toBeNull();
    expect(parseDaySplit("Mon 4h, lunch")).toBeNull();
  });
});

describe("a week's grid", () => {
  it("always starts with the general line and spreads split lines over their days", () => {
    const rows = rowsFromEntries([entry(7.5, "Mon 4h, Tue 3.5h", item)]);
    expect(rows.map((row) => row.key)).toEqual(["general", "i1"]);
    expect(rows[1]!.days).toEqual(["4", "3.5", "", "", "", "", ""]);
    expect(rowTotal(rows[1]!)).toBe(7.5);
  });

  it("keeps a week total logged without a split, with its note, until days are typed", () => {
    const [general] = rowsFromEntries([entry(12, "Steering prep")]);
    expect(general!.weekTotal).toBe(12);
    expect(entriesFromRows([general!])).toEqual([{ item_id: null, hours: 12, note: "Steering prep" }]);
    const typed = { ...general!, days: ["2", "", "", "", "", "", ""] };
    expect(entriesFromRows([typed])).toEqual([{ item_id: null, hours: 2, note: "Mon 2h" }]);
  });

  it("does not trust a split that disagrees with the logged hours", () => {
    const [general] = rowsFromEntries([entry(10, "Mon 4h")]);
    expect(general!.weekTotal).toBe(10);
  });

  it("drops lines without hours, since saving replaces the week", () => {
    expect(entriesFromRows([emptyRow(null), emptyRow(item)])).toEqual([]);
  });

  it("adds days to two decimals", () => {
    const row = { ...emptyRow(item), days: ["0.1", "0.2", "", "", "", "", ""] };
    expect(entriesFromRows([row])).toEqual([{ item_id: "i1", hours: 0.3, note: "Mon 0.1h, Tue 0.2h" }]);
  });

  it("rejects what is not an amount of hours in a day", () => {
    expect(parseHours("")).toBe(0);
    expect(parseHours("7,5")).toBe(7.5);
    expect(parseHours("25")).toBeNaN();
    expect(parseHours("-1")).toBeNaN();
    expect(parseHours("1.234")).toBeNaN();
    expect(hasInvalidDay([{ ...emptyRow(null), days: ["x", "", "", "", "", "", ""] }])).toBe(true);
  });
});
