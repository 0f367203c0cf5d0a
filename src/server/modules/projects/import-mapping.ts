import { addDays, type IsoDate, isIsoDate } from "../../../core/calendar";
import type { ItemStatus, ItemType, Priority, Severity } from "../../../core/raid";
import { applyItemChange, BLANK_ITEM, type ItemFields, type ItemState } from "./item-rules";

/** A spreadsheet cell after parsing: text, a number, or nothing. Dates arrive as ISO text or serials. */
export type Cell = string | number | null;

export const IMPORT_FIELDS = [
  "type",
  "title",
  "description",
  "status",
  "priority",
  "assignee",
  "start_date",
  "finish_date",
  "deadline",
  "percent_complete",
  "tags",
  "probability",
  "impact",
  "severity",
  "decision_date",
  "rationale",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index (as a string, JSON-friendly) → the field it fills, or null to ignore it. */
export type ColumnMapping = Record<string, ImportField | null>;

export type DateOrder = "dmy" | "mdy";

/** Lowercase words only: "% Complete" → "percent complete", "Start-Date" → "start date". */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/%/g, " percent ")
    .replace(/#/g, " number ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Header spellings seen in real RAID logs, normalised. Export headers are included for round trips. */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  type: ["type", "item type", "raid type", "raid", "category", "kind"],
  title: ["title", "name", "summary", "subject", "item", "item title", "headline", "risk", "issue"],
  description: ["description", "details", "detail", "desc", "notes", "note", "comments", "commentary"],
  status: ["status", "state", "workflow status"],
  priority: ["priority", "prio", "urgency"],
  assignee: [
    "assignee",
    "assigned to",
    "owner",
    "responsible",
    "action owner",
    "who",
    "assignee email",
    "lead",
  ],
  start_date: ["start", "start date", "planned start", "begin", "begin date", "starts"],
  finish_date: [
    "finish",
    "finish date",
    "end",
    "end date",
    "due",
    "due date",
    "target date",
    "planned finish",
    "target",
    "date due",
  ],
  deadline: ["deadline", "hard deadline", "deadline date"],
  percent_complete: [
    "percent complete",
    "percent",
    "complete",
    "progress",
    "percent done",
    "pct complete",
    "completion",
  ],
  tags: ["tags", "tag", "labels", "label", "keywords", "workstream"],
  probability: ["probability", "likelihood", "prob"],
  impact: ["impact", "consequence"],
  severity: ["severity"],
  decision_date: ["decision date", "date decided", "decided on", "decided"],
  rationale: ["rationale", "reason", "justification"],
};

const FIELD_BY_ALIAS = new Map(
  Object.entries(HEADER_ALIASES).flatMap(([field, aliases]) =>
    aliases.map((alias) => [alias, field as ImportField]),
  ),
);

export function fieldForHeader(header: string): ImportField | undefined {
  return FIELD_BY_ALIAS.get(normalizeHeader(header));
}

/** How many cells of a row read like known headers: how header detection scores a row. */
export function headerScore(cells: Cell[]): number {
  return cells.filter((cell) => typeof cell === "string" && fieldForHeader(cell) !== undefined).length;
}

/** The suggested mapping: each recognised header to its field, each field used once (first column wins). */
export function suggestMapping(headers: string[]): ColumnMapping {
  const used = new Set<ImportField>();
  const mapping: ColumnMapping = {};
  headers.forEach((header, index) => {
    const field = fieldForHeader(header);
    if (field && !used.has(field)) {
      used.add(field);
      mapping[String(index)] = field;
    } else {
      mapping[String(index)] = null;
    }
  });
  return mapping;
}

const DATE_FIELDS: ImportField[] = ["start_date", "finish_date", "deadline", "decision_date"];
const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;

/**
 * Which way round slashed dates are written, judged from the date columns: a first part above
 * 12 means day-first, a second part above 12 month-first. Undefined when nothing tells (every
 * day ≤ 12), in which case the caller asks the user.
 */
export function detectDateOrder(rows: Cell[][], mapping: ColumnMapping): DateOrder | undefined {
  const columns = Object.entries(mapping)
    .filter(([, field]) => field !== null && DATE_FIELDS.includes(field))
    .map(([index]) => Number(index));
  let dayFirst = 0;
  let monthFirst = 0;
  for (const row of rows) {
    for (const column of columns) {
      const cell = row[column];
      const match = typeof cell === "string" ? NUMERIC_DATE.exec(cell.trim()) : null;
      if (!match) continue;
      if (Number(match[1]) > 12) dayFirst++;
      if (Number(match[2]) > 12) monthFirst++;
    }
  }
  if (dayFirst === monthFirst) return undefined;
  return dayFirst > monthFirst ? "dmy" : "mdy";
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** Excel's day 0 (it counts 1900 as a leap year, so serials from March 1900 on line up with this). */
const EXCEL_EPOCH = "1899-12-30";

const isoOf = (year: number, month: number, day: number): IsoDate | undefined => {
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return isIsoDate(iso) && year >= 1900 && year <= 2200 ? iso : undefined;
};

const fullYear = (text: string) => {
  const year = Number(text);
  if (text.length === 4) return year;
  return year < 70 ? 2000 + year : 1900 + year;
};

const monthOf = (name: string) => {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? undefined : index + 1;
};

/**
 * Reads a date cell: an Excel serial number, ISO text (2025-04-03, with or without a time),
 * slashed text in the given order (03/04/2025, 3.4.25), or a month name (3 Apr 2025,
 * April 3, 2025). Undefined when it is none of these.
 */
export function parseDateCell(cell: string | number, order: DateOrder): IsoDate | undefined {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell) || cell < 1 || cell >= 2_958_466) return undefined;
    return addDays(EXCEL_EPOCH, Math.floor(cell));
  }
  const text = cell.trim();
  if (/^\d{5}(\.\d+)?$/.test(text)) return parseDateCell(Number(text), order);
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/.exec(text);
  if (match) return isoOf(Number(match[1]), Number(match[2]), Number(match[3]));
  match = NUMERIC_DATE.exec(text.replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, ""));
  if (match) {
    const [first, second] = [Number(match[1]), Number(match[2])];
    const year = fullYear(match[3]!);
    return order === "dmy" ? isoOf(year, second, first) : isoOf(year, first, second);
  }
  match = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?[\s,-]+(\d{2}|\d{4})$/.exec(text);
  if (match) {
    const month = monthOf(match[2]!);
    return month ? isoOf(fullYear(match[3]!), month, Number(match[1])) : undefined;
  }
  match = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
  if (match) {
    const month = monthOf(match[1]!);
    return month ? isoOf(Number(match[3]), month, Number(match[2])) : undefined;
  }
  return undefined;
}

const words = (cell: string | number) => normalizeHeader(String(cell));

const TYPE_WORDS: Record<string, ItemType> = {
  r: "risk",
  risk: "risk",
  risks: "risk",
  a: "action",
  action: "action",
  actions: "action",
  "action item": "action",
  task: "action",
  i: "issue",
  issue: "issue",
  issues: "issue",
  problem: "issue",
  d: "decision",
  decision: "decision",
  decisions: "decision",
  dl: "deliverable",
  deliverable: "deliverable",
  deliverables: "deliverable",
  m: "milestone",
  milestone: "milestone",
  milestones: "milestone",
};

const STATUS_WORDS: Record<string, ItemStatus> = {
  open: "open",
  new: "open",
  "not started": "open",
  todo: "open",
  "to do": "open",
  "in progress": "in_progress",
  wip: "in_progress",
  ongoing: "in_progress",
  started: "in_progress",
  active: "in_progress",
  blocked: "blocked",
  "on hold": "blocked",
  done: "done",
  complete: "done",
  completed: "done",
  resolved: "done",
  finished: "done",
  closed: "closed",
  cancelled: "closed",
  canceled: "closed",
  withdrawn: "closed",
  mitigated: "closed",
};

const PRIORITY_WORDS: Record<string, Priority> = {
  low: "low",
  medium: "medium",
  med: "medium",
  normal: "medium",
  high: "high",
  critical: "critical",
  urgent: "critical",
  p1: "critical",
  "1": "critical",
  p2: "high",
  "2": "high",
  p3: "medium",
  "3": "medium",
  p4: "low",
  "4": "low",
};

const SEVERITY_WORDS: Record<string, Severity> = {
  low: "low",
  minor: "low",
  medium: "medium",
  moderate: "medium",
  high: "high",
  major: "high",
  critical: "critical",
  severe: "critical",
};

const RATING_WORDS: Record<string, number> = {
  "very low": 1,
  vl: 1,
  low: 2,
  l: 2,
  medium: 3,
  med: 3,
  moderate: 3,
  m: 3,
  high: 4,
  h: 4,
  "very high": 5,
  vh: 5,
};

export interface Person {
  userId: string;
  name: string;
  email: string;
}

export interface RowProblem {
  field: ImportField | "row";
  /** The column's header, for the report. */
  column: string | null;
  message: string;
}

export type RowReport =
  | { row: number; status: "blank" }
  | { row: number; status: "error"; problems: RowProblem[] }
  | { row: number; status: "valid"; item: ItemState };

export interface RowContext {
  headers: string[];
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  /** Used when the sheet has no type column, or a row leaves it empty. */
  defaultType?: ItemType;
  people: Person[];
  today: IsoDate;
}

const MAX_TEXT = { title: 300, description: 20_000, rationale: 20_000 } as const;

function resolvePerson(value: string, people: Person[]): { userId: string } | { problem: string } {
  const wanted = value.trim().toLowerCase();
  const byEmail = people.find((person) => person.email.toLowerCase() === wanted);
  if (byEmail) return { userId: byEmail.userId };
  const byName = people.filter((person) => person.name.trim().toLowerCase() === wanted);
  if (byName.length === 1) return { userId: byName[0]!.userId };
  if (byName.length > 1) return { problem: `"${value}" matches several people; use their email` };
  return { problem: `"${value}" is not a member of this project` };
}

/**
 * Reads one spreadsheet row into an item, or reports every problem with it. A row is valid
 * only if the whole item is: an import never writes part of a row.
 */
export function readRow(rowNumber: number, cells: Cell[], context: RowContext): RowReport {
  const values = new Map<ImportField, { cell: string | number; column: string }>();
  for (const [index, field] of Object.entries(context.mapping)) {
    if (!field) continue;
    const cell = cells[Number(index)];
    if (cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "")) continue;
    values.set(field, { cell, column: context.headers[Number(index)] ?? `Column ${Number(index) + 1}` });
  }
  if (cells.every((cell) => cell === null || (typeof cell === "string" && cell.trim() === ""))) {
    return { row: rowNumber, status: "blank" };
  }

  const problems: RowProblem[] = [];
  const problem = (field: ImportField, message: string) =>
    problems.push({ field, column: values.get(field)?.column ?? null, message });
  const text = (field: ImportField) => {
    const value = values.get(field);
    return value === undefined ? undefined : String(value.cell).trim();
  };
  const lookup = <T>(field: ImportField, table: Record<string, T>, what: string): T | undefined => {
    const value = values.get(field);
    if (value === undefined) return undefined;
    const found = table[words(value.cell)];
    if (found === undefined) problem(field, `"${value.cell}" is not a ${what}`);
    return found;
  };
  const date = (field: ImportField): IsoDate | undefined => {
    const value = values.get(field);
    if (value === undefined) return undefined;
    const parsed = parseDateCell(value.cell, context.dateOrder);
    if (!parsed) problem(field, `"${value.cell}" is not a date`);
    return parsed;
  };
  const rating = (field: ImportField): number | undefined => {
    const value = values.get(field);
    if (value === undefined) return undefined;
    const number = typeof value.cell === "number" ? value.cell : Number(String(value.cell).trim());
    if (Number.isInteger(number) && number >= 1 && number <= 5) return number;
    const word = RATING_WORDS[words(value.cell)];
    if (word === undefined) problem(field, `"${value.cell}" is not a rating from 1 to 5`);
    return word;
  };

  const type =
    lookup("type", TYPE_WORDS, "RAID item type") ?? (values.has("type") ? undefined : context.defaultType);
  if (!type && !values.has("type"))
    problems.push({ field: "type", column: null, message: "the type is missing" });
  const title = text("title");
  if (!title) problems.push({ field: "title", column: null, message: "the title is missing" });

  const fields: ItemFields = {};
  for (const field of ["description", "rationale"] as const) {
    const value = text(field);
    if (value === undefined) continue;
    if (value.length > MAX_TEXT[field]) problem(field, `is longer than ${MAX_TEXT[field]} characters`);
    fields[field] = value;
  }
  if (title && title.length > MAX_TEXT.title) problem("title", `is longer than ${MAX_TEXT.title} characters`);
  fields.status = lookup("status", STATUS_WORDS, "status");
  fields.priority = lookup("priority", PRIORITY_WORDS, "priority");
  fields.severity = lookup("severity", SEVERITY_WORDS, "severity");
  fields.startDate = date("start_date");
  fields.finishDate = date("finish_date");
  fields.deadline = date("deadline");
  fields.decisionDate = date("decision_date");
  fields.probability = rating("probability");
  fields.impact = rating("impact");

  const percent = values.get("percent_complete");
  if (percent) {
    const number =
      typeof percent.cell === "number"
        ? percent.cell
        : Number(String(percent.cell).trim().replace(/\s*%$/, ""));
    if (Number.isFinite(number) && number >= 0 && number <= 100) fields.percentComplete = Math.round(number);
    else problem("percent_complete", `"${percent.cell}" is not a percentage from 0 to 100`);
  }
  const tags = text("tags");
  if (tags !== undefined) {
    const list = tags
      .split(/[,;]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
    if (list.length > 20 || list.some((tag) => tag.length > 40)) {
      problem("tags", "at most 20 tags of up to 40 characters each");
    }
    fields.tags = list;
  }
  const assignee = text("assignee");
  if (assignee !== undefined) {
    const resolved = resolvePerson(assignee, context.people);
    if ("problem" in resolved) problem("assignee", resolved.problem);
    else fields.assigneeId = resolved.userId;
  }

  if (!type || !title) return { row: rowNumber, status: "error", problems };

  // The item's own rules (type-only fields, date order, completion) are checked even when some
  // cells could not be read, so the report lists everything wrong with the row at once.
  const defined = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as ItemFields;
  // A finished item is dated by its finish date when that is already past, else today.
  const completedOn =
    defined.finishDate && defined.finishDate <= context.today ? defined.finishDate : undefined;
  const decision = applyItemChange(BLANK_ITEM(type, title), defined, {
    today: context.today,
    assignable: new Set(context.people.map((person) => person.userId)),
    completedOn,
  });
  if (!decision.ok) {
    const fieldOf = (path: string): ImportField =>
      path === "assignee_id" ? "assignee" : (IMPORT_FIELDS.find((field) => field === path) ?? "title");
    for (const found of decision.problems) problem(fieldOf(found.path), found.message);
  }
  if (problems.length > 0 || !decision.ok) return { row: rowNumber, status: "error", problems };
  return { row: rowNumber, status: "valid", item: decision.state };
}

/** Problems with the mapping itself (before any row is read). */
export function checkMapping(mapping: ColumnMapping, columnCount: number, defaultType?: ItemType): string[] {
  const problems: string[] = [];
  const seen = new Map<ImportField, string>();
  for (const [index, field] of Object.entries(mapping)) {
    const column = Number(index);
    if (!Number.isInteger(column) || column < 0 || column >= columnCount) {
      problems.push(`column ${index} does not exist`);
      continue;
    }
    if (!field) continue;
    if (seen.has(field))
      problems.push(`${field} is mapped from two columns (${seen.get(field)} and ${index})`);
    seen.set(field, index);
  }
  if (!seen.has("title")) problems.push("map a column to title");
  if (!seen.has("type") && !defaultType) problems.push("map a column to type, or choose a default type");
  return problems;
}
