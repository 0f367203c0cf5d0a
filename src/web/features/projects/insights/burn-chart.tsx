import { mondayOf } from "@core/calendar";
import { LineChart } from "lucide-react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { BudgetReport } from "./insights-api";
import { formatMoney } from "./insights-ui";

const AXIS = { stroke: "#a8a29e", fontSize: 12, tickLine: false, axisLine: false } as const;
const ACTUAL = "#0f766e";
const PLANNED = "#78716c";
const FORECAST = "#d97706";
const BUDGET = "#e11d48";

const weekLabel = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const formatWeek = (week: string) => weekLabel.format(new Date(`${week}T00:00:00Z`));

/**
 * Cumulative spend by week: the plan (the budget spread evenly over the project's weeks), what
 * was actually burned up to this week, and the forecast from here at the current burn rate.
 */
export function BurnChart({ report }: { report: BudgetReport }) {
  const currency = report.currency;
  const thisWeek = mondayOf(report.as_of);
  const money = (value: number) => formatMoney(value, currency, { compact: true });
  const hasForecast = report.burn_series.some((point) => point.forecast !== null);
  const hasPlan = report.burn_series.some((point) => point.planned !== null);
  const hasActual = report.burn_series.some((point) => (point.actual ?? 0) > 0);
  if (!hasPlan && !hasActual) {
    return (
      <div
        data-testid="burn-chart"
        data-actual-burn={0}
        className="flex h-[300px] flex-col items-center justify-center gap-2 rounded-lg border border-border border-dashed bg-subtle px-6 text-center"
      >
        <LineChart className="size-6 text-ink-faint" aria-hidden="true" />
        <p className="font-medium text-ink text-sm">No burn to chart yet</p>
        <p className="max-w-md text-ink-muted text-sm">
          Log hours in the timesheet and give people a rate, and the spend adds up here week by week.
        </p>
      </div>
    );
  }
  return (
    <div
      data-testid="burn-chart"
      role="img"
      aria-label={`Burn chart: ${formatMoney(report.burn_to_date, currency)} burned to date${
        report.budget_total === null ? "" : ` of a ${formatMoney(report.budget_total, currency)} budget`
      }${report.forecast_at_completion === null ? "" : `, forecast ${formatMoney(report.forecast_at_completion, currency)} at completion`}.`}
      data-actual-burn={report.burn_to_date}
    >
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={report.burn_series} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="burn-actual" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={ACTUAL} stopOpacity={0.25} />
              <stop offset="100%" stopColor={ACTUAL} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid stroke="#e7e5e4" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week_start" {...AXIS} tickFormatter={formatWeek} minTickGap={28} />
          <YAxis {...AXIS} width={72} tickFormatter={money} />
          <Tooltip
            contentStyle={{
              borderRadius: 8,
              border: "1px solid #e7e5e4",
              boxShadow: "0 10px 30px -10px rgb(41 37 36 / 0.25)",
              fontSize: 12,
            }}
            labelStyle={{ color: "#44403c", fontWeight: 600, marginBottom: 4 }}
            labelFormatter={(week) => (typeof week === "string" ? `Week of ${formatWeek(week)}` : "")}
            formatter={(value, name) => [value === null ? "—" : formatMoney(Number(value), currency), name]}
          />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
          {report.budget_total !== null ? (
            <ReferenceLine
              y={report.budget_total}
              stroke={BUDGET}
              strokeDasharray="6 4"
              label={{ value: "Budget", position: "insideTopLeft", fill: BUDGET, fontSize: 11 }}
            />
          ) : null}
          <ReferenceLine
            x={thisWeek}
            stroke="#a8a29e"
            label={{ value: "This week", position: "insideTopRight", fill: "#78716c", fontSize: 11 }}
          />
          {hasPlan ? (
            <Line
              type="linear"
              dataKey="planned"
              name="Planned"
              stroke={PLANNED}
              strokeWidth={1.75}
              strokeDasharray="5 4"
              dot={false}
              connectNulls
            />
          ) : null}
          <Area
            type="linear"
            dataKey="actual"
            name="Actual"
            stroke={ACTUAL}
            strokeWidth={2.25}
            fill="url(#burn-actual)"
            dot={report.burn_series.length < 16 ? { r: 2.5, fill: ACTUAL } : false}
            connectNulls={false}
          />
          {hasForecast ? (
            <Line
              type="linear"
              dataKey="forecast"
              name="Forecast"
              stroke={FORECAST}
              strokeWidth={2}
              strokeDasharray="2 3"
              dot={false}
              connectNulls
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
