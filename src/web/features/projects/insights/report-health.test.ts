import { INDICATORS } from "@core/raid";
import { describe, expect, it } from "vitest";
import type { Item } from "../projects-api";
import { reportHealth } from "./report-health";

const counts = (overrides: Partial<Record<(typeof INDICATORS)[number], number>> = {}) => ({
  ...(Object.fromEntries(INDICATORS.map((indicator) => [indicator, 0])) as Record<
    (typeof INDICATORS)[number],
    number
  >),
  ...overrides,
});

const budget = (variance: number | null) => ({
  budget_total: 100_000,
  burn_to_date: 40_000,
  percent_spent: 40,
  weekly_burn_rate: 5_000,
  forecast_at_completion: variance === null ? null : 100_000 - variance,
  variance_at_completion: variance,
});

describe("the report's overall health", () => {
  it("is green when nothing is late and the budget holds", () => {
    expect(
      reportHealth({ by_indicator: counts({ in_progress: 3 }), budget: budget(5_000), top_risks: [] }),
    ).toEqual({
      rag: "green",
      reasons: [],
    });
  });

  it("is amber for late or slipping items, a small overrun or an open critical risk", () => {
    expect(reportHealth({ by_indicator: counts({ late_start: 1 }), budget: null, top_risks: [] }).rag).toBe(
      "amber",
    );
    expect(reportHealth({ by_indicator: counts(), budget: budget(-5_000), top_risks: [] })).toEqual({
      rag: "amber",
      reasons: ["Forecast over budget by 5%"],
    });
    const critical = { risk_level: "critical" } as Item;
    expect(reportHealth({ by_indicator: counts(), budget: null, top_risks: [critical] }).reasons).toEqual([
      "1 critical risk open",
    ]);
  });

  it("is red past a deadline or more than 10% over budget, the red reasons first", () => {
    const health = reportHealth({
      by_indicator: counts({ beyond_deadline: 2, trending_late: 1 }),
      budget: budget(-15_000),
      top_risks: [],
    });
    expect(health).toEqual({
      rag: "red",
      reasons: ["2 items past their deadline", "Forecast over budget by 15%", "1 item trending late"],
    });
  });
});
