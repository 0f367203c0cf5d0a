// The indicator is computed twice: in TypeScript (core/raid, for every response) and in SQL (to
// filter, sort and count thousands of items in the database). They must agree on every
// boundary, or a filter would return items whose badge says something else.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../../core/calendar";
import { computeIndicator, INDICATORS, type Indicator } from "../../../core/raid";
import { inTenant, selectRows } from "../../db";
import type { OrgScope } from "../../http";
import { createOrgWithOwner } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { BLANK_ITEM, type ItemState } from "./item-rules";
import { indicatorSql, insertItems, listItems, tallyItems } from "./items.queries";
import { scopeOf } from "./testing/fixtures";

const TODAY = "2025-06-15";
const day = (offset: number | null) => (offset === null ? null : addDays(TODAY, offset));

let testApp: TestApp;
let scope: OrgScope;
let projectId: string;
const expected = new Map<string, Indicator>();

/** Every combination the database accepts of boundary dates and progress around TODAY. */
function boundaryItems(): ItemState[] {
  const offsets = [null, -30, -15, -14, -1, 0, 1, 14, 15, 40];
  const states: ItemState[] = [];
  let finishedCount = 0;
  for (const start of offsets)
    for (const finish of offsets)
      for (const deadline of offsets)
        for (const percentComplete of [0, 1, 30, 80, 99, 100]) {
          const startDate = day(start);
          const finishDate = day(finish);
          if (startDate && finishDate && finishDate < startDate) continue;
          const finished = percentComplete === 100;
          states.push({
            ...BLANK_ITEM("action", "boundary"),
            startDate,
            finishDate,
            deadline: day(deadline),
            percentComplete,
            status: finished ? "done" : percentComplete > 0 ? "in_progress" : "open",
            // Alternate recent and old completions across the grid.
            completedOn: finished ? day(finishedCount++ % 2 === 0 ? -3 : -20) : null,
          });
        }
  return states;
}

beforeAll(async () => {
  testApp = await createTestApp();
  const { orgId, owner } = await createOrgWithOwner(testApp, "Indicators");
  scope = scopeOf(orgId, owner, "owner");
  projectId = (await testApp.services.projects.projects.create(scope, { name: "Boundaries" })).id;
  const states = boundaryItems();
  await inTenant(testApp.database.handle.db, scope, async (tx) => {
    for (let start = 0; start < states.length; start += 500) {
      const batch = states.slice(start, start + 500);
      const ids = await insertItems(
        tx,
        batch.map((state, index) => ({
          ...state,
          orgId,
          projectId,
          number: start + index + 1,
          createdBy: null,
        })),
      );
      ids.forEach((id, index) => {
        expected.set(id, computeIndicator(batch[index]!, TODAY));
      });
    }
  });
});

afterAll(() => testApp.close());

describe("the SQL indicator", () => {
  it("agrees with computeIndicator on every boundary combination", async () => {
    const rows = await inTenant(testApp.database.handle.db, scope, (tx) =>
      selectRows<{ id: string; indicator: Indicator }>(
        tx,
        sql`select id, ${indicatorSql(TODAY)} as indicator from project_items where project_id = ${projectId}`,
      ),
    );
    expect(rows.length).toBe(expected.size);
    const disagreements = rows
      .filter((row) => row.indicator !== expected.get(row.id))
      .map((row) => `${row.id}: sql ${row.indicator}, ts ${expected.get(row.id)}`);
    expect(disagreements).toEqual([]);
    // The grid reaches every indicator, so the comparison covers every branch of both.
    expect([...new Set(rows.map((row) => row.indicator))].sort()).toEqual([...INDICATORS].sort());
  });

  it.each(INDICATORS)("filters %s exactly", async (indicator) => {
    const { total } = await inTenant(testApp.database.handle.db, scope, (tx) =>
      listItems(tx, {
        orgId: scope.orgId,
        projectId,
        today: TODAY,
        filter: { indicators: [indicator] },
        sort: "indicator",
        direction: "asc",
        page: { limit: 1, offset: 0 },
      }),
    );
    expect(total).toBe([...expected.values()].filter((value) => value === indicator).length);
  });

  it("counts the dashboard tallies the same way", async () => {
    const tallies = await inTenant(testApp.database.handle.db, scope, (tx) =>
      tallyItems(tx, { orgId: scope.orgId, projectId, today: TODAY }),
    );
    for (const indicator of INDICATORS) {
      const counted = tallies
        .filter((tally) => tally.indicator === indicator)
        .reduce((sum, t) => sum + t.count, 0);
      expect(counted, indicator).toBe([...expected.values()].filter((value) => value === indicator).length);
    }
  });

  it("sorts by urgency, most urgent first", async () => {
    const { rows } = await inTenant(testApp.database.handle.db, scope, (tx) =>
      listItems(tx, {
        orgId: scope.orgId,
        projectId,
        today: TODAY,
        filter: {},
        sort: "indicator",
        direction: "asc",
        page: { limit: 10_000, offset: 0 },
      }),
    );
    const ranks = rows.map((row) => INDICATORS.indexOf(expected.get(row.id)!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});
