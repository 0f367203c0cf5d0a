import { describe, expect, it } from "vitest";
import { validateItemsSearch } from "./items-search";

describe("the Items tab's URL state", () => {
  it("keeps known filters, sorts and groups", () => {
    expect(
      validateItemsSearch({
        q: "vendor",
        type: "risk,issue",
        status: "open,blocked",
        priority: "critical",
        indicator: "late_finish",
        sort: "risk_score",
        order: "desc",
        page: "3",
        group: "status",
        item: "abc",
      }),
    ).toEqual({
      q: "vendor",
      type: "risk,issue",
      status: "open,blocked",
      priority: "critical",
      indicator: "late_finish",
      assignee: undefined,
      tag: undefined,
      sort: "risk_score",
      order: "desc",
      page: 3,
      group: "status",
      item: "abc",
    });
  });

  it("drops what a hand-edited link gets wrong", () => {
    const search = validateItemsSearch({
      type: "risk,widget",
      status: "pending",
      priority: "urgent,high",
      indicator: "nope",
      sort: "drop table",
      order: "sideways",
      page: "-2",
      group: 7,
      q: "   ",
    });
    expect(search).toMatchObject({
      type: "risk",
      status: undefined,
      priority: "high",
      indicator: undefined,
      sort: undefined,
      order: undefined,
      page: undefined,
      group: undefined,
      q: undefined,
    });
  });

  it("leaves page 1 out of the URL", () => {
    expect(validateItemsSearch({ page: 1 }).page).toBeUndefined();
  });
});
