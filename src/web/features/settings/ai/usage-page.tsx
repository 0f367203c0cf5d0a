import type { AiInteraction, AiTask, AiUsageAggregate } from "@shared/ai";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Badge } from "@web/components/ui/badge";
import { buttonVariants } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { EmptyState } from "@web/components/ui/empty-state";
import { Input, Label, Select } from "@web/components/ui/input";
import { Pagination } from "@web/components/ui/pagination";
import { Skeleton } from "@web/components/ui/skeleton";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { Tabs } from "@web/components/ui/tabs";
import { cn } from "@web/lib/cn";
import { formatDateTime, formatRelative } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { Activity, ChevronRight, FlaskConical, KeyRound, ScrollText } from "lucide-react";
import { Fragment, type ReactNode, useId, useMemo, useState } from "react";
import { InlineEmpty, LoadError, RequirePermission, SettingsHeader, TableSkeleton } from "../settings-ui";
import {
  type InteractionFilters,
  interactionsQuery,
  modelsQuery,
  providersQuery,
  type SeriesGrouping,
  type UsageRange,
  usageSeriesQuery,
  usageSummaryQuery,
} from "./ai-api";
import {
  formatCompact,
  formatCount,
  formatMs,
  formatPercent,
  formatUsd,
  OfflineBadge,
  SKIP_REASONS,
  Stat,
  TASKS,
  taskLabel,
} from "./ai-ui";
import {
  bucketsBetween,
  type Interval,
  LatencyChart,
  perBucket,
  ReliabilityChart,
  StackedBars,
  stackByKey,
} from "./usage-charts";

export function AiUsagePage() {
  return (
    <RequirePermission action="ai.usage.read" what="AI usage">
      <Usage />
    </RequirePermission>
  );
}

type Preset = "24h" | "7d" | "30d" | "90d" | "custom";

const PRESETS: { value: Preset; label: string; days: number }[] = [
  { value: "24h", label: "24 hours", days: 1 },
  { value: "7d", label: "7 days", days: 7 },
  { value: "30d", label: "30 days", days: 30 },
  { value: "90d", label: "90 days", days: 90 },
];

const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

function localDay(day: string, end: boolean): Date {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year!, month! - 1, date! + (end ? 1 : 0));
}

/** The range a preset means now: to the next full hour, so the query key is stable for a while. */
function rangeOf(
  preset: Preset,
  custom: { from: string; to: string },
): UsageRange & { fromDate: Date; toDate: Date } {
  let from: Date;
  let to: Date;
  if (preset === "custom") {
    from = localDay(custom.from, false);
    to = localDay(custom.to, true);
  } else {
    to = new Date();
    to.setMinutes(0, 0, 0);
    to.setHours(to.getHours() + 1);
    const days = PRESETS.find((entry) => entry.value === preset)!.days;
    from = new Date(to.getTime() - days * 86_400_000);
  }
  const interval: Interval = to.getTime() - from.getTime() <= 2 * 86_400_000 ? "hour" : "day";
  return { from: from.toISOString(), to: to.toISOString(), interval, fromDate: from, toDate: to };
}

function Usage() {
  const [preset, setPreset] = useState<Preset>("30d");
  const today = isoDay(new Date());
  const [custom, setCustom] = useState({ from: isoDay(new Date(Date.now() - 13 * 86_400_000)), to: today });
  const range = useMemo(() => rangeOf(preset, custom), [preset, custom]);
  const validCustom = preset !== "custom" || range.fromDate < range.toDate;

  return (
    <>
      <SettingsHeader
        title="Usage"
        description="What AI costs this organization, who and what uses it, and how fast and reliably the models answer."
      />
      <Card className="mb-6 flex flex-col gap-3 px-4 py-3 lg:flex-row lg:items-center lg:justify-between">
        <Tabs
          label="Period"
          value={preset}
          onChange={setPreset}
          items={[
            ...PRESETS.map(({ value, label }) => ({ value, label })),
            { value: "custom", label: "Custom" },
          ]}
        />
        <DateRange
          from={preset === "custom" ? custom.from : isoDay(range.fromDate)}
          to={preset === "custom" ? custom.to : isoDay(new Date(range.toDate.getTime() - 1))}
          max={today}
          onChange={(next) => {
            setCustom(next);
            setPreset("custom");
          }}
        />
      </Card>
      {validCustom ? (
        <Dashboard range={range} />
      ) : (
        <p className="text-danger-700 text-sm">The start of the range must be before its end.</p>
      )}
    </>
  );
}

function DateRange({
  from,
  to,
  max,
  onChange,
}: {
  from: string;
  to: string;
  max: string;
  onChange: (range: { from: string; to: string }) => void;
}) {
  const fromId = useId();
  const toId = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <Label htmlFor={fromId} className="sr-only">
        From
      </Label>
      <Input
        id={fromId}
        type="date"
        value={from}
        max={to}
        className="h-8 w-40"
        onChange={(event) => event.target.value && onChange({ from: event.target.value, to })}
      />
      <span className="text-ink-muted">to</span>
      <Label htmlFor={toId} className="sr-only">
        To
      </Label>
      <Input
        id={toId}
        type="date"
        value={to}
        min={from}
        max={max}
        className="h-8 w-40"
        onChange={(event) => event.target.value && onChange({ from, to: event.target.value })}
      />
    </div>
  );
}

function ChartCard({
  title,
  description,
  actions,
  children,
  className,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Card className={cn("p-5", className)}>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold text-[15px] text-ink">{title}</h3>
          {description ? <p className="mt-0.5 text-ink-muted text-xs">{description}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </Card>
  );
}

const GROUPINGS: { value: SeriesGrouping; label: string; noun: string }[] = [
  { value: "model", label: "Model", noun: "model" },
  { value: "user", label: "Person", noun: "person" },
  { value: "feature", label: "Feature", noun: "feature" },
];

/** Who a by-user key is: "" stands for calls no person made. */
const personLabel = (key: string, name: string | null | undefined) =>
  name ?? (key ? "A former member" : "Background jobs");

function Dashboard({ range }: { range: UsageRange & { fromDate: Date; toDate: Date } }) {
  const [grouping, setGrouping] = useState<SeriesGrouping>("model");
  const summary = useQuery({ ...usageSummaryQuery(range), placeholderData: keepPreviousData });
  const grouped = useQuery({ ...usageSeriesQuery(range, grouping), placeholderData: keepPreviousData });
  const overall = useQuery({ ...usageSeriesQuery(range, null), placeholderData: keepPreviousData });
  const models = useQuery(modelsQuery);
  const providers = useQuery(providersQuery);
  const [chosenMeasure, setMeasure] = useState<"cost" | "tokens" | null>(null);
  // Until someone picks, show cost when anything cost money, else tokens (offline calls are free).
  const measure = chosenMeasure ?? ((summary.data?.totals.cost_usd ?? 0) > 0 ? "cost" : "tokens");

  const buckets = useMemo(
    () => bucketsBetween(range.fromDate, range.toDate, range.interval),
    [range.fromDate, range.toDate, range.interval],
  );
  const labels = useMemo(() => {
    const map = new Map((models.data ?? []).map((model) => [model.ref, model.label]));
    return (ref: string) => map.get(ref) ?? ref;
  }, [models.data]);
  const seriesLabel = useMemo(() => {
    if (grouping === "model") return labels;
    if (grouping === "feature") return (key: string) => key;
    const names = new Map((summary.data?.by_user ?? []).map((row) => [row.key, row.user_name]));
    return (key: string) => personLabel(key, names.get(key));
  }, [grouping, labels, summary.data]);
  const stacked = useMemo(
    () =>
      stackByKey(
        grouped.data ?? [],
        buckets,
        measure === "cost" ? (point) => point.cost_usd : (point) => point.input_tokens + point.output_tokens,
        seriesLabel,
      ),
    [grouped.data, buckets, measure, seriesLabel],
  );
  const timeline = useMemo(() => perBucket(overall.data ?? [], buckets), [overall.data, buckets]);

  if (summary.isPending) return <DashboardSkeleton />;
  if (summary.isError) return <LoadError error={summary.error} onRetry={() => void summary.refetch()} />;

  const totals = summary.data.totals;
  if (totals.calls === 0) {
    const offlineOnly =
      providers.data !== undefined &&
      providers.data.credentials.length === 0 &&
      !providers.data.instance.some((provider) => provider.kind !== "offline" && provider.configured);
    return <NoCalls offlineOnly={offlineOnly} />;
  }

  return (
    <div className="space-y-6">
      <Card className="grid grid-cols-2 gap-6 p-5 sm:grid-cols-3 xl:grid-cols-6">
        <Stat label="Cost" value={formatUsd(totals.cost_usd)} hint={`${formatCount(totals.calls)} calls`} />
        <Stat
          label="Tokens"
          value={formatCompact(totals.input_tokens + totals.output_tokens)}
          hint={`${formatCompact(totals.input_tokens)} in · ${formatCompact(totals.output_tokens)} out`}
        />
        <Stat
          label="Latency p50"
          value={formatMs(totals.latency_p50_ms)}
          hint={`p95 ${formatMs(totals.latency_p95_ms)}`}
        />
        <Stat
          label="First token p50"
          value={formatMs(totals.ttft_p50_ms)}
          hint={totals.ttft_p95_ms === null ? "no streamed calls" : `p95 ${formatMs(totals.ttft_p95_ms)}`}
        />
        <Stat
          label="Errors"
          value={formatPercent(totals.error_rate)}
          hint={`${formatCount(totals.errors)} failed`}
          tone={totals.error_rate >= 0.05 ? "danger" : undefined}
        />
        <Stat
          label="Fallbacks"
          value={formatPercent(totals.fallback_rate)}
          hint={`${formatCount(totals.fallbacks)} by a later model`}
          tone={totals.fallback_rate >= 0.2 ? "warning" : undefined}
        />
      </Card>

      <ChartCard
        title={measure === "cost" ? "Cost over time" : "Tokens over time"}
        description={`Per ${range.interval === "hour" ? "hour" : "day"} (UTC), stacked by ${
          GROUPINGS.find((entry) => entry.value === grouping)!.noun
        }.`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Tabs
              label="Stack by"
              value={grouping}
              onChange={setGrouping}
              items={GROUPINGS.map(({ value, label }) => ({ value, label }))}
            />
            <Tabs
              label="Measure"
              value={measure}
              onChange={setMeasure}
              items={[
                { value: "cost", label: "Cost" },
                { value: "tokens", label: "Tokens" },
              ]}
            />
          </div>
        }
      >
        <StackedBars
          rows={stacked.rows}
          series={stacked.series}
          interval={range.interval}
          format={measure === "cost" ? formatUsd : formatCompact}
        />
      </ChartCard>

      <div className="grid gap-6 xl:grid-cols-2">
        <ChartCard title="Latency" description="Until the whole answer arrived; p50 and p95.">
          <LatencyChart rows={timeline} interval={range.interval} />
        </ChartCard>
        <ChartCard
          title="Errors and fallbacks"
          description="Share of calls that failed, or were answered by a later model."
        >
          <ReliabilityChart rows={timeline} interval={range.interval} />
        </ChartCard>
      </div>

      <div className="grid gap-6 xl:grid-cols-2">
        <Breakdown
          title="By person"
          rows={summary.data.by_user.map((row) => ({
            ...row,
            label: personLabel(row.key, row.user_name),
            sub: row.user_email ?? undefined,
          }))}
        />
        <Breakdown
          title="By feature"
          rows={summary.data.by_feature.map((row) => ({ ...row, label: row.key, mono: true }))}
        />
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <Breakdown
          title="By model"
          rows={summary.data.by_model.map((row) => ({
            ...row,
            label: labels(row.key),
            sub: row.key,
            offline: row.key.startsWith("offline:"),
          }))}
        />
        <Breakdown
          title="By task"
          rows={summary.data.by_task.map((row) => ({ ...row, label: taskLabel(row.key) }))}
        />
      </div>

      <InteractionLog range={range} />
    </div>
  );
}

function NoCalls({ offlineOnly }: { offlineOnly: boolean }) {
  const { can } = useSession();
  return (
    <EmptyState
      icon={Activity}
      title={offlineOnly ? "No AI calls yet" : "No AI calls in this period"}
      description={
        offlineOnly ? (
          <>
            Everything runs on the offline provider until you add a key. Cost, tokens, latency and reliability
            appear here as soon as someone uses an AI feature.
          </>
        ) : (
          "Pick a longer period, or try a prompt in the playground to see it here."
        )
      }
      action={
        <>
          {offlineOnly && can("ai.settings.write") ? (
            <Link to="/settings/ai/providers" className={buttonVariants({ variant: "outline" })}>
              <KeyRound aria-hidden="true" />
              Add a key
            </Link>
          ) : null}
          {can("ai.use") ? (
            <Link to="/settings/ai/playground" className={buttonVariants()}>
              <FlaskConical aria-hidden="true" />
              Open the playground
            </Link>
          ) : null}
        </>
      }
    />
  );
}

function DashboardSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only">Loading</span>
      <Card className="grid grid-cols-2 gap-6 p-5 sm:grid-cols-3 xl:grid-cols-6">
        {["cost", "tokens", "p50", "ttft", "errors", "fallbacks"].map((key) => (
          <div key={key} className="space-y-2">
            <Skeleton className="h-3 w-16" />
            <Skeleton className="h-7 w-24" />
          </div>
        ))}
      </Card>
      <Card className="p-5">
        <Skeleton className="mb-4 h-5 w-40" />
        <Skeleton className="h-60 w-full" />
      </Card>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card className="p-5">
          <Skeleton className="h-52 w-full" />
        </Card>
        <Card className="p-5">
          <Skeleton className="h-52 w-full" />
        </Card>
      </div>
    </div>
  );
}

interface BreakdownRow extends AiUsageAggregate {
  key: string;
  label: string;
  sub?: string;
  mono?: boolean;
  offline?: boolean;
}

function Breakdown({ title, rows }: { title: string; rows: BreakdownRow[] }) {
  const [showAll, setShowAll] = useState(false);
  const max = Math.max(...rows.map((row) => row.cost_usd), 0);
  const maxCalls = Math.max(...rows.map((row) => row.calls), 0);
  const visible = showAll ? rows : rows.slice(0, 6);
  return (
    <Card className="overflow-hidden">
      <div className="flex items-center justify-between px-5 pt-4 pb-3">
        <h3 className="font-semibold text-[15px] text-ink">{title}</h3>
        <span className="text-ink-muted text-xs">Cost · calls · p50</span>
      </div>
      {rows.length === 0 ? (
        <p className="px-5 pb-5 text-ink-muted text-sm">Nothing in this period.</p>
      ) : (
        <ul className="divide-y divide-border border-border border-t">
          {visible.map((row) => {
            const share = max > 0 ? row.cost_usd / max : maxCalls > 0 ? row.calls / maxCalls : 0;
            return (
              <li key={row.key} className="relative px-5 py-2.5">
                <div
                  aria-hidden="true"
                  className="absolute inset-y-1 left-0 rounded-r bg-accent-50"
                  style={{ width: `${Math.max(share * 100, 0.5)}%` }}
                />
                <div className="relative flex items-center gap-3 text-sm">
                  <div className="min-w-0 flex-1">
                    <p
                      className={cn("truncate text-ink", row.mono && "font-mono text-[13px]")}
                      title={row.label}
                    >
                      {row.label}
                    </p>
                    {row.sub || row.offline ? (
                      <p className="flex min-w-0 items-center gap-2 text-ink-muted text-xs">
                        {row.sub ? <span className="truncate">{row.sub}</span> : null}
                        {row.offline ? <OfflineBadge /> : null}
                      </p>
                    ) : null}
                  </div>
                  <span className="w-20 text-right font-medium text-ink tabular-nums">
                    {formatUsd(row.cost_usd)}
                  </span>
                  <span className="w-14 text-right text-ink-muted tabular-nums">
                    {formatCompact(row.calls)}
                  </span>
                  <span className="hidden w-16 text-right text-ink-muted tabular-nums sm:block">
                    {formatMs(row.latency_p50_ms)}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {rows.length > 6 ? (
        <button
          type="button"
          onClick={() => setShowAll((value) => !value)}
          className="w-full border-border border-t px-5 py-2 text-left font-medium text-accent-700 text-xs hover:bg-subtle"
        >
          {showAll ? "Show fewer" : `Show all ${rows.length}`}
        </button>
      ) : null}
    </Card>
  );
}

const STATUS_BADGES: Record<
  AiInteraction["status"],
  { label: string; variant: "success" | "danger" | "neutral" }
> = {
  success: { label: "OK", variant: "success" },
  error: { label: "Error", variant: "danger" },
  aborted: { label: "Aborted", variant: "neutral" },
};

function InteractionLog({ range }: { range: UsageRange }) {
  const [filters, setFilters] = useState<InteractionFilters>({});
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<string | null>(null);
  const log = useQuery({ ...interactionsQuery(range, filters, page), placeholderData: keepPreviousData });
  const rows = log.data?.data ?? [];
  const update = (patch: InteractionFilters) => {
    setFilters((current) => ({ ...current, ...patch }));
    setPage(1);
  };

  return (
    <Card className="overflow-hidden">
      <div className="space-y-3 border-border border-b px-5 py-4">
        <div>
          <h3 className="font-semibold text-[15px] text-ink">Interaction log</h3>
          <p className="text-ink-muted text-xs">
            Every call, newest first; open one for its attempts. Prompts and answers are kept in the
            transcripts, not here.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Select
            aria-label="Status"
            className="h-8 w-36"
            value={filters.status ?? ""}
            onChange={(event) =>
              update({ status: (event.target.value || undefined) as InteractionFilters["status"] })
            }
          >
            <option value="">Any status</option>
            <option value="success">OK</option>
            <option value="error">Errors</option>
            <option value="aborted">Aborted</option>
          </Select>
          <Select
            aria-label="Task"
            className="h-8 w-44"
            value={filters.task ?? ""}
            onChange={(event) => update({ task: (event.target.value || undefined) as AiTask | undefined })}
          >
            <option value="">Any task</option>
            {TASKS.map((entry) => (
              <option key={entry.task} value={entry.task}>
                {entry.label}
              </option>
            ))}
          </Select>
          <Input
            aria-label="Feature"
            placeholder="Feature, e.g. goals.coach"
            className="h-8 w-48"
            value={filters.feature ?? ""}
            onChange={(event) => update({ feature: event.target.value.trim() || undefined })}
          />
        </div>
      </div>
      {log.isPending ? (
        <TableSkeleton rows={5} columns={5} />
      ) : log.isError ? (
        <div className="p-5">
          <LoadError error={log.error} onRetry={() => void log.refetch()} />
        </div>
      ) : rows.length === 0 ? (
        <InlineEmpty
          icon={ScrollText}
          title="No calls match"
          description="Change the filters or the period."
        />
      ) : (
        <Table>
          <THead>
            <tr>
              <Th className="w-8">
                <span className="sr-only">Details</span>
              </Th>
              <Th className="w-28">When</Th>
              <Th>Call</Th>
              <Th className="text-right">Tokens</Th>
              <Th className="text-right">Cost</Th>
              <Th className="text-right">Latency</Th>
              <Th>Status</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((row) => (
              <Fragment key={row.id}>
                <Tr
                  className="cursor-pointer"
                  onClick={() => setExpanded((current) => (current === row.id ? null : row.id))}
                >
                  <Td>
                    <ChevronRight
                      className={cn(
                        "size-4 text-ink-faint transition-transform",
                        expanded === row.id && "rotate-90",
                      )}
                      aria-hidden="true"
                    />
                  </Td>
                  <Td className="whitespace-nowrap text-ink-muted">
                    <span title={formatDateTime(row.created_at)}>{formatRelative(row.created_at)}</span>
                  </Td>
                  <Td className="max-w-0">
                    <div className="flex min-w-0 items-center gap-2">
                      <code className="truncate font-mono text-[13px] text-ink">
                        {row.provider}:{row.model}
                      </code>
                      {row.offline ? <OfflineBadge /> : null}
                      {row.fallback_used ? <Badge variant="warning">Fallback</Badge> : null}
                      {row.cache_hit ? <Badge variant="accent">Cached</Badge> : null}
                    </div>
                    <p className="truncate text-ink-muted text-xs">
                      {taskLabel(row.task)} · <span className="font-mono">{row.feature}</span>
                      {row.user_name ? ` · ${row.user_name}` : ""}
                    </p>
                  </Td>
                  <Td className="whitespace-nowrap text-right text-ink-soft tabular-nums">
                    {formatCompact(row.input_tokens + row.output_tokens)}
                  </Td>
                  <Td className="whitespace-nowrap text-right text-ink-soft tabular-nums">
                    {formatUsd(row.cost_usd)}
                  </Td>
                  <Td className="whitespace-nowrap text-right text-ink-soft tabular-nums">
                    {formatMs(row.latency_ms)}
                  </Td>
                  <Td>
                    <Badge variant={STATUS_BADGES[row.status].variant}>
                      {STATUS_BADGES[row.status].label}
                    </Badge>
                  </Td>
                </Tr>
                {expanded === row.id ? (
                  <tr className="bg-subtle">
                    <td colSpan={7} className="px-5 py-4">
                      <InteractionDetails row={row} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </TBody>
        </Table>
      )}
      <Pagination meta={log.data?.meta} onPageChange={setPage} noun={["call", "calls"]} />
    </Card>
  );
}

/** Why an attempt ended as it did: the skip reason, the failure, the retries, or a cache hit. */
function attemptNote(attempt: Record<string, unknown>): string {
  if (attempt.outcome === "skipped")
    return SKIP_REASONS[String(attempt.reason)] ?? String(attempt.reason ?? "");
  const retries = Number(attempt.retries ?? 0);
  const retried = retries > 0 ? `after ${retries} ${retries === 1 ? "retry" : "retries"}` : "";
  if (attempt.outcome === "failed") {
    const status = attempt.statusCode ? `HTTP ${String(attempt.statusCode)}: ` : "";
    return [`${status}${String(attempt.message ?? attempt.kind ?? "")}`.slice(0, 160), retried]
      .filter(Boolean)
      .join(" · ");
  }
  return attempt.cached ? "from the cache" : retried;
}

function InteractionDetails({ row }: { row: AiInteraction }) {
  const attempts = Array.isArray(row.attempts) ? (row.attempts as Record<string, unknown>[]) : [];
  return (
    <div className="grid gap-4 text-sm md:grid-cols-2">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
        <dt className="text-ink-muted">Tokens</dt>
        <dd className="tabular-nums">
          {formatCount(row.input_tokens)} in · {formatCount(row.output_tokens)} out
        </dd>
        <dt className="text-ink-muted">First token</dt>
        <dd>{row.streamed ? formatMs(row.time_to_first_token_ms) : "not streamed"}</dd>
        <dt className="text-ink-muted">Session</dt>
        <dd className="truncate font-mono text-[13px]">{row.session_id ?? "—"}</dd>
        <dt className="text-ink-muted">Call id</dt>
        <dd className="truncate font-mono text-[13px]">{row.id}</dd>
        {row.error_message ? (
          <>
            <dt className="text-ink-muted">Error</dt>
            <dd className="text-danger-700">
              {row.error_code ? <code className="mr-1 font-mono text-[13px]">{row.error_code}</code> : null}
              {row.error_message}
            </dd>
          </>
        ) : null}
      </dl>
      <div>
        <p className="mb-1.5 text-ink-muted">Attempts</p>
        {attempts.length === 0 ? (
          <p className="text-ink-muted">—</p>
        ) : (
          <ol className="space-y-1">
            {attempts.map((attempt, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed log in which the same model can appear twice
              <li key={`${String(attempt.ref)}-${index}`} className="flex flex-wrap items-center gap-2">
                <span className="text-ink-faint tabular-nums">{index + 1}.</span>
                <code className="font-mono text-[13px]">{String(attempt.ref ?? "?")}</code>
                <Badge
                  variant={
                    attempt.outcome === "answered"
                      ? "success"
                      : attempt.outcome === "skipped"
                        ? "neutral"
                        : "danger"
                  }
                >
                  {String(attempt.outcome ?? "")}
                </Badge>
                <span className="text-ink-muted text-xs">{attemptNote(attempt)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
