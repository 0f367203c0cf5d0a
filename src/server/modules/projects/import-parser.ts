import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { utcDate } from "../../../core/calendar";
import { AppError } from "../../http";
import { type Cell, headerScore } from "./import-mapping";

export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_COLUMNS = 100;
/** How far down a sheet the header row may sit (below titles, notes and grouped headings). */
const HEADER_SEARCH_ROWS = 20;

export interface ParsedSheet {
  format: "csv" | "xlsx";
  sheetName: string | null;
  sheetNames: string[];
  /** 1-based row number of the header, as the spreadsheet shows it. */
  headerRow: number;
  headers: string[];
  /** Rows below the header up to the last non-blank one; blank rows are kept so reports can count them. */
  rows: { row: number; cells: Cell[] }[];
}

const unreadable = (message: string) => new AppError("UNPROCESSABLE", { message });

const isBlank = (cell: Cell) => cell === null || (typeof cell === "string" && cell.trim() === "");

/** CSV files from spreadsheets in many locales use ; or tabs; pick what splits the top lines most evenly. */
function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(0, 10);
  let best = ",";
  let bestScore = 0;
  for (const delimiter of [",", ";", "\t"]) {
    const counts = lines.map((line) => line.split(delimiter).length - 1);
    const score =
      Math.min(...counts, Number.POSITIVE_INFINITY) + counts.reduce((sum, count) => sum + count, 0) / 100;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** UTF-8 when it is valid UTF-8 (BOM or not); otherwise the Windows code page Excel writes. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** `'=cmd` is how exports defuse formula injection (see export-formats); undo it on the way back in. */
const undoFormulaEscape = (text: string) => (/^'[=+\-@]/.test(text) ? text.slice(1) : text);

function readCsv(bytes: Uint8Array): Cell[][] {
  const text = decodeText(bytes).replace(/^\uFEFF/, "");
  if (text.includes("\u0000")) throw unreadable("The file is neither CSV text nor an XLSX workbook");
  try {
    const records = parseCsv(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
    return records.map((record) =>
      record.map((value) => {
        const trimmed = value.trim();
        return trimmed === "" ? null : undoFormulaEscape(trimmed);
      }),
    );
  } catch (error) {
    throw unreadable(`The CSV file could not be read: ${(error as Error).message}`);
  }
}

/** One XLSX cell as a plain value: text, a number, or an ISO date for date-formatted cells. */
function cellValue(cell: ExcelJS.Cell): Cell {
  let value = cell.value;
  if (value && typeof value === "object" && "result" in value)
    value = (value.result ?? null) as ExcelJS.CellValue;
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : utcDate(value);
  if (typeof value === "number") {
    // A percent-formatted 0.5 is shown, and meant, as 50%.
    return cell.numFmt?.includes("%") ? `${Math.round(value * 10000) / 100}%` : value;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "object") {
    if ("richText" in value)
      return (
        value.richText
          .map((part) => part.text)
          .join("")
          .trim() || null
      );
    if ("text" in value) return String(value.text).trim() || null;
    if ("error" in value) return null;
  }
  return String(value);
}

function sheetGrid(worksheet: ExcelJS.Worksheet): Cell[][] {
  if (worksheet.rowCount > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS) throw tooManyRows();
  const columns = Math.min(worksheet.columnCount, MAX_IMPORT_COLUMNS);
  const grid: Cell[][] = [];
  worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: Cell[] = [];
    for (let column = 1; column <= columns; column++) cells.push(cellValue(row.getCell(column)));
    grid[rowNumber - 1] = cells;
  });
  for (let index = 0; index < grid.length; index++) grid[index] ??= [];
  return grid;
}

const looksLikeRaidLog = (grid: Cell[][]) =>
  grid.slice(0, HEADER_SEARCH_ROWS).some((row) => headerScore(row) >= 2);

/**
 * The named sheet, or else the first sheet whose top rows read like a RAID log header (so a
 * cover or instructions sheet in front is passed over), or else the first sheet with data.
 */
async function readXlsx(bytes: Uint8Array, sheet: string | undefined) {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    throw unreadable("The file could not be read as an XLSX workbook");
  }
  const sheetNames = workbook.worksheets.map((worksheet) => worksheet.name);
  if (sheet) {
    const named = workbook.worksheets.find((candidate) => candidate.name === sheet);
    if (!named) {
      throw new AppError("VALIDATION_ERROR", {
        message: `The workbook has no sheet named "${sheet}"`,
        details: [{ path: "sheet", message: `one of: ${sheetNames.join(", ")}` }],
      });
    }
    return { grid: sheetGrid(named), sheetName: named.name, sheetNames };
  }
  let firstWithData: { grid: Cell[][]; sheetName: string } | undefined;
  for (const worksheet of workbook.worksheets) {
    if (worksheet.actualRowCount === 0) continue;
    const grid = sheetGrid(worksheet);
    if (looksLikeRaidLog(grid)) return { grid, sheetName: worksheet.name, sheetNames };
    firstWithData ??= { grid, sheetName: worksheet.name };
  }
  if (!firstWithData) throw unreadable("The workbook has no data");
  return { ...firstWithData, sheetNames };
}

const tooManyRows = () =>
  new AppError("PAYLOAD_TOO_LARGE", {
    message: `Imports are limited to ${MAX_IMPORT_ROWS} rows; split the file`,
    details: { max_rows: MAX_IMPORT_ROWS },
  });

/**
 * The header is the row among the first few that reads most like RAID headers (at least two
 * recognised names), so title rows, notes and grouped headings above it are skipped. Failing
 * that, the first row with two or more filled cells.
 */
function findHeaderRow(grid: Cell[][]): number {
  let best = -1;
  let bestScore = 1;
  for (let index = 0; index < Math.min(grid.length, HEADER_SEARCH_ROWS); index++) {
    const score = headerScore(grid[index]!);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  }
  if (best >= 0) return best;
  const fallback = grid.findIndex((row) => row.filter((cell) => !isBlank(cell)).length >= 2);
  if (fallback < 0) throw unreadable("No header row found: the file needs a row of column names");
  return fallback;
}

const columnLetter = (index: number): string =>
  (index >= 26 ? columnLetter(Math.floor(index / 26) - 1) : "") + String.fromCharCode(65 + (index % 26));

/**
 * Parses an uploaded CSV or XLSX file into a header and data rows, coping with what real
 * spreadsheets contain: title rows and merged/grouped headings above the header, blank rows,
 * dates as text, as date cells or as serial numbers, and columns nobody asked for.
 */
export async function parseSpreadsheet(
  bytes: Uint8Array,
  options: { sheet?: string } = {},
): Promise<ParsedSheet> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (isOle) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", {
      message: "Old .xls workbooks are not supported: save the sheet as .xlsx or .csv",
    });
  }
  const { grid, sheetName, sheetNames } = isZip
    ? await readXlsx(bytes, options.sheet)
    : { grid: readCsv(bytes), sheetName: null, sheetNames: [] as string[] };

  const headerIndex = findHeaderRow(grid);
  const headerCells = grid[headerIndex]!;
  let lastRow = grid.length - 1;
  while (lastRow > headerIndex && grid[lastRow]!.every(isBlank)) lastRow--;
  const width = Math.min(
    MAX_IMPORT_COLUMNS,
    Math.max(...grid.slice(headerIndex, lastRow + 1).map((row) => row.length), 0),
  );
  // A heading merged down over two header rows leaves the lower cell blank: use the one above,
  // provided that row holds headings (several different values) rather than a sheet title.
  const rowAbove = headerIndex > 0 ? grid[headerIndex - 1]! : [];
  const headingsAbove = new Set(rowAbove.filter((cell) => !isBlank(cell))).size >= 2;
  const headers = Array.from({ length: width }, (_, column) => {
    const own = headerCells[column] ?? null;
    const above = headingsAbove ? (rowAbove[column] ?? null) : null;
    const name = !isBlank(own) ? own : !isBlank(above) ? above : null;
    return name === null || name === undefined ? `Column ${columnLetter(column)}` : String(name).trim();
  });
  if (lastRow - headerIndex > MAX_IMPORT_ROWS) throw tooManyRows();
  const rows = grid.slice(headerIndex + 1, lastRow + 1).map((cells, offset) => ({
    row: headerIndex + 2 + offset,
    cells: Array.from({ length: width }, (_, column) => cells[column] ?? null),
  }));
  return { format: isZip ? "xlsx" : "csv", sheetName, sheetNames, headerRow: headerIndex + 1, headers, rows };
}
