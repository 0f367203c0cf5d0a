import { describe, expect, it } from "vitest";
import {
  type CoachSnapshot,
  coachChunkSchema,
  coachChunks,
  inferMeasure,
  matchByTitle,
  offlineCoachReply,
  parseIntent,
  parseJsonLines,
  proposedActionSchema,
  toJsonLines,
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

describe("JSONL chunk contract", () => {
  const reply = {
    content: "First paragraph.\n\nSecond one.\n\nThird.",
    actions: [
      {
        id: "a1",
        kind: "create_check_in" as const,
        summary: "Check in 40",
        key_result_id: id(11),
        input: { value: 40 },
      },
    ],
    moreInfo: { question: "Which one?", missing: ["key_result"], options: [{ id: id(11), label: "Signed" }] },
  };

  it("streams content per paragraph, then actions, then questions, and done last", () => {
    const chunks = coachChunks(reply);
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      "content",
      "content",
      "content",
      "actions",
      "req_more_info",
      "done",
    ]);
    const text = chunks.map((chunk) => (chunk.type === "content" ? chunk.text : "")).join("");
    expect(text).toBe(reply.content);
  });

  it("round-trips through JSON Lines, each line a valid chunk", () => {
    const jsonl = toJsonLines(coachChunks(reply));
    const lines = jsonl.trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(coachChunkSchema.safeParse(JSON.parse(line)).success).toBe(true);
    expect(parseJsonLines(jsonl)).toEqual(coachChunks(reply));
  });

  it("rejects replies that break the contract", () => {
    expect(() => parseJsonLines('{"type":"content","text":"hi"}\n')).toThrow(/done/);
    expect(() => parseJsonLines('{"type":"done"}\n{"type":"content","text":"late"}\n')).toThrow(/done/);
    expect(() => parseJsonLines('{"type":"done"}\n{"type":"done"}\n')).toThrow(/once/);
    expect(() => parseJsonLines('{"type":"thinking","text":"x"}\n{"type":"done"}\n')).toThrow(/line 1/);
    expect(() => parseJsonLines('{"type":"content","text":"x","extra":1}\n{"type":"done"}\n')).toThrow(
      /line 1/,
    );
    expect(() => parseJsonLines('{"type":"actions","actions":[]}\n{"type":"done"}\n')).toThrow(/line 1/);
  });

  it("validates proposed actions strictly", () => {
    expect(proposedActionSchema.safeParse(reply.actions[0]).success).toBe(true);
    const bad = [
      { ...reply.actions[0], kind: "delete_everything" },
      { ...reply.actions[0], key_result_id: "kr-1" },
      { ...reply.actions[0], input: { value: 40, sneaky: true } },
      { ...reply.actions[0], input: { value: 40, confidence: 1.5 } },
      { id: "a2", summary: "x", kind: "create_task", key_result_id: id(11), input: { title: "" } },
    ];
    for (const action of bad) expect(proposedActionSchema.safeParse(action).success).toBe(false);
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
    ["How am I doing?", { kind: "review" }],
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
    const chunks = coachChunks(reply);
    expect(chunks.at(-1)).toEqual({ type: "done" });
    expect(chunks.every((chunk) => chunk.type === "content" || chunk.type === "done")).toBe(true);
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
        id: "a1",
        kind: "create_check_in",
        summary: "Check in 40 on “Signed customers”",
        key_result_id: id(11),
        input: { value: 40, confidence: 0.6 },
      },
    ]);
    expect(reply.content).toContain("20 → 40 (+20)");
    expect(proposedActionSchema.safeParse(reply.actions[0]).success).toBe(true);
  });

  it("proposes a key result with its measure read from the wording", () => {
    const reply = offlineCoachReply(
      snapshot(),
      "add a key result “Repeat purchase rate from 20% to 35%” to objective “Delight customers”",
    );
    expect(reply.actions).toEqual([
      expect.objectContaining({
        kind: "create_key_result",
        objective_id: id(2),
        input: {
          title: "Repeat purchase rate from 20% to 35%",
          type: "percentage",
          start_value: 20,
          target_value: 35,
          unit: "%",
        },
      }),
    ]);
    for (const action of reply.actions) expect(proposedActionSchema.safeParse(action).success).toBe(true);
  });

  it("proposes tasks, task completion and objectives", () => {
    const addTask = offlineCoachReply(
      snapshot(),
      'add task "Email last year\'s buyers" to KR Signed customers',
    );
    expect(addTask.actions[0]).toMatchObject({
      kind: "create_task",
      key_result_id: id(11),
      input: { title: "Email last year's buyers" },
    });
    const done = offlineCoachReply(snapshot(), "mark task Send proposals done");
    expect(done.actions[0]).toMatchObject({
      kind: "update_task",
      task_id: id(102),
      patch: { status: "done" },
    });
    const objectiveReply = offlineCoachReply(snapshot(), "create objective Win the enterprise market");
    expect(objectiveReply.actions[0]).toMatchObject({
      kind: "create_objective",
      input: { title: "Win the enterprise market", cycle_id: CYCLE.id },
    });
  });

  it("asks instead of guessing when the target is unknown or ambiguous", () => {
    const unknown = offlineCoachReply(snapshot(), "add a key result “Ship v2” to objective “Conquer Mars”");
    expect(unknown.actions).toEqual([]);
    expect(unknown.moreInfo).toMatchObject({
      question: "Which objective do you mean?",
      missing: ["objective"],
    });
    expect(unknown.moreInfo!.options.map((option) => option.label)).toContain("Grow revenue");

    const ambiguous = offlineCoachReply(snapshot(), "check in 5 on KR customers");
    // "Signed customers" contains "customers"; so does nothing else, so this one is found...
    expect(ambiguous.actions[0]).toMatchObject({ key_result_id: id(11) });
    // ...while "value" matches nothing and "s" matches several.
    const several = offlineCoachReply(snapshot(), "check in 5 on KR s");
    expect(several.moreInfo?.missing).toEqual(["key_result"]);
    expect(several.moreInfo!.options.length).toBeGreaterThan(1);
    const chunks = coachChunks(several);
    expect(chunks.map((chunk) => chunk.type)).toEqual(["content", "req_more_info", "done"]);
  });

  it("does not propose changes to what the user may only view", () => {
    const reply = offlineCoachReply(snapshot(), "check in 1 on KR Roadmap published");
    expect(reply.actions).toEqual([]);
    expect(reply.content).toMatch(/can view the key result “Roadmap published” but not change it/);
  });
});
