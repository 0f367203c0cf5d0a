import { describe, expect, it } from "vitest";
import {
  type Cell,
  checkMapping,
  detectDateOrder,
  normalizeHeader,
  parseDateCell,
  type RowContext,
  readRow,
  suggestMapping,
} from "./import-mapping";

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
