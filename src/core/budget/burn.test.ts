import { describe, expect, it } from "vitest";
import {
  burnSeries,
  costTimesheets,
  lastFullWeek,
  plannedCumulative,
  summarizeBudget,
  type WeeklyCost,
} from "./burn";
import type { RateCard } from "./rates";

// A 12-week engagement, 6 Jan – 30 Mar 2025 (weeks of 6 Jan … 24 Mar), budget 12,000.00.
const plan = { budget: 1_200_000, startDate: "2025-01-06", endDate: "2025-03-30" };

const cards: RateCard[] = [
  { id: "role", userId: null, roleName: "Consultant", hourlyRate: 10_000, effectiveFrom: null },
  { id: "role-feb", userId: null, roleName: "Consultant", hourlyRate: 12_000, effectiveFrom: "2025-02-03" },
  { id: "alice", userId: "alice", roleName: null, hourlyRate: 15_000, effectiveFrom: "2025-01-20" },
];
// Alice and Bob bill as consultants; Carol has no billing role.
const consultant = "Consultant";
const lines = [
  { userId: "alice", weekStart: "2025-01-06", hours: 1000, roleName: consultant }, // role rate 100 → 1,000.00
  { userId: "bob", weekStart: "2025-01-13", hours: 750, roleName: consultant }, // 7.5 h × 100 → 750.00
  { userId: "carol", weekStart: "2025-01-13", hours: 500, roleName: null }, // no rate
  { userId: "alice", weekStart: "2025-01-20", hours: 1000, roleName: consultant }, // own rate 150 → 1,500.00
  { userId: "bob", weekStart: "2025-01-27", hours: 800, roleName: consultant }, // 8 h × 100 → 800.00
  { userId: "bob", weekStart: "2025-02-03", hours: 725, roleName: consultant }, // 7.25 h × 120 → 870.00
  { userId: "bob", weekStart: "2025-02-10", hours: 33, roleName: consultant }, // 0.33 h × 120 → 39.60
];

const { weeks, unrated } = costTimesheets(lines, cards);

describe("costTimesheets", () => {
  it("prices each line at the rate of its person and week, summed per week", () => {
    expect(weeks).toEqual([
      { weekStart: "2025-01-06", cost: 100_000, hours: 1000 },
      { weekStart: "2025-01-13", cost: 75_000, hours: 750 },
      { weekStart: "2025-01-20", cost: 150_000, hours: 1000 },
      { weekStart: "2025-01-27", cost: 80_000, hours: 800 },
      { weekStart: "2025-02-03", cost: 87_000, hours: 725 },
      { weekStart: "2025-02-10", cost: 3_960, hours: 33 },
    ]);
  });

  it("sets aside hours no rate covers instead of pricing them at zero", () => {
    expect(unrated).toEqual([{ userId: "carol", weekStart: "2025-01-13", hours: 500 }]);
  });

  it("adds lines of the same week in any order", () => {
    const shuffled = costTimesheets([...lines].reverse(), cards);
    expect(shuffled.weeks).toEqual(weeks);
  });

  it("prices each line by its own billing role, whatever the person's other lines say", () => {
    const promoted = costTimesheets(
      [
        { userId: "bob", weekStart: "2025-01-13", hours: 100, roleName: consultant },
        { userId: "bob", weekStart: "2025-01-13", hours: 100, roleName: "Senior" },
      ],
      [...cards, { id: "senior", userId: null, roleName: "senior", hourlyRate: 20_000, effectiveFrom: null }],
    );
    expect(promoted.weeks).toEqual([{ weekStart: "2025-01-13", cost: 10_000 + 20_000, hours: 200 }]);
  });
});

describe("plannedCumulative", () => {
  it("spreads the budget evenly over the weeks, landing on the budget", () => {
    expect(plannedCumulative(plan, "2024-12-30")).toBe(0);
    expect(plannedCumulative(plan, "2025-01-06")).toBe(100_000);
    expect(plannedCumulative(plan, "2025-02-10")).toBe(600_000);
    expect(plannedCumulative(plan, "2025-03-24")).toBe(1_200_000);
    expect(plannedCumulative(plan, "2025-06-02")).toBe(1_200_000);
  });

  it("rounds each point to the cent", () => {
    const thirds = { budget: 100_000, startDate: "2025-01-06", endDate: "2025-01-26" };
    expect(["2025-01-06", "2025-01-13", "2025-01-20"].map((week) => plannedCumulative(thirds, week))).toEqual(
      [33_333, 66_667, 100_000],
    );
  });

  it("is null without a budget or dates, or with dates the wrong way round", () => {
    expect(plannedCumulative({ ...plan, budget: null }, "2025-01-06")).toBeNull();
    expect(plannedCumulative({ ...plan, endDate: null }, "2025-01-06")).toBeNull();
    expect(plannedCumulative({ ...plan, startDate: "2025-04-07" }, "2025-01-06")).toBeNull();
  });
});

describe("lastFullWeek", () => {
  it("is the week before, except on a Sunday, which ends its own week", () => {
    expect(lastFullWeek("2025-02-10")).toBe("2025-02-03");
    expect(lastFullWeek("2025-02-15")).toBe("2025-02-03");
    expect(lastFullWeek("2025-02-16")).toBe("2025-02-10");
  });
});

describe("summarizeBudget", () => {
  it("computes burn, rate, forecast and variances mid-project (as of Wed 12 Feb)", () => {
    expect(summarizeBudget(plan, weeks, "2025-02-12")).toEqual({
      budget: 1_200_000,
      // 1,000 + 750 + 1,500 + 800 + 870 + 39.60
      burnToDate: 495_960,
      remaining: 704_040,
      // 4,959.60 / 12,000 = 41.33 %
      percentSpent: 41.3,
      // The full weeks of 13 Jan … 3 Feb: (750 + 1,500 + 800 + 870) / 4 = 980.00
      weeklyBurnRate: 98_000,
      // 17 Feb, 24 Feb, 3 Mar, 10 Mar, 17 Mar, 24 Mar
      remainingWeeks: 6,
      // 4,959.60 + (980 − 39.60 still to come this week) + 6 × 980 = 11,780.00
      forecastAtCompletion: 1_178_000,
      varianceAtCompletion: 22_000,
      // 6 of 12 weeks
      plannedToDate: 600_000,
      varianceToDate: 104_040,
    });
  });

  it("averages over fewer weeks while the project is younger than the window", () => {
    // Sunday 19 Jan ends the week of 13 Jan: (1,000 + 750) / 2.
    expect(summarizeBudget(plan, weeks, "2025-01-19").weeklyBurnRate).toBe(87_500);
    // On Tuesday 14 Jan only the week of 6 Jan is over.
    expect(summarizeBudget(plan, weeks, "2025-01-14").weeklyBurnRate).toBe(100_000);
  });

  it("counts full weeks with nothing logged as zero", () => {
    // Weeks of 10 Feb … 3 Mar: only 39.60 was logged, over 4 weeks.
    expect(summarizeBudget(plan, weeks, "2025-03-09").weeklyBurnRate).toBe(990);
  });

  it("leaves the week under way out of the rate, so the forecast does not drop as a week begins", () => {
    // Sunday 9 Feb, Monday 10 Feb (39.60 logged so far) and Wednesday 12 Feb agree.
    const [sunday, monday, wednesday] = ["2025-02-09", "2025-02-10", "2025-02-12"].map((day) =>
      summarizeBudget(plan, weeks, day),
    );
    expect(sunday).toMatchObject({ weeklyBurnRate: 98_000, burnToDate: 492_000, remainingWeeks: 7 });
    expect(monday).toMatchObject({ weeklyBurnRate: 98_000, burnToDate: 495_960, remainingWeeks: 6 });
    // 4,920 + 7 × 980 = 11,780.00
    for (const summary of [sunday, monday, wednesday]) expect(summary?.forecastAtCompletion).toBe(1_178_000);
  });

  it("counts a week under way at what it already cost once that exceeds the rate", () => {
    const busy = [...weeks.slice(0, -1), { weekStart: "2025-02-10", cost: 150_000, hours: 1250 }];
    const summary = summarizeBudget(plan, busy, "2025-02-12");
    expect(summary.weeklyBurnRate).toBe(98_000);
    // 4,920 + 1,500 + 6 × 980
    expect(summary.forecastAtCompletion).toBe(492_000 + 150_000 + 6 * 98_000);
  });

  it("takes the week under way as the rate until a first week is over", () => {
    expect(summarizeBudget(plan, weeks, "2025-01-08")).toMatchObject({
      burnToDate: 100_000,
      weeklyBurnRate: 100_000,
      forecastAtCompletion: 100_000 + 11 * 100_000,
    });
  });

  it("uses the first timesheet when it predates the start date", () => {
    const early: WeeklyCost[] = [{ weekStart: "2024-12-30", cost: 40_000, hours: 400 }, ...weeks];
    // Full weeks of 30 Dec and 6 Jan: (400 + 1,000) / 2.
    expect(summarizeBudget(plan, early, "2025-01-13").weeklyBurnRate).toBe(70_000);
  });

  it("forecasts nothing more once the end date has passed", () => {
    const after = summarizeBudget(plan, weeks, "2025-04-20");
    expect(after.remainingWeeks).toBe(0);
    expect(after.forecastAtCompletion).toBe(495_960);
    expect(after.varianceAtCompletion).toBe(704_040);
    expect(after.plannedToDate).toBe(1_200_000);
  });

  it("has no burn before anything started", () => {
    const before = summarizeBudget(plan, weeks, "2024-12-20");
    expect(before).toMatchObject({
      burnToDate: 0,
      weeklyBurnRate: 0,
      remainingWeeks: 14,
      forecastAtCompletion: 0,
    });
    expect(before.plannedToDate).toBe(0);
  });

  it("leaves budget figures empty without a budget, and the forecast empty without an end date", () => {
    const noBudget = summarizeBudget({ ...plan, budget: null }, weeks, "2025-02-12");
    expect(noBudget).toMatchObject({
      budget: null,
      burnToDate: 495_960,
      remaining: null,
      percentSpent: null,
      forecastAtCompletion: 1_178_000,
      varianceAtCompletion: null,
      plannedToDate: null,
    });
    const noEnd = summarizeBudget({ ...plan, endDate: null }, weeks, "2025-02-12");
    expect(noEnd).toMatchObject({
      remainingWeeks: null,
      forecastAtCompletion: null,
      varianceAtCompletion: null,
    });
  });

  it("reports an overrun as a negative variance", () => {
    const tight = summarizeBudget({ ...plan, budget: 500_000 }, weeks, "2025-02-12");
    expect(tight.varianceAtCompletion).toBe(500_000 - 1_178_000);
    expect(tight.percentSpent).toBe(99.2);
  });

  it("rounds the average rate to the cent", () => {
    const odd = [{ weekStart: "2025-01-06", cost: 100_001, hours: 1 }];
    expect(summarizeBudget({ ...plan }, odd, "2025-02-02").weeklyBurnRate).toBe(25_000);
  });
});

describe("burnSeries", () => {
  // Three weeks, 3,000.00; two weeks logged, one line already logged for a later week.
  const short = { budget: 300_000, startDate: "2025-01-06", endDate: "2025-01-26" };
  const logged: WeeklyCost[] = [
    { weekStart: "2025-01-06", cost: 50_000, hours: 500 },
    { weekStart: "2025-01-13", cost: 150_000, hours: 1500 },
    { weekStart: "2025-02-03", cost: 10_000, hours: 100 },
  ];

  it("charts planned, actual to date and forecast cumulative spend per week", () => {
    // As of Sunday 19 Jan: rate (500 + 1,500) / 2 weeks = 1,000; one week left → forecast 3,000.
    expect(burnSeries(short, logged, "2025-01-19")).toEqual([
      { weekStart: "2025-01-06", planned: 100_000, actual: 50_000, forecast: null },
      { weekStart: "2025-01-13", planned: 200_000, actual: 200_000, forecast: 200_000 },
      { weekStart: "2025-01-20", planned: 300_000, actual: null, forecast: 300_000 },
      { weekStart: "2025-01-27", planned: 300_000, actual: null, forecast: 300_000 },
      { weekStart: "2025-02-03", planned: 300_000, actual: null, forecast: 300_000 },
    ]);
  });

  it("runs to the as-of week after the end, with the actual line only", () => {
    const points = burnSeries(short, logged.slice(0, 2), "2025-02-05");
    expect(points.map((point) => point.weekStart)).toEqual([
      "2025-01-06",
      "2025-01-13",
      "2025-01-20",
      "2025-01-27",
      "2025-02-03",
    ]);
    expect(points.at(-1)).toEqual({
      weekStart: "2025-02-03",
      planned: 300_000,
      actual: 200_000,
      forecast: 200_000,
    });
    expect(points[2]).toMatchObject({ actual: 200_000, forecast: null });
  });

  it("agrees with the summary at the as-of week and at completion", () => {
    const points = burnSeries(plan, weeks, "2025-02-12");
    const summary = summarizeBudget(plan, weeks, "2025-02-12");
    // The forecast starts where the week under way should end: at the rate, 39.60 of it logged.
    expect(points.find((point) => point.weekStart === "2025-02-10")).toMatchObject({
      actual: summary.burnToDate,
      planned: summary.plannedToDate,
      forecast: summary.burnToDate + summary.weeklyBurnRate - 3_960,
    });
    expect(points.at(-1)).toMatchObject({ weekStart: "2025-03-24", forecast: summary.forecastAtCompletion });
  });

  it("is empty with no dates and no timesheets, and has no forecast without an end date", () => {
    expect(burnSeries({ budget: 100, startDate: null, endDate: null }, [], "2025-01-01")).toEqual([]);
    const open = burnSeries(
      { budget: null, startDate: "2025-01-06", endDate: null },
      logged.slice(0, 1),
      "2025-01-08",
    );
    expect(open).toEqual([{ weekStart: "2025-01-06", planned: null, actual: 50_000, forecast: null }]);
  });

  it("never charts more than ten years", () => {
    const long = { budget: 1, startDate: "2000-01-03", endDate: "2099-12-28" };
    expect(burnSeries(long, [], "2000-01-03")).toHaveLength(520);
  });
});
