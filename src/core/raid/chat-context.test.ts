import { describe, expect, it } from "vitest";
import {
  type ChatItem,
  type ChatProjectFacts,
  itemSource,
  MAX_DESCRIPTION_CHARS,
  mentionedCodes,
  projectSummarySource,
  questionWords,
  SUMMARY_LABEL,
} from "./chat-context";
import { summarizeDashboard } from "./dashboard";

const risk: ChatItem = {
  id: "item-1",
  code: "R-12",
  type: "risk",
  title: "Vendor   contract\nslips",
  description: "The vendor may not sign. Legal is reviewing.",
  status: "open",
  priority: "high",
  indicator: "late_finish",
  assigneeName: "Ada",
  startDate: "2025-01-06",
  finishDate: "2025-02-01",
  deadline: null,
  percentComplete: 30,
  probability: 4,
  impact: 5,
};

const facts = (overrides: Partial<ChatProjectFacts> = {}): ChatProjectFacts => ({
  name: "Apollo",
  clientName: "Acme",
  status: "on_hold",
  startDate: "2025-01-06",
  endDate: null,
  asOf: "2025-03-01",
  summary: summarizeDashboard([
    { type: "risk", indicator: "late_finish", assigneeId: null, count: 3 },
    { type: "action", indicator: "not_started", assigneeId: null, count: 1 },
  ]),
  topRisks: [risk],
  attention: [risk],
  budget: null,
  ...overrides,
});

describe("projectSummarySource", () => {
  it("states counts, top risks and late items as standalone sentences", () => {
    const source = projectSummarySource(facts());
    expect(source).toMatchObject({ label: SUMMARY_LABEL, title: "Apollo" });
    expect(source.text.split("\n")).toEqual([
      'Project "Apollo" for Acme is on hold, running from 2025-01-06 to an open end, as of 2025-03-01.',
      "The project has 4 items: 3 risks, 1 action.",
      "Item status indicators: 3 late finish (overdue), 1 not started.",
      'Top open risks by score: R-12 "Vendor contract slips", risk score 20 (critical).',
      'Late or overdue items needing attention: R-12 "Vendor contract slips", late finish (overdue).',
    ]);
  });

  it("says when there is nothing, and gives the budget headline only when passed", () => {
    const empty = projectSummarySource(
      facts({ summary: summarizeDashboard([]), topRisks: [], attention: [], clientName: null }),
    );
    expect(empty.text).toContain("The project has no items yet.");
    expect(empty.text).toContain("There are no open risks.");
    expect(empty.text).toContain("No items are late or overdue.");
    expect(empty.text).not.toContain("Budget");

    const withBudget = projectSummarySource(
      facts({
        budget: {
          currency: "EUR",
          budget: 120000,
          burnToDate: 45000.5,
          percentSpent: 37.5,
          weeklyBurnRate: 4000,
          forecastAtCompletion: 130000,
          varianceAtCompletion: -10000,
        },
      }),
    );
    expect(withBudget.text.split("\n").at(-1)).toBe(
      "Budget: budget 120,000.00 EUR, spent to date 45,000.50 EUR (37.5% of budget), weekly burn rate " +
        "4,000.00 EUR, forecast at completion 130,000.00 EUR, forecast over budget by 10,000.00 EUR.",
    );
  });
});

describe("itemSource", () => {
  it("leads with a sentence naming the item's code and facts, cited by its code", () => {
    expect(itemSource(risk)).toEqual({
      id: "item-1",
      label: "R-12",
      title: "Vendor contract slips",
      text:
        'R-12 is a risk "Vendor contract slips": open, late finish (overdue), 30% complete, high priority, ' +
        "risk score 20 (critical), start 2025-01-06, finish 2025-02-01, assigned to Ada.\n" +
        "The vendor may not sign. Legal is reviewing.",
    });
  });

  it("shortens long descriptions and leaves out what is not set", () => {
    const source = itemSource({
      ...risk,
      type: "action",
      code: "A-3",
      description: "word ".repeat(400),
      probability: null,
      impact: null,
      priority: null,
      assigneeName: null,
      startDate: null,
      finishDate: null,
    });
    const [lead, description] = source.text.split("\n");
    expect(lead).toBe(
      'A-3 is an action "Vendor contract slips": open, late finish (overdue), 30% complete, unassigned.',
    );
    expect(description!.length).toBeLessThanOrEqual(MAX_DESCRIPTION_CHARS + 1);
    expect(description!.endsWith("…")).toBe(true);
  });
});

describe("mentionedCodes", () => {
  it("finds codes in brackets or plain, once each, in order, upper-cased", () => {
    expect(mentionedCodes("See [R-12] and dl-3, then R-12 again; A-1. Not XR-5 or R-x.")).toEqual([
      "R-12",
      "DL-3",
      "A-1",
    ]);
  });
});

describe("questionWords", () => {
  it("keeps content words of four letters or more, once each", () => {
    expect(questionWords("What about the Vendor delays and the vendor? Is R-12 late in 2025?")).toEqual([
      "vendor",
      "delays",
      "late",
    ]);
    expect(questionWords("a b c")).toEqual([]);
  });
});
