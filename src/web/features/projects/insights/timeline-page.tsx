import { INDICATOR_LABELS, INDICATORS, type Indicator, type ItemType } from "@core/raid";
import { useNavigate } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { EmptyState } from "@web/components/ui/empty-state";
import { Checkbox } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Tabs } from "@web/components/ui/tabs";
import { useLocalStorage } from "@web/lib/use-local-storage";
import { CalendarRange, ChevronDown, ChevronRight, Crosshair } from "lucide-react";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { ItemCode, TYPE_ICONS, TYPE_PLURALS } from "../project-ui";
import {
  chartRange,
  dayNumber,
  describeBar,
  type GanttBar,
  type GanttRow,
  layoutRows,
  scaleTicks,
  type Tick,
  ZOOMS,
  type Zoom,
} from "./gantt-layout";
import { INDICATOR_COLOURS, LIGHT_INDICATORS } from "./indicator-colours";
import { type Timeline, useTimeline } from "./insights-api";
import { AppLink, EmptyLogActions, itemHref, LoadError, useProjectId } from "./insights-ui";

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 48;
/** The item column: narrower on phones so some of the chart still shows beside it. */
const labelWidthFor = (chartBox: number) => (chartBox < 640 ? 168 : 300);
const BAR_HEIGHT = 16;
const TODAY_COLOUR = "oklch(57.7% 0.245 27.325)";

/** Dated items on a calendar: bars, milestones, dependencies and a line for today. */
export function TimelinePage() {
  const projectId = useProjectId();
  const timeline = useTimeline(projectId);

  if (timeline.isPending) {
    return (
      <div className="space-y-4" aria-busy="true">
        <span className="sr-only">Loading the timeline</span>
        <Skeleton className="h-9 w-80" />
        <Skeleton className="h-[480px] rounded-xl" />
      </div>
    );
  }
  if (timeline.isError) {
    return <LoadError error={timeline.error} what="the timeline" onRetry={() => void timeline.refetch()} />;
  }
  if (timeline.data.items.length === 0) {
    return (
      <EmptyState
        icon={CalendarRange}
        title="No dated items yet"
        description="Give items a start date, a finish date or a deadline and they appear here as bars, with milestones as diamonds and arrows between items that depend on each other."
        action={<EmptyLogActions projectId={projectId} />}
      />
    );
  }
  return <Gantt projectId={projectId} timeline={timeline.data} />;
}

function Gantt({ projectId, timeline }: { projectId: string; timeline: Timeline }) {
  const navigate = useNavigate();
  const [storedZoom, setZoom] = useLocalStorage<Zoom>("cairn.timeline.zoom", "month");
  const zoom: Zoom = storedZoom in ZOOMS ? storedZoom : "month";
  const [groupByType, setGroupByType] = useLocalStorage("cairn.timeline.group", true);
  const [collapsed, setCollapsed] = useState<ReadonlySet<ItemType>>(new Set());
  const scroller = useRef<HTMLDivElement>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  const labelWidth = labelWidthFor(boxWidth);
  const available = boxWidth - labelWidth;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setBoxWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const rows = useMemo(
    () => layoutRows(timeline.items, { groupByType, collapsed }),
    [timeline.items, groupByType, collapsed],
  );
  const allBars = useMemo(
    () => layoutRows(timeline.items, { groupByType: false, collapsed: new Set() }),
    [timeline.items],
  );
  const range = useMemo(
    () =>
      chartRange(
        allBars.flatMap((row) => (row.kind === "item" ? [row.bar] : [])),
        timeline.as_of,
      ),
    [allBars, timeline.as_of],
  );
  const ticks = useMemo(() => scaleTicks(range.first, range.last, zoom), [range, zoom]);
  // Zoomed out on a short project, stretch the scale to fill the card rather than leave a gap.
  const dayWidth = Math.max(ZOOMS[zoom].dayWidth, available / (range.last - range.first + 1));
  const width = (range.last - range.first + 1) * dayWidth;
  const height = rows.length * ROW_HEIGHT;
  const x = (day: number) => (day - range.first) * dayWidth;
  const todayX = x(dayNumber(timeline.as_of));

  const rowOf = useMemo(() => {
    const map = new Map<string, number>();
    rows.forEach((row, index) => {
      if (row.kind === "item") map.set(row.bar.item.id, index);
    });
    return map;
  }, [rows]);

  function scrollToToday(behavior: ScrollBehavior = "smooth") {
    const element = scroller.current;
    if (!element) return;
    element.scrollTo({ left: Math.max(0, todayX - (element.clientWidth - labelWidth) / 3), behavior });
  }

  // Open on today, and keep it in view when the zoom changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-centre only when the scale changes
  useLayoutEffect(() => scrollToToday("auto"), [dayWidth]);

  function toggleGroup(type: ItemType) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(type)) next.delete(type);
      else next.add(type);
      return next;
    });
  }

  const openItem = (itemId: string) => void navigate({ href: itemHref(projectId, itemId) });
  const usedIndicators = INDICATORS.filter((indicator) =>
    timeline.items.some((item) => item.indicator === indicator),
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Tabs
          label="Zoom"
          value={zoom}
          onChange={setZoom}
          items={(Object.keys(ZOOMS) as Zoom[]).map((value) => ({ value, label: ZOOMS[value].label }))}
        />
        <Button variant="outline" size="sm" onClick={() => scrollToToday()}>
          <Crosshair aria-hidden="true" />
          Today
        </Button>
        <Checkbox
          label="Group by type"
          checked={groupByType}
          onChange={(event) => setGroupByType(event.target.checked)}
        />
        <p className="ml-auto text-ink-muted text-sm">
          {timeline.items.length} dated {timeline.items.length === 1 ? "item" : "items"}
          {timeline.dependencies.length > 0
            ? ` · ${timeline.dependencies.length} ${timeline.dependencies.length === 1 ? "dependency" : "dependencies"}`
            : ""}
        </p>
      </div>

      {timeline.truncated ? (
        <Alert variant="warning" title="Showing the first items only">
          This project has more dated items than the timeline draws at once. Filter the Items tab to see the
          rest.
        </Alert>
      ) : null}

      <Card className="overflow-hidden">
        <section
          ref={scroller}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart scrolls; keyboard users scroll it with the arrow keys
          tabIndex={0}
          aria-label="Timeline chart (scrolls sideways)"
          className="relative max-h-[calc(100dvh-220px)] min-h-[420px] overflow-auto outline-none focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-inset"
        >
          <div style={{ width: labelWidth + width }}>
            {/* Scale */}
            <div
              className="sticky top-0 z-20 flex border-border border-b bg-surface"
              style={{ height: HEADER_HEIGHT }}
            >
              <div
                className="sticky left-0 z-30 flex shrink-0 items-end border-border border-r bg-surface px-4 pb-2 font-medium text-ink-muted text-xs uppercase tracking-wider"
                style={{ width: labelWidth }}
              >
                Item
              </div>
              <svg width={width} height={HEADER_HEIGHT} aria-hidden="true" className="shrink-0">
                {ticks.major.map((tick, index) => (
                  <g key={`major-${tick.day}`}>
                    <line x1={x(tick.day)} x2={x(tick.day)} y1={0} y2={HEADER_HEIGHT} stroke="#e7e5e4" />
                    {roomFor(ticks.major, index, x, 64) ? (
                      <text x={x(tick.day) + 6} y={18} fontSize={12} fontWeight={600} fill="#44403c">
                        {tick.label}
                      </text>
                    ) : null}
                  </g>
                ))}
                {ticks.minor.map((tick, index) =>
                  // The "Today" pill sits on this row; labels under it would collide.
                  Math.abs(x(tick.day) + 6 - todayX) > 30 && roomFor(ticks.minor, index, x, 22) ? (
                    <text key={`minor-${tick.day}`} x={x(tick.day) + 3} y={40} fontSize={11} fill="#78716c">
                      {tick.label}
                    </text>
                  ) : null,
                )}
                <rect x={todayX - 22} y={26} width={44} height={16} rx={8} fill={TODAY_COLOUR} />
                <text x={todayX} y={37.5} fontSize={10} fontWeight={600} fill="white" textAnchor="middle">
                  Today
                </text>
              </svg>
            </div>

            {/* Rows */}
            <div className="flex">
              <ul
                className="sticky left-0 z-10 shrink-0 border-border border-r bg-surface"
                style={{ width: labelWidth }}
                aria-label="Timeline items"
              >
                {rows.map((row) =>
                  row.kind === "group" ? (
                    <GroupLabel key={`group-${row.type}`} row={row} onToggle={() => toggleGroup(row.type)} />
                  ) : (
                    <ItemLabel key={row.bar.item.id} projectId={projectId} bar={row.bar} />
                  ),
                )}
              </ul>
              <svg width={width} height={height} className="shrink-0" role="presentation">
                <defs>
                  <marker
                    id="gantt-arrow"
                    viewBox="0 0 8 8"
                    refX={7}
                    refY={4}
                    markerWidth={7}
                    markerHeight={7}
                    orient="auto-start-reverse"
                  >
                    <path d="M0,0 L8,4 L0,8 z" fill="#78716c" />
                  </marker>
                </defs>
                {/* Grid: group bands, weekends when zoomed in, tick lines */}
                {rows.map((row, index) =>
                  row.kind === "group" ? (
                    <rect
                      key={`band-${row.type}`}
                      x={0}
                      y={index * ROW_HEIGHT}
                      width={width}
                      height={ROW_HEIGHT}
                      fill="#fafaf9"
                    />
                  ) : null,
                )}
                {zoom === "week" ? (
                  <Weekends first={range.first} last={range.last} x={x} dayWidth={dayWidth} height={height} />
                ) : null}
                {ticks.minor.map((tick) => (
                  <line
                    key={tick.day}
                    x1={x(tick.day)}
                    x2={x(tick.day)}
                    y1={0}
                    y2={height}
                    stroke="#f0efee"
                  />
                ))}
                {ticks.major.map((tick) => (
                  <line
                    key={tick.day}
                    x1={x(tick.day)}
                    x2={x(tick.day)}
                    y1={0}
                    y2={height}
                    stroke="#e7e5e4"
                  />
                ))}
                {rows.map((row, index) =>
                  row.kind === "item" ? null : (
                    <line
                      key={`rule-${row.type}`}
                      x1={0}
                      x2={width}
                      y1={index * ROW_HEIGHT + 0.5}
                      y2={index * ROW_HEIGHT + 0.5}
                      stroke="#e7e5e4"
                    />
                  ),
                )}
                <line x1={todayX} x2={todayX} y1={0} y2={height} stroke={TODAY_COLOUR} strokeWidth={1.5} />

                {/* Dependencies under the bars */}
                <g fill="none" stroke="#a8a29e" strokeWidth={1.25}>
                  {timeline.dependencies.map((dependency) => {
                    const prerequisite = rowOf.get(dependency.to_item_id);
                    const dependent = rowOf.get(dependency.from_item_id);
                    if (prerequisite === undefined || dependent === undefined) return null;
                    const from = (rows[prerequisite] as Extract<GanttRow, { kind: "item" }>).bar;
                    const to = (rows[dependent] as Extract<GanttRow, { kind: "item" }>).bar;
                    return (
                      <path
                        key={dependency.id}
                        d={dependencyPath(from, to, prerequisite, dependent, x, dayWidth)}
                        markerEnd="url(#gantt-arrow)"
                      />
                    );
                  })}
                </g>

                {rows.map((row, index) =>
                  row.kind === "item" ? (
                    <BarShape
                      key={row.bar.item.id}
                      bar={row.bar}
                      y={index * ROW_HEIGHT}
                      x={x}
                      dayWidth={dayWidth}
                      onOpen={() => openItem(row.bar.item.id)}
                    />
                  ) : null,
                )}
              </svg>
            </div>
          </div>
        </section>
      </Card>

      <Legend indicators={usedIndicators} />
    </div>
  );
}

function GroupLabel({ row, onToggle }: { row: Extract<GanttRow, { kind: "group" }>; onToggle: () => void }) {
  const Icon = TYPE_ICONS[row.type];
  const Chevron = row.collapsed ? ChevronRight : ChevronDown;
  return (
    <li style={{ height: ROW_HEIGHT }} className="border-border border-t bg-subtle first:border-t-0">
      <button
        type="button"
        onClick={onToggle}
        aria-expanded={!row.collapsed}
        className="flex h-full w-full items-center gap-2 px-3 text-left font-medium text-ink text-sm outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-inset"
      >
        <Chevron className="size-4 text-ink-muted" aria-hidden="true" />
        <Icon className="size-3.5 text-ink-muted" aria-hidden="true" />
        {TYPE_PLURALS[row.type]}
        <span className="rounded-full bg-border/70 px-1.5 text-[11px] text-ink-muted tabular-nums">
          {row.count}
        </span>
      </button>
    </li>
  );
}

function ItemLabel({ projectId, bar }: { projectId: string; bar: GanttBar }) {
  return (
    <li style={{ height: ROW_HEIGHT }}>
      <AppLink
        href={itemHref(projectId, bar.item.id)}
        title={describeBar(bar)}
        className="flex h-full items-center gap-2 px-3 text-sm outline-none hover:bg-subtle focus-visible:bg-subtle focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-inset"
      >
        <span
          aria-hidden="true"
          className="size-2 shrink-0 rounded-full"
          style={{ background: INDICATOR_COLOURS[bar.item.indicator] }}
        />
        <span className="w-16 shrink-0">
          <ItemCode code={bar.item.code} type={bar.item.type} />
        </span>
        <span className="min-w-0 flex-1 truncate text-ink">{bar.item.title}</span>
        <span className="sr-only">{describeBar(bar)}</span>
      </AppLink>
    </li>
  );
}

function BarShape({
  bar,
  y,
  x,
  dayWidth,
  onOpen,
}: {
  bar: GanttBar;
  y: number;
  x: (day: number) => number;
  dayWidth: number;
  onOpen: () => void;
}) {
  const colour = INDICATOR_COLOURS[bar.item.indicator];
  const middle = y + ROW_HEIGHT / 2;
  const title = <title>{describeBar(bar)}</title>;
  const deadline =
    bar.deadline !== null && (bar.milestone || bar.deadline !== bar.end) ? (
      <path
        d={`M${x(bar.deadline + 1)},${middle - 9} v18`}
        stroke={TODAY_COLOUR}
        strokeWidth={2}
        strokeDasharray="3 2"
      />
    ) : null;
  if (bar.milestone) {
    const centre = x(bar.start) + dayWidth / 2;
    const size = 8;
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; the row's label is the link for keyboards and screen readers
      <g className="cursor-pointer" onClick={onOpen}>
        {title}
        {deadline}
        <path
          d={`M${centre},${middle - size} L${centre + size},${middle} L${centre},${middle + size} L${centre - size},${middle} z`}
          fill={colour}
          stroke="white"
          strokeWidth={1.5}
        />
      </g>
    );
  }
  if (bar.start === bar.end && dayWidth < 12) {
    // A one-day item is a sliver at this zoom: draw it as a dot.
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; the row's label is the link for keyboards and screen readers
      <g className="cursor-pointer" onClick={onOpen}>
        {title}
        <circle
          cx={x(bar.start) + dayWidth / 2}
          cy={middle}
          r={5}
          fill={colour}
          stroke="white"
          strokeWidth={1.5}
        />
        {deadline}
      </g>
    );
  }
  const left = x(bar.start);
  const barWidth = Math.max(x(bar.end + 1) - left, 4);
  const progress = Math.max(0, Math.min(100, bar.item.percent_complete)) / 100;
  const light = LIGHT_INDICATORS.has(bar.item.indicator);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; the row's label is the link for keyboards and screen readers
    <g className="cursor-pointer" onClick={onOpen}>
      {title}
      <rect
        x={left}
        y={middle - BAR_HEIGHT / 2}
        width={barWidth}
        height={BAR_HEIGHT}
        rx={4}
        fill={colour}
        fillOpacity={0.35}
      />
      {progress > 0 ? (
        <rect
          x={left}
          y={middle - BAR_HEIGHT / 2}
          width={barWidth * progress}
          height={BAR_HEIGHT}
          rx={4}
          fill={colour}
        />
      ) : null}
      <rect
        x={left + 0.5}
        y={middle - BAR_HEIGHT / 2 + 0.5}
        width={barWidth - 1}
        height={BAR_HEIGHT - 1}
        rx={3.5}
        fill="none"
        stroke={colour}
      />
      {barWidth > 44 && progress > 0 && progress < 1 ? (
        <text
          x={left + 6}
          y={middle + 3.5}
          fontSize={10}
          fontWeight={600}
          fill={barWidth * progress > 34 && !light ? "white" : "#292524"}
          style={{ pointerEvents: "none" }}
        >
          {bar.item.percent_complete}%
        </text>
      ) : null}
      {deadline}
    </g>
  );
}

/** Whether a tick's label fits before the next tick (the last one always does). */
function roomFor(ticks: Tick[], index: number, x: (day: number) => number, needed: number): boolean {
  const next = ticks[index + 1];
  return !next || x(next.day) - x(ticks[index]!.day) >= needed;
}

/** An elbow from the end of the prerequisite to the start of the item that waits for it. */
function dependencyPath(
  from: GanttBar,
  to: GanttBar,
  fromRow: number,
  toRow: number,
  x: (day: number) => number,
  dayWidth: number,
): string {
  const startX = from.milestone ? x(from.end) + dayWidth / 2 + 8 : x(from.end + 1);
  const endX = to.milestone ? x(to.start) + dayWidth / 2 - 8 : x(to.start);
  const startY = fromRow * ROW_HEIGHT + ROW_HEIGHT / 2;
  const endY = toRow * ROW_HEIGHT + ROW_HEIGHT / 2;
  const out = startX + 8;
  if (endX - 8 >= out) return `M${startX},${startY} H${out} V${endY} H${endX}`;
  // The dependent starts before the prerequisite ends: go round, between the rows.
  const between = startY + (endY > startY ? 1 : -1) * (ROW_HEIGHT / 2);
  return `M${startX},${startY} H${out} V${between} H${endX - 10} V${endY} H${endX}`;
}

function Weekends({
  first,
  last,
  x,
  dayWidth,
  height,
}: {
  first: number;
  last: number;
  x: (day: number) => number;
  dayWidth: number;
  height: number;
}) {
  const saturdays: number[] = [];
  // Day numbers ≡ 2 (mod 7) are Saturdays (1970-01-01 was a Thursday).
  for (let day = first + ((2 - (first % 7) + 7) % 7); day <= last; day += 7) saturdays.push(day);
  return (
    <g fill="#f5f5f4" fillOpacity={0.7}>
      {saturdays.map((day) => (
        <rect key={day} x={x(day)} y={0} width={dayWidth * 2} height={height} />
      ))}
    </g>
  );
}

function Legend({ indicators }: { indicators: Indicator[] }) {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-2 text-ink-muted text-xs" aria-label="Legend">
      {indicators.map((indicator) => (
        <li key={indicator} className="inline-flex items-center gap-1.5">
          <span className="h-2.5 w-4 rounded-sm" style={{ background: INDICATOR_COLOURS[indicator] }} />
          {INDICATOR_LABELS[indicator]}
        </li>
      ))}
      <li className="inline-flex items-center gap-1.5">
        <svg width={12} height={12} aria-hidden="true">
          <path d="M6,0 L12,6 L6,12 L0,6 z" fill="#78716c" />
        </svg>
        Milestone
      </li>
      <li className="inline-flex items-center gap-1.5">
        <svg width={18} height={10} aria-hidden="true">
          <path d="M0,5 H16" stroke="#a8a29e" strokeWidth={1.25} />
          <path d="M12,1.5 L17,5 L12,8.5 z" fill="#78716c" />
        </svg>
        Depends on
      </li>
      <li className="inline-flex items-center gap-1.5">
        <svg width={6} height={14} aria-hidden="true">
          <path d="M3,0 V14" stroke={TODAY_COLOUR} strokeWidth={2} strokeDasharray="3 2" />
        </svg>
        Deadline
      </li>
      <li className="inline-flex items-center gap-1.5">
        <span className="h-3 w-0.5" style={{ background: TODAY_COLOUR }} />
        Today
      </li>
    </ul>
  );
}
