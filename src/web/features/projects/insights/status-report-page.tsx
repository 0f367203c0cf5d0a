import { INDICATOR_LABELS, INDICATORS, ITEM_TYPES } from "@core/raid";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { formatDateTime } from "@web/lib/format";
import { Download, Printer } from "lucide-react";
import type { ReactNode } from "react";
import {
  formatIsoDate,
  IndicatorBadge,
  ItemCode,
  ProjectStatusBadge,
  RiskScoreChip,
  TYPE_PLURALS,
} from "../project-ui";
import type { Item } from "../projects-api";
import { INDICATOR_COLOURS } from "./indicator-colours";
import { type StatusReport, statusReportPdfUrl, useStatusReport } from "./insights-api";
import { AppLink, formatMoney, itemHref, LoadError, useProjectId } from "./insights-ui";
import { type Rag, reportHealth } from "./report-health";

/** On paper only the report shows: the app's sidebar, top bar and this page's toolbar go. */
const PRINT_CSS = `
@media print {
  @page { margin: 14mm 12mm; }
  html, body { background: white !important; }
  body * { visibility: hidden; }
  #status-report, #status-report * { visibility: visible; }
  #status-report { position: absolute; top: 0; left: 0; width: 100%; border: 0; box-shadow: none; }
  #status-report section { break-inside: avoid; }
  #status-report a { color: inherit; text-decoration: none; }
}`;

const RAG_STYLES: Record<Rag, { label: string; box: string; dot: string }> = {
  red: { label: "Red", box: "border-danger-600/30 bg-danger-50 text-danger-700", dot: "bg-danger-600" },
  amber: {
    label: "Amber",
    box: "border-warning-700/30 bg-warning-50 text-warning-700",
    dot: "bg-warning-700",
  },
  green: {
    label: "Green",
    box: "border-success-700/25 bg-success-50 text-success-700",
    dot: "bg-success-700",
  },
};

/** The status report as a page to read, print, or download as a PDF. */
export function StatusReportPage() {
  const projectId = useProjectId();
  const report = useStatusReport(projectId);
  return (
    <div className="space-y-4">
      <style>{PRINT_CSS}</style>
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <p className="text-ink-muted text-sm">
          A snapshot for steering meetings and clients: overall health, what needs attention, risks,
          milestones and budget.
        </p>
        <div className="flex gap-2">
          <Button variant="outline" onClick={() => window.print()} disabled={!report.data}>
            <Printer aria-hidden="true" />
            Print
          </Button>
          <a href={statusReportPdfUrl(projectId)} download className={buttonVariants({ variant: "primary" })}>
            <Download aria-hidden="true" />
            Download PDF
          </a>
        </div>
      </div>
      {report.isPending ? (
        <ReportSkeleton />
      ) : report.isError ? (
        <LoadError error={report.error} what="the status report" onRetry={() => void report.refetch()} />
      ) : (
        <Report projectId={projectId} report={report.data} />
      )}
    </div>
  );
}

function Report({ projectId, report }: { projectId: string; report: StatusReport }) {
  const health = reportHealth(report);
  const rag = RAG_STYLES[health.rag];
  const { project } = report;
  const milestones = report.upcoming.filter((item) => item.type === "milestone");
  const otherUpcoming = report.upcoming.filter((item) => item.type !== "milestone");
  return (
    <Card id="status-report" className="space-y-8 p-6 sm:p-8 print:p-0">
      <header className="flex flex-col gap-4 border-border border-b pb-6 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="font-medium text-ink-muted text-xs uppercase tracking-wider">Status report</p>
          <h2 className="mt-1 font-semibold text-2xl text-ink tracking-tight">{project.name}</h2>
          <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-ink-muted text-sm">
            {project.client_name ? <span>{project.client_name}</span> : null}
            {project.client_name ? <span aria-hidden="true">·</span> : null}
            <ProjectStatusBadge status={project.status} />
            {project.start_date || project.end_date ? (
              <>
                <span aria-hidden="true">·</span>
                <span>
                  {formatIsoDate(project.start_date)} – {formatIsoDate(project.end_date)}
                </span>
              </>
            ) : null}
          </p>
        </div>
        <div className="shrink-0 text-ink-muted text-sm sm:text-right">
          <p>
            As of <span className="font-medium text-ink">{formatIsoDate(report.as_of)}</span>
          </p>
          <p className="text-xs">Generated {formatDateTime(report.generated_at)}</p>
        </div>
      </header>

      <section aria-labelledby="report-health" className={cn("rounded-xl border px-5 py-4", rag.box)}>
        <div className="flex flex-wrap items-center gap-3">
          <span className={cn("size-3.5 rounded-full", rag.dot)} aria-hidden="true" />
          <h3 id="report-health" className="font-semibold text-lg">
            Overall: {rag.label}
          </h3>
          <span className="text-sm opacity-90">
            {report.total} {report.total === 1 ? "item" : "items"} in the log
          </span>
        </div>
        {health.reasons.length > 0 ? (
          <ul className="mt-2 list-disc space-y-0.5 pl-10 text-sm">
            {health.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 pl-6.5 text-sm">
            {report.total === 0
              ? "Nothing in the log yet: add items to track."
              : "Nothing is late, and the budget is on track."}
          </p>
        )}
      </section>

      <section aria-labelledby="report-indicators">
        <ReportHeading id="report-indicators">Items by indicator</ReportHeading>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-5">
          {INDICATORS.map((indicator) => (
            <li
              key={indicator}
              className="flex items-center justify-between gap-2 rounded-lg border border-border px-3 py-2"
            >
              <span className="flex min-w-0 items-center gap-2 text-ink-soft text-xs">
                <span
                  className="size-2 shrink-0 rounded-full"
                  style={{ background: INDICATOR_COLOURS[indicator] }}
                  aria-hidden="true"
                />
                <span className="truncate">{INDICATOR_LABELS[indicator]}</span>
              </span>
              <span className="font-semibold text-ink text-sm tabular-nums">
                {report.by_indicator[indicator]}
              </span>
            </li>
          ))}
        </ul>
        <p className="mt-3 text-ink-muted text-xs">
          {ITEM_TYPES.map((type) => `${report.by_type[type]} ${TYPE_PLURALS[type].toLowerCase()}`).join(
            " · ",
          )}
        </p>
      </section>

      {report.budget ? <BudgetSummary budget={report.budget} currency={project.currency} /> : null}

      <div className="grid gap-8 lg:grid-cols-2 print:grid-cols-1">
        <ItemSection
          projectId={projectId}
          id="report-risks"
          title="Key risks"
          items={report.top_risks}
          empty="No open risks."
          aside={(item) => <RiskScoreChip score={item.risk_score} level={item.risk_level} />}
        />
        <ItemSection
          projectId={projectId}
          id="report-attention"
          title="Needs attention"
          items={report.needs_attention}
          empty="Nothing is late or slipping."
          aside={(item) => <IndicatorBadge indicator={item.indicator} />}
        />
        <ItemSection
          projectId={projectId}
          id="report-milestones"
          title="Milestones ahead"
          items={milestones}
          empty="No milestones in the coming weeks."
          aside={(item) => <DateText value={item.finish_date ?? item.deadline} />}
        />
        <ItemSection
          projectId={projectId}
          id="report-upcoming"
          title="Coming up"
          items={otherUpcoming}
          empty="Nothing else starts or finishes soon."
          aside={(item) => <DateText value={item.finish_date ?? item.start_date ?? item.deadline} />}
        />
        <ItemSection
          projectId={projectId}
          id="report-decisions"
          title="Recent decisions"
          items={report.recent_decisions}
          empty="No decisions recorded lately."
          aside={(item) => <DateText value={item.decision_date} />}
        />
        <ItemSection
          projectId={projectId}
          id="report-completed"
          title="Recently completed"
          items={report.recently_completed}
          empty="Nothing finished in the last two weeks."
          aside={(item) => <DateText value={item.completed_on} />}
        />
      </div>
    </Card>
  );
}

function ReportHeading({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h3 id={id} className="mb-3 font-semibold text-ink-muted text-xs uppercase tracking-wider">
      {children}
    </h3>
  );
}

function DateText({ value }: { value: string | null }) {
  return (
    <span className="whitespace-nowrap text-ink-muted text-xs tabular-nums">{formatIsoDate(value)}</span>
  );
}

function BudgetSummary({
  budget,
  currency,
}: {
  budget: NonNullable<StatusReport["budget"]>;
  currency: string;
}) {
  const money = (value: number | null) => (value === null ? "—" : formatMoney(value, currency));
  const figures: { label: string; value: string; tone?: string }[] = [
    { label: "Budget", value: money(budget.budget_total) },
    {
      label: "Burned",
      value: `${money(budget.burn_to_date)}${budget.percent_spent === null ? "" : ` (${budget.percent_spent}%)`}`,
    },
    { label: "Burn rate", value: `${money(budget.weekly_burn_rate)}/wk` },
    { label: "Forecast", value: money(budget.forecast_at_completion) },
    {
      label: "Variance",
      value: money(budget.variance_at_completion),
      tone:
        budget.variance_at_completion === null
          ? undefined
          : budget.variance_at_completion < 0
            ? "text-danger-700"
            : "text-success-700",
    },
  ];
  return (
    <section aria-labelledby="report-budget">
      <ReportHeading id="report-budget">Budget</ReportHeading>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 rounded-lg border border-border px-4 py-3 sm:grid-cols-5">
        {figures.map((figure) => (
          <div key={figure.label} className="min-w-0">
            <dt className="text-ink-muted text-xs">{figure.label}</dt>
            <dd className={cn("mt-0.5 truncate font-semibold text-ink text-sm tabular-nums", figure.tone)}>
              {figure.value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ItemSection({
  projectId,
  id,
  title,
  items,
  empty,
  aside,
}: {
  projectId: string;
  id: string;
  title: string;
  items: Item[];
  empty: string;
  aside: (item: Item) => ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <ReportHeading id={id}>
        {title}
        {items.length > 0 ? <span className="ml-1.5 font-normal normal-case">({items.length})</span> : null}
      </ReportHeading>
      {items.length === 0 ? (
        <p className="rounded-lg bg-subtle px-3 py-2.5 text-ink-muted text-sm">{empty}</p>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border">
          {items.map((item) => (
            <li key={item.id} className="flex items-start gap-3 px-3 py-2">
              <span className="w-16 shrink-0 pt-0.5">
                <ItemCode code={item.code} type={item.type} />
              </span>
              <span className="min-w-0 flex-1">
                <AppLink href={itemHref(projectId, item.id)} className="text-ink text-sm hover:underline">
                  {item.title}
                </AppLink>
                <span className="block text-ink-muted text-xs">{item.assignee?.name ?? "Unassigned"}</span>
              </span>
              <span className="shrink-0 pt-0.5">{aside(item)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportSkeleton() {
  return (
    <Card className="space-y-6 p-8" aria-busy="true">
      <span className="sr-only">Loading the status report</span>
      <Skeleton className="h-8 w-1/2" />
      <Skeleton className="h-20" />
      <Skeleton className="h-24" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-40" />
        <Skeleton className="h-40" />
      </div>
    </Card>
  );
}
