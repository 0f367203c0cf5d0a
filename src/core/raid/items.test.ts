import { describe, expect, it } from "vitest";
import {
  type CompletionState,
  ITEM_TYPES,
  itemCode,
  NEW_ITEM_COMPLETION,
  parseItemCode,
  reconcileCompletion,
} from "./items";

const TODAY = "2025-06-15";
const done: CompletionState = { status: "done", percentComplete: 100, completedOn: "2025-06-01" };
const working: CompletionState = { status: "in_progress", percentComplete: 40, completedOn: null };

describe("item codes", () => {
  it("formats and parses every type", () => {
    for (const type of ITEM_TYPES) {
      expect(parseItemCode(itemCode(type, 12))).toEqual({ type, number: 12 });
    }
    expect(itemCode("risk", 12)).toBe("R-12");
    expect(itemCode("deliverable", 3)).toBe("DL-3");
    expect(parseItemCode(" dl-7 ")).toEqual({ type: "deliverable", number: 7 });
  });

  it.each(["R12", "X-1", "R-", "-3", "R-1.5", "RISK-1", ""])("rejects %j", (code) => {
    expect(parseItemCode(code)).toBeUndefined();
  });
});

describe("reconcileCompletion", () => {
  it.each<[string, CompletionState, Parameters<typeof reconcileCompletion>[1], CompletionState]>([
    ["nothing changes", working, {}, working],
    [
      "done sets 100% and dates it today",
      working,
      { status: "done" },
      { status: "done", percentComplete: 100, completedOn: TODAY },
    ],
    [
      "closed sets 100%",
      working,
      { status: "closed" },
      { status: "closed", percentComplete: 100, completedOn: TODAY },
    ],
    [
      "done with an explicit 100% is fine",
      working,
      { status: "done", percentComplete: 100 },
      { status: "done", percentComplete: 100, completedOn: TODAY },
    ],
    [
      "re-finishing keeps the original completion date",
      done,
      { status: "closed" },
      { status: "closed", percentComplete: 100, completedOn: "2025-06-01" },
    ],
    [
      "a completion date can be supplied (imports)",
      working,
      { status: "done", completedOn: "2025-05-05" },
      { status: "done", percentComplete: 100, completedOn: "2025-05-05" },
    ],
    [
      "100% finishes the item as done",
      working,
      { percentComplete: 100 },
      { status: "done", percentComplete: 100, completedOn: TODAY },
    ],
    [
      "100% keeps a closed item closed",
      { status: "closed", percentComplete: 100, completedOn: "2025-06-01" },
      { percentComplete: 100 },
      { status: "closed", percentComplete: 100, completedOn: "2025-06-01" },
    ],
    [
      "reopening by status resets progress",
      done,
      { status: "in_progress" },
      { status: "in_progress", percentComplete: 0, completedOn: null },
    ],
    [
      "reopening with a figure keeps it",
      done,
      { status: "blocked", percentComplete: 70 },
      { status: "blocked", percentComplete: 70, completedOn: null },
    ],
    [
      "less than 100% reopens a done item as in progress",
      done,
      { percentComplete: 90 },
      { status: "in_progress", percentComplete: 90, completedOn: null },
    ],
    [
      "0% reopens a done item as open",
      done,
      { percentComplete: 0 },
      { status: "open", percentComplete: 0, completedOn: null },
    ],
    [
      "progress moves an open item to in progress",
      NEW_ITEM_COMPLETION,
      { percentComplete: 10 },
      { status: "in_progress", percentComplete: 10, completedOn: null },
    ],
    [
      "progress keeps a blocked item blocked",
      { status: "blocked", percentComplete: 10, completedOn: null },
      { percentComplete: 20 },
      { status: "blocked", percentComplete: 20, completedOn: null },
    ],
    [
      "changing unfinished status keeps progress",
      working,
      { status: "blocked" },
      { status: "blocked", percentComplete: 40, completedOn: null },
    ],
  ])("%s", (_case, current, change, expected) => {
    expect(reconcileCompletion(current, change, TODAY)).toEqual({ ok: true, state: expected });
  });

  it("refuses contradictions", () => {
    expect(reconcileCompletion(working, { status: "done", percentComplete: 50 }, TODAY)).toMatchObject({
      ok: false,
      field: "percent_complete",
    });
    expect(reconcileCompletion(working, { status: "open", percentComplete: 100 }, TODAY)).toMatchObject({
      ok: false,
      field: "status",
    });
  });
});
