import { ATTENTION_INDICATORS, INDICATOR_LABELS, INDICATORS, type Indicator, ITEM_TYPES } from "@core/raid";
import { EmptyState } from "@web/components/ui/empty-state";
import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { CalendarClock, CircleAlert, LayoutDashboard } from "lucide-react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatIsoDate, IndicatorBadge, ItemCode, TYPE_ICONS, TYPE_PLURALS } from "../project-ui";
import { type Item, type ProjectDashboard, useProjectDashboard } from "../projects-api";
import { INDICATOR_COLOURS, TYPE_COLOURS } from "./indicator-colours";
import { useItemSlice } from "./insights-api";
import { AppLink, EmptyLogActions, itemHref, itemsHref, LoadError, Panel, useProjectId } from "./insights-ui";
import { RiskHeatMap } from "./risk-heat-map";

const AXIS = { stroke: "#a8a29e", fontSize: 12, tickLine: false, axisLine: false } as const;
const TOOLTIP_STYLE = {
  contentStyle: {
    borderRadius: 8,
    border: "1px solid #e7e5e4",
    boxShadow: "0 10px 30px -10px rgb(41 37 36 / 0.25)",
    fontSize: 12,
  },
  labelStyle: { color: "#44403c", fontWeight: 600, marginBottom: 4 },
} as const;

const UPCOMING_INDICATORS: Indicator[] = ["finishing_soon", "starting_soon"];

/** Counts by indicator, type and person, the risk heat map, and what is late or coming up. */
export function DashboardPage() {
  const projectId = useProjectId();
  const dashboard = useProjectDashboard(projectId);

  if (dashboard.isPending) return <DashboardSkeleton />;
  if (dashboard.isError) {
    return (
      <LoadError error={dashboard.error} what="the dashboard" onRetry={() => void dashboard.refetch()} />
    );
  }
  const data = dashboard.data;
  if (data.total === 0) {
    return (
      <EmptyState
        icon={LayoutDashboard}
        title="Nothing to chart yet"
        description="Add risks, actions, issues, decisions, deliverables or milestones, or import a RAID log, and the dashboard fills in: what is late, what is coming up, who carries what, and where the risks sit."
        action={<EmptyLogActions projectId={projectId} />}
      />
    );
  }

  return (
    <div className="space-y-6">
      <IndicatorTiles projectId={projectId} data={data} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <Panel
          title="Risk heat map"
          description="Open risks by probability and impact."
          className="lg:row-span-2"
        >
          <RiskHeatMap projectId={projectId} heatMap={data.heat_map} />
        </Panel>
        <Panel title="By type" description={`${data.total} items in the log.`}>
          <TypeBars projectId={projectId} byType={data.by_type} total={data.total} />
        </Panel>
        <Panel title="By assignee" description="Each person's items, coloured by indicator.">
          <AssigneeChart byAssignee={data.by_assignee} />
        </Panel>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ItemListPanel
          projectId={projectId}
          slice="late"
          title="Late and slipping"
          description="Past a date, or behind the straight line to their finish."
          indicators={[...ATTENTION_INDICATORS]}
          icon={CircleAlert}
          emptyText="Nothing is late. Well done."
        />
        <ItemListPanel
          projectId={projectId}
          slice="upcoming"
          title="Coming up"
          description="Starting or finishing in the next 14 days."
          indicators={UPCOMING_INDICATORS}
          icon={CalendarClock}
          emptyText="Nothing starts or finishes in the next two weeks."
        />
      </div>
    </div>
  );
}

function IndicatorTiles({ projectId, data }: { projectId: string; data: ProjectDashboard }) {
  return (
    <section aria-labelledby="indicator-tiles-heading">
      <h2 id="indicator-tiles-heading" className="sr-only">
        Items by status indicator
      </h2>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {INDICATORS.map((indicator) => {
          const count = data.by_indicator[indicator];
          return (
            <li key={indicator}>
              <AppLink
                href={itemsHref(projectId, { indicator })}
                className={cn(
                  "group relative flex h-full flex-col overflow-hidden rounded-xl border border-border bg-surface py-3 pr-3 pl-4 shadow-card outline-none transition",
                  "hover:border-border-strong hover:shadow-popover focus-visible:ring-2 focus-visible:ring-accent-600",
                  count === 0 && "opacity-70",
                )}
                aria-label={`${INDICATOR_LABELS[indicator]}: ${count} ${count === 1 ? "item" : "items"}. Show them.`}
              >
                <span
                  aria-hidden="true"
                  className="absolute inset-y-0 left-0 w-1"
                  style={{ background: INDICATOR_COLOURS[indicator] }}
                />
                <span className="font-semibold text-2xl text-ink tabular-nums tracking-tight">{count}</span>
                <span className="mt-0.5 flex items-center gap-1.5 text-ink-muted text-xs">
                  <span
                    aria-hidden="true"
                    className="size-2 shrink-0 rounded-full"
                    style={{ background: INDICATOR_COLOURS[indicator] }}
                  />
                  <span className="truncate group-hover:text-ink">{INDICATOR_LABELS[indicator]}</span>
                </span>
              </AppLink>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function TypeBars({
  projectId,
  byType,
  total,
}: {
  projectId: string;
  byType: ProjectDashboard["by_type"];
  total: number;
}) {
  const max = Math.max(1, ...ITEM_TYPES.map((type) => byType[type]));
  return (
    <ul className="space-y-2">
      {ITEM_TYPES.map((type) => {
        const Icon = TYPE_ICONS[type];
        const count = byType[type];
        return (
          <li key={type}>
            <AppLink
              href={itemsHref(projectId, { type })}
              className="group grid grid-cols-[8.5rem_minmax(0,1fr)_2.5rem] items-center gap-3 rounded-md px-1 py-0.5 outline-none hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent-600"
              aria-label={`${TYPE_PLURALS[type]}: ${count} of ${total}`}
            >
              <span className="flex items-center gap-2 text-ink-soft text-sm group-hover:text-ink">
                <Icon className="size-3.5 text-ink-muted" aria-hidden="true" />
                {TYPE_PLURALS[type]}
              </span>
              <span className="h-2.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
                <span
                  className="block h-full rounded-full"
                  style={{ width: `${(count / max) * 100}%`, background: TYPE_COLOURS[type] }}
                />
              </span>
              <span className="text-right text-ink text-sm tabular-nums">{count}</span>
            </AppLink>
          </li>
        );
      })}
    </ul>
  );
}

function AssigneeChart({ byAssignee }: { byAssignee: ProjectDashboard["by_assignee"] }) {
  const rows = byAssignee.map((entry) => ({
    name: entry.name ?? "Unassigned",
    total: entry.total,
    ...entry.by_indicator,
  }));
  const used = INDICATORS.filter((indicator) => rows.some((row) => row[indicator] > 0));
  if (rows.length === 0) return <p className="text-ink-muted text-sm">Nobody has items yet.</p>;
  return (
    <div role="img" aria-label={rows.map((row) => `${row.name}: ${row.total}`).join(", ")}>
      <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 36 + 70)}>
        <BarChart
          data={rows}
          layout="vertical"
          margin={{ top: 0, right: 8, bottom: 0, left: 0 }}
          barSize={16}
        >
          <CartesianGrid stroke="#e7e5e4" strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" {...AXIS} allowDecimals={false} />
          <YAxis
            type="category"
            dataKey="name"
            {...AXIS}
            width={110}
            tick={{ fill: "#57534e", fontSize: 12 }}
          />
          <Tooltip {...TOOLTIP_STYLE} cursor={{ fill: "#f5f5f4" }} />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
          {used.map((indicator, index) => (
            <Bar
              key={indicator}
              dataKey={indicator}
              name={INDICATOR_LABELS[indicator]}
              stackId="items"
              fill={INDICATOR_COLOURS[indicator]}
              radius={index === used.length - 1 ? [0, 3, 3, 0] : 0}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function ItemListPanel({
  projectId,
  slice,
  title,
  description,
  indicators,
  icon: Icon,
  emptyText,
}: {
  projectId: string;
  slice: string;
  title: string;
  description: string;
  indicators: Indicator[];
  icon: typeof CircleAlert;
  emptyText: string;
}) {
  const items = useItemSlice(projectId, slice, { indicator: indicators, sort: "indicator", per_page: 8 });
  const total = items.data?.meta?.total ?? 0;
  return (
    <Panel
      title={title}
      description={description}
      bodyClassName="px-0 pb-0"
      actions={
        total > 0 ? (
          <AppLink
            href={itemsHref(projectId, { indicator: indicators.join(",") })}
            className="rounded font-medium text-accent-700 text-sm outline-none hover:underline focus-visible:ring-2 focus-visible:ring-accent-600"
          >
            View all {total}
          </AppLink>
        ) : null
      }
    >
      {items.isPending ? (
        <div className="space-y-3 px-5 pb-5">
          {[0, 1, 2, 3].map((key) => (
            <Skeleton key={key} className="h-6" />
          ))}
        </div>
      ) : items.isError ? (
        <div className="px-5 pb-5">
          <LoadError error={items.error} what={title.toLowerCase()} onRetry={() => void items.refetch()} />
        </div>
      ) : items.data.data.length === 0 ? (
        <p className="flex items-center gap-2 px-5 pb-5 text-ink-muted text-sm">
          <Icon className="size-4" aria-hidden="true" />
          {emptyText}
        </p>
      ) : (
        <ul className="divide-y divide-border border-border border-t">
          {items.data.data.map((item) => (
            <ItemRow key={item.id} projectId={projectId} item={item} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

function ItemRow({ projectId, item }: { projectId: string; item: Item }) {
  const due = item.finish_date ?? item.deadline;
  return (
    <li>
      <AppLink
        href={itemHref(projectId, item.id)}
        className="flex items-center gap-3 px-5 py-2.5 outline-none hover:bg-subtle focus-visible:bg-subtle focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-inset"
      >
        <span className="w-16 shrink-0">
          <ItemCode code={item.code} type={item.type} />
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-ink text-sm">{item.title}</span>
          <span className="block truncate text-ink-muted text-xs">
            {item.assignee?.name ?? "Unassigned"}
            {due ? ` · due ${formatIsoDate(due)}` : ""}
          </span>
        </span>
        <IndicatorBadge indicator={item.indicator} />
      </AppLink>
    </li>
  );
}

function DashboardSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only">Loading the dashboard</span>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {INDICATORS.map((indicator) => (
          <Skeleton key={indicator} className="h-[74px] rounded-xl" />
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <Skeleton className="h-[420px] rounded-xl" />
        <div className="space-y-6">
          <Skeleton className="h-[200px] rounded-xl" />
          <Skeleton className="h-[196px] rounded-xl" />
        </div>
      </div>
    </div>
  );
}
