import { fromHundredths } from "../../../core/budget";
import { utcDate } from "../../../core/calendar";
import { ATTENTION_INDICATORS, summarizeDashboard } from "../../../core/raid";
import { inTenant } from "../../db";
import type { OrgScope } from "../../http";
import { can, requireProjectAction } from "./access";
import type { BudgetService } from "./budget.service";
import type { ProjectsDeps } from "./deps";
import {
  itemsToCsv,
  itemsToMarkdown,
  itemsToXlsx,
  type StatusReport,
  statusReportToPdf,
} from "./export-formats";
import { type ItemFilter, type ItemSort, listAllItems, listItems, tallyItems } from "./items.queries";
import { viewItem } from "./items.service";

export const EXPORT_FORMATS = ["csv", "xlsx", "markdown"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  markdown: "text/markdown; charset=utf-8",
};
const EXTENSIONS: Record<ExportFormat, string> = { csv: "csv", xlsx: "xlsx", markdown: "md" };

/** How many items each status-report section lists. */
const SECTION_SIZE = 10;
const UNFINISHED = ["open", "in_progress", "blocked"] as const;

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Uint8Array | string;
}

/** "Acme: Phase 2" → "acme-phase-2", for file names. */
const fileSlug = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "project";

/** Item exports (CSV, XLSX, Markdown) and the status report (JSON for the UI, PDF to send). */
export function createExportsService(deps: ProjectsDeps & { budget: BudgetService }) {
  const { db, budget } = deps;

  async function statusReport(scope: OrgScope, projectId: string): Promise<StatusReport> {
    const asOf = utcDate(deps.now());
    const { access, sections, tallies } = await inTenant(db, scope, async (tx) => {
      const access = await requireProjectAction(tx, scope, projectId, "projects.export");
      const base = { orgId: scope.orgId, projectId, today: asOf };
      const page = { limit: SECTION_SIZE, offset: 0 };
      const section = (filter: ItemFilter, sort: ItemSort, direction: "asc" | "desc" = "asc") =>
        listItems(tx, { ...base, filter, sort, direction, page }).then(({ rows }) =>
          rows.map((row) => viewItem(row, asOf)),
        );
      return {
        access,
        tallies: await tallyItems(tx, base),
        sections: {
          topRisks: await section({ types: ["risk"], statuses: [...UNFINISHED] }, "risk_score", "desc"),
          needsAttention: await section({ indicators: [...ATTENTION_INDICATORS] }, "indicator"),
          upcoming: await section({ indicators: ["finishing_soon", "starting_soon"] }, "finish_date"),
          recentDecisions: await section({ types: ["decision"] }, "decision_date", "desc"),
          recentlyCompleted: await section({ indicators: ["completed_recently"] }, "updated_at", "desc"),
        },
      };
    });
    const summary = summarizeDashboard(tallies);
    const money = can(access, "projects.budget.read") ? await budget.report(scope, projectId, asOf) : null;
    const { project } = access;
    return {
      project: {
        name: project.name,
        clientName: project.clientName,
        status: project.status,
        startDate: project.startDate,
        endDate: project.endDate,
        currency: project.currency,
      },
      asOf,
      generatedAt: deps.now().toISOString(),
      total: summary.total,
      byIndicator: summary.byIndicator,
      byType: summary.byType,
      budget: money && {
        budgetTotal: money.summary.budget === null ? null : fromHundredths(money.summary.budget),
        burnToDate: fromHundredths(money.summary.burnToDate),
        forecastAtCompletion:
          money.summary.forecastAtCompletion === null
            ? null
            : fromHundredths(money.summary.forecastAtCompletion),
        varianceAtCompletion:
          money.summary.varianceAtCompletion === null
            ? null
            : fromHundredths(money.summary.varianceAtCompletion),
        percentSpent: money.summary.percentSpent,
        weeklyBurnRate: fromHundredths(money.summary.weeklyBurnRate),
      },
      ...sections,
    };
  }

  return {
    /** Every live item matching the filter, in code order, as a file. */
    exportItems: (
      scope: OrgScope,
      projectId: string,
      format: ExportFormat,
      filter: ItemFilter,
    ): Promise<ExportFile> =>
      inTenant(db, scope, async (tx) => {
        const { project } = await requireProjectAction(tx, scope, projectId, "projects.export");
        const today = utcDate(deps.now());
        const rows = await listAllItems(tx, { orgId: scope.orgId, projectId, today, filter });
        const items = rows.map((row) => viewItem(row, today));
        const fileName = `${fileSlug(project.name)}-raid-log-${today}.${EXTENSIONS[format]}`;
        const body =
          format === "csv"
            ? itemsToCsv(items)
            : format === "xlsx"
              ? await itemsToXlsx(items, project.name)
              : itemsToMarkdown(items, project, today);
        return { fileName, contentType: CONTENT_TYPES[format], body };
      }),

    statusReport,

    statusReportPdf: async (scope: OrgScope, projectId: string): Promise<ExportFile> => {
      const report = await statusReport(scope, projectId);
      return {
        fileName: `${fileSlug(report.project.name)}-status-report-${report.asOf}.pdf`,
        contentType: "application/pdf",
        body: await statusReportToPdf(report),
      };
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
