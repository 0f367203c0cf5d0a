import { z } from "zod";
import type { IsoDate } from "../calendar";
import { type CycleDates, cycleLengthDays, dayOfCycle } from "./cycles";
import { type KeyResultStatus, loadByPerson, type RiskReason } from "./health";
import { GOAL_LIMITS, VISIBILITIES } from "./limits";
import { KEY_RESULT_TYPES, TASK_STATUSES, type TaskStatus } from "./progress";
import type { ObjectiveAccess } from "./tree";

/**
 * The pure half of the Goals coach (seed 000's /api/aime): the JSONL chunk contract, the
 * actions it may propose, and the offline coach that answers from the user's own tree when
 * no language model is configured. Nothing here applies a change: actions are proposals the
 * user accepts or rejects, and accepted ones go through the normal services.
 */

// ---------------------------------------------------------------------------------------------
// Proposed actions

const title = z.string().trim().min(1).max(GOAL_LIMITS.titleMax);
const description = z.string().max(GOAL_LIMITS.descriptionMax);
const value = z.number().finite().min(-GOAL_LIMITS.valueAbsMax).max(GOAL_LIMITS.valueAbsMax);
const confidence = z.number().min(0).max(1);
const id = z.uuid();
const isoDate = z.iso.date();

/** Every proposal carries an id (unique within one reply, for accept/reject) and a one-line summary. */
const proposal = { id: z.string().min(1).max(64), summary: z.string().min(1).max(500) };

export const proposedActionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...proposal,
    kind: z.literal("create_objective"),
    input: z.strictObject({
      title,
      description: description.optional(),
      cycle_id: id.optional(),
      parent_id: id.optional(),
      visibility: z.enum(VISIBILITIES).optional(),
    }),
  }),
  z.strictObject({
    ...proposal,
    kind: z.literal("update_objective"),
    objective_id: id,
    patch: z.strictObject({
      title: title.optional(),
      description: description.optional(),
      visibility: z.enum(VISIBILITIES).optional(),
    }),
  }),
  z.strictObject({
    ...proposal,
    kind: z.literal("create_key_result"),
    objective_id: id,
    input: z.strictObject({
      title,
      type: z.enum(KEY_RESULT_TYPES),
      start_value: value,
      target_value: value,
      unit: z.string().max(GOAL_LIMITS.unitMax).optional(),
      weight: z.number().min(0).max(GOAL_LIMITS.weightMax).optional(),
    }),
  }),
  z.strictObject({
    ...proposal,
    kind: z.literal("update_key_result"),
    key_result_id: id,
    patch: z.strictObject({
      title: title.optional(),
      target_value: value.optional(),
      weight: z.number().min(0).max(GOAL_LIMITS.weightMax).optional(),
      confidence: confidence.optional(),
    }),
  }),
  z.strictObject({
    ...proposal,
    kind: z.literal("create_task"),
    key_result_id: id,
    input: z.strictObject({
      title,
      due_date: isoDate.optional(),
      estimate_minutes: z.number().int().min(0).max(GOAL_LIMITS.estimateMinutesMax).optional(),
      assignee_id: id.optional(),
    }),
  }),
  z.strictObject({
    ...proposal,
    kind: z.literal("update_task"),
    task_id: id,
    patch: z.strictObject({
      title: title.optional(),
      status: z.enum(TASK_STATUSES).optional(),
      due_date: isoDate.nullable().optional(),
      assignee_id: id.nullable().optional(),
    }),
  }),
  z.strictObject({
    ...proposal,
    kind: z.literal("create_check_in"),
    key_result_id: id,
    input: z.strictObject({
      value,
      confidence: confidence.optional(),
      note: z.string().max(GOAL_LIMITS.noteMax).optional(),
    }),
  }),
]);

export type ProposedAction = z.infer<typeof proposedActionSchema>;
export type ProposedActionKind = ProposedAction["kind"];

// ---------------------------------------------------------------------------------------------
// JSONL chunks

/**
 * One line of the coach's response stream. A reply is any number of `content` chunks (text
 * to append, Markdown), then at most one `actions` chunk and at most one `req_more_info`
 * chunk, and always ends with `done`.
 */
export const coachChunkSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("content"), text: z.string() }),
  z.strictObject({ type: z.literal("actions"), actions: z.array(proposedActionSchema).min(1) }),
  z.strictObject({
    type: z.literal("req_more_info"),
    question: z.string().min(1),
    /** What the coach needs: "objective", "key_result", "value"... */
    missing: z.array(z.string()),
    /** Candidates the user can pick from, when the request matched several things. */
    options: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  }),
  z.strictObject({ type: z.literal("done") }),
]);

export type CoachChunk = z.infer<typeof coachChunkSchema>;
export const COACH_CONTENT_TYPE = "application/jsonl; charset=utf-8";

/** Serialises chunks as JSON Lines: one compact JSON object per line, each ending in "\n". */
export function toJsonLines(chunks: readonly CoachChunk[]): string {
  return chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join("");
}

/** Parses and validates a whole JSONL reply; throws on a malformed line or a broken sequence. */
export function parseJsonLines(text: string): CoachChunk[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const chunks = lines.map((line, index) => {
    const parsed = coachChunkSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`line ${index + 1} is not a coach chunk: ${parsed.error.message}`);
    return parsed.data;
  });
  const last = chunks.at(-1);
  if (last?.type !== "done") throw new Error("a coach reply must end with a done chunk");
  if (chunks.filter((chunk) => chunk.type === "done").length !== 1) throw new Error("done must appear once");
  return chunks;
}

export interface CoachReply {
  content: string;
  actions: ProposedAction[];
  moreInfo: { question: string; missing: string[]; options: { id: string; label: string }[] } | null;
}

/** The chunk sequence for a reply: a content chunk per paragraph, then actions, questions, done. */
export function coachChunks(reply: CoachReply): CoachChunk[] {
  const paragraphs = reply.content.split(/\n{2,}/).filter((paragraph) => paragraph.trim() !== "");
  const chunks: CoachChunk[] = paragraphs.map((paragraph, index) => ({
    type: "content",
    text: index < paragraphs.length - 1 ? `${paragraph}\n\n` : paragraph,
  }));
  if (reply.actions.length > 0) chunks.push({ type: "actions", actions: reply.actions });
  if (reply.moreInfo) chunks.push({ type: "req_more_info", ...reply.moreInfo });
  chunks.push({ type: "done" });
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// The offline coach

export interface CoachTask {
  id: string;
  title: string;
  status: TaskStatus;
  assigneeId: string | null;
  estimateMinutes: number | null;
}

export interface CoachKeyResult {
  id: string;
  title: string;
  unit: string | null;
  currentValue: number;
  progress: number;
  expectedProgress: number;
  status: KeyResultStatus;
  reasons: RiskReason[];
  confidence: number | null;
  staleCheckIn: boolean;
  daysSinceCheckIn: number;
  lastCheckInAt: Date | null;
  tasks: readonly CoachTask[];
}

export interface CoachObjective {
  id: string;
  title: string;
  ownerId: string;
  access: ObjectiveAccess;
  progress: number;
  keyResults: readonly CoachKeyResult[];
}

/** What the coach sees: the asker's tree for one cycle (the shape buildGoalTree produces). */
export interface CoachSnapshot {
  userId: string;
  today: IsoDate;
  cycle: (CycleDates & { id: string; name: string }) | null;
  objectives: readonly CoachObjective[];
  /** Display names by user id, for talking about people. */
  people: Readonly<Record<string, string>>;
}

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
const quote = (text: string) => `“${text}”`;
const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
const hours = (minutes: number) => `${formatNumber(Math.round((minutes / 60) * 10) / 10)} h`;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[“”"'‘’`]/g, "")
    .replace(/[^\p{L}\p{N}%]+/gu, " ")
    .trim();
}

type Match<T> = { kind: "found"; item: T } | { kind: "ambiguous"; items: T[] } | { kind: "none" };

/**
 * Finds the one item a phrase names: an exact title, else the only title containing the
 * phrase (or contained in it), else the clear best word overlap. Anything less is ambiguous.
 */
export function matchByTitle<T extends { title: string }>(items: readonly T[], phrase: string): Match<T> {
  const wanted = normalise(phrase);
  if (!wanted) return { kind: "none" };
  const exact = items.filter((item) => normalise(item.title) === wanted);
  if (exact.length === 1) return { kind: "found", item: exact[0]! };
  if (exact.length > 1) return { kind: "ambiguous", items: exact };
  const containing = items.filter((item) => {
    const title = normalise(item.title);
    return title.includes(wanted) || wanted.includes(title);
  });
  if (containing.length === 1) return { kind: "found", item: containing[0]! };
  if (containing.length > 1) return { kind: "ambiguous", items: containing };
  const wantedWords = new Set(wanted.split(" "));
  const scored = items
    .map((item) => {
      const words = new Set(normalise(item.title).split(" "));
      const shared = [...wantedWords].filter((word) => words.has(word)).length;
      return { item, score: shared / new Set([...wantedWords, ...words]).size };
    })
    .filter((entry) => entry.score >= 0.5)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0) return { kind: "none" };
  if (scored.length === 1 || scored[0]!.score > scored[1]!.score)
    return { kind: "found", item: scored[0]!.item };
  return {
    kind: "ambiguous",
    items: scored.filter((entry) => entry.score === scored[0]!.score).map((e) => e.item),
  };
}

const stripQuotes = (text: string) =>
  text
    .trim()
    .replace(/^["“'‘]+|["”'’]+$/g, "")
    .trim();
const NUMBER = String.raw`-?\d+(?:[.,]\d+)?`;
const parseNumber = (text: string) => Number(text.replace(",", "."));

/**
 * Reads a key result's measure from its wording: "from 30 to 50" is numeric 30 -> 50 ("%"
 * makes it a percentage), a lone number is 0 -> that number, anything else is a yes/no result.
 */
export function inferMeasure(text: string): {
  type: "numeric" | "percentage" | "boolean";
  start_value: number;
  target_value: number;
  unit?: string;
} {
  const range = new RegExp(`from\\s+(${NUMBER})\\s*(%)?\\s+to\\s+(${NUMBER})\\s*(%)?`, "i").exec(text);
  if (range) {
    const isPercent = Boolean(range[2] || range[4]);
    return {
      type: isPercent ? "percentage" : "numeric",
      start_value: parseNumber(range[1]!),
      target_value: parseNumber(range[3]!),
      ...(isPercent ? { unit: "%" } : {}),
    };
  }
  const single = new RegExp(`(${NUMBER})\\s*(%)?`).exec(text);
  if (single) {
    const isPercent = Boolean(single[2]);
    return {
      type: isPercent ? "percentage" : "numeric",
      start_value: 0,
      target_value: parseNumber(single[1]!),
      ...(isPercent ? { unit: "%" } : {}),
    };
  }
  return { type: "boolean", start_value: 0, target_value: 1 };
}

/** "70%", "0.7" and "70" all mean 0.7; anything outside 0..100 is not a confidence. */
function parseConfidence(text: string | undefined, isPercent: boolean): number | undefined {
  if (text === undefined) return undefined;
  const number = parseNumber(text);
  const fraction = isPercent || number > 1 ? number / 100 : number;
  return fraction >= 0 && fraction <= 1 ? fraction : undefined;
}

type Intent =
  | { kind: "add_key_result"; title: string; objective: string }
  | { kind: "add_task"; title: string; keyResult: string }
  | { kind: "check_in"; value: number; keyResult: string; confidence?: number }
  | { kind: "complete_task"; task: string }
  | { kind: "create_objective"; title: string }
  | { kind: "review" };

const QUOTED = /["“]([^"”]+)["”]/g;

/** Recognises the clear requests the offline coach acts on; everything else is a review. */
export function parseIntent(message: string): Intent {
  const text = message.trim().replace(/[.!]+$/, "");
  const quoted = [...text.matchAll(QUOTED)].map((match) => match[1]!.trim());

  const checkIn = new RegExp(
    `\\b(?:check[\\s-]?in|log|record)\\s+(${NUMBER})\\s*%?\\s+(?:on|for|against)\\s+(?:the\\s+)?(?:key\\s*result|kr)?\\s*(.+?)(?:\\s*,?\\s*(?:with\\s+)?confidence\\s+(?:of\\s+)?(${NUMBER})\\s*(%)?)?$`,
    "i",
  ).exec(text);
  if (checkIn) {
    return {
      kind: "check_in",
      value: parseNumber(checkIn[1]!),
      keyResult: stripQuotes(checkIn[2]!),
      confidence: parseConfidence(checkIn[3], Boolean(checkIn[4])),
    };
  }

  // The noun right after the verb says what is being added: "add a task ... to KR ..." is a task.
  const noun = /\b(?:add|create|new)\s+(?:a\s+|an\s+|another\s+|the\s+)?(key\s*result|kr|task|objective)\b/i
    .exec(text)?.[1]
    ?.toLowerCase();
  if (noun === "task") {
    if (quoted.length >= 2) return { kind: "add_task", title: quoted[0]!, keyResult: quoted[1]! };
    const match = /\btask\s+(.+)\s+(?:to|under|for)\s+(?:the\s+)?(?:key\s*result|kr)\s+(.+)$/i.exec(text);
    if (match) return { kind: "add_task", title: stripQuotes(match[1]!), keyResult: stripQuotes(match[2]!) };
  } else if (noun === "objective") {
    const match = /\bobjective\s*:?\s+(.+)$/i.exec(text);
    if (match) return { kind: "create_objective", title: quoted[0] ?? stripQuotes(match[1]!) };
  } else if (noun) {
    if (quoted.length >= 2) return { kind: "add_key_result", title: quoted[0]!, objective: quoted[1]! };
    // Unquoted: the title runs to the last "to/under/for [the] objective" so "from 30 to 50" stays in it.
    const match =
      /\b(?:key\s*result|kr)\s+(.+)\s+(?:to|under|for)\s+(?:the\s+)?objective\s+(.+)$/i.exec(text) ??
      /\b(?:key\s*result|kr)\s+(.+)\s+(?:to|under)\s+(?:the\s+)?(.+)$/i.exec(text);
    if (match)
      return { kind: "add_key_result", title: stripQuotes(match[1]!), objective: stripQuotes(match[2]!) };
  }

  const complete =
    /\b(?:mark|set)\s+(?:the\s+)?task\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)$/i.exec(
      text,
    ) ?? /\b(?:complete|finish|close)\s+(?:the\s+)?task\s+(.+)$/i.exec(text);
  if (complete) return { kind: "complete_task", task: stripQuotes(complete[1]!) };

  return { kind: "review" };
}

const canEdit = (access: ObjectiveAccess) => access === "owner" || access === "edit";

const emptyReply = (content: string): CoachReply => ({ content, actions: [], moreInfo: null });

function ask(
  content: string,
  question: string,
  missing: string,
  options: { id: string; title: string }[],
): CoachReply {
  return {
    content,
    actions: [],
    moreInfo: { question, missing: [missing], options: options.map((o) => ({ id: o.id, label: o.title })) },
  };
}

function resolve<T extends { id: string; title: string }>(
  items: readonly T[],
  phrase: string,
  noun: string,
): { item: T } | { reply: CoachReply } {
  const match = matchByTitle(items, phrase);
  if (match.kind === "found") return { item: match.item };
  if (match.kind === "ambiguous") {
    return {
      reply: ask(
        `Several ${noun}s match ${quote(phrase)}.`,
        `Which ${noun} do you mean?`,
        noun.replace(" ", "_"),
        match.items.slice(0, 8),
      ),
    };
  }
  return {
    reply: ask(
      `I could not find a ${noun} called ${quote(phrase)} in this cycle.`,
      `Which ${noun} do you mean?`,
      noun.replace(" ", "_"),
      items.slice(0, 8),
    ),
  };
}

function readOnly(noun: string, titleText: string): CoachReply {
  return emptyReply(
    `You can view the ${noun} ${quote(titleText)} but not change it. Ask its owner for edit access, or suggest the change in a comment.`,
  );
}

function proposeForIntent(snapshot: CoachSnapshot, intent: Exclude<Intent, { kind: "review" }>): CoachReply {
  const keyResults = snapshot.objectives.flatMap((objective) =>
    objective.keyResults.map((kr) => ({ ...kr, objective })),
  );
  switch (intent.kind) {
    case "create_objective": {
      if (!snapshot.cycle) {
        return emptyReply("There is no cycle to plan in yet. Create a cycle first, then add the objective.");
      }
      return {
        content: `Here is the objective ready to add to ${snapshot.cycle.name}. Add key results to it next: two to four measurable outcomes work best.`,
        actions: [
          {
            id: "a1",
            kind: "create_objective",
            summary: `Create objective ${quote(intent.title)} in ${snapshot.cycle.name}`,
            input: { title: intent.title.slice(0, GOAL_LIMITS.titleMax), cycle_id: snapshot.cycle.id },
          },
        ],
        moreInfo: null,
      };
    }
    case "add_key_result": {
      const found = resolve(snapshot.objectives, intent.objective, "objective");
      if ("reply" in found) return found.reply;
      const objective = found.item;
      if (!canEdit(objective.access)) return readOnly("objective", objective.title);
      const measure = inferMeasure(intent.title);
      const range =
        measure.type === "boolean"
          ? "done / not done"
          : `${formatNumber(measure.start_value)} → ${formatNumber(measure.target_value)}${measure.unit ?? ""}`;
      return {
        content: `I read ${quote(intent.title)} as a ${measure.type} key result (${range}). Adjust the numbers before accepting if that is not what you meant.`,
        actions: [
          {
            id: "a1",
            kind: "create_key_result",
            summary: `Add key result ${quote(intent.title)} (${range}) to ${quote(objective.title)}`,
            objective_id: objective.id,
            input: { title: intent.title.slice(0, GOAL_LIMITS.titleMax), ...measure },
          },
        ],
        moreInfo: null,
      };
    }
    case "add_task": {
      const found = resolve(keyResults, intent.keyResult, "key result");
      if ("reply" in found) return found.reply;
      const keyResult = found.item;
      if (!canEdit(keyResult.objective.access)) return readOnly("key result", keyResult.title);
      return {
        content: `A task under ${quote(keyResult.title)}, ready to add.`,
        actions: [
          {
            id: "a1",
            kind: "create_task",
            summary: `Add task ${quote(intent.title)} to ${quote(keyResult.title)}`,
            key_result_id: keyResult.id,
            input: { title: intent.title.slice(0, GOAL_LIMITS.titleMax) },
          },
        ],
        moreInfo: null,
      };
    }
    case "check_in": {
      const found = resolve(keyResults, intent.keyResult, "key result");
      if ("reply" in found) return found.reply;
      const keyResult = found.item;
      if (!canEdit(keyResult.objective.access)) return readOnly("key result", keyResult.title);
      const unit = keyResult.unit ?? "";
      const change = intent.value - keyResult.currentValue;
      const direction = change === 0 ? "no change" : `${change > 0 ? "+" : ""}${formatNumber(change)}${unit}`;
      return {
        content: `Check-in for ${quote(keyResult.title)}: ${formatNumber(keyResult.currentValue)}${unit} → ${formatNumber(intent.value)}${unit} (${direction}).`,
        actions: [
          {
            id: "a1",
            kind: "create_check_in",
            summary: `Check in ${formatNumber(intent.value)}${unit} on ${quote(keyResult.title)}`,
            key_result_id: keyResult.id,
            input: {
              value: intent.value,
              ...(intent.confidence !== undefined ? { confidence: intent.confidence } : {}),
            },
          },
        ],
        moreInfo: null,
      };
    }
    case "complete_task": {
      const tasks = keyResults.flatMap((kr) =>
        kr.tasks.map((task) => ({ ...task, objective: kr.objective })),
      );
      const found = resolve(
        tasks.filter((task) => task.status !== "done" && task.status !== "cancelled"),
        intent.task,
        "open task",
      );
      if ("reply" in found) return found.reply;
      const task = found.item;
      if (!canEdit(task.objective.access)) return readOnly("task", task.title);
      return {
        content: `Marking ${quote(task.title)} as done.`,
        actions: [
          {
            id: "a1",
            kind: "update_task",
            summary: `Mark task ${quote(task.title)} done`,
            task_id: task.id,
            patch: { status: "done" },
          },
        ],
        moreInfo: null,
      };
    }
  }
}

function personName(snapshot: CoachSnapshot, userId: string): string {
  if (userId === snapshot.userId) return "You";
  return snapshot.people[userId] ?? "Someone";
}

function describeRisk(kr: CoachKeyResult & { objectiveTitle: string }): string {
  const facts = [`${percent(kr.progress)} done, ${percent(kr.expectedProgress)} expected by now`];
  if (kr.confidence !== null) facts.push(`confidence ${formatNumber(kr.confidence)}`);
  return `- ${quote(kr.title)} (${kr.objectiveTitle}): ${facts.join("; ")}.`;
}

/** The data-grounded review: pace, stale check-ins, load, and gaps in the plan. */
function review(snapshot: CoachSnapshot): CoachReply {
  const { cycle } = snapshot;
  if (!cycle)
    return emptyReply(
      "There is no planning cycle yet. Create one (90 days by default) to start setting goals.",
    );
  if (snapshot.objectives.length === 0) {
    return emptyReply(
      `${cycle.name} has no objectives you can see yet. Start with one or two objectives that matter most this cycle, each with two to four measurable key results.`,
    );
  }
  const paragraphs: string[] = [];
  const length = cycleLengthDays(cycle);
  const average =
    snapshot.objectives.reduce((sum, objective) => sum + objective.progress, 0) / snapshot.objectives.length;
  const dayNumber = dayOfCycle(cycle, snapshot.today);
  paragraphs.push(
    `**${cycle.name}**: day ${dayNumber} of ${length}. ${snapshot.objectives.length} objective${snapshot.objectives.length === 1 ? "" : "s"}, average progress ${percent(average)}.`,
  );

  const keyResults = snapshot.objectives.flatMap((objective) =>
    objective.keyResults.map((kr) => ({ ...kr, objectiveTitle: objective.title })),
  );
  const severity = (kr: CoachKeyResult) => (kr.status === "off_track" ? 0 : 1);
  const risky = keyResults
    .filter((kr) => kr.status === "off_track" || kr.status === "at_risk")
    .sort(
      (a, b) =>
        severity(a) - severity(b) || b.expectedProgress - b.progress - (a.expectedProgress - a.progress),
    );
  if (risky.length > 0) {
    paragraphs.push(
      [`**At risk (${risky.length})**`, ...risky.slice(0, 8).map(describeRisk)].join("\n") +
        (risky.length > 8 ? `\n- …and ${risky.length - 8} more.` : ""),
    );
  } else if (keyResults.length > 0) {
    paragraphs.push("**On pace.** No key result is behind the cycle's pace or low on confidence.");
  }

  const stale = keyResults
    .filter((kr) => kr.staleCheckIn)
    .sort((a, b) => b.daysSinceCheckIn - a.daysSinceCheckIn);
  if (stale.length > 0) {
    paragraphs.push(
      [
        `**Check-ins due (${stale.length})**`,
        ...stale
          .slice(0, 8)
          .map((kr) =>
            kr.lastCheckInAt
              ? `- ${quote(kr.title)}: last check-in ${kr.daysSinceCheckIn} days ago.`
              : `- ${quote(kr.title)}: no check-in yet (${kr.daysSinceCheckIn} days since it was added).`,
          ),
      ].join("\n"),
    );
  }

  const roster = [...new Set(snapshot.objectives.map((objective) => objective.ownerId))];
  const load = loadByPerson(
    keyResults.flatMap((kr) => kr.tasks),
    roster,
  );
  if (!load.balanced) {
    const lines = load.people
      .filter((person) => person.flag !== "balanced")
      .map((person) => {
        const ratio = load.meanMinutes > 0 ? person.openMinutes / load.meanMinutes : 0;
        return `- ${personName(snapshot, person.personId)}: ${person.openTasks} open task${person.openTasks === 1 ? "" : "s"}, ${hours(person.openMinutes)} (${formatNumber(Math.round(ratio * 10) / 10)}× the average of ${hours(load.meanMinutes)}), ${person.flag}.`;
      });
    paragraphs.push(["**Workload is uneven**", ...lines].join("\n"));
  }
  if (load.unassignedOpenTasks > 0) {
    paragraphs.push(
      `${load.unassignedOpenTasks} open task${load.unassignedOpenTasks === 1 ? " has" : "s have"} nobody assigned.`,
    );
  }

  const empty = snapshot.objectives.filter((objective) => objective.keyResults.length === 0);
  if (empty.length > 0) {
    paragraphs.push(
      [
        "**Objectives without key results**",
        ...empty.map((objective) => `- ${quote(objective.title)}: add two to four measurable key results.`),
      ].join("\n"),
    );
  }
  paragraphs.push(
    'Ask me to act, for example: "check in 40 on KR Signed customers", "add a key result “NPS from 30 to 45” to objective “Delight customers”" or "add task “Draft the survey” to KR NPS".',
  );
  return emptyReply(paragraphs.join("\n\n"));
}

/**
 * The offline coach: a clear request ("check in 40 on KR Z", "add a key result X to
 * objective Y", "add task X to KR Z", "mark task X done", "create objective X") becomes a
 * proposed action, or a question when the target is ambiguous or missing; anything else
 * gets a review of the tree.
 */
export function offlineCoachReply(snapshot: CoachSnapshot, message: string): CoachReply {
  const intent = parseIntent(message);
  return intent.kind === "review" ? review(snapshot) : proposeForIntent(snapshot, intent);
}
