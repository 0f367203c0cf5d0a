import { describe, expect, it } from "vitest";
import {
  type CoachChunk,
  type CoachSnapshot,
  coachContextDocuments,
  completeIntent,
  inferMeasure,
  jsonLine,
  matchByTitle,
  offlineCoachReply,
  parseIntent,
  parseJsonLines,
} from "./coach";
import { buildGoalTree, type ObjectiveAccess } from "./tree";

const ME = "0193e0a4-0000-7000-8000-000000000001";
const SAM = "0193e0a4-0000-7000-8000-000000000002";
const id = (n: number) => `0193e0a4-0000-7000-8000-${String(n).padStart(12, "0")}`;
const at = (date: string) => new Date(`${date}T10:00:00Z`);

const CYCLE = { id: id(100), name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-28" };
const TODAY = "2026-08-15"; // halfway: expected progress 0.5

function objective(n: number, title: string, access: ObjectiveAccess = "owner", ownerId = ME) {
  return { id: id(n), cycleId: CYCLE.id, sortOrder: n, title, access, ownerId };
}
function keyResult(n: number, objectiveN: number, title: string, fields: Record<string, unknown> = {}) {
  return {
    id: id(n),
    objectiveId: id(objectiveN),
    title,
    type: "numeric" as const,
    unit: null as string | null,
    startValue: 0,
    targetValue: 100,
    currentValue: 50,
    weight: 1,
    confidence: null as number | null,
    sortOrder: n,
    lastCheckInAt: at("2026-08-14") as Date | null,
    createdAt: at("2026-07-01"),
    ...fields,
  };
}
function task(
  n: number,
  krN: number,
  title: string,
  assigneeId: string | null,
  estimateMinutes: number | null,
) {
  return {
    id: id(n),
    keyResultId: id(krN),
    title,
    status: "todo" as const,
    sortOrder: n,
    assigneeId,
    estimateMinutes,
    dueDate: null as string | null,
  };
}

function snapshot(): CoachSnapshot {
  const objectives = buildGoalTree({
    objectives: [
      objective(1, "Grow revenue"),
      objective(2, "Delight customers"),
      objective(3, "Shared roadmap", "view", SAM),
      objective(4, "Build the brand"),
    ],
    keyResults: [
      keyResult(11, 1, "Signed customers", { currentValue: 20, targetValue: 50, confidence: 0.4 }),
      keyResult(12, 1, "Pipeline value", { currentValue: 60, unit: "k€" }),
      keyResult(21, 2, "NPS", {
        startValue: 30,
        targetValue: 45,
        currentValue: 37.5,
        lastCheckInAt: at("2026-08-01"),
      }),
      keyResult(22, 2, "Support response time", { currentValue: 48, lastCheckInAt: null }),
      keyResult(31, 3, "Roadmap published", {
        type: "boolean",
        startValue: 0,
        targetValue: 1,
        currentValue: 0,
      }),
    ],
    tasks: [
      task(101, 11, "Call ten prospects", ME, 600),
      task(102, 11, "Send proposals", ME, 480),
      task(103, 21, "Draft the survey", SAM, 60),
      task(104, 22, "Hire support lead", null, null),
    ],
    cycles: new Map([[CYCLE.id, CYCLE]]),
    today: TODAY,
  });
  return { userId: ME, today: TODAY, cycle: CYCLE, objectives, people: { [ME]: "Pat", [SAM]: "Sam" } };
}

const UUID = "0193e0a4-0000-7000-8000-0000000000aa";
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const DONE = { type: "done", model: "offline", provider: "cairn", offline: true };

describe("JSON Lines contract", () => {
  const action = {
    id: UUID,
    kind: "check_in",
    summary: "Check in 40",
    target_id: id(11),
    payload: { value: 40 },
  };
  const reply = [
    { type: "content", text: "First. " },
    { type: "content", text: "Second." },
    { type: "actions", actions: [action] },
    { type: "req_more_info", question: "Which one?", fields: ["key_result"] },
    DONE,
  ];

  it("round-trips every chunk type, one per line, done last", () => {
    const text = reply.map((chunk) => jsonLine(chunk as CoachChunk)).join("");
    expect(parseJsonLines(text)).toEqual(reply);
    expect(parseJsonLines(line({ type: "error", message: "broke" }) + line(DONE))).toHaveLength(2);
  });

  it("rejects replies that break the contract", () => {
    expect(() => parseJsonLines(line({ type: "content", text: "hi" }))).toThrow(/done/);
    expect(() => parseJsonLines(line(DONE) + line({ type: "content", text: "late" }))).toThrow(/done/);
    expect(() => parseJsonLines(line(DONE) + line(DONE))).toThrow(/once/);
    expect(() => parseJsonLines(line({ type: "thinking", text: "x" }) + line(DONE))).toThrow(/line 1/);
    expect(() => parseJsonLines(line({ type: "content", text: "x", extra: 1 }) + line(DONE))).toThrow(
      /line 1/,
    );
    expect(() => parseJsonLines(line({ type: "actions", actions: [] }) + line(DONE))).toThrow(/line 1/);
    expect(() => parseJsonLines(line({ type: "done" }))).toThrow(/line 1/);
    expect(() =>
      parseJsonLines(
        line({ type: "actions", actions: [{ ...action, kind: "delete_everything" }] }) + line(DONE),
      ),
    ).toThrow(/line 1/);
    expect(() =>
      parseJsonLines(line({ type: "actions", actions: [{ ...action, target_id: "kr-1" }] }) + line(DONE)),
    ).toThrow(/line 1/);
    expect(() =>
      parseJsonLines(
        line({ type: "error", message: "x" }) + line({ type: "content", text: "y" }) + line(DONE),
      ),
    ).toThrow(/error must come just before done/);
    expect(() => parseJsonLines(JSON.stringify(DONE))).toThrow(/newline/);
  });
});

describe("reading requests", () => {
  it.each([
    ["check in 40 on KR Signed customers", { kind: "check_in", value: 40, keyResult: "Signed customers" }],
    [
      "Check-in 37.5 for “NPS” with confidence 70%",
      { kind: "check_in", value: 37.5, keyResult: "NPS", confidence: 0.7 },
    ],
    [
      "log 12 on pipeline value, confidence 0.6.",
      { kind: "check_in", value: 12, keyResult: "pipeline value", confidence: 0.6 },
    ],
    [
      "add a key result “NPS from 30 to 45” to objective “Delight customers”",
      { kind: "add_key_result", title: "NPS from 30 to 45", objective: "Delight customers" },
    ],
    [
      "Add a key result Reduce churn from 8% to 3% to objective Delight customers",
      { kind: "add_key_result", title: "Reduce churn from 8% to 3%", objective: "Delight customers" },
    ],
    [
      "add KR Sign 12 customers to Grow revenue",
      { kind: "add_key_result", title: "Sign 12 customers", objective: "Grow revenue" },
    ],
    [
      'add task "Draft the survey" to KR "NPS"',
      { kind: "add_task", title: "Draft the survey", keyResult: "NPS" },
    ],
    [
      "add a task Call Acme to KR Signed customers",
      { kind: "add_task", title: "Call Acme", keyResult: "Signed customers" },
    ],
    ["mark task Send proposals as done", { kind: "complete_task", task: "Send proposals" }],
    ["complete task “Call ten prospects”", { kind: "complete_task", task: "Call ten prospects" }],
    [
      "create a new objective: Win the enterprise market",
      { kind: "create_objective", title: "Win the enterprise market" },
    ],
    [
      "add a task 'Draft pricing page' to KR Pricing live",
      { kind: "add_task", title: "Draft pricing page", keyResult: "Pricing live" },
    ],
    ["create an objective 'Improve onboarding'", { kind: "create_objective", title: "Improve onboarding" }],
    [
      "Please check in 40 on Signed customers",
      { kind: "check_in", value: 40, keyResult: "Signed customers" },
    ],
    // Parts missing: the coach asks for them.
    ["add a KR", { kind: "add_key_result" }],
    ["add a key result to Grow revenue", { kind: "add_key_result", objective: "Grow revenue" }],
    ["add a key result “Sign 12 customers”", { kind: "add_key_result", title: "Sign 12 customers" }],
    ["add a task", { kind: "add_task" }],
    ["add a task “Call Acme”", { kind: "add_task", title: "Call Acme" }],
    ["create an objective", { kind: "create_objective" }],
    ["check in", { kind: "check_in" }],
    ["check in 40", { kind: "check_in", value: 40 }],
    ["check in on NPS", { kind: "check_in", keyResult: "NPS" }],
    ["How am I doing?", { kind: "review" }],
    ["When should I check in on NPS?", { kind: "review" }],
    ["", { kind: "review" }],
  ])("%s", (message, intent) => {
    expect(parseIntent(message)).toEqual(intent);
  });

  it.each([
    ["NPS from 30 to 45", { type: "numeric", start_value: 30, target_value: 45 }],
    ["Reduce churn from 8% to 3%", { type: "percentage", start_value: 8, target_value: 3, unit: "%" }],
    ["Reach 80% test coverage", { type: "percentage", start_value: 0, target_value: 80, unit: "%" }],
    ["Sign 12 customers", { type: "numeric", start_value: 0, target_value: 12 }],
    ["Cut costs from 1,5 to 1,2", { type: "numeric", start_value: 1.5, target_value: 1.2 }],
    ["Launch the new website", { type: "boolean", start_value: 0, target_value: 1 }],
  ])("reads the measure of %s", (text, measure) => {
    expect(inferMeasure(text)).toEqual(measure);
  });

  it("matches titles exactly, by containment, then by clear word overlap", () => {
    const items = [{ title: "Signed customers" }, { title: "Signed partners" }, { title: "Pipeline value" }];
    expect(matchByTitle(items, "signed CUSTOMERS")).toEqual({ kind: "found", item: items[0] });
    expect(matchByTitle(items, "pipeline")).toEqual({ kind: "found", item: items[2] });
    expect(matchByTitle(items, "signed")).toEqual({ kind: "ambiguous", items: [items[0], items[1]] });
    expect(matchByTitle(items, "customers signed")).toEqual({ kind: "found", item: items[0] });
    expect(matchByTitle(items, "revenue")).toEqual({ kind: "none" });
  });
});

describe("completing a request from an answer", () => {
  it("fills the value from a number and the first missing name from the rest", () => {
    expect(completeIntent({ kind: "check_in" }, "40 on NPS")).toEqual({
      kind: "check_in",
      value: 40,
      keyResult: "NPS",
    });
    expect(completeIntent({ kind: "add_key_result" }, "“Grow revenue”")).toEqual({
      kind: "add_key_result",
      objective: "Grow revenue",
    });
    expect(completeIntent({ kind: "add_task", keyResult: "NPS" }, "Draft the survey.")).toEqual({
      kind: "add_task",
      keyResult: "NPS",
      title: "Draft the survey",
    });
  });
});

describe("offline coach", () => {
  it("reviews the tree from the data: pace, stale check-ins, load, gaps", () => {
    const reply = offlineCoachReply(snapshot(), "How is my quarter going?");
    expect(reply.actions).toEqual([]);
    expect(reply.moreInfo).toBeNull();
    const text = reply.content;
    expect(text).toContain("**Q3 2026**: day 46 of 90.");
    // Signed customers: 20 of 50 = 40% against 50% expected, confidence 0.4 -> at risk.
    expect(text).toContain(
      "“Signed customers” (Grow revenue): 40% done, 50% expected by now; confidence 0.4.",
    );
    // Roadmap published: 0% at halfway -> off track, listed first.
    expect(text.indexOf("Roadmap published")).toBeLessThan(text.indexOf("Signed customers"));
    expect(text).toContain("**At risk (2)**");
    expect(text).toContain("“NPS”: last check-in 14 days ago.");
    expect(text).toContain("“Support response time”: no check-in yet (45 days since it was added).");
    // Open minutes: Pat 1080, Sam 60 -> mean 570; Pat 1.9x overloaded, Sam 0.1x underloaded.
    expect(text).toContain("- You: 2 open tasks, 18 h (1.9× the average of 9.5 h), overloaded.");
    expect(text).toContain("- Sam: 1 open task, 1 h (0.1× the average of 9.5 h), underloaded.");
    expect(text).toContain("1 open task has nobody assigned.");
    expect(text).toContain("“Build the brand”: add two to four measurable key results.");
  });

  it("says what to do when there is no cycle or nothing planned", () => {
    expect(offlineCoachReply({ ...snapshot(), cycle: null, objectives: [] }, "review").content).toMatch(
      /no planning cycle/,
    );
    expect(offlineCoachReply({ ...snapshot(), objectives: [] }, "review").content).toMatch(
      /Q3 2026 has no objectives/,
    );
  });

  it("proposes a check-in for a clear request", () => {
    const reply = offlineCoachReply(snapshot(), "check in 40 on KR Signed customers with confidence 60%");
    expect(reply.actions).toEqual([
      {
        kind: "check_in",
        summary: "Check in 40 on “Signed customers”",
        target_id: id(11),
        payload: { value: 40, confidence: 0.6 },
      },
    ]);
    expect(reply.content).toContain("20 → 40 (+20)");
  });

  it("proposes a key result with its measure read from the wording", () => {
    const reply = offlineCoachReply(
      snapshot(),
      "add a key result “Repeat purchase rate from 20% to 35%” to objective “Delight customers”",
    );
    expect(reply.actions).toEqual([
      expect.objectContaining({
        kind: "create_key_result",
        target_id: id(2),
        payload: {
          title: "Repeat purchase rate from 20% to 35%",
          type: "percentage",
          start_value: 20,
          target_value: 35,
          unit: "%",
        },
      }),
    ]);
  });

  it("proposes tasks, task completion and objectives", () => {
    const addTask = offlineCoachReply(snapshot(), "add a task 'Draft pricing page' to KR Signed customers");
    expect(addTask.actions).toEqual([
      {
        kind: "create_task",
        summary: "Add task “Draft pricing page” to “Signed customers”",
        target_id: id(11),
        payload: { title: "Draft pricing page" },
      },
    ]);
    const done = offlineCoachReply(snapshot(), "mark task Send proposals done");
    expect(done.actions[0]).toMatchObject({
      kind: "update_task",
      target_id: id(102),
      payload: { status: "done" },
    });
    const objective = offlineCoachReply(snapshot(), "create an objective 'Improve onboarding'");
    expect(objective.actions[0]).toMatchObject({
      kind: "create_objective",
      target_id: null,
      payload: { title: "Improve onboarding", cycle_id: CYCLE.id },
    });
    const noCycle = offlineCoachReply(
      { ...snapshot(), cycle: null },
      "create an objective 'Improve onboarding'",
    );
    expect(noCycle.actions[0]).toMatchObject({ payload: { title: "Improve onboarding" } });
  });

  it("asks for what an unfinished request leaves out, offering what it could mean", () => {
    const reply = offlineCoachReply(snapshot(), "add a KR");
    expect(reply.actions).toEqual([]);
    expect(reply.moreInfo).toEqual({
      question: expect.stringContaining("Which objective should it go under?"),
      fields: ["objective", "title"],
    });
    // Only objectives the asker may edit are offered.
    expect(reply.content).toContain("“Grow revenue”, “Delight customers” or “Build the brand”");
    expect(reply.content).not.toContain("Shared roadmap");
    expect(offlineCoachReply(snapshot(), "check in 40").moreInfo?.fields).toEqual(["key_result"]);
    expect(offlineCoachReply(snapshot(), "create an objective").moreInfo?.fields).toEqual(["title"]);
  });

  it("continues an unfinished request with the answers that follow", () => {
    const history = [
      { role: "user" as const, content: "add a KR" },
      { role: "assistant" as const, content: "I need a little more first." },
    ];
    const second = offlineCoachReply(snapshot(), "Grow revenue", history);
    expect(second.moreInfo?.fields).toEqual(["title"]);
    const third = offlineCoachReply(snapshot(), "Sign 12 customers", [
      ...history,
      { role: "user", content: "Grow revenue" },
      { role: "assistant", content: "What should it be called?" },
    ]);
    expect(third.actions).toEqual([
      expect.objectContaining({
        kind: "create_key_result",
        target_id: id(1),
        payload: { title: "Sign 12 customers", type: "numeric", start_value: 0, target_value: 12 },
      }),
    ]);
    // A new request after a question is taken on its own.
    expect(offlineCoachReply(snapshot(), "check in 5 on NPS", history).actions[0]).toMatchObject({
      kind: "check_in",
      target_id: id(21),
    });
  });

  it("asks instead of guessing when the target is unknown or ambiguous", () => {
    const unknown = offlineCoachReply(snapshot(), "add a key result “Ship v2” to objective “Conquer Mars”");
    expect(unknown.actions).toEqual([]);
    expect(unknown.moreInfo?.fields).toEqual(["objective"]);
    expect(unknown.moreInfo?.question).toContain("“Grow revenue”");
    const found = offlineCoachReply(snapshot(), "check in 5 on KR customers");
    expect(found.actions[0]).toMatchObject({ target_id: id(11) });
    const several = offlineCoachReply(snapshot(), "check in 5 on KR s");
    expect(several.moreInfo?.fields).toEqual(["key_result"]);
    expect(several.moreInfo?.question).toMatch(/^Which key result do you mean: /);
  });

  it("does not propose changes to what the user may only view", () => {
    const reply = offlineCoachReply(snapshot(), "check in 1 on KR Roadmap published");
    expect(reply.actions).toEqual([]);
    expect(reply.content).toMatch(/can view the key result “Roadmap published” but not change it/);
  });
});

describe("context for language models", () => {
  it("describes each objective with ids, facts and the asker's access", () => {
    const documents = coachContextDocuments(snapshot());
    expect(documents.map((document) => document.title)).toEqual([
      "Objective “Grow revenue”",
      "Objective “Delight customers”",
      "Objective “Shared roadmap”",
      "Objective “Build the brand”",
    ]);
    const [revenue, , roadmap, brand] = documents;
    expect(revenue!.text).toContain(`objective_id ${id(1)}; owner You; your access: owner;`);
    expect(revenue!.text).toContain(
      `- Key result “Signed customers” (key_result_id ${id(11)}, numeric): 0 → 50, now 20; progress 40% vs 50% expected; status at_risk; confidence 0.4; last check-in 1 days ago.`,
    );
    expect(revenue!.text).toContain(
      `  - Task “Call ten prospects” (task_id ${id(101)}): todo; assignee You; estimate 10 h.`,
    );
    expect(roadmap!.text).toContain("owner Sam; your access: view (you cannot propose changes to it)");
    expect(brand!.text).toContain("- No key results yet.");
  });
});

describe("suggested next requests", () => {
  it("are built from the asker's own key results and objectives", () => {
    const text = offlineCoachReply(snapshot(), "review").content;
    // The first editable key result due a check-in, and the first editable objective.
    expect(text).toContain(
      'Ask me to act, for example: "check in 37.5 on NPS", "add a task “…” to KR NPS", "add a key result “… from 30 to 45” to objective Grow revenue".',
    );
    expect(offlineCoachReply(snapshot(), "add a task").moreInfo?.question).toBe(
      "Which key result is it for? What is the task?",
    );
  });
});
