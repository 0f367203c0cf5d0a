import { z } from "@hono/zod-openapi";
import { timestampSchema, uuidSchema } from "../../http";
import { IMPORT_FIELDS } from "./import-mapping";
import {
  itemStatusSchema,
  itemTypeSchema,
  prioritySchema,
  projectParams,
  severitySchema,
} from "./projects.schemas";

export const importFieldSchema = z.enum(IMPORT_FIELDS).openapi("ImportField");
const cellSchema = z.union([z.string(), z.number(), z.null()]);
const dateOrderSchema = z
  .enum(["dmy", "mdy"])
  .openapi({ description: "How slashed dates such as 03/04/2025 read" });

export const importParams = projectParams.extend({
  importId: uuidSchema.openapi({ param: { name: "importId", in: "path" } }),
});

export const uploadImportInput = z.object({
  file: z
    .instanceof(File, { error: "must be a file" })
    .openapi({ type: "string", format: "binary", description: "A .csv or .xlsx RAID log" }),
  sheet: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "XLSX: the sheet to read (default: the first with data)" }),
});

export const importSessionSchema = z
  .object({
    id: z.string(),
    file_name: z.string(),
    format: z.enum(["csv", "xlsx"]),
    sheet_name: z.string().nullable(),
    header_row: z.number().int().openapi({ description: "Where the header was found (1-based)" }),
    headers: z.array(
      z.object({ index: z.number().int(), name: z.string(), suggested_field: importFieldSchema.nullable() }),
    ),
    row_count: z.number().int(),
    sample: z.array(z.object({ row: z.number().int(), cells: z.array(cellSchema) })),
    suggested_mapping: z.record(z.string(), importFieldSchema.nullable()),
    suggested_date_order: dateOrderSchema,
    expires_at: timestampSchema,
    committed_at: timestampSchema.nullable(),
  })
  .openapi("ImportSession");

export const uploadedImportSchema = importSessionSchema
  .extend({
    sheet_names: z.array(z.string()),
    date_order_detected: dateOrderSchema.nullable().openapi({
      description: "Null when every date could be read either way: ask the user",
    }),
  })
  .openapi("UploadedImport");

const choices = {
  mapping: z
    .record(z.string().regex(/^\d{1,3}$/, { error: "keys are column indexes" }), importFieldSchema.nullable())
    .openapi({
      description: "Column index → field (null ignores the column)",
      example: { "0": "type", "1": "title" },
    }),
  date_order: dateOrderSchema.optional(),
  default_type: itemTypeSchema.optional().openapi({ description: "For rows (or sheets) without a type" }),
};

export const previewInput = z.strictObject(choices).openapi("ImportPreviewInput");
export const confirmInput = z
  .strictObject({
    ...choices,
    skip_invalid: z.boolean().optional().openapi({
      description: "Import the valid rows even though others have problems (they are skipped whole)",
    }),
  })
  .openapi("ImportConfirmInput");

export const previewQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(100),
  status: z
    .enum(["valid", "error", "blank"])
    .optional()
    .openapi({ description: "Only rows with this outcome" }),
});

const problemSchema = z.object({ field: z.string(), column: z.string().nullable(), message: z.string() });

export const rowReportSchema = z
  .object({
    row: z.number().int(),
    status: z.enum(["valid", "error", "blank"]),
    problems: z.array(problemSchema),
    item: z
      .object({
        type: itemTypeSchema,
        title: z.string(),
        description: z.string(),
        status: itemStatusSchema,
        priority: prioritySchema,
        assignee_id: z.string().nullable(),
        start_date: z.string().nullable(),
        finish_date: z.string().nullable(),
        deadline: z.string().nullable(),
        percent_complete: z.number().int(),
        tags: z.array(z.string()),
        probability: z.number().int().nullable(),
        impact: z.number().int().nullable(),
        severity: severitySchema.nullable(),
        decision_date: z.string().nullable(),
        rationale: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi("ImportRowReport");

export const previewSchema = z
  .object({
    data: z.array(rowReportSchema),
    meta: z.object({
      page: z.number().int(),
      per_page: z.number().int(),
      total: z.number().int(),
      counts: z.object({ valid: z.number().int(), error: z.number().int(), blank: z.number().int() }),
      date_order: dateOrderSchema,
    }),
  })
  .openapi("ImportPreview");

export const confirmedSchema = z
  .object({
    imported: z.number().int(),
    items: z.array(z.object({ row: z.number().int(), id: z.string() })),
    skipped: z.array(z.object({ row: z.number().int(), problems: z.array(problemSchema) })),
    blank_rows: z.number().int(),
  })
  .openapi("ImportResult");
