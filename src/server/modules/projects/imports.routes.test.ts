// Imports of messy real-world spreadsheets: title rows and merged headings above the header,
// dates as text in both orders, as date cells and as serial numbers, blank rows, columns nobody
// asked for, and bad rows. Nothing is written before the confirmation, and a row is imported
// whole or not at all. Exports import back to the same log.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, utcDate } from "../../../core/calendar";
import { selectRows } from "../../db";
import { createFileStorage, loadStorageConfig } from "../../storage";
import type { TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { MAX_IMPORT_BYTES } from "./imports.service";
import { createProjectsModule } from "./index";
import { addRoleHolders, callApi, createProjectWorld, fileForm, type ProjectWorld } from "./testing/fixtures";

let testApp: TestApp;
let world: ProjectWorld;

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const today = utcDate(new Date());

const api = (method: string, route: string, body?: unknown, user: TestUser = world.owner) =>
  callApi(testApp, user, method, route, body);
const ok = async (response: Response) => {
  const body = await response.json();
  if (response.status >= 400) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
};

async function newProject(name: string) {
  const { data } = await ok(await api("POST", "/projects", { name }));
  await addRoleHolders(testApp, world.ownerScope, data.id, world.members);
  return `/projects/${data.id}`;
}

async function countItems(projectPath: string) {
  const projectId = projectPath.split("/").at(-1)!;
  const [row] = await selectRows<{ count: number }>(
    testApp.database.handle.db,
    sql`select count(*)::int as count from project_items where project_id = ${projectId}`,
  );
  return row!.count;
}

/**
 * A RAID log as people keep them: a merged title, a blank line, grouped headings ("Dates" over
 * three columns, "Title" merged down two rows), dates in every form, a percent-formatted
 * column, an unknown column, blank rows and two bad rows.
 */
async function messyWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Cover").getCell("A1").value = "Read me first";
  const sheet = workbook.addWorksheet("RAID");
  sheet.getCell("A1").value = "Acme programme – RAID log (CONFIDENTIAL)";
  sheet.mergeCells("A1:K1");
  sheet.getRow(3).values = [
    "Ref",
    "Type",
    "Title",
    "Dates",
    null,
    null,
    "Owner",
    "Progress",
    "Colour",
    "Risk rating",
  ];
  sheet.mergeCells("C3:C4");
  sheet.mergeCells("D3:F3");
  sheet.mergeCells("J3:K3");
  sheet.getRow(4).values = [
    "Ref",
    "Type",
    null,
    "Start",
    "Due date",
    "Deadline",
    "Owner",
    "% Complete",
    "Colour",
    "Probability",
    "Impact",
  ];
  const row = (values: unknown[]) => sheet.addRow(values);
  row([
    "R-101",
    "Risk",
    "Vendor insolvency",
    new Date(Date.UTC(2025, 3, 3)),
    "03/04/2025",
    45800,
    world.members.project_manager.email,
    0.25,
    "red",
    4,
    "High",
  ]).getCell(8).numFmt = "0%";
  row([]);
  row([
    "A-7",
    "Action item",
    "Chase the vendor",
    "2025-04-03",
    "15/05/2025",
    null,
    world.members.team_member.name,
    "50%",
    "amber",
  ]);
  row(["I-3", "Issue", "", "2025-04-01"]);
  row(["D-2", "Decision", "Pick a supplier", "31/02/2025", null, null, null, null, null, 3]);
  row(["M-1", "Milestone", "Go live", null, null, 45900, null, null, "green"]);
  row([]);
  row([]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createProjectWorld(testApp);
});
afterAll(() => testApp.close());

describe("a messy XLSX RAID log", () => {
  let projectPath: string;
  let upload: {
    id: string;
    header_row: number;
    headers: { name: string }[];
    suggested_mapping: Record<string, string | null>;
    sheet_names: string[];
    sheet_name: string;
    date_order_detected: string | null;
    row_count: number;
  };

  beforeAll(async () => {
    projectPath = await newProject("Messy XLSX");
    const response = await api(
      "POST",
      `${projectPath}/imports`,
      fileForm("raid.xlsx", await messyWorkbook(), XLSX_TYPE),
    );
    upload = (await ok(response)).data;
  });

  it("passes over a cover sheet to the sheet that holds the log", () => {
    expect(upload.sheet_names).toEqual(["Cover", "RAID"]);
    expect(upload.sheet_name).toBe("RAID");
  });

  it("reads the sheet asked for, and says when it holds no header", async () => {
    const cover = await api(
      "POST",
      `${projectPath}/imports`,
      fileForm("raid.xlsx", await messyWorkbook(), XLSX_TYPE, { sheet: "Cover" }),
    );
    expect(cover.status).toBe(422);
    const missing = await api(
      "POST",
      `${projectPath}/imports`,
      fileForm("raid.xlsx", await messyWorkbook(), XLSX_TYPE, { sheet: "Budget" }),
    );
    expect(missing.status).toBe(400);
  });

  it("finds the header row below the title and grouped headings, and merged heading names", () => {
    expect(upload.header_row).toBe(4);
    expect(upload.headers.map((header) => header.name)).toEqual([
      "Ref",
      "Type",
      "Title",
      "Start",
      "Due date",
      "Deadline",
      "Owner",
      "% Complete",
      "Colour",
      "Probability",
      "Impact",
    ]);
    expect(upload.suggested_mapping).toEqual({
      "0": null,
      "1": "type",
      "2": "title",
      "3": "start_date",
      "4": "finish_date",
      "5": "deadline",
      "6": "assignee",
      "7": "percent_complete",
      "8": null,
      "9": "probability",
      "10": "impact",
    });
    // 15/05/2025 can only be day-first.
    expect(upload.date_order_detected).toBe("dmy");
    // Rows 5-10: trailing blank rows are dropped, the blank row in between is kept and reported.
    expect(upload.row_count).toBe(6);
  });

  it("previews a per-row report and writes nothing", async () => {
    const before = await countItems(projectPath);
    const { data, meta } = await ok(
      await api("POST", `${projectPath}/imports/${upload.id}/preview`, { mapping: upload.suggested_mapping }),
    );
    expect(meta).toMatchObject({ counts: { valid: 3, error: 2, blank: 1 }, date_order: "dmy", total: 6 });
    const byRow = Object.fromEntries(data.map((report: { row: number }) => [report.row, report]));
    expect(byRow[5]).toMatchObject({
      status: "valid",
      item: {
        type: "risk",
        title: "Vendor insolvency",
        start_date: "2025-04-03", // a date cell
        finish_date: "2025-04-03", // "03/04/2025", day first
        deadline: "2025-05-23", // serial 45800
        assignee_id: world.members.project_manager.userId, // by email
        percent_complete: 25, // a 0.25 formatted as a percentage
        status: "in_progress",
        probability: 4,
        impact: 4, // "High"
      },
    });
    expect(byRow[6]).toMatchObject({ status: "blank" });
    expect(byRow[7]).toMatchObject({
      status: "valid",
      item: {
        type: "action",
        start_date: "2025-04-03",
        finish_date: "2025-05-15",
        assignee_id: world.members.team_member.userId, // by name
        percent_complete: 50,
      },
    });
    expect(byRow[8]).toMatchObject({
      status: "error",
      problems: [{ field: "title", message: "the title is missing" }],
    });
    expect(byRow[9].status).toBe("error");
    expect(byRow[9].problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "start_date", column: "Start" }),
        expect.objectContaining({
          field: "probability",
          column: "Probability",
          message: "only risks have this field",
        }),
      ]),
    );
    expect(byRow[10]).toMatchObject({ status: "valid", item: { type: "milestone", deadline: "2025-08-31" } });

    const errorsOnly = await ok(
      await api("POST", `${projectPath}/imports/${upload.id}/preview?status=error`, {
        mapping: upload.suggested_mapping,
      }),
    );
    expect(errorsOnly.data.map((report: { row: number }) => report.row)).toEqual([8, 9]);
    expect(await countItems(projectPath)).toBe(before);
  });

  it("refuses to confirm with bad rows unless told to skip them, writing nothing", async () => {
    const before = await countItems(projectPath);
    const refused = await api("POST", `${projectPath}/imports/${upload.id}/confirm`, {
      mapping: upload.suggested_mapping,
    });
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.details.error_count).toBe(2);
    expect(body.details.rows.map((report: { row: number }) => report.row)).toEqual([8, 9]);
    expect(await countItems(projectPath)).toBe(before);
  });

  it("imports every valid row whole, skips the bad ones whole, and can only be confirmed once", async () => {
    const confirmed = await ok(
      await api("POST", `${projectPath}/imports/${upload.id}/confirm`, {
        mapping: upload.suggested_mapping,
        skip_invalid: true,
      }),
    );
    expect(confirmed.data).toMatchObject({ imported: 3, blank_rows: 1 });
    expect(confirmed.data.skipped.map((report: { row: number }) => report.row)).toEqual([8, 9]);
    const { data: items } = await ok(await api("GET", `${projectPath}/items?per_page=100`));
    expect(items.map((item: { code: string; title: string }) => [item.code, item.title])).toEqual([
      ["R-1", "Vendor insolvency"],
      ["A-1", "Chase the vendor"],
      ["M-1", "Go live"],
    ]);
    // The bad decision row left nothing behind.
    expect(items.some((item: { type: string }) => item.type === "decision")).toBe(false);

    const [audit] = await selectRows<{ count: number }>(
      testApp.database.handle.db,
      sql`select count(*)::int as count from audit_events
          where action = 'project_item.created' and after->>'importId' = ${upload.id}`,
    );
    expect(audit!.count).toBe(3);

    const again = await api("POST", `${projectPath}/imports/${upload.id}/confirm`, {
      mapping: upload.suggested_mapping,
      skip_invalid: true,
    });
    expect(again.status).toBe(409);
    expect(await countItems(projectPath)).toBe(3);
  });
});

describe("a messy CSV RAID log", () => {
  it("reads semicolons, Windows-1252 text, ambiguous dates in the order asked for, and defused formulas", async () => {
    const projectPath = await newProject("Messy CSV");
    const lines = [
      "Programme RAID log;;;;;",
      ";;;;;",
      "Type;Title;Owner;Due;% done;Internal",
      `Risk;Réseau saturé;${world.members.viewer.email};03/04/2025;10;x`,
      ";;;;;",
      "Action;'=SUM(A1) is not a formula;;2025-04-05;;",
      ";;;;;",
    ];
    const bytes = new Uint8Array(Buffer.from(`${lines.join("\r\n")}\r\n`, "latin1"));
    const { data: upload } = await ok(
      await api("POST", `${projectPath}/imports`, fileForm("raid.csv", bytes, "text/csv")),
    );
    expect(upload).toMatchObject({ format: "csv", header_row: 3, row_count: 3, date_order_detected: null });
    expect(upload.suggested_mapping).toEqual({
      "0": "type",
      "1": "title",
      "2": "assignee",
      "3": "finish_date",
      "4": "percent_complete",
      "5": null,
    });
    const preview = await ok(
      await api("POST", `${projectPath}/imports/${upload.id}/preview`, {
        mapping: upload.suggested_mapping,
        date_order: "mdy",
      }),
    );
    expect(preview.meta.counts).toEqual({ valid: 2, error: 0, blank: 1 });
    expect(preview.data[0].item).toMatchObject({ title: "Réseau saturé", finish_date: "2025-03-04" });
    expect(preview.data[2].item).toMatchObject({ title: "=SUM(A1) is not a formula" });
    const confirmed = await ok(
      await api("POST", `${projectPath}/imports/${upload.id}/confirm`, {
        mapping: upload.suggested_mapping,
        date_order: "mdy",
      }),
    );
    expect(confirmed.data.imported).toBe(2);
  });

  it("takes a default type for sheets without a type column, and checks the mapping", async () => {
    const projectPath = await newProject("Untyped");
    const { data: upload } = await ok(
      await api(
        "POST",
        `${projectPath}/imports`,
        fileForm("actions.csv", "Task,Owner\nBook rooms,\nSend invites,\n", "text/csv"),
      ),
    );
    const mapping = { "0": "title", "1": null };
    const withoutType = await api("POST", `${projectPath}/imports/${upload.id}/preview`, { mapping });
    expect(withoutType.status).toBe(400);
    expect((await withoutType.json()).details).toEqual([
      { path: "mapping", message: "map a column to type, or choose a default type" },
    ]);
    const twice = await api("POST", `${projectPath}/imports/${upload.id}/preview`, {
      mapping: { "0": "title", "1": "title" },
      default_type: "action",
    });
    expect(twice.status).toBe(400);
    const preview = await ok(
      await api("POST", `${projectPath}/imports/${upload.id}/preview`, { mapping, default_type: "action" }),
    );
    expect(preview.meta.counts).toEqual({ valid: 2, error: 0, blank: 0 });
  });

  it("refuses files that are not spreadsheets", async () => {
    const projectPath = await newProject("Not a sheet");
    const binary = await api(
      "POST",
      `${projectPath}/imports`,
      fileForm("x.csv", new Uint8Array([0, 1, 2, 0, 255]), "text/csv"),
    );
    expect(binary.status).toBe(422);
    const oldExcel = await api(
      "POST",
      `${projectPath}/imports`,
      fileForm(
        "old.xls",
        new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        "application/vnd.ms-excel",
      ),
    );
    expect(oldExcel.status).toBe(415);
    const noHeader = await api(
      "POST",
      `${projectPath}/imports`,
      fileForm("one.csv", "just one cell\n", "text/csv"),
    );
    expect(noHeader.status).toBe(422);
    expect(await countItems(projectPath)).toBe(0);
  });

  it("takes spreadsheets far above the app-wide body limit, up to MAX_IMPORT_BYTES", async () => {
    const projectPath = await newProject("Large log");
    const rows = Array.from({ length: 320 }, (_, index) => `Risk,Risk ${index},${"x".repeat(5000)}`);
    const csv = `Type,Title,Description\n${rows.join("\n")}\n`;
    expect(csv.length).toBeGreaterThan(1.5 * 1024 * 1024);
    expect(csv.length).toBeGreaterThan(testApp.config.maxBodyBytes);
    const { data: upload } = await ok(
      await api("POST", `${projectPath}/imports`, fileForm("large.csv", csv, "text/csv")),
    );
    expect(upload.row_count).toBe(320);

    const tooLarge = await api(
      "POST",
      `${projectPath}/imports`,
      fileForm("huge.csv", new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41), "text/csv"),
    );
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({
      error: "PAYLOAD_TOO_LARGE",
      details: { max_bytes: MAX_IMPORT_BYTES },
    });
    expect(await countItems(projectPath)).toBe(0);
  });

  it("expires sessions after a day", async () => {
    const projectPath = await newProject("Expiring");
    const { data: upload } = await ok(
      await api("POST", `${projectPath}/imports`, fileForm("r.csv", "Type,Title\nRisk,Late\n", "text/csv")),
    );
    const tomorrow = createProjectsModule({
      db: testApp.database.handle.db,
      members: testApp.services.members,
      audit: testApp.services.audit,
      storage: createFileStorage({
        config: loadStorageConfig({}),
        dataDir: mkdtempSync(path.join(tmpdir(), "cairn-unused-")),
        authSecret: "x".repeat(40),
        publicUrl: testApp.config.publicUrl,
      }),
      ai: testApp.services.ai.gateway,
      now: () => new Date(Date.now() + 25 * 60 * 60 * 1000),
    });
    await expect(
      tomorrow.imports.confirm(world.ownerScope, projectPath.split("/").at(-1)!, upload.id, {
        mapping: { "0": "type", "1": "title" },
        skipInvalid: false,
      }),
    ).rejects.toMatchObject({ code: "GONE" });
    expect(await countItems(projectPath)).toBe(0);
  });
});

describe("export round trip", () => {
  let source: string;

  beforeAll(async () => {
    source = await newProject("Round trip source");
    const create = async (body: Record<string, unknown>) => ok(await api("POST", `${source}/items`, body));
    await create({
      type: "risk",
      title: "Currency swings",
      description: 'Costs in "USD", revenue in EUR;\nhedge, or not?',
      probability: 3,
      impact: 4,
      priority: "high",
      tags: ["finance", "fx"],
      assignee_id: world.members.project_manager.userId,
      start_date: "2025-01-06",
      finish_date: addDays(today, 40),
    });
    await create({
      type: "action",
      title: '=HYPERLINK("http://evil") look',
      status: "done",
      finish_date: addDays(today, 3),
    });
    await create({
      type: "issue",
      title: "Outage",
      severity: "critical",
      deadline: addDays(today, 2),
      percent_complete: 30,
    });
    await create({
      type: "decision",
      title: "Use one cloud",
      rationale: "Cheaper, simpler",
      decision_date: "2025-02-01",
      status: "blocked",
    });
    await create({
      type: "deliverable",
      title: "Design pack",
      start_date: addDays(today, 5),
      finish_date: addDays(today, 30),
    });
    await create({ type: "milestone", title: "Go-live", deadline: addDays(today, 60), tags: ["launch"] });
  });

  for (const format of ["csv", "xlsx"] as const) {
    it(`exports ${format.toUpperCase()} that imports back to the same log`, async () => {
      const exported = await api("GET", `${source}/export?format=${format}`);
      expect(exported.status).toBe(200);
      const bytes = new Uint8Array(await exported.arrayBuffer());
      if (format === "csv") {
        const text = new TextDecoder().decode(bytes);
        // Spreadsheet formula injection is defused on the way out.
        expect(text).toContain(`'=HYPERLINK(""http://evil"") look`);
      }

      const target = await newProject(`Round trip ${format}`);
      const type = format === "csv" ? "text/csv" : XLSX_TYPE;
      const { data: upload } = await ok(
        await api("POST", `${target}/imports`, fileForm(`log.${format}`, bytes, type)),
      );
      const preview = await ok(
        await api("POST", `${target}/imports/${upload.id}/preview`, { mapping: upload.suggested_mapping }),
      );
      expect(preview.meta.counts).toEqual({ valid: 6, error: 0, blank: 0 });
      await ok(
        await api("POST", `${target}/imports/${upload.id}/confirm`, { mapping: upload.suggested_mapping }),
      );

      const again = await api("GET", `${target}/export?format=csv`);
      const original = await api("GET", `${source}/export?format=csv`);
      expect(await again.text()).toBe(await original.text());
    });
  }
});
