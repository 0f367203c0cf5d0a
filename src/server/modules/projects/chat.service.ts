import { uuidv7 } from "uuidv7";
import { fromHundredths } from "../../../core/budget";
import { utcDate } from "../../../core/calendar";
import {
  ATTENTION_INDICATORS,
  type ChatBudget,
  type ChatItem,
  type ChatSource,
  itemSource,
  mentionedCodes,
  parseItemCode,
  projectSummarySource,
  questionWords,
  summarizeDashboard,
} from "../../../core/raid";
import type { AiGateway } from "../../ai";
import { inTenant } from "../../db";
import type { OrgScope } from "../../http";
import { can, requireProjectAction } from "./access";
import type { BudgetService } from "./budget.service";
import type { ProjectsDeps } from "./deps";
import {
  type ItemFilter,
  type ItemRow,
  type ItemSort,
  listItemPage,
  listRelevantItems,
  tallyItems,
} from "./items.queries";
import { type ItemView, viewItem } from "./items.service";

/** Items the summary lists by name, per list. */
const SUMMARY_ITEMS = 5;
/** Items matched to the question. */
const RELEVANT_ITEMS = 15;
/** Every item document together, summary lists included: enough to answer, small enough for any model. */
const MAX_ITEM_SOURCES = 25;
const UNFINISHED = ["open", "in_progress", "blocked"] as const;

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export interface ChatContext {
  /** The project summary first, then one source per item. */
  sources: ChatSource[];
  /** The items behind the sources, by code: what answers may cite. */
  items: Map<string, ChatItem>;
}

export type ChatEvent =
  | { type: "content"; text: string }
  | { type: "citations"; items: { id: string; ref: string; title: string; type: ChatItem["type"] }[] }
  | { type: "done"; model: string; provider: string; offline: boolean; fallbackUsed: boolean }
  | { type: "error"; message: string };

const systemPrompt = (projectName: string, asOf: string) =>
  `You are Cairn's assistant for the project "${projectName}". Today is ${asOf}. Answer questions ` +
  "about the project's risks, actions, issues, decisions, deliverables, milestones and budget " +
  "using only the sources given. Cite the items you rely on by their codes, like [R-12]. If the " +
  "sources do not answer the question, say so rather than guessing. Be concise.";

const chatItemOf = (view: ItemView): ChatItem => ({
  id: view.id,
  code: view.code,
  type: view.type,
  title: view.title,
  description: view.description,
  status: view.status,
  priority: view.priority,
  indicator: view.indicator,
  assigneeName: view.assigneeName,
  startDate: view.startDate,
  finishDate: view.finishDate,
  deadline: view.deadline,
  percentComplete: view.percentComplete,
  probability: view.probability,
  impact: view.impact,
});

/**
 * Questions about one project, answered through the AI gateway from what the asker may see of
 * that project alone: its summary and the items most relevant to the question. Access is the
 * project's own (members and org admins; 404 otherwise); budget figures only for those who may
 * read the budget.
 */
export function createChatService(deps: ProjectsDeps & { budget: BudgetService; ai: AiGateway }) {
  const { db, budget, ai } = deps;

  async function context(scope: OrgScope, projectId: string, question: string) {
    const asOf = utcDate(deps.now());
    const gathered = await inTenant(db, scope, async (tx) => {
      const access = await requireProjectAction(tx, scope, projectId, "projects.chat");
      const base = { orgId: scope.orgId, projectId, today: asOf };
      const page = { limit: SUMMARY_ITEMS, offset: 0 };
      const codes = mentionedCodes(question).flatMap((code) => parseItemCode(code) ?? []);
      const chatItems = (rows: ItemRow[]) => rows.map((row) => chatItemOf(viewItem(row, asOf)));
      const listed = async (filter: ItemFilter, sort: ItemSort, direction: "asc" | "desc") =>
        chatItems(await listItemPage(tx, { ...base, filter, sort, direction, page }));
      const tallies = await tallyItems(tx, base);
      const topRisks = await listed({ types: ["risk"], statuses: [...UNFINISHED] }, "risk_score", "desc");
      const attention = await listed({ indicators: [...ATTENTION_INDICATORS] }, "indicator", "asc");
      const relevant = chatItems(
        await listRelevantItems(tx, {
          ...base,
          question,
          words: questionWords(question),
          codes,
          limit: RELEVANT_ITEMS,
        }),
      );
      // Recency fills in when the question matches little ("how are we doing?").
      const recent = await listed({}, "updated_at", "desc");
      return {
        access,
        summary: summarizeDashboard(tallies),
        topRisks,
        attention,
        relevant,
        recent,
      };
    });
    const { access } = gathered;
    const money: ChatBudget | null = can(access, "projects.budget.read")
      ? await budget.report(scope, projectId, asOf).then(({ currency, summary }) => ({
          currency,
          budget: summary.budget === null ? null : fromHundredths(summary.budget),
          burnToDate: fromHundredths(summary.burnToDate),
          percentSpent: summary.percentSpent,
          weeklyBurnRate: fromHundredths(summary.weeklyBurnRate),
          forecastAtCompletion:
            summary.forecastAtCompletion === null ? null : fromHundredths(summary.forecastAtCompletion),
          varianceAtCompletion:
            summary.varianceAtCompletion === null ? null : fromHundredths(summary.varianceAtCompletion),
        }))
      : null;
    const { project } = access;
    const summarySource = projectSummarySource({
      name: project.name,
      clientName: project.clientName,
      status: project.status,
      startDate: project.startDate,
      endDate: project.endDate,
      asOf,
      summary: gathered.summary,
      topRisks: gathered.topRisks,
      attention: gathered.attention,
      budget: money,
    });
    // Matches to the question come first, so a cap never drops what was asked about.
    const items = new Map<string, ChatItem>();
    for (const item of [
      ...gathered.relevant,
      ...gathered.topRisks,
      ...gathered.attention,
      ...gathered.recent,
    ]) {
      if (items.size >= MAX_ITEM_SOURCES) break;
      if (!items.has(item.code)) items.set(item.code, item);
    }
    const chatContext: ChatContext = {
      sources: [summarySource, ...[...items.values()].map(itemSource)],
      items,
    };
    return { project, asOf, context: chatContext };
  }

  return {
    /** What a question would be answered from, for this asker: the same sources `ask` uses. */
    context: async (scope: OrgScope, projectId: string, question: string) =>
      (await context(scope, projectId, question)).context,

    /**
     * Starts an answer, stored in the transcript of the caller's conversation (else a new one).
     * Refusals (no access, rate limit, budget, no model) throw before anything streams;
     * afterwards problems arrive as an `error` event. Events: content deltas, then the items the
     * answer cites, then `done`.
     */
    ask: async (
      scope: OrgScope,
      projectId: string,
      input: { question: string; history: ChatTurn[]; session_id?: string },
      abortSignal?: AbortSignal,
    ): Promise<{ events: AsyncIterable<ChatEvent>; sessionId: string }> => {
      const sessionId = input.session_id ?? uuidv7();
      const { project, asOf, context: chatContext } = await context(scope, projectId, input.question);
      const { result, answer, finished } = await ai.stream({
        scope: { orgId: scope.orgId, userId: scope.userId, correlationId: scope.correlationId },
        feature: "project_chat",
        task: "project_analysis",
        system: systemPrompt(project.name, asOf),
        messages: [...input.history, { role: "user", content: input.question }],
        context: chatContext.sources,
        session: { id: sessionId },
        abortSignal,
      });
      const events = (async function* events(): AsyncGenerator<ChatEvent> {
        let text = "";
        try {
          for await (const delta of result.textStream) {
            if (!delta) continue;
            text += delta;
            yield { type: "content", text: delta };
          }
        } catch {
          yield { type: "error", message: "The answer broke off" };
          return;
        }
        const summary = await finished;
        if (summary.status !== "success") {
          yield { type: "error", message: "The answer broke off" };
          return;
        }
        const cited = mentionedCodes(text).flatMap((code) => chatContext.items.get(code) ?? []);
        yield {
          type: "citations",
          items: cited.map((item) => ({ id: item.id, ref: item.code, title: item.title, type: item.type })),
        };
        yield {
          type: "done",
          model: answer.model,
          provider: answer.provider,
          offline: answer.offline,
          fallbackUsed: answer.fallbackUsed,
        };
      })();
      return { events, sessionId };
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
