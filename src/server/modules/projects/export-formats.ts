import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import {
  INDICATOR_LABELS,
  INDICATORS,
  type Indicator,
  ITEM_TYPES,
  type ItemType,
  riskScore,
} from "../../../core/raid";
import type { ItemView } from "./items.service";

const TYPE_LABELS: Record<ItemType, string> = {
  risk: "Risk",
  action: "Action",
  issue: "Issue",
  decision: "Decision",
  deliverable: "Deliverable",
  milestone: "Milestone",
};
const TYPE_HEADINGS: Record<ItemType, string> = {
  risk: "Risks",
  action: "Actions",
  issue: "Issues",
  decision: "Decisions",
  deliverable: "Deliverables",
  milestone: "Milestones",
};

/** "in_progress" → "In progress". */
const humanize = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, " ");

type ColumnValue = string | number | null;

interface ExportColumn {
  header: string;
  value: (item: ItemView) => ColumnValue;
  /** Dates become real date cells in XLSX. */
  date?: boolean;
  width?: number;
}

/**
 * The exported columns. Headers are ones the importer recognises, and values read back to the
 * same item (type and status words, the assignee's email), so an export re-imports cleanly.
 */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { header: "Code", value: (item) => item.code, width: 8 },
  { header: "Type", value: (item) => TYPE_LABELS[item.type], width: 12 },
  { header: "Title", value: (item) => item.title, width: 40 },
  { header: "Description", value: (item) => item.description, width: 50 },
  { header: "Status", value: (item) => humanize(item.status), width: 12 },
  { header: "Priority", value: (item) => humanize(item.priority), width: 10 },
  { header: "Assignee", value: (item) => item.assigneeEmail, width: 28 },
  { header: "Start date", value: (item) => item.startDate, date: true, width: 12 },
  { header: "Finish date", value: (item) => item.finishDate, date: true, width: 12 },
  { header: "Deadline", value: (item) => item.deadline, date: true, width: 12 },
  { header: "% Complete", value: (item) => item.percentComplete, width: 11 },
  { header: "Indicator", value: (item) => INDICATOR_LABELS[item.indicator], width: 18 },
  { header: "Tags", value: (item) => item.tags.join(", "), width: 20 },
  { header: "Probability", value: (item) => item.probability, width: 11 },
  { header: "Impact", value: (item) => item.impact, width: 8 },
  { header: "Risk score", value: (item) => riskScore(item.probability, item.impact), width: 10 },
  { header: "Severity", value: (item) => (item.severity ? humanize(item.severity) : null), width: 10 },
  { header: "Decision date", value: (item) => item.decisionDate, date: true, width: 13 },
  { header: "Rationale", value: (item) => item.rationale, width: 40 },
];

/**
 * Spreadsheet apps run cells that start with = + - @ as formulas, so a title like
 * "=HYPERLINK(…)" could attack whoever opens the export. Such text is prefixed with ' (and the
 * importer strips it again).
 */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: ColumnValue): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : defuse(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a UTF-8 BOM so Excel opens accented text correctly. */
export function itemsToCsv(items: ItemView[]): string {
  const lines = [EXPORT_COLUMNS.map((column) => csvField(column.header)).join(",")];
  for (const item of items)
    lines.push(EXPORT_COLUMNS.map((column) => csvField(column.value(item))).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function itemsToXlsx(items: ItemView[], projectName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Cairn";
  const sheet = workbook.addWorksheet("RAID log", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((column) => ({ header: column.header, width: column.width ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  for (const item of items) {
    sheet.addRow(
      EXPORT_COLUMNS.map((column) => {
        const value = column.value(item);
        return column.date && typeof value === "string" ? new Date(`${value}T00:00:00Z`) : value;
      }),
    );
  }
  EXPORT_COLUMNS.forEach((column, index) => {
    if (column.date) sheet.getColumn(index + 1).numFmt = "yyyy-mm-dd";
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  workbook.title = `${projectName} RAID log`;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const markdownCell = (value: ColumnValue) =>
  value === null || value === "" ? "" : String(value).replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

/** A readable Markdown document: one table per item type, in RAID order. */
export function itemsToMarkdown(items: ItemView[], project: { name: string }, generatedOn: string): string {
  const lines = [`# ${project.name}: RAID log`, "", `Exported ${generatedOn}. ${items.length} items.`];
  for (const type of ITEM_TYPES) {
    const ofType = items.filter((item) => item.type === type);
    if (ofType.length === 0) continue;
    lines.push("", `## ${TYPE_HEADINGS[type]} (${ofType.length})`, "");
    lines.push(
      "| Code | Title | Status | Assignee | Finish | % | Indicator |",
      "|---|---|---|---|---|---|---|",
    );
    for (const item of ofType) {
      lines.push(
        `| ${[
          item.code,
          item.title,
          humanize(item.status),
          item.assigneeName,
          item.finishDate ?? item.deadline,
          `${item.percentComplete}%`,
          INDICATOR_LABELS[item.indicator],
        ]
          .map(markdownCell)
          .join(" | ")} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export interface StatusReport {
  project: {
    name: string;
    clientName: string | null;
    status: string;
    startDate: string | null;
    endDate: string | null;
    currency: string;
  };
  asOf: string;
  generatedAt: string;
  total: number;
  byIndicator: Record<Indicator, number>;
  byType: Record<ItemType, number>;
  budget: {
    budgetTotal: number | null;
    burnToDate: number;
    forecastAtCompletion: number | null;
    varianceAtCompletion: number | null;
    percentSpent: number | null;
    weeklyBurnRate: number;
  } | null;
  topRisks: ItemView[];
  needsAttention: ItemView[];
  upcoming: ItemView[];
  recentDecisions: ItemView[];
  recentlyCompleted: ItemView[];
}

/** The standard PDF fonts speak Windows-1252 only; anything else would print as garbage. */
const printable = (text: string) =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/[^\x20-\x7e\xa0-\xff\n]/g, "?");

const money = (amount: number | null, currency: string) =>
  amount === null
    ? "-"
    : `${currency} ${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The printable status report as a PDF (A4, standard fonts, no external assets). */
export function statusReportToPdf(report: StatusReport): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { Title: `${report.project.name} status report` },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });

  const text = (value: string, options?: PDFKit.Mixins.TextOptions) => doc.text(printable(value), options);
  const heading = (value: string) => {
    doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13);
    text(value);
    doc.font("Helvetica").fontSize(10).moveDown(0.3);
  };
  const itemLines = (items: ItemView[], detail: (item: ItemView) => string) => {
    if (items.length === 0) {
      doc.fillColor("#666666");
      text("None.");
      doc.fillColor("#000000");
      return;
    }
    for (const item of items) text(`${item.code}  ${item.title}  -  ${detail(item)}`);
  };

  const { project } = report;
  doc.font("Helvetica-Bold").fontSize(20);
  text(`${project.name}: status report`);
  doc.font("Helvetica").fontSize(10).fillColor("#444444");
  text(
    [
      project.clientName ? `Client: ${project.clientName}` : null,
      `Status: ${humanize(project.status)}`,
      project.startDate || project.endDate
        ? `Dates: ${project.startDate ?? "?"} to ${project.endDate ?? "?"}`
        : null,
      `As of ${report.asOf}`,
    ]
      .filter(Boolean)
      .join("   |   "),
  );
  doc.fillColor("#000000");

  heading(`Items (${report.total})`);
  text(
    INDICATORS.filter((indicator) => report.byIndicator[indicator] > 0)
      .map((indicator) => `${INDICATOR_LABELS[indicator]}: ${report.byIndicator[indicator]}`)
      .join("   ") || "No items yet.",
  );
  text(ITEM_TYPES.map((type) => `${TYPE_HEADINGS[type]}: ${report.byType[type]}`).join("   "));

  if (report.budget) {
    const { budget } = report;
    heading("Budget");
    text(
      `Budget: ${money(budget.budgetTotal, project.currency)}    Spent: ${money(budget.burnToDate, project.currency)}${budget.percentSpent === null ? "" : ` (${budget.percentSpent}%)`}`,
    );
    text(
      `Burn rate: ${money(budget.weeklyBurnRate, project.currency)} / week    Forecast at completion: ${money(budget.forecastAtCompletion, project.currency)}    Variance: ${money(budget.varianceAtCompletion, project.currency)}`,
    );
  }

  heading("Needs attention");
  itemLines(report.needsAttention, (item) =>
    [INDICATOR_LABELS[item.indicator], item.assigneeName, item.finishDate && `due ${item.finishDate}`]
      .filter(Boolean)
      .join(", "),
  );
  heading("Top risks");
  itemLines(report.topRisks, (item) => {
    const score = riskScore(item.probability, item.impact);
    return [score === null ? "unrated" : `score ${score}`, item.assigneeName].filter(Boolean).join(", ");
  });
  heading("Coming up");
  itemLines(report.upcoming, (item) =>
    [INDICATOR_LABELS[item.indicator], item.finishDate ?? item.startDate, item.assigneeName]
      .filter(Boolean)
      .join(", "),
  );
  heading("Recent decisions");
  itemLines(report.recentDecisions, (item) => item.decisionDate ?? "undated");
  heading("Recently completed");
  itemLines(report.recentlyCompleted, (item) => item.completedOn ?? "");

  doc.moveDown(1).fontSize(8).fillColor("#888888");
  text(`Generated by Cairn at ${report.generatedAt}.`);
  doc.end();
  return finished;
}
