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
import { type Executor, inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { recordAudit } from "../audit";
import { can, requireProjectAction } from "./access";
import type { BudgetService } from "./budget.service";
import {
  appendChatMessages,
  type ChatMessageRow,
  createChatSession,
  deleteChatSession,
  getChatSession,
  listChatMessages,
  listChatSessions,
  type NewChatMessage,
} from "./chat.queries";
import { MAX_HISTORY_TURNS } from "./chat.schemas";
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
/** A saved conversation holds this many questions; then a new one starts. */
export const MAX_SESSION_QUESTIONS = 100;
const TITLE_CHARS = 80;
const BROKE_OFF = "The answer broke off";
const STOPPED = "Stopped before the end";

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

/** A session's title: its first question on one line, shortened. */
export function sessionTitle(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}

/** The turns a model is given as history: answers that broke off are left out, with their question. */
function historyOf(rows: ChatMessageRow[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  rows.forEach((row, index) => {
    const next = rows[index + 1];
    if (row.role === "user" && next?.role === "assistant" && next.error) return;
    if (row.role === "assistant" && row.error) return;
    turns.push({ role: row.role, content: row.content });
  });
  return turns.slice(-MAX_HISTORY_TURNS);
}

/**
 * Questions about one project, answered through the AI gateway from what the asker may see of
 * that project alone: its summary and the items most relevant to the question. Access is the
 * project's own (members and org admins; 404 otherwise); budget figures only for those who may
 * read the budget. Conversations are saved as sessions of their asker, who alone may list,
 * reopen, continue or delete them.
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
     * Starts an answer in the caller's saved session (`sessionId`), or in a new one titled by the
     * question; the session is also the answer's AI transcript session. A session's own turns
     * are the history; `history` only seeds a new session. Refusals (no access, no such session,
     * rate limit, budget, no model) throw before anything streams; afterwards problems arrive as
     * an `error` event. Events: content deltas, then the items the answer cites, then `done`.
     * The question and its answer (or why it broke off) are saved before the stream ends.
     */
    ask: async (
      scope: OrgScope,
      projectId: string,
      input: { question: string; history: ChatTurn[]; sessionId?: string },
      abortSignal?: AbortSignal,
    ): Promise<{ events: AsyncIterable<ChatEvent>; sessionId: string }> => {
      const owner = { orgId: scope.orgId, projectId, userId: askerOf(scope) };
      const history = input.sessionId
        ? await inTenant(db, scope, async (tx) => {
            await requireProjectAction(tx, scope, projectId, "projects.chat");
            const turns = await listChatMessages(
              tx,
              scope.orgId,
              (await ownSession(tx, owner, input.sessionId!)).id,
            );
            if (turns.filter((turn) => turn.role === "user").length >= MAX_SESSION_QUESTIONS) {
              throw new AppError("CONFLICT", {
                message: `A conversation holds ${MAX_SESSION_QUESTIONS} questions: start a new one`,
              });
            }
            return historyOf(turns);
          })
        : input.history;
      const sessionId = input.sessionId ?? uuidv7();
      const { project, asOf, context: chatContext } = await context(scope, projectId, input.question);
      const { result, answer, finished } = await ai.stream({
        scope: { orgId: scope.orgId, userId: scope.userId, correlationId: scope.correlationId },
        feature: "project_chat",
        task: "project_analysis",
        system: systemPrompt(project.name, asOf),
        messages: [...history, { role: "user", content: input.question }],
        context: chatContext.sources,
        session: { id: sessionId },
        abortSignal,
      });
      // A new session exists from its first answer on: a refused question leaves none behind.
      if (!input.sessionId) {
        await inTenant(db, scope, async (tx) => {
          await createChatSession(tx, { ...owner, id: sessionId, title: sessionTitle(input.question) });
          await appendChatMessages(tx, scope.orgId, sessionId, input.history);
        });
      }
      const save = (reply: NewChatMessage) =>
        inTenant(db, scope, (tx) =>
          appendChatMessages(tx, scope.orgId, sessionId, [{ role: "user", content: input.question }, reply]),
        );
      const events = (async function* events(): AsyncGenerator<ChatEvent> {
        let text = "";
        // What is saved if the asker goes away mid-answer.
        let reply: NewChatMessage = { role: "assistant", content: "", error: STOPPED };
        try {
          try {
            for await (const delta of result.textStream) {
              if (!delta) continue;
              text += delta;
              reply = { role: "assistant", content: text, error: STOPPED };
              yield { type: "content", text: delta };
            }
          } catch {
            reply = { role: "assistant", content: text, error: abortSignal?.aborted ? STOPPED : BROKE_OFF };
            yield { type: "error", message: BROKE_OFF };
            return;
          }
          const summary = await finished;
          if (summary.status !== "success") {
            reply = { role: "assistant", content: text, error: BROKE_OFF };
            yield { type: "error", message: BROKE_OFF };
            return;
          }
          const cited = mentionedCodes(text).flatMap((code) => chatContext.items.get(code) ?? []);
          const citations = cited.map((item) => ({
            id: item.id,
            ref: item.code,
            title: item.title,
            type: item.type,
          }));
          const answeredBy = {
            model: answer.model,
            provider: answer.provider,
            offline: answer.offline,
            fallbackUsed: answer.fallbackUsed,
          };
          reply = { role: "assistant", content: text, citations, answeredBy };
          yield { type: "citations", items: citations };
          yield { type: "done", ...answeredBy };
        } finally {
          await save(reply);
        }
      })();
      return { events, sessionId };
    },

    /** The caller's saved conversations about a project, most recently continued first. */
    listSessions: (scope: OrgScope, projectId: string, query: PaginationQuery) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.chat");
        return listChatSessions(
          tx,
          { orgId: scope.orgId, projectId, userId: askerOf(scope) },
          toPageRequest(query),
        );
      }),

    /** One of the caller's conversations with every turn, to reopen it. */
    getSession: (scope: OrgScope, projectId: string, sessionId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.chat");
        const session = await ownSession(
          tx,
          { orgId: scope.orgId, projectId, userId: askerOf(scope) },
          sessionId,
        );
        return { ...session, messages: await listChatMessages(tx, scope.orgId, session.id) };
      }),

    /** Forgets one of the caller's conversations, every turn of it. */
    deleteSession: (scope: OrgScope, projectId: string, sessionId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.chat");
        const owner = { orgId: scope.orgId, projectId, userId: askerOf(scope) };
        const session = await ownSession(tx, owner, sessionId);
        const turns = (await listChatMessages(tx, scope.orgId, session.id)).length;
        await deleteChatSession(tx, owner, sessionId);
        // The audit keeps that it happened, not what was asked.
        await recordAudit(tx, scope, {
          action: "project.chat_session_deleted",
          entityType: "project",
          entityId: projectId,
          before: { sessionId, messages: turns },
        });
      }),
  };
}

/** Saved conversations belong to a person; a caller with no user (none today) has none. */
function askerOf(scope: OrgScope): string {
  if (!scope.userId) throw new AppError("FORBIDDEN", { message: "Only people have saved conversations" });
  return scope.userId;
}

/** The caller's session on this project; anyone else's, or another project's, does not exist. */
async function ownSession(
  tx: Executor,
  owner: { orgId: string; projectId: string; userId: string },
  sessionId: string,
) {
  const session = await getChatSession(tx, owner, sessionId);
  if (!session) throw new AppError("NOT_FOUND", { message: "No such conversation" });
  return session;
}

export type ChatService = ReturnType<typeof createChatService>;
