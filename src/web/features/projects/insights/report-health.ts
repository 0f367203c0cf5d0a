import type { StatusReport } from "./insights-api";

export type Rag = "red" | "amber" | "green";

export interface Health {
  rag: Rag;
  /** Why, most serious first; empty when all is well. */
  reasons: string[];
}

/** A forecast overrun above this share of the budget turns the report red. */
export const SERIOUS_OVERRUN = 0.1;

const items = (count: number) => `${count} ${count === 1 ? "item" : "items"}`;

/**
 * The report's overall red / amber / green. Red: something is past its deadline, or the forecast
 * overruns the budget by more than 10%. Amber: anything late or slipping, any forecast overrun,
 * or a critical risk still open. Green otherwise.
 */
export function reportHealth(report: Pick<StatusReport, "by_indicator" | "budget" | "top_risks">): Health {
  const red: string[] = [];
  const amber: string[] = [];
  const { by_indicator: counts, budget } = report;
  if (counts.beyond_deadline > 0) red.push(`${items(counts.beyond_deadline)} past their deadline`);
  const late = counts.late_finish + counts.late_start;
  if (late > 0) amber.push(`${items(late)} late to start or finish`);
  if (counts.trending_late > 0) amber.push(`${items(counts.trending_late)} trending late`);
  if (budget?.variance_at_completion != null && budget.variance_at_completion < 0) {
    const overrun = -budget.variance_at_completion;
    const share = budget.budget_total ? overrun / budget.budget_total : null;
    const text = `Forecast over budget${share === null ? "" : ` by ${Math.round(share * 100)}%`}`;
    if (share !== null && share > SERIOUS_OVERRUN) red.push(text);
    else amber.push(text);
  }
  const critical = report.top_risks.filter((risk) => risk.risk_level === "critical").length;
  if (critical > 0) amber.push(`${critical} critical ${critical === 1 ? "risk" : "risks"} open`);
  return { rag: red.length > 0 ? "red" : amber.length > 0 ? "amber" : "green", reasons: [...red, ...amber] };
}
