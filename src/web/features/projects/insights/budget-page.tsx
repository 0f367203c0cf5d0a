import { Alert } from "@web/components/ui/alert";
import { Skeleton } from "@web/components/ui/skeleton";
import { useSession } from "@web/lib/session";
import { formatIsoDate } from "../project-ui";
import { canInProject, useProject } from "../projects-api";
import { BurnChart } from "./burn-chart";
import { type BudgetReport, useBudgetReport } from "./insights-api";
import { formatHours, formatMoney, LoadError, Panel, Stat, useProjectId } from "./insights-ui";
import { RateCardsPanel } from "./rate-cards-panel";
import { TimesheetPanel } from "./timesheet-panel";

/**
 * The budget tab: figures and the burn chart for those who may read the budget, rate cards for
 * those who may change it, and the timesheet for everyone who logs time.
 */
export function BudgetPage() {
  const projectId = useProjectId();
  const { user } = useSession();
  const project = useProject(projectId);
  const canRead = canInProject(project.data, "projects.budget.read");
  const canWrite = canInProject(project.data, "projects.budget.write");
  const canLog = canInProject(project.data, "projects.timesheets.write");
  const report = useBudgetReport(projectId, { enabled: canRead });

  if (project.isPending) return <BudgetSkeleton />;
  if (project.isError) {
    return <LoadError error={project.error} what="the project" onRetry={() => void project.refetch()} />;
  }

  return (
    <div className="space-y-6">
      {canRead ? (
        report.isPending ? (
          <BudgetSkeleton />
        ) : report.isError ? (
          <LoadError error={report.error} what="the budget" onRetry={() => void report.refetch()} />
        ) : (
          <>
            <BudgetFigures report={report.data} />
            <Panel
              title="Burn"
              description={
                report.data.budget_total === null
                  ? "Cumulative spend by week. Set a budget and an end date on the project to plan against."
                  : "Cumulative spend by week: the plan spreads the budget evenly over the project's weeks."
              }
            >
              <BurnChart report={report.data} />
            </Panel>
          </>
        )
      ) : (
        <Alert variant="info" title="Budget figures are for project managers">
          {canLog
            ? "Log your hours below; your project's managers see what they add up to."
            : "Your role on this project is to follow it: you neither see its budget nor log time here."}
        </Alert>
      )}
      {canLog ? <TimesheetPanel projectId={projectId} myUserId={user.id} canLogForOthers={canWrite} /> : null}
      {canRead ? (
        <RateCardsPanel projectId={projectId} currency={project.data.currency} canWrite={canWrite} />
      ) : null}
    </div>
  );
}

function BudgetFigures({ report }: { report: BudgetReport }) {
  const money = (value: number) => formatMoney(value, report.currency);
  const unrated = report.unrated_hours.reduce((sum, line) => sum + line.hours, 0);
  const unratedPeople = [...new Set(report.unrated_hours.map((line) => line.name ?? "Former member"))];
  const variance = report.variance_at_completion;
  return (
    <section aria-label="Budget figures" className="space-y-3">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat
          label="Budget"
          value={report.budget_total === null ? "Not set" : money(report.budget_total)}
          detail={
            report.remaining === null ? "Set one in the project settings" : `${money(report.remaining)} left`
          }
        />
        <Stat
          label="Burn to date"
          value={money(report.burn_to_date)}
          detail={
            report.percent_spent === null
              ? `As of ${formatIsoDate(report.as_of)}`
              : `${report.percent_spent}% spent`
          }
          tone={report.percent_spent !== null && report.percent_spent > 100 ? "danger" : undefined}
        />
        <Stat label="Burn rate" value={money(report.weekly_burn_rate)} detail="Weekly, last 4 full weeks" />
        <Stat
          label="Forecast"
          value={report.forecast_at_completion === null ? "—" : money(report.forecast_at_completion)}
          detail={
            report.remaining_weeks === null
              ? "Needs an end date"
              : `At completion · ${report.remaining_weeks} ${report.remaining_weeks === 1 ? "wk" : "wks"}`
          }
        />
        <Stat
          label="Variance"
          value={variance === null ? "—" : `${variance > 0 ? "+" : ""}${money(variance)}`}
          detail={
            variance === null
              ? "Needs a budget and end date"
              : variance < 0
                ? "Forecast overrun"
                : "Forecast under budget"
          }
          tone={variance === null ? undefined : variance < 0 ? "danger" : "success"}
        />
        <Stat
          label="Unrated hours"
          value={formatHours(unrated)}
          detail={unrated > 0 ? "Not in the burn: add a rate" : "Every hour is priced"}
          tone={unrated > 0 ? "warning" : undefined}
        />
      </div>
      {unrated > 0 ? (
        <Alert
          variant="warning"
          title={`${formatHours(unrated)} have no rate and count for nothing in the burn`}
        >
          No rate card covers {unratedPeople.join(", ")} on the weeks they logged. Add a rate for the person
          or their billing role below.
        </Alert>
      ) : null}
    </section>
  );
}

function BudgetSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only">Loading the budget</span>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {[0, 1, 2, 3, 4, 5].map((key) => (
          <Skeleton key={key} className="h-[94px] rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-[380px] rounded-xl" />
    </div>
  );
}
