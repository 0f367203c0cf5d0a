import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  type Cell,
  checkMapping,
  detectDateOrder,
  normalizeHeader,
  parseDateCell,
  type RowContext,
  type RowReport,
  readRow,
  suggestMapping,
} from "./import-mapping";
import { parseSpreadsheet } from "./import-parser";

describe("parseDateCell", () => {
  it.each<[string | number, "dmy" | "mdy", string | undefined]>([
    ["2025-04-03", "dmy", "2025-04-03"],
    ["2025-04-03T00:00:00Z", "mdy", "2025-04-03"],
    ["2025/4/3", "dmy", "2025-04-03"],
    ["03/04/2025", "dmy", "2025-04-03"],
    ["03/04/2025", "mdy", "2025-03-04"],
    ["3.4.25", "dmy", "2025-04-03"],
    ["03-04-2025 14:30", "dmy", "2025-04-03"],
    ["3 Apr 2025", "mdy", "2025-04-03"],
    ["3-April-25", "dmy", "2025-04-03"],
    ["April 3, 2025", "dmy", "2025-04-03"],
    ["Apr 3rd 2025", "dmy", "2025-04-03"],
    [45750, "dmy", "2025-04-03"], // an Excel serial
    [45750.75, "mdy", "2025-04-03"], // with a time of day
    ["45750", "dmy", "2025-04-03"], // a serial that came through as text
    [61, "dmy", "1900-03-01"],
    ["31/02/2025", "dmy", undefined],
    ["13/13/2025", "mdy", undefined],
    ["next Tuesday", "dmy", undefined],
    ["2025-02-30", "dmy", undefined],
    [0, "dmy", undefined],
    [3_000_000, "dmy", undefined],
    ["1/1/1850", "dmy", undefined],
  ])("%j read %s is %s", (cell, order, expected) => {
    expect(parseDateCell(cell, order)).toBe(expected);
  });
});

describe("detectDateOrder", () => {
  const mapping = { "0": "title" as const, "1": "finish_date" as const, "2": "start_date" as const };
  it("reads day-first from a day above 12", () => {
    expect(
      detectDateOrder(
        [
          ["a", "03/04/2025", null],
          ["b", "15/05/2025", null],
        ],
        mapping,
      ),
    ).toBe("dmy");
  });
  it("reads month-first from a day above 12 in second place", () => {
    expect(detectDateOrder([["a", null, "05/15/2025"]], mapping)).toBe("mdy");
  });
  it("cannot tell when every day is 12 or less, or dates are ISO or serials", () => {
    expect(
      detectDateOrder(
        [
          ["a", "03/04/2025", "2025-04-03"],
          ["b", 45750, null],
        ],
        mapping,
      ),
    ).toBeUndefined();
  });
  it("ignores columns that are not dates", () => {
    expect(detectDateOrder([["31/12/2025", null, null]], mapping)).toBeUndefined();
  });
});

describe("column mapping", () => {
  it("normalises headers", () => {
    expect(normalizeHeader("  % Complete ")).toBe("percent complete");
    expect(normalizeHeader("Start-Date")).toBe("start date");
    expect(normalizeHeader("Item #")).toBe("item number");
  });

  it("suggests a field per recognised header, once each, and ignores the rest", () => {
    expect(
      suggestMapping([
        "Ref",
        "Type",
        "Summary",
        "Owner",
        "Due Date",
        "% Complete",
        "Colour",
        "Title",
        "Likelihood",
      ]),
    ).toEqual({
      "0": null,
      "1": "type",
      "2": "title",
      "3": "assignee",
      "4": "finish_date",
      "5": "percent_complete",
      "6": null,
      "7": null,
      "8": "probability",
    });
  });

  it("recognises its own export headers", () => {
    const exported = ["Code", "Type", "Title", "Description", "Status", "Priority", "Assignee", "Start date"];
    expect(Object.values(suggestMapping(exported))).toEqual([
      null,
      "type",
      "title",
      "description",
      "status",
      "priority",
      "assignee",
      "start_date",
    ]);
  });

  it("checks a mapping before any row is read", () => {
    expect(checkMapping({ "0": "type", "1": "title" }, 2)).toEqual([]);
    expect(checkMapping({ "0": "title" }, 2)).toEqual(["map a column to type, or choose a default type"]);
    expect(checkMapping({ "0": "title" }, 2, "action")).toEqual([]);
    expect(checkMapping({ "0": "type", "1": "type" }, 2)).toEqual([
      "type is mapped from two columns (0 and 1)",
      "map a column to title",
    ]);
    expect(checkMapping({ "0": "type", "1": "title", "7": "tags" }, 2)).toEqual(["column 7 does not exist"]);
  });
});

describe("readRow", () => {
  const headers = [
    "Type",
    "Title",
    "Owner",
    "Start",
    "Due",
    "% Complete",
    "Probability",
    "Impact",
    "Status",
    "Tags",
  ];
  const context: RowContext = {
    headers,
    mapping: Object.fromEntries(
      (
        [
          "type",
          "title",
          "assignee",
          "start_date",
          "finish_date",
          "percent_complete",
          "probability",
          "impact",
          "status",
          "tags",
        ] as const
      ).map((field, index) => [String(index), field]),
    ),
    dateOrder: "dmy",
    people: [
      { userId: "u-ann", name: "Ann Lee", email: "ann@example.com" },
      { userId: "u-bo1", name: "Bo Chan", email: "bo1@example.com" },
      { userId: "u-bo2", name: "Bo Chan", email: "bo2@example.com" },
    ],
    today: "2025-06-15",
  };
  const row = (cells: Cell[]) => readRow(7, cells, context);

  it("reads a full risk row", () => {
    expect(
      row([
        "Risk",
        "Vendor fails",
        "ANN@example.com",
        "01/06/2025",
        45850,
        "25%",
        4,
        "very high",
        "",
        "vendor; finance",
      ]),
    ).toEqual({
      row: 7,
      status: "valid",
      item: expect.objectContaining({
        type: "risk",
        title: "Vendor fails",
        assigneeId: "u-ann",
        startDate: "2025-06-01",
        finishDate: "2025-07-12",
        percentComplete: 25,
        status: "in_progress",
        probability: 4,
        impact: 5,
        tags: ["vendor", "finance"],
      }),
    });
  });

  it("dates a finished row by its past finish date", () => {
    const result = row([
      "Action",
      "Done thing",
      null,
      null,
      "01/05/2025",
      null,
      null,
      null,
      "Completed",
      null,
    ]);
    expect(result).toMatchObject({
      status: "valid",
      item: { status: "done", percentComplete: 100, completedOn: "2025-05-01" },
    });
  });

  it("treats a row of empty cells as blank", () => {
    expect(row([null, "  ", null, null, null, null, null, null, null, null])).toEqual({
      row: 7,
      status: "blank",
    });
  });

  it("reports every problem of a bad row, with its column", () => {
    const result = row(["Decision", "", "Bo Chan", "31/02/2025", null, "150%", 3, null, "Maybe", null]);
    expect(result.status).toBe("error");
    expect(result.status === "error" && result.problems).toEqual(
      expect.arrayContaining([
        { field: "title", column: null, message: "the title is missing" },
        { field: "assignee", column: "Owner", message: '"Bo Chan" matches several people; use their email' },
        { field: "start_date", column: "Start", message: '"31/02/2025" is not a date' },
        {
          field: "percent_complete",
          column: "% Complete",
          message: '"150%" is not a percentage from 0 to 100',
        },
        { field: "status", column: "Status", message: '"Maybe" is not a status' },
      ]),
    );
  });

  it("rejects the whole row when the item breaks a rule (no partial items)", () => {
    const wrongType = row(["Action", "Call", null, null, null, null, 3, null, null, null]);
    expect(wrongType).toMatchObject({
      status: "error",
      problems: [{ field: "probability", column: "Probability", message: "only risks have this field" }],
    });
    const backwards = row(["Action", "Call", null, "10/06/2025", "01/06/2025", null, null, null, null, null]);
    expect(backwards).toMatchObject({ status: "error", problems: [{ field: "finish_date", column: "Due" }] });
    const contradictory = row(["Action", "Call", null, null, null, "40", null, null, "done", null]);
    expect(contradictory).toMatchObject({ status: "error", problems: [{ field: "percent_complete" }] });
    const stranger = row(["Action", "Call", "nobody@example.com", null, null, null, null, null, null, null]);
    expect(stranger).toMatchObject({ status: "error", problems: [{ field: "assignee", column: "Owner" }] });
  });

  it("uses the default type only when the row has none", () => {
    const withDefault = { ...context, defaultType: "action" as const };
    expect(
      readRow(1, [null, "Untyped", null, null, null, null, null, null, null, null], withDefault),
    ).toMatchObject({
      status: "valid",
      item: { type: "action" },
    });
    expect(
      readRow(1, ["Gizmo", "Odd type", null, null, null, null, null, null, null, null], withDefault),
    ).toMatchObject({
      status: "error",
      problems: [{ field: "type", message: '"Gizmo" is not a RAID item type' }],
    });
  });
});

/**
 * The whole path an upload takes before anything is written - parse, suggest a mapping, detect
 * the date order, read every row - on spreadsheets as people really keep them.
 */
async function readSheet(bytes: Uint8Array, options: { sheet?: string } = {}) {
  const parsed = await parseSpreadsheet(bytes, options);
  const mapping = suggestMapping(parsed.headers);
  const dateOrder = detectDateOrder(
    parsed.rows.map((row) => row.cells),
    mapping,
  );
  const context: RowContext = {
    headers: parsed.headers,
    mapping,
    dateOrder: dateOrder ?? "dmy",
    people: [{ userId: "u-ann", name: "Ann Lee", email: "ann@example.com" }],
    today: "2025-06-15",
  };
  const reports = parsed.rows.map(({ row, cells }) => readRow(row, cells, context));
  return { parsed, mapping, dateOrder, reports };
}

const byRow = (reports: RowReport[]) => new Map(reports.map((report) => [report.row, report]));
const itemOf = (report: RowReport | undefined) => (report?.status === "valid" ? report.item : undefined);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("messy CSV files", () => {
  const csv = [
    "\uFEFFAcme programme - RAID log,,,,,,",
    "Exported 1 June 2025 by the PMO,,,,,,",
    ",,,,,,",
    "Ref,Type,Title,Start,Due date,Owner,Colour,Notes",
    'R-1,Risk,Vendor insolvency,3 Apr 2025,2025-05-15,ann@example.com,red,"Two lines:\nfirst, then second"',
    ",,,,,,,",
    "A-2,Action,Chase the vendor,April 3 2025,15/05/2025,Ann Lee,amber,",
    "A-3,Action,Serial dates,45750,45800.5,,green,",
    "D-4,Decision,,1/2/2025,,,,",
    "A-5,Action,Impossible date,2025-02-30,,,,",
    ",,,,,,,",
    ",,,,,,,",
  ].join("\r\n");

  it("skips title rows above the header and keeps row numbers as the sheet shows them", async () => {
    const { parsed, mapping } = await readSheet(utf8(csv));
    expect(parsed.format).toBe("csv");
    expect(parsed.headerRow).toBe(4);
    expect(parsed.headers).toEqual(["Ref", "Type", "Title", "Start", "Due date", "Owner", "Colour", "Notes"]);
    expect(Object.values(mapping)).toEqual([
      null,
      "type",
      "title",
      "start_date",
      "finish_date",
      "assignee",
      null,
      "description",
    ]);
    // Trailing blank rows are dropped; blank rows between items are kept and reported blank.
    expect(parsed.rows.map((row) => row.row)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it("reads dates written several ways, day first as the sheet shows, and serials as text", async () => {
    const { dateOrder, reports } = await readSheet(utf8(csv));
    expect(dateOrder).toBe("dmy");
    const rows = byRow(reports);
    expect(rows.get(6)).toEqual({ row: 6, status: "blank" });
    expect(itemOf(rows.get(5))).toMatchObject({
      type: "risk",
      title: "Vendor insolvency",
      description: "Two lines:\nfirst, then second",
      startDate: "2025-04-03",
      finishDate: "2025-05-15",
      assigneeId: "u-ann",
    });
    expect(itemOf(rows.get(7))).toMatchObject({ startDate: "2025-04-03", finishDate: "2025-05-15" });
    expect(itemOf(rows.get(8))).toMatchObject({ startDate: "2025-04-03", finishDate: "2025-05-23" });
  });

  it("rejects bad rows whole, naming the problem, and leaves good rows alone", async () => {
    const rows = byRow((await readSheet(utf8(csv))).reports);
    expect(rows.get(9)).toMatchObject({ status: "error", problems: [{ field: "title" }] });
    expect(rows.get(9)).not.toHaveProperty("item");
    expect(rows.get(10)).toMatchObject({
      status: "error",
      problems: [{ field: "start_date", column: "Start", message: '"2025-02-30" is not a date' }],
    });
    expect(rows.get(10)).not.toHaveProperty("item");
    expect([...rows.values()].filter((report) => report.status === "valid")).toHaveLength(3);
  });

  it("reads month-first files when a day above 12 says so", async () => {
    const { dateOrder, reports } = await readSheet(
      utf8("Type;Title;Finish\nAction;US style;04/15/2025\nAction;Ambiguous;04/03/2025\n"),
    );
    expect(dateOrder).toBe("mdy");
    expect(reports.map((report) => itemOf(report)?.finishDate)).toEqual(["2025-04-15", "2025-04-03"]);
  });

  it("reads tab-separated Windows-1252 files", async () => {
    const latin1 = Uint8Array.from(
      [..."Type\tTitle\nRisk\tCaf"].map((char) => char.charCodeAt(0)).concat(0xe9),
    );
    const { reports } = await readSheet(latin1);
    expect(itemOf(reports[0])).toMatchObject({ type: "risk", title: "Café" });
  });
});

describe("messy XLSX workbooks", () => {
  /**
   * An instructions sheet first; then a log with a merged title, a blank line, two header rows
   * (grouped "Dates" over three columns, "Title" merged down), dates as date cells, as
   * date-formatted and plain serials, as text in several forms, formulas, rich text, links,
   * error cells, unknown columns and blank rows.
   */
  async function workbook(): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const help = book.addWorksheet("How to use");
    help.getCell("A1").value = "Fill in one row per item.";
    help.getCell("A2").value = "Do not change the headings.";
    const sheet = book.addWorksheet("Log");
    sheet.getCell("A1").value = "Programme RAID log - Q2";
    sheet.mergeCells("A1:I1");
    sheet.getRow(3).values = ["Type", "Title", "Dates", null, null, "Owner", "Progress", "RAG", "Link"];
    sheet.mergeCells("B3:B4");
    sheet.mergeCells("C3:E3");
    sheet.getRow(4).values = [
      "Type",
      null,
      "Start",
      "Finish",
      "Deadline",
      "Owner",
      "% Complete",
      "RAG",
      "Link",
    ];
    const add = (values: unknown[]) => sheet.addRow(values);
    add([
      "Risk",
      "Date cells",
      new Date(Date.UTC(2025, 3, 3)),
      new Date(Date.UTC(2025, 4, 15)),
      null,
      "Ann Lee",
    ]);
    const serials = add(["Action", "Date-formatted serials", 45750, 45792, 45800]);
    for (const column of [3, 4, 5]) serials.getCell(column).numFmt = "dd/mm/yyyy";
    add(["Action", "Plain serials", 45750, 45792.25]);
    add([]);
    add(["Action", "Text dates", "3rd April 2025", "15-May-25", "2025/05/30"]);
    add([
      { richText: [{ text: "Iss" }, { text: "ue", font: { bold: true } }] },
      { formula: 'CONCAT("Formula ","title")', result: "Formula title" },
      null,
      null,
      null,
      { text: "ann@example.com", hyperlink: "mailto:ann@example.com" },
      0.4,
      { error: "#N/A" },
      { text: "ticket", hyperlink: "https://example.com/t/1" },
    ]).getCell(7).numFmt = "0%";
    add(["Action", "Bad percent and date", "31/02/2025", null, null, null, "150%"]);
    add([]);
    add([]);
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  it("finds the log sheet and the header below the title and grouped headings", async () => {
    const { parsed, mapping } = await readSheet(await workbook());
    expect(parsed).toMatchObject({ format: "xlsx", sheetName: "Log", sheetNames: ["How to use", "Log"] });
    expect(parsed.headerRow).toBe(4);
    expect(parsed.headers).toEqual([
      "Type",
      "Title",
      "Start",
      "Finish",
      "Deadline",
      "Owner",
      "% Complete",
      "RAG",
      "Link",
    ]);
    expect(Object.values(mapping)).toEqual([
      "type",
      "title",
      "start_date",
      "finish_date",
      "deadline",
      "assignee",
      "percent_complete",
      null,
      null,
    ]);
    expect(parsed.rows.map((row) => row.row)).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it("reads date cells, serials and dates as text to the same kind of day", async () => {
    const rows = byRow((await readSheet(await workbook())).reports);
    expect(itemOf(rows.get(5))).toMatchObject({
      type: "risk",
      startDate: "2025-04-03",
      finishDate: "2025-05-15",
      assigneeId: "u-ann",
    });
    expect(itemOf(rows.get(6))).toMatchObject({
      startDate: "2025-04-03",
      finishDate: "2025-05-15",
      deadline: "2025-05-23",
    });
    expect(itemOf(rows.get(7))).toMatchObject({ startDate: "2025-04-03", finishDate: "2025-05-15" });
    expect(rows.get(8)).toEqual({ row: 8, status: "blank" });
    expect(itemOf(rows.get(9))).toMatchObject({
      startDate: "2025-04-03",
      finishDate: "2025-05-15",
      deadline: "2025-05-30",
    });
  });

  it("reads rich text, formula results, links and percent cells; error cells are empty", async () => {
    const { parsed, reports } = await readSheet(await workbook());
    expect(parsed.rows.find((row) => row.row === 10)!.cells).toEqual([
      "Issue",
      "Formula title",
      null,
      null,
      null,
      "ann@example.com",
      "40%",
      null,
      "ticket",
    ]);
    expect(itemOf(byRow(reports).get(10))).toMatchObject({
      type: "issue",
      title: "Formula title",
      assigneeId: "u-ann",
      percentComplete: 40,
    });
  });

  it("rejects a bad row whole with every problem, and nothing of it is kept", async () => {
    const bad = byRow((await readSheet(await workbook())).reports).get(11);
    expect(bad).toMatchObject({
      status: "error",
      problems: expect.arrayContaining([
        expect.objectContaining({ field: "start_date", column: "Start" }),
        expect.objectContaining({ field: "percent_complete", column: "% Complete" }),
      ]),
    });
    expect(bad).not.toHaveProperty("item");
  });
});
