import { describe, expect, it } from "vitest";
import { addDays } from "../calendar";
import { computeIndicator, INDICATORS, type IndicatorInput, RECENT_DAYS, SOON_DAYS } from "./indicator";

const TODAY = "2025-06-15";
const day = (offset: number) => addDays(TODAY, offset);

const item = (overrides: Partial<IndicatorInput>): IndicatorInput => ({
  percentComplete: 0,
  startDate: null,
  finishDate: null,
  deadline: null,
  completedOn: null,
  ...overrides,
});

const indicatorOf = (overrides: Partial<IndicatorInput>) => computeIndicator(item(overrides), TODAY);

describe("computeIndicator: completed items", () => {
  it.each([
    ["completed today", { completedOn: day(0) }, "completed_recently"],
    [
      `completed ${RECENT_DAYS} days ago (last recent day)`,
      { completedOn: day(-RECENT_DAYS) },
      "completed_recently",
    ],
    [`completed ${RECENT_DAYS + 1} days ago`, { completedOn: day(-RECENT_DAYS - 1) }, "completed"],
    ["no completion date, finish date 14 days ago", { finishDate: day(-14) }, "completed_recently"],
    ["no completion date, finish date 15 days ago", { finishDate: day(-15) }, "completed"],
    ["no completion date, finish date in the future", { finishDate: day(30) }, "completed_recently"],
    ["neither date", {}, "completed"],
    [
      "completion date wins over a recent finish date",
      { completedOn: day(-40), finishDate: day(-1) },
      "completed",
    ],
    ["finished although the deadline passed", { completedOn: day(-40), deadline: day(-50) }, "completed"],
  ] as const)("%s", (_case, dates, expected) => {
    expect(indicatorOf({ percentComplete: 100, ...dates })).toBe(expected);
  });
});

describe("computeIndicator: lateness", () => {
  it.each([
    ["deadline yesterday", { deadline: day(-1) }, "beyond_deadline"],
    ["deadline today is not yet missed", { deadline: day(0) }, "finishing_soon"],
    [
      "deadline beats a late finish",
      { deadline: day(-1), finishDate: day(-5), percentComplete: 50 },
      "beyond_deadline",
    ],
    ["finish yesterday", { finishDate: day(-1), percentComplete: 99 }, "late_finish"],
    ["finish today is not late", { finishDate: day(0), percentComplete: 99 }, "finishing_soon"],
    ["late finish beats late start", { startDate: day(-10), finishDate: day(-1) }, "late_finish"],
    ["start yesterday, nothing done", { startDate: day(-1) }, "late_start"],
    [
      "start yesterday, 1% done is not a late start",
      { startDate: day(-1), percentComplete: 1 },
      "in_progress",
    ],
    ["start today, nothing done", { startDate: day(0) }, "starting_soon"],
  ] as const)("%s", (_case, fields, expected) => {
    expect(indicatorOf(fields)).toBe(expected);
  });
});

describe("computeIndicator: trending late (20 points behind the linear plan)", () => {
  // 40-day task, 20 days in: the plan says 50%.
  const halfway = { startDate: day(-20), finishDate: day(20) };
  it.each([
    ["exactly 20 points behind", { ...halfway, percentComplete: 30 }, "trending_late"],
    ["19 points behind", { ...halfway, percentComplete: 31 }, "in_progress"],
    ["on plan", { ...halfway, percentComplete: 50 }, "in_progress"],
    ["ahead of plan", { ...halfway, percentComplete: 90 }, "in_progress"],
    // Finish today: the plan says 100%.
    ["due today at 80%", { startDate: day(-10), finishDate: day(0), percentComplete: 80 }, "trending_late"],
    ["due today at 81%", { startDate: day(-10), finishDate: day(0), percentComplete: 81 }, "finishing_soon"],
    ["starts today with nothing done", { startDate: day(0), finishDate: day(30) }, "starting_soon"],
    [
      "one day in, 3-day task, 13% (plan 33%)",
      { startDate: day(-1), finishDate: day(2), percentComplete: 13 },
      "trending_late",
    ],
    [
      "one day in, 3-day task, 14% (plan 33%)",
      { startDate: day(-1), finishDate: day(2), percentComplete: 14 },
      "finishing_soon",
    ],
    [
      "zero-length task today",
      { startDate: day(0), finishDate: day(0), percentComplete: 10 },
      "finishing_soon",
    ],
    [
      "not started yet although behind on paper",
      { startDate: day(3), finishDate: day(40), percentComplete: 1 },
      "in_progress",
    ],
    ["no finish date: no plan to trail", { startDate: day(-30), percentComplete: 5 }, "in_progress"],
    [
      "finish before start (bad data) never trends",
      { startDate: day(-5), finishDate: day(-6), percentComplete: 5 },
      "late_finish",
    ],
  ] as const)("%s", (_case, fields, expected) => {
    expect(indicatorOf(fields)).toBe(expected);
  });
});

describe("computeIndicator: upcoming and idle", () => {
  it.each([
    [`finish in ${SOON_DAYS} days`, { finishDate: day(SOON_DAYS), percentComplete: 10 }, "finishing_soon"],
    [
      `finish in ${SOON_DAYS + 1} days`,
      { finishDate: day(SOON_DAYS + 1), percentComplete: 10 },
      "in_progress",
    ],
    [`deadline in ${SOON_DAYS} days`, { deadline: day(SOON_DAYS) }, "finishing_soon"],
    [`deadline in ${SOON_DAYS + 1} days`, { deadline: day(SOON_DAYS + 1) }, "not_started"],
    ["finishing soon beats starting soon", { startDate: day(2), finishDate: day(5) }, "finishing_soon"],
    [`start in ${SOON_DAYS} days`, { startDate: day(SOON_DAYS) }, "starting_soon"],
    [`start in ${SOON_DAYS + 1} days`, { startDate: day(SOON_DAYS + 1) }, "not_started"],
    ["start soon but progress already recorded", { startDate: day(5), percentComplete: 10 }, "in_progress"],
    ["progress without dates", { percentComplete: 50 }, "in_progress"],
    ["nothing at all", {}, "not_started"],
  ] as const)("%s", (_case, fields, expected) => {
    expect(indicatorOf(fields)).toBe(expected);
  });
});

describe("computeIndicator: invariants over every combination of boundary dates", () => {
  const offsets = [null, -30, -15, -14, -1, 0, 1, 14, 15, 40];
  const percents = [0, 1, 30, 80, 99, 100];
  const cases: IndicatorInput[] = [];
  for (const start of offsets)
    for (const finish of offsets)
      for (const deadline of offsets)
        for (const completed of [null, -20, -3])
          for (const percentComplete of percents)
            cases.push({
              percentComplete,
              startDate: start === null ? null : day(start),
              finishDate: finish === null ? null : day(finish),
              deadline: deadline === null ? null : day(deadline),
              completedOn: completed === null ? null : day(completed),
            });

  /** The rules restated as properties; each returns a complaint or null. */
  const properties: ((input: IndicatorInput, indicator: string) => string | null)[] = [
    (input, indicator) =>
      indicator.startsWith("completed") === (input.percentComplete === 100)
        ? null
        : "completion is decided by progress alone",
    (input, indicator) =>
      input.percentComplete === 100 ||
      (indicator === "beyond_deadline") === (input.deadline !== null && input.deadline < TODAY)
        ? null
        : "a missed deadline always shows on an unfinished item, and only then",
    (input, indicator) => {
      const anyPast = [input.startDate, input.finishDate, input.deadline].some(
        (d) => d !== null && d < TODAY,
      );
      return anyPast || !["beyond_deadline", "late_finish", "late_start"].includes(indicator)
        ? null
        : "nothing is late while every date is today or later";
    },
    (input, indicator) =>
      ["late_start", "starting_soon", "not_started"].includes(indicator) && input.percentComplete !== 0
        ? "only an item with no progress can be not started, starting soon or late to start"
        : null,
  ];

  it(`holds for all ${cases.length} combinations`, () => {
    const violations: string[] = [];
    for (const input of cases) {
      const indicator = computeIndicator(input, TODAY);
      if (!(INDICATORS as readonly string[]).includes(indicator)) violations.push(`unknown ${indicator}`);
      for (const property of properties) {
        const complaint = property(input, indicator);
        if (complaint) violations.push(`${complaint}: ${indicator} for ${JSON.stringify(input)}`);
      }
    }
    expect(violations.slice(0, 5)).toEqual([]);
  });
});
