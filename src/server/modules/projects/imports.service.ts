import { utcDate } from "../../../core/calendar";
import type { ItemType } from "../../../core/raid";
import { type Executor, inTenant } from "../../db";
import { AppError, type OrgScope } from "../../http";
import { recordAudit } from "../audit";
import { requireProjectAction } from "./access";
import type { ProjectsDeps } from "./deps";
import {
  type ColumnMapping,
  checkMapping,
  type DateOrder,
  detectDateOrder,
  type RowReport,
  readRow,
  suggestMapping,
} from "./import-mapping";
import { parseSpreadsheet } from "./import-parser";
import {
  createImportSession,
  deleteExpiredImportSessions,
  getImportSession,
  type ImportSessionRow,
  markImportCommitted,
} from "./imports.queries";
import { insertNewItems } from "./items.service";
import { listAssignablePeople } from "./projects.queries";

/** How long an uploaded file waits for its confirmation. */
export const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;
/** Larger than any honest RAID log, small enough that parsing cannot exhaust memory. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export interface ImportChoices {
  mapping: ColumnMapping;
  dateOrder?: DateOrder;
  defaultType?: ItemType;
}

export interface ImportReport {
  rows: RowReport[];
  counts: { valid: number; error: number; blank: number };
  dateOrder: DateOrder;
}

/**
 * Spreadsheet imports in three steps: upload (parse and hold the rows), preview (map columns and
 * validate every row, writing nothing) and confirm (create every valid row's item in one
 * transaction). A row is imported whole or not at all; rows with problems are never partly
 * written. Confirming while some rows have problems requires `skipInvalid`, so nobody drops
 * rows by accident.
 */
export function createImportsService(deps: ProjectsDeps) {
  const { db } = deps;

  async function liveSession(tx: Executor, scope: OrgScope, projectId: string, importId: string) {
    const session = await getImportSession(tx, scope.orgId, projectId, importId);
    if (!session) throw new AppError("NOT_FOUND", { message: "No such import" });
    if (session.committedAt)
      throw new AppError("CONFLICT", { message: "This import has already been confirmed" });
    if (session.expiresAt.getTime() < deps.now().getTime()) {
      throw new AppError("GONE", { message: "This import has expired; upload the file again" });
    }
    return session;
  }

  async function buildReport(
    tx: Executor,
    scope: OrgScope,
    session: ImportSessionRow,
    choices: ImportChoices,
  ) {
    const problems = checkMapping(choices.mapping, session.headers.length, choices.defaultType);
    if (problems.length > 0) {
      throw new AppError("VALIDATION_ERROR", {
        message: "The column mapping is incomplete",
        details: problems.map((message) => ({ path: "mapping", message })),
      });
    }
    const people = await listAssignablePeople(tx, scope.orgId, session.projectId);
    const dateOrder = choices.dateOrder ?? session.suggestedDateOrder;
    const context = {
      headers: session.headers,
      mapping: choices.mapping,
      dateOrder,
      defaultType: choices.defaultType,
      people,
      today: utcDate(deps.now()),
    };
    const rows = session.rows.map(({ row, cells }) => readRow(row, cells, context));
    const counts = { valid: 0, error: 0, blank: 0 };
    for (const report of rows) counts[report.status]++;
    return { rows, counts, dateOrder } satisfies ImportReport;
  }

  return {
    upload: async (
      scope: OrgScope,
      projectId: string,
      file: { name: string; bytes: Uint8Array },
      options: { sheet?: string },
    ) => {
      await inTenant(db, scope, (tx) => requireProjectAction(tx, scope, projectId, "projects.items.import"));
      if (file.bytes.byteLength > MAX_IMPORT_BYTES) {
        throw new AppError("PAYLOAD_TOO_LARGE", {
          message: `Import files may be at most ${MAX_IMPORT_BYTES} bytes`,
          details: { max_bytes: MAX_IMPORT_BYTES },
        });
      }
      // Parsing happens outside any transaction: it is CPU work, and PGlite has one connection.
      const parsed = await parseSpreadsheet(file.bytes, options);
      const mapping = suggestMapping(parsed.headers);
      const detected = detectDateOrder(
        parsed.rows.map((row) => row.cells),
        mapping,
      );
      return inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.import");
        const now = deps.now();
        await deleteExpiredImportSessions(tx, scope.orgId, now);
        const session = await createImportSession(tx, {
          orgId: scope.orgId,
          projectId,
          createdBy: scope.userId,
          fileName: file.name.slice(0, 255) || "import",
          format: parsed.format,
          sheetName: parsed.sheetName,
          headerRow: parsed.headerRow,
          headers: parsed.headers,
          rows: parsed.rows,
          suggestedMapping: mapping,
          suggestedDateOrder: detected ?? "dmy",
          expiresAt: new Date(now.getTime() + IMPORT_TTL_MS),
        });
        await recordAudit(tx, scope, {
          action: "project.import_uploaded",
          entityType: "project",
          entityId: projectId,
          after: {
            importId: session.id,
            fileName: session.fileName,
            format: parsed.format,
            rows: parsed.rows.length,
          },
        });
        return { session, sheetNames: parsed.sheetNames, dateOrderDetected: detected ?? null };
      });
    },

    get: (scope: OrgScope, projectId: string, importId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.import");
        const session = await getImportSession(tx, scope.orgId, projectId, importId);
        if (!session) throw new AppError("NOT_FOUND", { message: "No such import" });
        return session;
      }),

    /** Validates every row under a mapping. Writes nothing. */
    preview: (scope: OrgScope, projectId: string, importId: string, choices: ImportChoices) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.import");
        return buildReport(tx, scope, await liveSession(tx, scope, projectId, importId), choices);
      }),

    /**
     * Creates an item for every valid row, in one transaction, and closes the session. With
     * invalid rows and no `skipInvalid`, nothing is written and the report says why (422).
     */
    confirm: (
      scope: OrgScope,
      projectId: string,
      importId: string,
      choices: ImportChoices & { skipInvalid: boolean },
    ) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.import");
        const session = await liveSession(tx, scope, projectId, importId);
        const report = await buildReport(tx, scope, session, choices);
        const invalid = report.rows.filter((row) => row.status === "error");
        if (invalid.length > 0 && !choices.skipInvalid) {
          throw new AppError("UNPROCESSABLE", {
            message: `${invalid.length} row(s) have problems: fix them, or confirm with skip_invalid to import the others`,
            details: { error_count: invalid.length, rows: invalid.slice(0, 50) },
          });
        }
        if (!(await markImportCommitted(tx, scope.orgId, importId, deps.now()))) {
          throw new AppError("CONFLICT", { message: "This import has already been confirmed" });
        }
        const valid = report.rows.flatMap((row) => (row.status === "valid" ? [row] : []));
        const ids = await insertNewItems(
          tx,
          scope,
          projectId,
          valid.map((row) => row.item),
          (index) => ({ importId, row: valid[index]!.row }),
        );
        await recordAudit(tx, scope, {
          action: "project.items_imported",
          entityType: "project",
          entityId: projectId,
          after: {
            importId,
            fileName: session.fileName,
            imported: ids.length,
            skippedRows: invalid.map((row) => row.row),
          },
        });
        return {
          imported: valid.map((row, index) => ({ row: row.row, id: ids[index]! })),
          skipped: invalid,
          blank: report.counts.blank,
        };
      }),
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
