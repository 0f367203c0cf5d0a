import { createRoute, z } from "@hono/zod-openapi";
import { INDICATORS, ITEM_TYPES, PROJECT_STATUSES } from "../../../core/raid";
import { requestScope } from "../../auth/guard";
import { commonErrorResponses, createRouter, dataEnvelope, jsonResponse, timestampSchema } from "../../http";
import { attachmentDisposition } from "../../storage";
import type { StatusReport } from "./export-formats";
import { EXPORT_FORMATS, type ExportFile, type ExportsService } from "./exports.service";
import { itemFilterFrom, toItem } from "./items.routes";
import { inOrg } from "./projects.routes";
import { itemSchema, listItemsQuery, projectParams } from "./projects.schemas";

const tags = ["Project export"];

const exportQuery = listItemsQuery
  .omit({ page: true, per_page: true, sort: true, order: true, deleted: true })
  .extend({ format: z.enum(EXPORT_FORMATS).openapi({ description: "csv, xlsx or markdown" }) });

const statusReportSchema = z
  .object({
    project: z.object({
      name: z.string(),
      client_name: z.string().nullable(),
      status: z.enum(PROJECT_STATUSES),
      start_date: z.string().nullable(),
      end_date: z.string().nullable(),
      currency: z.string(),
    }),
    as_of: z.string(),
    generated_at: timestampSchema,
    total: z.number().int(),
    by_indicator: z.object(Object.fromEntries(INDICATORS.map((indicator) => [indicator, z.number().int()]))),
    by_type: z.object(Object.fromEntries(ITEM_TYPES.map((type) => [type, z.number().int()]))),
    budget: z
      .object({
        budget_total: z.number().nullable(),
        burn_to_date: z.number(),
        percent_spent: z.number().nullable(),
        weekly_burn_rate: z.number(),
        forecast_at_completion: z.number().nullable(),
        variance_at_completion: z.number().nullable(),
      })
      .nullable()
      .openapi({ description: "Present when you may read the budget" }),
    top_risks: z.array(itemSchema),
    needs_attention: z.array(itemSchema),
    upcoming: z.array(itemSchema),
    recent_decisions: z.array(itemSchema),
    recently_completed: z.array(itemSchema),
  })
  .openapi("StatusReport");

const fileResponse = (description: string, types: string[]) => ({
  description,
  content: Object.fromEntries(
    types.map((type) => [type, { schema: z.string().openapi({ format: "binary" }) }]),
  ),
});

const routes = {
  items: createRoute({
    method: "get",
    path: "/projects/{id}/export",
    tags,
    summary: "Export items (same filters as the list) as CSV, XLSX or Markdown",
    middleware: inOrg,
    request: { params: projectParams, query: exportQuery },
    responses: {
      200: fileResponse("The file", [
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/markdown",
      ]),
      ...commonErrorResponses,
    },
  }),
  statusReport: createRoute({
    method: "get",
    path: "/projects/{id}/status-report",
    tags,
    summary: "The printable status report, as data for the UI",
    middleware: inOrg,
    request: { params: projectParams },
    responses: {
      200: jsonResponse(dataEnvelope(statusReportSchema), "Status report"),
      ...commonErrorResponses,
    },
  }),
  statusReportPdf: createRoute({
    method: "get",
    path: "/projects/{id}/export/status-report",
    tags,
    summary: "The status report as a PDF",
    middleware: inOrg,
    request: { params: projectParams },
    responses: { 200: fileResponse("The PDF", ["application/pdf"]), ...commonErrorResponses },
  }),
};

const toStatusReport = (report: StatusReport) => ({
  project: {
    name: report.project.name,
    client_name: report.project.clientName,
    status: report.project.status as (typeof PROJECT_STATUSES)[number],
    start_date: report.project.startDate,
    end_date: report.project.endDate,
    currency: report.project.currency,
  },
  as_of: report.asOf,
  generated_at: report.generatedAt,
  total: report.total,
  by_indicator: report.byIndicator,
  by_type: report.byType,
  budget: report.budget && {
    budget_total: report.budget.budgetTotal,
    burn_to_date: report.budget.burnToDate,
    percent_spent: report.budget.percentSpent,
    weekly_burn_rate: report.budget.weeklyBurnRate,
    forecast_at_completion: report.budget.forecastAtCompletion,
    variance_at_completion: report.budget.varianceAtCompletion,
  },
  top_risks: report.topRisks.map(toItem),
  needs_attention: report.needsAttention.map(toItem),
  upcoming: report.upcoming.map(toItem),
  recent_decisions: report.recentDecisions.map(toItem),
  recently_completed: report.recentlyCompleted.map(toItem),
});

const download = (file: ExportFile) =>
  new Response(file.body as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": attachmentDisposition(file.fileName),
      "Cache-Control": "private, no-store",
    },
  });

export function exportRoutes(exports: ExportsService) {
  return createRouter()
    .openapi(routes.items, async (c) => {
      const { format, ...query } = c.req.valid("query");
      const scope = requestScope(c);
      return download(
        await exports.exportItems(
          scope,
          c.req.valid("param").id,
          format,
          itemFilterFrom(query, scope.userId),
        ),
      );
    })
    .openapi(routes.statusReport, async (c) => {
      const report = await exports.statusReport(requestScope(c), c.req.valid("param").id);
      return c.json({ data: toStatusReport(report) }, 200);
    })
    .openapi(routes.statusReportPdf, async (c) =>
      download(await exports.statusReportPdf(requestScope(c), c.req.valid("param").id)),
    );
}
