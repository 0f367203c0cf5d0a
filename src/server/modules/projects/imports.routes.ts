import { createRoute } from "@hono/zod-openapi";
import { requestScope } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
} from "../../http";
import { uploadBodyLimit } from "../../storage";
import { type ColumnMapping, fieldForHeader, type RowReport } from "./import-mapping";
import type { ImportSessionRow } from "./imports.queries";
import {
  confirmedSchema,
  confirmInput,
  importParams,
  importSessionSchema,
  previewInput,
  previewQuery,
  previewSchema,
  uploadedImportSchema,
  uploadImportInput,
} from "./imports.schemas";
import { type ImportsService, MAX_IMPORT_BYTES } from "./imports.service";
import { inOrg } from "./projects.routes";
import { projectParams } from "./projects.schemas";

const tags = ["Project import"];
const SAMPLE_ROWS = 5;

const toSession = (session: ImportSessionRow) => ({
  id: session.id,
  file_name: session.fileName,
  format: session.format,
  sheet_name: session.sheetName,
  header_row: session.headerRow,
  headers: session.headers.map((name, index) => ({
    index,
    name,
    suggested_field: fieldForHeader(name) ?? null,
  })),
  row_count: session.rows.length,
  sample: session.rows.slice(0, SAMPLE_ROWS),
  // Written by suggestMapping at upload, so every value is an ImportField or null.
  suggested_mapping: session.suggestedMapping as ColumnMapping,
  suggested_date_order: session.suggestedDateOrder,
  expires_at: iso(session.expiresAt),
  committed_at: isoOrNull(session.committedAt),
});

const toRowReport = (report: RowReport) => ({
  row: report.row,
  status: report.status,
  problems: report.status === "error" ? report.problems : [],
  item:
    report.status === "valid"
      ? {
          type: report.item.type,
          title: report.item.title,
          description: report.item.description,
          status: report.item.status,
          priority: report.item.priority,
          assignee_id: report.item.assigneeId,
          start_date: report.item.startDate,
          finish_date: report.item.finishDate,
          deadline: report.item.deadline,
          percent_complete: report.item.percentComplete,
          tags: report.item.tags,
          probability: report.item.probability,
          impact: report.item.impact,
          severity: report.item.severity,
          decision_date: report.item.decisionDate,
          rationale: report.item.rationale,
        }
      : null,
});

const routes = {
  upload: createRoute({
    method: "post",
    path: "/projects/{id}/imports",
    tags,
    summary: "Upload a CSV or XLSX RAID log: parsed and held for preview, nothing imported yet",
    middleware: inOrg,
    request: {
      params: projectParams,
      body: { required: true, content: { "multipart/form-data": { schema: uploadImportInput } } },
    },
    responses: {
      201: jsonResponse(dataEnvelope(uploadedImportSchema), "Parsed"),
      422: commonErrorResponses[400],
      ...commonErrorResponses,
    },
  }),
  get: createRoute({
    method: "get",
    path: "/projects/{id}/imports/{importId}",
    tags,
    summary: "An uploaded import: headers, suggested mapping, a sample",
    middleware: inOrg,
    request: { params: importParams },
    responses: {
      200: jsonResponse(dataEnvelope(importSessionSchema), "The import"),
      ...commonErrorResponses,
    },
  }),
  preview: createRoute({
    method: "post",
    path: "/projects/{id}/imports/{importId}/preview",
    tags,
    summary: "Validate every row under a column mapping; writes nothing",
    middleware: inOrg,
    request: { params: importParams, query: previewQuery, body: jsonBody(previewInput) },
    responses: {
      200: jsonResponse(previewSchema, "Per-row report"),
      409: commonErrorResponses[400],
      410: commonErrorResponses[404],
      ...commonErrorResponses,
    },
  }),
  confirm: createRoute({
    method: "post",
    path: "/projects/{id}/imports/{importId}/confirm",
    tags,
    summary: "Import every valid row in one transaction (rows with problems are never partly written)",
    middleware: inOrg,
    request: { params: importParams, body: jsonBody(confirmInput) },
    responses: {
      201: jsonResponse(dataEnvelope(confirmedSchema), "Imported"),
      409: commonErrorResponses[400],
      410: commonErrorResponses[404],
      422: commonErrorResponses[400],
      ...commonErrorResponses,
    },
  }),
};

export function importRoutes(imports: ImportsService) {
  const router = createRouter();
  // Spreadsheets are exempt from the app-wide body limit and take MAX_IMPORT_BYTES instead.
  router.use("/projects/:id/imports", uploadBodyLimit(MAX_IMPORT_BYTES));
  return router
    .openapi(routes.upload, async (c) => {
      const form = c.req.valid("form");
      const { session, sheetNames, dateOrderDetected } = await imports.upload(
        requestScope(c),
        c.req.valid("param").id,
        { name: form.file.name, bytes: new Uint8Array(await form.file.arrayBuffer()) },
        { sheet: form.sheet },
      );
      return c.json(
        { data: { ...toSession(session), sheet_names: sheetNames, date_order_detected: dateOrderDetected } },
        201,
      );
    })
    .openapi(routes.get, async (c) => {
      const { id, importId } = c.req.valid("param");
      return c.json({ data: toSession(await imports.get(requestScope(c), id, importId)) }, 200);
    })
    .openapi(routes.preview, async (c) => {
      const { id, importId } = c.req.valid("param");
      const query = c.req.valid("query");
      const body = c.req.valid("json");
      const report = await imports.preview(requestScope(c), id, importId, {
        mapping: body.mapping,
        dateOrder: body.date_order,
        defaultType: body.default_type,
      });
      const rows = query.status ? report.rows.filter((row) => row.status === query.status) : report.rows;
      const start = (query.page - 1) * query.per_page;
      return c.json(
        {
          data: rows.slice(start, start + query.per_page).map(toRowReport),
          meta: {
            page: query.page,
            per_page: query.per_page,
            total: rows.length,
            counts: report.counts,
            date_order: report.dateOrder,
          },
        },
        200,
      );
    })
    .openapi(routes.confirm, async (c) => {
      const { id, importId } = c.req.valid("param");
      const body = c.req.valid("json");
      const result = await imports.confirm(requestScope(c), id, importId, {
        mapping: body.mapping,
        dateOrder: body.date_order,
        defaultType: body.default_type,
        skipInvalid: body.skip_invalid ?? false,
      });
      return c.json(
        {
          data: {
            imported: result.imported.length,
            items: result.imported,
            skipped: result.skipped.map((row) => ({ row: row.row, problems: row.problems })),
            blank_rows: result.blank,
          },
        },
        201,
      );
    });
}
