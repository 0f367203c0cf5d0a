import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatValue } from "./goal-ui";
import type { CheckIn, Cycle, KeyResultFields } from "./types";

const AXIS = { stroke: "#a8a29e", fontSize: 12, tickLine: false, axisLine: false } as const;
const GRID = { stroke: "#e7e5e4", strokeDasharray: "3 3", vertical: false } as const;
const TOOLTIP_STYLE = {
  contentStyle: {
    borderRadius: 8,
    border: "1px solid #e7e5e4",
    boxShadow: "0 10px 30px -10px rgb(41 37 36 / 0.25)",
    fontSize: 12,
  },
  labelStyle: { color: "#44403c", fontWeight: 600, marginBottom: 4 },
} as const;

const ACTUAL = "#0f766e";
const IDEAL = "#a8a29e";

const dayLabel = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const at = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00`).getTime();

const WEEK_MS = 7 * 86_400_000;

/**
 * Where a check-in sits on the time axis: when it was made, but no later than the end of the
 * week it reports on (back-filled weeks), and inside the cycle.
 */
function pointAt(checkIn: CheckIn, start: number, end: number): number {
  const weekEnd = at(checkIn.week_start) + WEEK_MS - 86_400_000;
  return Math.min(end, Math.max(start, Math.min(Date.parse(checkIn.created_at), weekEnd)));
}

/**
 * Check-ins over the cycle against the ideal line (a straight line from the start value on the
 * first day to the target on the last). The actual line starts at the start value too, so a
 * first check-in reads as a change from somewhere.
 */
export function CheckInChart({
  keyResult,
  cycle,
  checkIns,
}: {
  keyResult: KeyResultFields;
  cycle: Cycle;
  checkIns: CheckIn[];
}) {
  const start = at(cycle.start_date);
  const end = at(cycle.end_date);
  const ideal = [
    { at: start, ideal: keyResult.start_value },
    { at: end, ideal: keyResult.target_value },
  ];
  const actual = [
    { at: start, actual: keyResult.start_value },
    ...[...checkIns]
      .sort((a, b) => a.week_start.localeCompare(b.week_start))
      .map((checkIn) => ({ at: pointAt(checkIn, start, end), actual: checkIn.value })),
  ];
  const today = Date.now();
  const ticks = Array.from({ length: 7 }, (_, index) => start + ((end - start) * index) / 6);
  const format = (value: number) => formatValue(keyResult, value);

  return (
    <div className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis
            {...AXIS}
            dataKey="at"
            type="number"
            domain={[start, end]}
            ticks={ticks}
            tickFormatter={(value: number) => dayLabel.format(value)}
          />
          <YAxis
            {...AXIS}
            width={48}
            domain={[
              Math.min(keyResult.start_value, keyResult.target_value, ...checkIns.map((c) => c.value)),
              Math.max(keyResult.start_value, keyResult.target_value, ...checkIns.map((c) => c.value)),
            ]}
            tickFormatter={(value: number) =>
              keyResult.type === "boolean" ? (value >= 1 ? "Done" : "") : String(value)
            }
          />
          <Tooltip
            {...TOOLTIP_STYLE}
            labelFormatter={(value) => dayLabel.format(Number(value))}
            formatter={(value, name) => [
              format(Number(value)),
              name === "ideal" ? "Ideal pace" : "Checked in",
            ]}
          />
          <Legend
            iconType="plainline"
            wrapperStyle={{ fontSize: 12 }}
            formatter={(name) => (name === "ideal" ? "Ideal pace" : "Check-ins")}
          />
          <Line
            data={ideal}
            dataKey="ideal"
            stroke={IDEAL}
            strokeDasharray="5 4"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            data={actual}
            dataKey="actual"
            stroke={ACTUAL}
            strokeWidth={2}
            dot={{ r: 3, fill: ACTUAL }}
            activeDot={{ r: 5 }}
            isAnimationActive={false}
          />
          {today > start && today < end ? (
            <ReferenceLine
              x={today}
              stroke="#d6d3d1"
              label={{ value: "Today", position: "insideTopRight", fontSize: 11, fill: "#78716c" }}
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
