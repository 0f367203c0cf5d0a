import { z } from "zod";
import type { IsoDate } from "../calendar";
import { type CycleDates, cycleLengthDays, dayOfCycle } from "./cycles";
import { type KeyResultStatus, loadByPerson, type RiskReason } from "./health";
import { GOAL_LIMITS } from "./limits";
import type { KeyResultType, TaskStatus } from "./progress";
import type { ObjectiveAccess } from "./tree";

/**
 * The pure half of the Goals coach (seed 000's /api/aime): the JSON Lines contract of its
 * replies, the changes it may propose, and the offline coach that answers from the asker's
 * own tree when no language model is configured. Nothing here applies a change: proposals
 * are accepted or rejected by the user, and accepted ones go through the normal services.
 */

// ---------------------------------------------------------------------------------------------
// Proposed actions

export const COACH_ACTION_KINDS = [
  "create_objective",
  "update_objective",
  "create_key_result",
  "update_key_result",
  "create_task",
  "update_task",
  "check_in",
] as const;
export type CoachActionKind = (typeof COACH_ACTION_KINDS)[number];

export const COACH_ACTION_STATUSES = ["proposed", "accepted", "rejected", "undone", "failed"] as const;
export type CoachActionStatus = (typeof COACH_ACTION_STATUSES)[number];

/**
 * A change the coach suggests, before it is stored and given an id. `target_id` is what the
 * change acts on: the objective, key result or task updated, the objective a key result is
 * added to, the key result a task or check-in is added to; null for a new objective.
 * `payload` is the body the normal create/update endpoint for that kind takes.
 */
export interface CoachActionDraft {
  kind: CoachActionKind;
  summary: string;
  target_id: string | null;
  payload: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

const actionChunkSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(COACH_ACTION_KINDS),
  summary: z.string().min(1),
  target_id: z.uuid().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

/**
 * One line of a coach reply (`application/x-ndjson`): `content` deltas to append (Markdown),
 * at most one `actions` and one `req_more_info`, and always `done` last; a failure after the
 * stream began is an `error` line just before `done`.
 */
export const coachChunkSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("content"), text: z.string() }),
  z.strictObject({ type: z.literal("actions"), actions: z.array(actionChunkSchema).min(1) }),
  z.strictObject({
    type: z.literal("req_more_info"),
    question: z.string().min(1),
    /** What the coach needs: "objective", "key_result", "title", "value"... */
    fields: z.array(z.string()),
  }),
  z.strictObject({ type: z.literal("error"), message: z.string() }),
  z.strictObject({
    type: z.literal("done"),
    model: z.string(),
    provider: z.string(),
    offline: z.boolean(),
  }),
]);

export type CoachChunk = z.infer<typeof coachChunkSchema>;
export const COACH_CONTENT_TYPE = "application/x-ndjson; charset=utf-8";

/** One chunk as a line of JSON Lines. */
export const jsonLine = (chunk: CoachChunk) => `${JSON.stringify(chunk)}\n`;

/** Parses and validates a whole reply; throws on a malformed line or a broken sequence. */
export function parseJsonLines(text: string): CoachChunk[] {
  if (text !== "" && !text.endsWith("\n")) throw new Error("every line must end with a newline");
  const chunks = text
    .split("\n")
    .slice(0, -1)
    .map((line, index) => {
      const parsed = coachChunkSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`line ${index + 1} is not a coach chunk: ${parsed.error.message}`);
      return parsed.data;
    });
  if (chunks.at(-1)?.type !== "done") throw new Error("a coach reply must end with a done chunk");
  if (chunks.filter((chunk) => chunk.type === "done").length !== 1) throw new Error("done must appear once");
  for (const type of ["actions", "req_more_info", "error"] as const) {
    if (chunks.filter((chunk) => chunk.type === type).length > 1) throw new Error(`${type} must appear once`);
  }
  const error = chunks.findIndex((chunk) => chunk.type === "error");
  if (error !== -1 && error !== chunks.length - 2) throw new Error("error must come just before done");
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// What the coach sees

export interface CoachTask {
  id: string;
  title: string;
  status: TaskStatus;
  assigneeId: string | null;
  estimateMinutes: number | null;
  dueDate: string | null;
}

export interface CoachKeyResult {
  id: string;
  title: string;
  type: KeyResultType;
  unit: string | null;
  startValue: number;
  targetValue: number;
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
  status: KeyResultStatus;
  progress: number;
  keyResults: readonly CoachKeyResult[];
}

/** The asker's tree for one cycle (the shape buildGoalTree produces) and who is who. */
export interface CoachSnapshot {
  userId: string;
  today: IsoDate;
  cycle: (CycleDates & { id: string; name: string }) | null;
  objectives: readonly CoachObjective[];
  /** Display names by user id, for talking about people. */
  people: Readonly<Record<string, string>>;
}

export interface CoachReply {
  /** Markdown. */
  content: string;
  actions: CoachActionDraft[];
  moreInfo: { question: string; fields: string[] } | null;
}

export interface CoachTurn {
  role: "user" | "assistant";
  content: string;
}

// ---------------------------------------------------------------------------------------------
// Reading requests

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
const quote = (text: string) => `“${text}”`;
const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
/** "40%" but "158 teams": only a percent sign sits against its number. */
const withUnit = (n: number, unit: string | null | undefined) =>
  !unit ? formatNumber(n) : unit === "%" ? `${formatNumber(n)}%` : `${formatNumber(n)} ${unit}`;
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

/** A request the offline coach acts on; fields the user left out are missing. */
export type Intent =
  | { kind: "add_key_result"; title?: string; objective?: string }
  | { kind: "add_task"; title?: string; keyResult?: string }
  | { kind: "check_in"; value?: number; keyResult?: string; confidence?: number }
  | { kind: "complete_task"; task: string }
  | { kind: "create_objective"; title?: string }
  | { kind: "review" };

const QUOTED = /["“]([^"”]+)["”]/g;
/** Politeness before the verb: "please", "can you", "let's"... */
const LEAD = String.raw`^(?:(?:please|pls|ok|okay|now|so|and|then|can you|could you|would you|let'?s|help me|i want to|i'd like to|i would like to)[\s,]+)*`;
const KR = String.raw`(?:key\s*result|kr)`;

/** Removes the optional "[to|under|for] [the] [noun]" that introduces a parent's name. */
function parentName(text: string, noun: string): string | undefined {
  const match = new RegExp(
    `^\\s*(?:to|under|for|on|in)\\s+(?:the\\s+)?(?:${noun}\\s*:?\\s*)?(.+)$`,
    "i",
  ).exec(text);
  const name = match ? stripQuotes(match[1]!) : "";
  return name || undefined;
}

function parseCheckIn(text: string): Intent | undefined {
  const full = new RegExp(
    `${LEAD}(?:check[\\s-]?in|log|record)\\s+(${NUMBER})\\s*%?\\s+(?:on|for|against)\\s+(?:the\\s+)?${KR}?\\s*(.+?)(?:\\s*,?\\s*(?:with\\s+)?confidence\\s+(?:of\\s+)?(${NUMBER})\\s*(%)?)?$`,
    "i",
  ).exec(text);
  if (full) {
    const confidence = parseConfidence(full[3], Boolean(full[4]));
    return {
      kind: "check_in",
      value: parseNumber(full[1]!),
      keyResult: stripQuotes(full[2]!),
      ...(confidence !== undefined ? { confidence } : {}),
    };
  }
  const verb = new RegExp(`${LEAD}check[\\s-]?in\\b\\s*(.*)$`, "i").exec(text);
  if (!verb) return undefined;
  const rest = verb[1]!.trim();
  const value = new RegExp(`^(${NUMBER})\\s*%?$`).exec(rest);
  if (value) return { kind: "check_in", value: parseNumber(value[1]!) };
  const keyResult = parentName(rest, KR);
  return keyResult ? { kind: "check_in", keyResult } : rest ? undefined : { kind: "check_in" };
}

function parseAddition(noun: "objective" | "task" | "key_result", rest: string): Intent {
  const matches = [...rest.matchAll(QUOTED)];
  const quoted = matches.map((match) => match[1]!.trim());
  const afterFirstQuote = matches[0] ? rest.slice(matches[0].index + matches[0][0].length) : "";
  if (noun === "objective") {
    const title = quoted[0] ?? stripQuotes(rest.replace(/^\s*:?\s*/, ""));
    return { kind: "create_objective", ...(title ? { title } : {}) };
  }
  if (noun === "task") {
    if (quoted.length >= 2) return { kind: "add_task", title: quoted[0]!, keyResult: quoted[1]! };
    if (quoted.length === 1) {
      const keyResult = parentName(afterFirstQuote, KR);
      return { kind: "add_task", title: quoted[0]!, ...(keyResult ? { keyResult } : {}) };
    }
    const match = new RegExp(`^\\s*(.+?)\\s+(?:to|under|for)\\s+(?:the\\s+)?${KR}\\s*:?\\s+(.+)$`, "i").exec(
      rest,
    );
    if (match) return { kind: "add_task", title: stripQuotes(match[1]!), keyResult: stripQuotes(match[2]!) };
    const onlyParent = parentName(rest, KR);
    if (onlyParent && /^\s*(?:to|under|for)\b/i.test(rest))
      return { kind: "add_task", keyResult: onlyParent };
    const title = stripQuotes(rest.replace(/^\s*:?\s*/, ""));
    return { kind: "add_task", ...(title ? { title } : {}) };
  }
  // A key result.
  if (quoted.length >= 2) return { kind: "add_key_result", title: quoted[0]!, objective: quoted[1]! };
  if (quoted.length === 1) {
    const objective = parentName(afterFirstQuote, "objective");
    return { kind: "add_key_result", title: quoted[0]!, ...(objective ? { objective } : {}) };
  }
  if (/^\s*(?:to|under|for)\b/i.test(rest)) {
    const objective = parentName(rest, "objective");
    return { kind: "add_key_result", ...(objective ? { objective } : {}) };
  }
  // Unquoted: the title runs to the last "to/under/for [the] objective" so "from 30 to 50" stays in it.
  const match =
    /^\s*(.+)\s+(?:to|under|for)\s+(?:the\s+)?objective\s*:?\s+(.+)$/i.exec(rest) ??
    /^\s*(.+)\s+(?:to|under)\s+(?:the\s+)?(.+)$/i.exec(rest);
  if (match)
    return { kind: "add_key_result", title: stripQuotes(match[1]!), objective: stripQuotes(match[2]!) };
  const title = stripQuotes(rest.replace(/^\s*:?\s*/, ""));
  return { kind: "add_key_result", ...(title ? { title } : {}) };
}

/**
 * Recognises the requests the offline coach acts on, whole or with parts missing ("add a
 * KR" names no objective and no measure); questions and anything else get a review.
 */
export function parseIntent(message: string): Intent {
  const text = message.trim().replace(/[.!]+$/, "");
  const checkIn = parseCheckIn(text);
  if (checkIn) return checkIn;

  // The noun right after the verb says what is being added: "add a task ... to KR ..." is a task.
  const addition = new RegExp(
    `${LEAD}(?:add|create|new|set up|draft)\\s+(?:a\\s+|an\\s+|another\\s+|the\\s+|one\\s+)?(?:new\\s+)?(${KR}|task|objective)\\b(.*)$`,
    "i",
  ).exec(text);
  if (addition) {
    const noun = addition[1]!.toLowerCase();
    return parseAddition(noun === "task" || noun === "objective" ? noun : "key_result", addition[2]!);
  }

  const complete =
    new RegExp(
      `${LEAD}(?:mark|set)\\s+(?:the\\s+)?task\\s+(.+?)\\s+(?:as\\s+)?(?:done|complete|completed|finished)$`,
      "i",
    ).exec(text) ??
    new RegExp(`${LEAD}(?:complete|finish|close)\\s+(?:the\\s+)?task\\s+(.+)$`, "i").exec(text);
  if (complete) return { kind: "complete_task", task: stripQuotes(complete[1]!) };

  return { kind: "review" };
}

/** The fields an intent still needs, in the order the coach asks for them. */
export function missingFields(intent: Intent): string[] {
  switch (intent.kind) {
    case "add_key_result":
      return [...(intent.objective ? [] : ["objective"]), ...(intent.title ? [] : ["title"])];
    case "add_task":
      return [...(intent.keyResult ? [] : ["key_result"]), ...(intent.title ? [] : ["title"])];
    case "check_in":
      return [...(intent.keyResult ? [] : ["key_result"]), ...(intent.value === undefined ? ["value"] : [])];
    case "create_objective":
      return intent.title ? [] : ["title"];
    default:
      return [];
  }
}

/**
 * Completes an unfinished request from the answer to the coach's question: a number fills a
 * missing value, the rest of the answer the first missing name or title.
 */
export function completeIntent(intent: Intent, answer: string): Intent {
  const missing = missingFields(intent);
  if (missing.length === 0) return intent;
  let rest = stripQuotes(answer.trim().replace(/[.!?]+$/, ""));
  const filled: Record<string, unknown> = { ...intent };
  if (missing.includes("value")) {
    const number = new RegExp(`(${NUMBER})\\s*%?`).exec(rest);
    if (number) {
      filled.value = parseNumber(number[1]!);
      rest = stripQuotes(rest.replace(number[0], "").replace(/^\s*(?:on|for)\s+/i, ""));
    }
  }
  const nameField = missing.find((field) => field !== "value");
  if (nameField && rest) {
    const key = { objective: "objective", key_result: "keyResult", title: "title" }[nameField]!;
    filled[key] = rest;
  }
  return filled as Intent;
}

// ---------------------------------------------------------------------------------------------
// The offline coach

const canEdit = (access: ObjectiveAccess) => access === "owner" || access === "edit";

const say = (content: string): CoachReply => ({ content, actions: [], moreInfo: null });

/** "“A”, “B” or “C”" */
function listTitles(items: readonly { title: string }[]): string {
  const titles = items.slice(0, 6).map((item) => quote(item.title));
  if (items.length > 6) titles.push(`${items.length - 6} more`);
  return titles.length <= 1 ? (titles[0] ?? "") : `${titles.slice(0, -1).join(", ")} or ${titles.at(-1)}`;
}

function ask(content: string, question: string, fields: string[]): CoachReply {
  return { content, actions: [], moreInfo: { question, fields } };
}

const FIELD_QUESTIONS: Record<string, string> = {
  objective: "Which objective should it go under?",
  key_result: "Which key result is it for?",
  value: "What is the new value?",
};

const TITLE_QUESTIONS: Record<string, string> = {
  add_key_result: "What should the key result measure? Include the target, e.g. “NPS from 30 to 45”.",
  add_task: "What is the task?",
  create_objective: "What should the objective be called?",
};

function askForMissing(
  snapshot: CoachSnapshot,
  intent: Exclude<Intent, { kind: "review" }>,
  missing: string[],
): CoachReply {
  const noun = {
    add_key_result: "key result",
    add_task: "task",
    check_in: "check-in",
    create_objective: "objective",
    complete_task: "task",
  }[intent.kind];
  const editable = snapshot.objectives.filter((objective) => canEdit(objective.access));
  const choices =
    missing[0] === "objective"
      ? editable
      : missing[0] === "key_result"
        ? editable.flatMap((objective) => objective.keyResults)
        : [];
  const options = choices.length > 0 ? ` You can pick ${listTitles(choices)}.` : "";
  return ask(
    `I can add that ${noun}, but I need a little more first.${options}`,
    missing
      .map((field) => (field === "title" ? TITLE_QUESTIONS[intent.kind] : FIELD_QUESTIONS[field]))
      .join(" "),
    missing,
  );
}

function resolve<T extends { id: string; title: string }>(
  items: readonly T[],
  phrase: string,
  noun: string,
): { item: T } | { reply: CoachReply } {
  const match = matchByTitle(items, phrase);
  if (match.kind === "found") return { item: match.item };
  const field = noun.replace("open ", "").replace(" ", "_");
  if (match.kind === "ambiguous") {
    return {
      reply: ask(
        `Several ${noun}s match ${quote(phrase)}.`,
        `Which ${noun} do you mean: ${listTitles(match.items)}?`,
        [field],
      ),
    };
  }
  return {
    reply: ask(
      `I could not find a ${noun} called ${quote(phrase)} in this cycle.`,
      items.length > 0 ? `Which ${noun} do you mean: ${listTitles(items)}?` : `Which ${noun} do you mean?`,
      [field],
    ),
  };
}

function readOnly(noun: string, titleText: string): CoachReply {
  return say(
    `You can view the ${noun} ${quote(titleText)} but not change it. Ask its owner for edit access, or suggest the change in a comment.`,
  );
}

const propose = (content: string, action: CoachActionDraft): CoachReply => ({
  content,
  actions: [action],
  moreInfo: null,
});

const clip = (text: string) => text.slice(0, GOAL_LIMITS.titleMax);

function proposeForIntent(snapshot: CoachSnapshot, intent: Exclude<Intent, { kind: "review" }>): CoachReply {
  const missing = missingFields(intent);
  if (missing.length > 0) return askForMissing(snapshot, intent, missing);
  const keyResults = snapshot.objectives.flatMap((objective) =>
    objective.keyResults.map((kr) => ({ ...kr, objective })),
  );
  switch (intent.kind) {
    case "create_objective": {
      const title = clip(intent.title!);
      if (!snapshot.cycle) {
        return propose(
          `Here is the objective, ready to add to the current quarter. Add two to four measurable key results to it next.`,
          {
            kind: "create_objective",
            summary: `Create objective ${quote(title)}`,
            target_id: null,
            payload: { title },
          },
        );
      }
      return propose(
        `Here is the objective, ready to add to ${snapshot.cycle.name}. Add two to four measurable key results to it next.`,
        {
          kind: "create_objective",
          summary: `Create objective ${quote(title)} in ${snapshot.cycle.name}`,
          target_id: null,
          payload: { title, cycle_id: snapshot.cycle.id },
        },
      );
    }
    case "add_key_result": {
      const found = resolve(snapshot.objectives, intent.objective!, "objective");
      if ("reply" in found) return found.reply;
      const objective = found.item;
      if (!canEdit(objective.access)) return readOnly("objective", objective.title);
      const title = clip(intent.title!);
      const measure = inferMeasure(title);
      const range =
        measure.type === "boolean"
          ? "done / not done"
          : `${formatNumber(measure.start_value)} → ${withUnit(measure.target_value, measure.unit)}`;
      return propose(
        `I read ${quote(title)} as a ${measure.type === "boolean" ? "yes/no" : measure.type} key result (${range}). Adjust it after accepting if that is not what you meant.`,
        {
          kind: "create_key_result",
          summary: `Add key result ${quote(title)} (${range}) to ${quote(objective.title)}`,
          target_id: objective.id,
          payload: { title, ...measure },
        },
      );
    }
    case "add_task": {
      const found = resolve(keyResults, intent.keyResult!, "key result");
      if ("reply" in found) return found.reply;
      const keyResult = found.item;
      if (!canEdit(keyResult.objective.access)) return readOnly("key result", keyResult.title);
      const title = clip(intent.title!);
      return propose(`A task under ${quote(keyResult.title)}, ready to add.`, {
        kind: "create_task",
        summary: `Add task ${quote(title)} to ${quote(keyResult.title)}`,
        target_id: keyResult.id,
        payload: { title },
      });
    }
    case "check_in": {
      const found = resolve(keyResults, intent.keyResult!, "key result");
      if ("reply" in found) return found.reply;
      const keyResult = found.item;
      if (!canEdit(keyResult.objective.access)) return readOnly("key result", keyResult.title);
      const value = intent.value!;
      const { unit } = keyResult;
      const change = value - keyResult.currentValue;
      const direction = change === 0 ? "no change" : `${change > 0 ? "+" : ""}${withUnit(change, unit)}`;
      return propose(
        `Check-in for ${quote(keyResult.title)}: ${withUnit(keyResult.currentValue, unit)} → ${withUnit(value, unit)} (${direction}).`,
        {
          kind: "check_in",
          summary: `Check in ${withUnit(value, unit)} on ${quote(keyResult.title)}`,
          target_id: keyResult.id,
          payload: { value, ...(intent.confidence !== undefined ? { confidence: intent.confidence } : {}) },
        },
      );
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
      if (!canEdit(task.objective.access) && task.assigneeId !== snapshot.userId)
        return readOnly("task", task.title);
      return propose(`Marking ${quote(task.title)} as done.`, {
        kind: "update_task",
        summary: `Mark task ${quote(task.title)} done`,
        target_id: task.id,
        payload: { status: "done" },
      });
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

/** Requests the asker could make next, using their own objectives and key results. */
function examples(snapshot: CoachSnapshot): string {
  const editable = snapshot.objectives.filter((objective) => canEdit(objective.access));
  const objective = editable[0];
  const keyResult =
    editable.flatMap((o) => o.keyResults).find((kr) => kr.staleCheckIn) ??
    editable.flatMap((o) => o.keyResults)[0];
  const asks = [
    ...(keyResult
      ? [
          `"check in ${formatNumber(keyResult.currentValue)} on ${keyResult.title}"`,
          `"add a task “…” to KR ${keyResult.title}"`,
        ]
      : []),
    objective
      ? `"add a key result “… from 30 to 45” to objective ${objective.title}"`
      : `"create an objective “…”"`,
  ];
  return `Ask me to act, for example: ${asks.join(", ")}.`;
}

/** The data-grounded review: pace, stale check-ins, load, and gaps in the plan. */
function review(snapshot: CoachSnapshot): CoachReply {
  const { cycle } = snapshot;
  if (!cycle)
    return say(
      'There is no planning cycle yet. Create one (90 days by default), or ask me to "create an objective “…”" and I will start one for this quarter.',
    );
  if (snapshot.objectives.length === 0) {
    return say(
      `${cycle.name} has no objectives you can see yet. Start with one or two objectives that matter most this cycle, each with two to four measurable key results. Try: create an objective “Improve onboarding”.`,
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
  paragraphs.push(examples(snapshot));
  return say(paragraphs.join("\n\n"));
}

/**
 * The request a message continues: when the coach's last turn asked for more and this
 * message is not a request of its own, it answers that question.
 */
function intentWithHistory(message: string, history: readonly CoachTurn[]): Intent {
  const intent = parseIntent(message);
  if (intent.kind !== "review" || history.at(-1)?.role !== "assistant") return intent;
  const previous = [...history].reverse().find((turn) => turn.role === "user");
  if (!previous) return intent;
  const unfinished = intentWithHistory(previous.content, history.slice(0, history.lastIndexOf(previous)));
  if (unfinished.kind === "review" || missingFields(unfinished).length === 0) return intent;
  return completeIntent(unfinished, message);
}

/**
 * The offline coach: a clear request ("check in 40 on KR Z", "add a key result X to
 * objective Y", "add task X to KR Z", "mark task X done", "create objective X") becomes a
 * proposed action, a request with parts missing or an unclear target becomes a question
 * (answered in the next message), and anything else gets a review of the tree.
 */
export function offlineCoachReply(
  snapshot: CoachSnapshot,
  message: string,
  history: readonly CoachTurn[] = [],
): CoachReply {
  const intent = intentWithHistory(message, history);
  return intent.kind === "review" ? review(snapshot) : proposeForIntent(snapshot, intent);
}

// ---------------------------------------------------------------------------------------------
// What a language model is shown

/**
 * The asker's tree as context documents for a language model: one per objective, with the
 * ids the coach's tools take, the facts the review uses (pace, confidence, check-ins, load)
 * and whether the asker may change it.
 */
export function coachContextDocuments(
  snapshot: CoachSnapshot,
): { id: string; title: string; text: string }[] {
  const name = (userId: string | null) => (userId ? personName(snapshot, userId) : "nobody");
  return snapshot.objectives.map((objective) => {
    const lines = [
      `objective_id ${objective.id}; owner ${name(objective.ownerId)}; your access: ${objective.access}${canEdit(objective.access) ? "" : " (you cannot propose changes to it)"}; progress ${percent(objective.progress)}; status ${objective.status}.`,
    ];
    for (const kr of objective.keyResults) {
      const confidence = kr.confidence === null ? "not given" : formatNumber(kr.confidence);
      const checkIn = kr.lastCheckInAt ? `${kr.daysSinceCheckIn} days ago` : "never";
      lines.push(
        `- Key result ${quote(kr.title)} (key_result_id ${kr.id}, ${kr.type}): ${formatNumber(kr.startValue)} → ${withUnit(kr.targetValue, kr.unit)}, now ${withUnit(kr.currentValue, kr.unit)}; progress ${percent(kr.progress)} vs ${percent(kr.expectedProgress)} expected; status ${kr.status}; confidence ${confidence}; last check-in ${checkIn}${kr.staleCheckIn ? " (due)" : ""}.`,
      );
      for (const task of kr.tasks) {
        lines.push(
          `  - Task ${quote(task.title)} (task_id ${task.id}): ${task.status}; assignee ${name(task.assigneeId)}${task.dueDate ? `; due ${task.dueDate}` : ""}${task.estimateMinutes ? `; estimate ${hours(task.estimateMinutes)}` : ""}.`,
        );
      }
    }
    if (objective.keyResults.length === 0) lines.push("- No key results yet.");
    return { id: objective.id, title: `Objective ${quote(objective.title)}`, text: lines.join("\n") };
  });
}
