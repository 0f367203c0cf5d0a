import type { IsoDate } from "../calendar";
import type { DashboardSummary } from "./dashboard";
import { INDICATOR_LABELS, INDICATORS, type Indicator } from "./indicator";
import { ITEM_TYPE_PREFIX, ITEM_TYPES, type ItemStatus, type ItemType, type Priority } from "./items";
import { riskLevel, riskScore } from "./risk";

/**
 * The text a project's assistant answers from: one summary of the project and one short
 * document per item. Sentences are written to stand alone, because the offline model answers
 * by picking sentences (see server/ai/offline-provider.ts); each names its item's code so a
 * picked sentence still says what it is about.
 */

/** An item as the assistant sees it. */
export interface ChatItem {
  id: string;
  code: string;
  type: ItemType;
  title: string;
  description: string | null;
  status: ItemStatus;
  priority: Priority | null;
  indicator: Indicator;
  assigneeName: string | null;
  startDate: IsoDate | null;
  finishDate: IsoDate | null;
  deadline: IsoDate | null;
  percentComplete: number;
  probability: number | null;
  impact: number | null;
}

export interface ChatBudget {
  currency: string;
  /** Whole currency units (not hundredths). */
  budget: number | null;
  burnToDate: number;
  percentSpent: number | null;
  weeklyBurnRate: number;
  forecastAtCompletion: number | null;
  varianceAtCompletion: number | null;
}

export interface ChatProjectFacts {
  name: string;
  clientName: string | null;
  status: string;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  asOf: IsoDate;
  summary: Pick<DashboardSummary, "total" | "byIndicator" | "byType">;
  /** Unfinished risks, highest score first. */
  topRisks: ChatItem[];
  /** Late and overdue items, most urgent first. */
  attention: ChatItem[];
  /** Only when the asker may see the budget. */
  budget: ChatBudget | null;
}

/** A source for the AI gateway (structurally its ContextDocument): cited by `label`. */
export interface ChatSource {
  id?: string;
  label: string;
  title: string;
  text: string;
}

export const SUMMARY_LABEL = "Summary";
/** Descriptions past this are cut: the question's matches matter more than one long item. */
export const MAX_DESCRIPTION_CHARS = 600;

const TYPE_PLURALS: Record<ItemType, string> = {
  risk: "risks",
  action: "actions",
  issue: "issues",
  decision: "decisions",
  deliverable: "deliverables",
  milestone: "milestones",
};

/** Indicator words people ask with ("overdue", "late") next to the label. */
const INDICATOR_WORDS: Partial<Record<Indicator, string>> = {
  beyond_deadline: "beyond deadline (overdue)",
  late_finish: "late finish (overdue)",
  late_start: "late start",
  trending_late: "trending late",
};

const indicatorText = (indicator: Indicator) =>
  INDICATOR_WORDS[indicator] ?? INDICATOR_LABELS[indicator].toLowerCase();

const words = (value: string) => value.replace(/_/g, " ");

/** Titles are the users' own text: keep them on one line and out of sentence breaks. */
const inline = (text: string) => text.replace(/\s+/g, " ").trim();

function amount(value: number, currency: string): string {
  return `${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

function scoreText(item: Pick<ChatItem, "probability" | "impact">): string | null {
  const score = riskScore(item.probability, item.impact);
  return score === null ? null : `risk score ${score} (${riskLevel(score)})`;
}

function listOf(items: ChatItem[], detail: (item: ChatItem) => string): string {
  return items.map((item) => `${item.code} "${inline(item.title)}", ${detail(item)}`).join("; ");
}

/** The project at a glance: counts, top risks, what is late, the budget headline. */
export function projectSummarySource(facts: ChatProjectFacts): ChatSource {
  const { summary } = facts;
  const sentences: string[] = [];
  const client = facts.clientName ? ` for ${inline(facts.clientName)}` : "";
  const span =
    facts.startDate || facts.endDate
      ? `, running from ${facts.startDate ?? "an open start"} to ${facts.endDate ?? "an open end"}`
      : "";
  sentences.push(
    `Project "${inline(facts.name)}"${client} is ${words(facts.status)}${span}, as of ${facts.asOf}.`,
  );
  const byType = ITEM_TYPES.filter((type) => summary.byType[type] > 0).map(
    (type) => `${summary.byType[type]} ${summary.byType[type] === 1 ? type : TYPE_PLURALS[type]}`,
  );
  sentences.push(
    summary.total === 0
      ? "The project has no items yet."
      : `The project has ${summary.total} items: ${byType.join(", ")}.`,
  );
  const byIndicator = INDICATORS.filter((indicator) => summary.byIndicator[indicator] > 0).map(
    (indicator) => `${summary.byIndicator[indicator]} ${indicatorText(indicator)}`,
  );
  if (byIndicator.length > 0) sentences.push(`Item status indicators: ${byIndicator.join(", ")}.`);
  sentences.push(
    facts.topRisks.length > 0
      ? `Top open risks by score: ${listOf(facts.topRisks, (item) => scoreText(item) ?? "not yet rated")}.`
      : "There are no open risks.",
  );
  sentences.push(
    facts.attention.length > 0
      ? `Late or overdue items needing attention: ${listOf(facts.attention, (item) => indicatorText(item.indicator))}.`
      : "No items are late or overdue.",
  );
  if (facts.budget) sentences.push(budgetSentence(facts.budget));
  return {
    id: "project-summary",
    label: SUMMARY_LABEL,
    title: inline(facts.name),
    text: sentences.join("\n"),
  };
}

function budgetSentence(budget: ChatBudget): string {
  const money = (value: number) => amount(value, budget.currency);
  const parts = [
    budget.budget === null ? "no budget set" : `budget ${money(budget.budget)}`,
    `spent to date ${money(budget.burnToDate)}${budget.percentSpent === null ? "" : ` (${budget.percentSpent}% of budget)`}`,
    `weekly burn rate ${money(budget.weeklyBurnRate)}`,
  ];
  if (budget.forecastAtCompletion !== null)
    parts.push(`forecast at completion ${money(budget.forecastAtCompletion)}`);
  if (budget.varianceAtCompletion !== null) {
    parts.push(
      budget.varianceAtCompletion < 0
        ? `forecast over budget by ${money(-budget.varianceAtCompletion)}`
        : `forecast under budget by ${money(budget.varianceAtCompletion)}`,
    );
  }
  return `Budget: ${parts.join(", ")}.`;
}

/** One item: a standalone first sentence with its facts, then its (shortened) description. */
export function itemSource(item: ChatItem): ChatSource {
  const facts = [
    words(item.status),
    indicatorText(item.indicator),
    `${item.percentComplete}% complete`,
    item.priority ? `${item.priority} priority` : null,
    item.type === "risk" ? scoreText(item) : null,
    item.startDate ? `start ${item.startDate}` : null,
    item.finishDate ? `finish ${item.finishDate}` : null,
    item.deadline ? `deadline ${item.deadline}` : null,
    item.assigneeName ? `assigned to ${inline(item.assigneeName)}` : "unassigned",
  ].filter((fact): fact is string => fact !== null);
  const lead = `${item.code} is ${item.type === "action" || item.type === "issue" ? "an" : "a"} ${item.type} "${inline(item.title)}": ${facts.join(", ")}.`;
  const description = item.description?.trim();
  const shortened =
    description && description.length > MAX_DESCRIPTION_CHARS
      ? `${description.slice(0, MAX_DESCRIPTION_CHARS).trimEnd()}…`
      : description;
  return {
    id: item.id,
    label: item.code,
    title: inline(item.title),
    text: shortened ? `${lead}\n${shortened}` : lead,
  };
}

const CODE_PATTERN = new RegExp(
  `\\b(${Object.values(ITEM_TYPE_PREFIX)
    .sort((a, b) => b.length - a.length)
    .join("|")})-(\\d{1,9})\\b`,
  "gi",
);

/** Item codes an answer mentions ("[R-12]" or plain "R-12"), upper-cased, in order of first mention. */
export function mentionedCodes(text: string): string[] {
  const codes = [...text.matchAll(CODE_PATTERN)].map((match) => `${match[1]!.toUpperCase()}-${match[2]}`);
  return [...new Set(codes)];
}

/** Words that carry no subject in a question about a project. */
const QUESTION_WORDS = new Set(
  (
    "what which when where whose about tell there their these those have does with that this from " +
    "they were will would could should your into over under item items project show give list " +
    "anything everything something"
  ).split(" "),
);
const MAX_QUESTION_WORDS = 8;

/** A question's content words (4+ letters), lower-cased, once each: what titles are matched on. */
export function questionWords(question: string): string[] {
  const words = (question.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []).filter(
    (word) => !QUESTION_WORDS.has(word) && !/^\d+$/.test(word),
  );
  return [...new Set(words)].slice(0, MAX_QUESTION_WORDS);
}
