import type { AiUsagePoint } from "@shared/ai";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatMs, formatPercent, SERIES_COLORS } from "./ai-ui";

// The dashboard's charts (recharts). Buckets come from the server in UTC; every bucket of the
// range is drawn, empty ones as zero, so a quiet day reads as quiet rather than missing.

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

export type Interval = "hour" | "day";

/** Every bucket start between from and to, in UTC, as ISO strings (what the server returns). */
export function bucketsBetween(from: Date, to: Date, interval: Interval): string[] {
  const step = interval === "hour" ? 3_600_000 : 86_400_000;
  const start = new Date(from);
  if (interval === "hour") start.setUTCMinutes(0, 0, 0);
  else start.setUTCHours(0, 0, 0, 0);
  const buckets: string[] = [];
  for (let at = start.getTime(); at < to.getTime() && buckets.length < 2000; at += step) {
    buckets.push(new Date(at).toISOString());
  }
  return buckets;
}

const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const hourLabel = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const fullLabel = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export function bucketLabel(bucket: string, interval: Interval): string {
  const date = new Date(bucket);
  return interval === "hour" ? hourLabel.format(date) : dayLabel.format(date);
}

function tooltipLabel(interval: Interval) {
  return (bucket: unknown) =>
    typeof bucket === "string"
      ? interval === "hour"
        ? `${fullLabel.format(new Date(bucket))} UTC`
        : dayLabel.format(new Date(bucket))
      : "";
}

const MAX_SERIES = 6;

/** One row per bucket, one column per model (the biggest few; the rest as "Other"). */
export function stackByKey(
  points: AiUsagePoint[],
  buckets: string[],
  measure: (point: AiUsagePoint) => number,
  labelOf: (key: string) => string,
): { rows: Record<string, number | string>[]; series: { key: string; label: string }[] } {
  const totals = new Map<string, number>();
  for (const point of points) {
    const key = point.key ?? "";
    totals.set(key, (totals.get(key) ?? 0) + measure(point));
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
  const kept = new Set(ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES));
  const series = [...kept].map((key) => ({ key, label: labelOf(key) }));
  if (ranked.length > kept.size) series.push({ key: "__other", label: "Other" });
  const byBucket = new Map(buckets.map((bucket) => [bucket, { bucket } as Record<string, number | string>]));
  for (const point of points) {
    const row = byBucket.get(new Date(point.bucket).toISOString());
    if (!row) continue;
    const column = kept.has(point.key ?? "") ? (point.key ?? "") : "__other";
    row[column] = ((row[column] as number | undefined) ?? 0) + measure(point);
  }
  const rows = [...byBucket.values()].map((row) => {
    for (const { key } of series) row[key] ??= 0;
    return row;
  });
  return { rows, series };
}

export function StackedBars({
  rows,
  series,
  interval,
  format,
}: {
  rows: Record<string, number | string>[];
  series: { key: string; label: string }[];
  interval: Interval;
  format: (value: number) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} />
        <XAxis
          dataKey="bucket"
          {...AXIS}
          tickFormatter={(bucket: string) => bucketLabel(bucket, interval)}
          minTickGap={24}
        />
        <YAxis {...AXIS} width={64} tickFormatter={(value: number) => format(value)} />
        <Tooltip
          {...TOOLTIP_STYLE}
          cursor={{ fill: "#f5f5f4" }}
          labelFormatter={tooltipLabel(interval)}
          formatter={(value, name) => [format(Number(value)), name]}
        />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
        {series.map((entry, index) => (
          <Bar
            key={entry.key}
            dataKey={entry.key}
            name={entry.label}
            stackId="usage"
            fill={SERIES_COLORS[index % SERIES_COLORS.length]}
            maxBarSize={36}
            radius={index === series.length - 1 ? [3, 3, 0, 0] : 0}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Rows for the latency and reliability charts: one per bucket, zeros and gaps for empty ones. */
export function perBucket(points: AiUsagePoint[], buckets: string[]) {
  const byBucket = new Map(points.map((point) => [new Date(point.bucket).toISOString(), point]));
  return buckets.map((bucket) => {
    const point = byBucket.get(bucket);
    return {
      bucket,
      calls: point?.calls ?? 0,
      p50: point?.latency_p50_ms ?? null,
      p95: point?.latency_p95_ms ?? null,
      errorRate: point ? point.error_rate : null,
      fallbackRate: point ? point.fallback_rate : null,
    };
  });
}

/** Few buckets with calls: draw their points, or a lone one would not show at all. */
const sparse = (rows: ReturnType<typeof perBucket>) => rows.filter((row) => row.calls > 0).length < 12;

export function LatencyChart({ rows, interval }: { rows: ReturnType<typeof perBucket>; interval: Interval }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} />
        <XAxis
          dataKey="bucket"
          {...AXIS}
          tickFormatter={(bucket: string) => bucketLabel(bucket, interval)}
          minTickGap={24}
        />
        <YAxis {...AXIS} width={64} tickFormatter={(value: number) => formatMs(value)} />
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={tooltipLabel(interval)}
          formatter={(value, name) => [formatMs(value === null ? null : Number(value)), name]}
        />
        <Legend iconType="plainline" wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
        <Line
          type="monotone"
          dataKey="p50"
          name="p50"
          stroke={SERIES_COLORS[0]}
          strokeWidth={2}
          dot={sparse(rows) ? { r: 3 } : false}
          connectNulls
        />
        <Line
          type="monotone"
          dataKey="p95"
          name="p95"
          stroke={SERIES_COLORS[2]}
          strokeWidth={2}
          strokeDasharray="5 3"
          dot={sparse(rows) ? { r: 3 } : false}
          connectNulls
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function ReliabilityChart({
  rows,
  interval,
}: {
  rows: ReturnType<typeof perBucket>;
  interval: Interval;
}) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} />
        <XAxis
          dataKey="bucket"
          {...AXIS}
          tickFormatter={(bucket: string) => bucketLabel(bucket, interval)}
          minTickGap={24}
        />
        <YAxis
          {...AXIS}
          width={48}
          domain={[0, (max: number) => Math.max(0.05, Math.min(1, max * 1.2))]}
          tickFormatter={(value: number) => formatPercent(value)}
        />
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={tooltipLabel(interval)}
          formatter={(value, name) => [value === null ? "—" : formatPercent(Number(value)), name]}
        />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
        <Area
          type="monotone"
          dataKey="errorRate"
          name="Errors"
          stroke="#e11d48"
          fill="#e11d48"
          fillOpacity={0.12}
          strokeWidth={2}
          dot={sparse(rows) ? { r: 3 } : false}
          connectNulls
        />
        <Area
          type="monotone"
          dataKey="fallbackRate"
          name="Fallbacks"
          stroke="#d97706"
          fill="#d97706"
          fillOpacity={0.12}
          strokeWidth={2}
          dot={sparse(rows) ? { r: 3 } : false}
          connectNulls
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}
