import { createRoute, z } from "@hono/zod-openapi";
import { fromHundredths, toHundredths } from "../../../core/budget";
import { type ItemType, itemCode } from "../../../core/raid";
import { requestScope } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  iso,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
} from "../../http";
import type { RateCardRow, TimesheetEntryRow } from "./budget.queries";
import {
  budgetQuery,
  budgetReportSchema,
  createRateCardInput,
  listTimesheetsQuery,
  rateCardParams,
  rateCardSchema,
  saveWeekInput,
  timesheetEntrySchema,
  updateRateCardInput,
  weekParams,
} from "./budget.schemas";
import type { BudgetReport, BudgetService } from "./budget.service";
import { inOrg } from "./projects.routes";
import { projectParams } from "./projects.schemas";

const tags = ["Project budget"];

const money = (hundredths: number | null) => (hundredths === null ? null : fromHundredths(hundredths));

export const toBudgetReport = (report: BudgetReport) => ({
  currency: report.currency,
  as_of: report.asOf,
  budget_total: money(report.summary.budget),
  burn_to_date: fromHundredths(report.summary.burnToDate),
  remaining: money(report.summary.remaining),
  percent_spent: report.summary.percentSpent,
  weekly_burn_rate: fromHundredths(report.summary.weeklyBurnRate),
  remaining_weeks: report.summary.remainingWeeks,
  forecast_at_completion: money(report.summary.forecastAtCompletion),
  variance_at_completion: money(report.summary.varianceAtCompletion),
  planned_to_date: money(report.summary.plannedToDate),
  variance_to_date: money(report.summary.varianceToDate),
  burn_series: report.series.map((point) => ({
    week_start: point.weekStart,
    planned: money(point.planned),
    actual: money(point.actual),
    forecast: money(point.forecast),
  })),
  unrated_hours: report.unrated.map((line) => ({
    user_id: line.userId,
    name: line.name,
    week_start: line.weekStart,
    hours: fromHundredths(line.hours),
  })),
});

const toRateCard = (row: RateCardRow) => ({
  id: row.id,
  user: row.userId ? { id: row.userId, name: row.userName } : null,
  role_name: row.roleName,
  hourly_rate: fromHundredths(toHundredths(row.hourlyRate)),
  effective_from: row.effectiveFrom,
  updated_at: iso(row.updatedAt),
});

const toEntry = (row: TimesheetEntryRow) => ({
  id: row.id,
  user: { id: row.userId, name: row.userName },
  week_start: row.weekStart,
  hours: fromHundredths(toHundredths(row.hours)),
  item:
    row.itemId && row.itemType && row.itemNumber !== null
      ? {
          id: row.itemId,
          code: itemCode(row.itemType as ItemType, row.itemNumber),
          title: row.itemTitle ?? "",
        }
      : null,
  note: row.note,
  updated_at: iso(row.updatedAt),
});

const routes = {
  report: createRoute({
    method: "get",
    path: "/projects/{id}/budget",
    tags,
    summary: "Budget, burn to date, burn rate, forecast at completion, variances and the burn chart",
    middleware: inOrg,
    request: { params: projectParams, query: budgetQuery },
    responses: { 200: jsonResponse(dataEnvelope(budgetReportSchema), "Budget"), ...commonErrorResponses },
  }),
  rateCards: createRoute({
    method: "get",
    path: "/projects/{id}/budget/rate-cards",
    tags,
    summary: "Hourly rates by person or billing role",
    middleware: inOrg,
    request: { params: projectParams },
    responses: {
      200: jsonResponse(dataEnvelope(z.array(rateCardSchema)), "Rate cards"),
      ...commonErrorResponses,
    },
  }),
  createRateCard: createRoute({
    method: "post",
    path: "/projects/{id}/budget/rate-cards",
    tags,
    summary: "Add a rate for a person (overrides their role's) or for a billing role",
    middleware: inOrg,
    request: { params: projectParams, body: jsonBody(createRateCardInput) },
    responses: {
      201: jsonResponse(dataEnvelope(rateCardSchema), "Created"),
      409: commonErrorResponses[400],
      ...commonErrorResponses,
    },
  }),
  updateRateCard: createRoute({
    method: "patch",
    path: "/projects/{id}/budget/rate-cards/{cardId}",
    tags,
    summary: "Change a rate or the date it takes effect",
    middleware: inOrg,
    request: { params: rateCardParams, body: jsonBody(updateRateCardInput) },
    responses: { 200: jsonResponse(dataEnvelope(rateCardSchema), "Updated"), ...commonErrorResponses },
  }),
  removeRateCard: createRoute({
    method: "delete",
    path: "/projects/{id}/budget/rate-cards/{cardId}",
    tags,
    summary: "Remove a rate card",
    middleware: inOrg,
    request: { params: rateCardParams },
    responses: { 204: { description: "Removed" }, ...commonErrorResponses },
  }),
  timesheets: createRoute({
    method: "get",
    path: "/projects/{id}/budget/timesheets",
    tags,
    summary: "Timesheet lines, newest week first (team members see their own)",
    middleware: inOrg,
    request: { params: projectParams, query: listTimesheetsQuery },
    responses: { 200: jsonResponse(pageEnvelope(timesheetEntrySchema), "Lines"), ...commonErrorResponses },
  }),
  saveWeek: createRoute({
    method: "put",
    path: "/projects/{id}/budget/timesheets/{userId}/{weekStart}",
    tags,
    summary: "Replace a person's timesheet for the week starting on a Monday",
    middleware: inOrg,
    request: { params: weekParams, body: jsonBody(saveWeekInput) },
    responses: {
      200: jsonResponse(dataEnvelope(z.array(timesheetEntrySchema)), "The week"),
      ...commonErrorResponses,
    },
  }),
};

export function budgetRoutes(budget: BudgetService) {
  return createRouter()
    .openapi(routes.report, async (c) => {
      const report = await budget.report(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("query").as_of,
      );
      return c.json({ data: toBudgetReport(report) }, 200);
    })
    .openapi(routes.rateCards, async (c) => {
      const rows = await budget.listRateCards(requestScope(c), c.req.valid("param").id);
      return c.json({ data: rows.map(toRateCard) }, 200);
    })
    .openapi(routes.createRateCard, async (c) => {
      const body = c.req.valid("json");
      const card = await budget.createRateCard(requestScope(c), c.req.valid("param").id, {
        userId: body.user_id,
        roleName: body.role_name,
        hourlyRate: body.hourly_rate,
        effectiveFrom: body.effective_from,
      });
      return c.json({ data: toRateCard(card) }, 201);
    })
    .openapi(routes.updateRateCard, async (c) => {
      const { id, cardId } = c.req.valid("param");
      const body = c.req.valid("json");
      const card = await budget.updateRateCard(requestScope(c), id, cardId, {
        hourlyRate: body.hourly_rate,
        effectiveFrom: body.effective_from,
      });
      return c.json({ data: toRateCard(card) }, 200);
    })
    .openapi(routes.removeRateCard, async (c) => {
      const { id, cardId } = c.req.valid("param");
      await budget.removeRateCard(requestScope(c), id, cardId);
      return c.body(null, 204);
    })
    .openapi(routes.timesheets, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await budget.listTimesheets(requestScope(c), c.req.valid("param").id, {
        ...query,
        userId: query.user_id,
      });
      return c.json({ data: rows.map(toEntry), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.saveWeek, async (c) => {
      const { id, userId, weekStart } = c.req.valid("param");
      const rows = await budget.saveWeek(
        requestScope(c),
        id,
        userId,
        weekStart,
        c.req.valid("json").entries.map((entry) => ({
          itemId: entry.item_id ?? null,
          hours: entry.hours,
          note: entry.note,
        })),
      );
      return c.json({ data: rows.map(toEntry) }, 200);
    });
}
