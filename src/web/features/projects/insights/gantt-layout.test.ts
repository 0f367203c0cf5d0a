import { describe, expect, it } from "vitest";
import {
  barOf,
  chartRange,
  dayNumber,
  type GanttItem,
  isoOfDay,
  layoutRows,
  scaleTicks,
} from "./gantt-layout";

const item = (overrides: Partial<GanttItem>): GanttItem => ({
  id: overrides.code ?? "x",
  code: "A-1",
  type: "action",
  title: "Something",
  indicator: "in_progress",
  start_date: null,
  finish_date: null,
  deadline: null,
  percent_complete: 0,
  assignee: null,
  ...overrides,
});

describe("the Gantt layout", () => {
  it("spans an item from its start to its finish, falling back on the dates it has", () => {
    const bar = barOf(item({ start_date: "2026-11-02", finish_date: "2026-11-06", deadline: "2026-11-10" }))!;
    expect([isoOfDay(bar.start), isoOfDay(bar.end), isoOfDay(bar.deadline!)]).toEqual([
      "2026-11-02",
      "2026-11-06",
      "2026-11-10",
    ]);
    const onlyDeadline = barOf(item({ deadline: "2026-12-01" }))!;
    expect(onlyDeadline.start).toBe(onlyDeadline.end);
    expect(barOf(item({}))).toBeNull();
  });

  it("puts a milestone on its finish date", () => {
    const bar = barOf(item({ type: "milestone", start_date: "2026-10-01", finish_date: "2026-11-01" }))!;
    expect(bar.milestone).toBe(true);
    expect(isoOfDay(bar.start)).toBe("2026-11-01");
  });

  it("groups by type in the log's order, earliest first, and hides collapsed groups' rows", () => {
    const items = [
      item({ code: "M-1", type: "milestone", finish_date: "2026-11-01" }),
      item({ code: "A-2", start_date: "2026-11-05", finish_date: "2026-11-09" }),
      item({ code: "A-1", start_date: "2026-11-01", finish_date: "2026-11-09" }),
      item({ code: "A-3" }),
    ];
    const rows = layoutRows(items, { groupByType: true, collapsed: new Set() });
    expect(rows.map((row) => (row.kind === "group" ? row.type : row.bar.item.code))).toEqual([
      "action",
      "A-1",
      "A-2",
      "milestone",
      "M-1",
    ]);
    const collapsed = layoutRows(items, { groupByType: true, collapsed: new Set(["action"]) });
    expect(
      collapsed.map((row) => (row.kind === "group" ? `${row.type}:${row.count}` : row.bar.item.code)),
    ).toEqual(["action:2", "milestone:1", "M-1"]);
  });

  it("covers every bar and today in whole months, with Mondays as minor ticks", () => {
    const bars = [barOf(item({ start_date: "2026-11-10", finish_date: "2027-01-20" }))!];
    const range = chartRange(bars, "2026-11-22");
    expect([isoOfDay(range.first), isoOfDay(range.last)]).toEqual(["2026-11-01", "2027-02-28"]);
    const { major, minor } = scaleTicks(range.first, range.last, "month");
    expect(major).toHaveLength(4);
    expect(isoOfDay(minor[0]!.day)).toBe("2026-11-02");
    expect(minor.every((tick) => new Date(`${isoOfDay(tick.day)}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(scaleTicks(range.first, range.last, "quarter").major.map((tick) => tick.label)).toEqual([
      "Q4 2026",
      "Q1 2027",
    ]);
    expect(dayNumber("1970-01-05") % 7).toBe(4);
  });
});
