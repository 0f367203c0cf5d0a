import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Kbd } from "@web/components/ui/kbd";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { isApiError } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import {
  ArrowUp,
  MessageSquareText,
  RotateCw,
  Sparkles,
  Square,
  SquarePen,
  Trash2,
  WifiOff,
} from "lucide-react";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { TypeIcon } from "../project-ui";
import { useProject } from "../projects-api";
import { ChatMarkdown } from "./chat-markdown";
import {
  type ChatCitation,
  type ChatRole,
  type ChatSession,
  type ChatSessionMessage,
  type ChatStreamLine,
  chatSessionQuery,
  deleteChatSession,
  insightKeys,
  streamProjectChat,
  useChatSessions,
} from "./insights-api";
import { AppLink, itemHref, useProjectId } from "./insights-ui";

const route = getRouteApi("/app/projects/$projectId/chat");

const STARTERS = [
  "What is late or at risk right now?",
  "Summarise the top risks and what we are doing about them",
  "Which milestones are coming up, and are they on track?",
  "How is the budget tracking against plan?",
  "What have we decided recently?",
  "Who has the most open items?",
];

interface Message {
  id: number;
  role: ChatRole;
  content: string;
  citations?: ChatCitation[];
  done?: Extract<ChatStreamLine, { type: "done" }>;
  error?: string;
  stopped?: boolean;
  streaming?: boolean;
  /** The question this answers, for "Try again". */
  question?: string;
}

let nextId = 1;

/** A saved turn as the conversation shows it. */
function fromSaved(message: ChatSessionMessage, index: number, all: ChatSessionMessage[]): Message {
  if (message.role === "user") return { id: nextId++, role: "user", content: message.content };
  return {
    id: nextId++,
    role: "assistant",
    content: message.content,
    citations: message.citations,
    done: message.answered_by ? { type: "done", ...message.answered_by } : undefined,
    error: message.error ?? undefined,
    question: all[index - 1]?.content,
  };
}

/**
 * Questions about the project, answered from its own log with the items cited. Conversations
 * are saved on the server, one list per person: the one open is in the URL (`?session=`), so it
 * survives a reload and can be picked up later.
 */
export function ChatPage() {
  const projectId = useProjectId();
  const project = useProject(projectId);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const open = (session: string | undefined, replace = false) =>
    void navigate({ search: session ? { session } : {}, replace });

  return (
    <div className="grid h-[calc(100dvh-15rem)] min-h-[32rem] gap-4 lg:grid-cols-[16rem_minmax(0,1fr)]">
      <SessionList projectId={projectId} activeId={search.session} onOpen={open} />
      <Conversation
        projectId={projectId}
        projectName={project.data?.name ?? "this project"}
        sessionId={search.session}
        onStarted={(session) => open(session, true)}
        onNew={() => open(undefined)}
      />
    </div>
  );
}

function SessionList({
  projectId,
  activeId,
  onOpen,
}: {
  projectId: string;
  activeId: string | undefined;
  onOpen: (sessionId: string | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const sessions = useChatSessions(projectId);
  const [deleting, setDeleting] = useState<ChatSession | null>(null);
  const remove = useMutation({
    mutationFn: (session: ChatSession) => deleteChatSession(queryClient, projectId, session.id),
    onSuccess: (_, session) => {
      setDeleting(null);
      if (session.id === activeId) onOpen(undefined);
    },
  });
  const rows = sessions.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Card className="hidden min-h-0 flex-col overflow-hidden lg:flex">
      <div className="flex items-center justify-between gap-2 border-border border-b py-2 pr-2 pl-4">
        <h2 className="font-medium text-ink text-sm">Conversations</h2>
        <Button variant="ghost" size="sm" onClick={() => onOpen(undefined)}>
          <SquarePen aria-hidden="true" />
          New
        </Button>
      </div>
      <nav aria-label="Saved conversations" className="min-h-0 flex-1 overflow-y-auto p-2">
        {sessions.isPending ? (
          <div className="space-y-2 p-1">
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : sessions.isError ? (
          <p className="p-2 text-danger-700 text-sm">{formErrorOf(sessions.error)}</p>
        ) : rows.length === 0 ? (
          <p className="p-2 text-ink-muted text-sm">Your conversations are saved here, for you alone.</p>
        ) : (
          <ul className="space-y-0.5">
            {rows.map((session) => (
              <li key={session.id} className="group/session relative">
                <button
                  type="button"
                  aria-current={session.id === activeId ? "page" : undefined}
                  onClick={() => onOpen(session.id)}
                  className={cn(
                    "w-full rounded-md py-2 pr-8 pl-2.5 text-left outline-none focus-visible:ring-2 focus-visible:ring-accent-600",
                    session.id === activeId ? "bg-accent-50 text-accent-800" : "text-ink-soft hover:bg-muted",
                  )}
                >
                  <span className="block truncate text-sm">{session.title}</span>
                  <span className="block text-ink-muted text-xs">{formatRelative(session.updated_at)}</span>
                </button>
                <button
                  type="button"
                  aria-label={`Delete the conversation “${session.title}”`}
                  onClick={() => setDeleting(session)}
                  className="absolute top-2 right-1.5 rounded p-1 text-ink-faint opacity-0 outline-none hover:text-danger-700 focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-accent-600 group-hover/session:opacity-100"
                >
                  <Trash2 className="size-3.5" aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
        )}
        {sessions.hasNextPage ? (
          <Button
            variant="ghost"
            size="sm"
            className="mt-1 w-full"
            disabled={sessions.isFetchingNextPage}
            onClick={() => void sessions.fetchNextPage()}
          >
            {sessions.isFetchingNextPage ? <Spinner /> : null}
            Show older
          </Button>
        ) : null}
      </nav>
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.mutate(deleting)}
        pending={remove.isPending}
        title="Delete this conversation?"
        description={`“${deleting?.title ?? ""}” and its answers are deleted for good.`}
        confirmLabel="Delete conversation"
        error={remove.error ? <Alert variant="danger">{formErrorOf(remove.error)}</Alert> : null}
      />
    </Card>
  );
}

function Conversation({
  projectId,
  projectName,
  sessionId,
  onStarted,
  onNew,
}: {
  projectId: string;
  projectName: string;
  /** The saved conversation to show; none starts a new one. */
  sessionId: string | undefined;
  /** A new conversation was saved under this id (its first answer has started). */
  onStarted: (sessionId: string) => void;
  onNew: () => void;
}) {
  const queryClient = useQueryClient();
  const [messages, setMessages] = useState<Message[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState("");
  /** The conversation the messages on screen belong to (undefined: a new one, not saved yet). */
  const shown = useRef<string | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const log = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const busy = messages.some((message) => message.streaming);

  // Stop a running answer when leaving the page; the server keeps what was said so far.
  useEffect(() => () => controller.current?.abort(), []);

  // Open the conversation the URL names, unless it is the one on screen (e.g. just started here).
  useEffect(() => {
    if (sessionId === shown.current) return;
    controller.current?.abort();
    shown.current = sessionId;
    setMessages([]);
    setLoadError(null);
    setLoading(Boolean(sessionId));
    if (!sessionId) return;
    let current = true;
    queryClient
      .fetchQuery(chatSessionQuery(projectId, sessionId))
      .then((session) => current && setMessages(session.messages.map(fromSaved)))
      .catch((error: unknown) => current && setLoadError(error))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [projectId, sessionId, queryClient]);

  // Follow the answer as it streams, unless the reader scrolled up to read something.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs whenever the messages change
  useEffect(() => {
    const element = log.current;
    if (!element) return;
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 120;
    if (nearBottom || busy) element.scrollTop = element.scrollHeight;
  }, [messages]);

  function patch(id: number, change: (message: Message) => Partial<Message>) {
    setMessages((current) =>
      current.map((message) => (message.id === id ? { ...message, ...change(message) } : message)),
    );
  }

  function startNew() {
    controller.current?.abort();
    shown.current = undefined;
    setMessages([]);
    setLoadError(null);
    onNew();
    input.current?.focus();
  }

  /** Asks in the conversation on screen: the server holds its earlier turns. */
  async function ask(question: string, earlier: Message[]) {
    const text = question.trim();
    if (!text || busy) return;
    const user: Message = { id: nextId++, role: "user", content: text };
    const answer: Message = { id: nextId++, role: "assistant", content: "", streaming: true, question: text };
    setMessages([...earlier, user, answer]);
    setDraft("");
    const abort = new AbortController();
    controller.current = abort;
    try {
      await streamProjectChat(
        projectId,
        { question: text, session_id: shown.current },
        (line) => {
          if (line.type === "content")
            patch(answer.id, (message) => ({ content: message.content + line.text }));
          else if (line.type === "citations") patch(answer.id, () => ({ citations: line.items }));
          else if (line.type === "done") patch(answer.id, () => ({ done: line }));
          else if (line.type === "error") patch(answer.id, () => ({ error: line.message }));
        },
        (session) => {
          // Adopt the new conversation, unless another was opened meanwhile.
          if (shown.current === undefined && controller.current === abort) {
            shown.current = session;
            onStarted(session);
          }
        },
        abort.signal,
      );
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError")
        patch(answer.id, () => ({ stopped: true }));
      else
        patch(answer.id, () => ({
          error: isApiError(error) ? error.message : "The answer could not be read. Try again.",
        }));
    } finally {
      patch(answer.id, () => ({ streaming: false }));
      if (controller.current === abort) controller.current = null;
      void queryClient.invalidateQueries({ queryKey: insightKeys.chatSessions(projectId) });
      input.current?.focus();
    }
  }

  function retry(message: Message) {
    const index = messages.findIndex((candidate) => candidate.id === message.id);
    // Drop the failed answer and its question from the screen, then ask again.
    void ask(message.question ?? "", messages.slice(0, Math.max(0, index - 1)));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void ask(draft, messages);
    }
  }

  return (
    <Card className="flex min-h-0 flex-col overflow-hidden">
      <div className="flex items-center justify-between gap-3 border-border border-b px-5 py-3">
        <div className="flex min-w-0 items-center gap-2">
          <Sparkles className="size-4 text-accent-700" aria-hidden="true" />
          <h2 className="truncate font-semibold text-[15px] text-ink">Ask about {projectName}</h2>
        </div>
        {messages.length > 0 || sessionId ? (
          <Button variant="ghost" size="sm" onClick={startNew}>
            <SquarePen aria-hidden="true" />
            New conversation
          </Button>
        ) : null}
      </div>

      <div
        ref={log}
        role="log"
        aria-live="polite"
        aria-label="Conversation"
        aria-busy={loading}
        className="min-h-0 flex-1 overflow-y-auto"
      >
        {loading ? (
          <div className="mx-auto max-w-3xl space-y-4 px-5 py-6">
            <Skeleton className="ml-auto h-10 w-1/2 rounded-2xl" />
            <Skeleton className="h-24 w-3/4" />
          </div>
        ) : loadError ? (
          <div className="mx-auto max-w-3xl px-5 py-6">
            <Alert variant="danger" title="This conversation could not be opened">
              {formErrorOf(loadError)}
            </Alert>
          </div>
        ) : messages.length === 0 ? (
          <Starters onPick={(question) => void ask(question, [])} />
        ) : (
          <ol className="mx-auto max-w-3xl space-y-6 px-5 py-6">
            {messages.map((message) =>
              message.role === "user" ? (
                <li key={message.id} className="flex justify-end">
                  <p className="max-w-[85%] whitespace-pre-wrap rounded-2xl rounded-br-md bg-accent-700 px-4 py-2.5 text-sm text-white leading-relaxed">
                    {message.content}
                  </p>
                </li>
              ) : (
                <AssistantMessage
                  key={message.id}
                  projectId={projectId}
                  message={message}
                  onRetry={() => retry(message)}
                />
              ),
            )}
          </ol>
        )}
      </div>

      <form
        className="border-border border-t bg-subtle px-4 py-3"
        onSubmit={(event) => {
          event.preventDefault();
          void ask(draft, messages);
        }}
      >
        <div className="mx-auto flex max-w-3xl items-end gap-2 rounded-xl border border-border-strong bg-surface p-2 shadow-xs focus-within:border-accent-600 focus-within:ring-3 focus-within:ring-accent-600/15">
          <label htmlFor={`${hintId}-input`} className="sr-only">
            Your question
          </label>
          <textarea
            ref={input}
            id={`${hintId}-input`}
            aria-describedby={hintId}
            rows={1}
            value={draft}
            maxLength={4000}
            disabled={loading || Boolean(loadError)}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Ask about risks, deadlines, decisions or the budget…"
            className="field-sizing-content max-h-40 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-ink text-sm outline-none placeholder:text-ink-faint"
          />
          {busy ? (
            <Button
              variant="outline"
              size="icon-sm"
              aria-label="Stop the answer"
              onClick={() => controller.current?.abort()}
            >
              <Square className="fill-current" />
            </Button>
          ) : (
            <Button type="submit" size="icon-sm" aria-label="Send" disabled={!draft.trim()}>
              <ArrowUp />
            </Button>
          )}
        </div>
        <p id={hintId} className="mx-auto mt-1.5 max-w-3xl px-1 text-ink-muted text-xs">
          <Kbd>Enter</Kbd> sends, <Kbd>Shift</Kbd> + <Kbd>Enter</Kbd> adds a line. Answers come from this
          project's items and budget, with the items they draw on. Conversations are saved for you alone.
        </p>
      </form>
    </Card>
  );
}

function Starters({ onPick }: { onPick: (question: string) => void }) {
  return (
    <div className="mx-auto flex max-w-2xl flex-col items-center px-6 py-12 text-center">
      <div className="flex size-11 items-center justify-center rounded-xl border border-accent-200 bg-accent-50 text-accent-700">
        <MessageSquareText className="size-5" aria-hidden="true" />
      </div>
      <h3 className="mt-4 font-semibold text-ink text-lg tracking-tight">Ask the project</h3>
      <p className="mt-1.5 max-w-md text-ink-muted text-sm leading-relaxed">
        Questions are answered from the RAID log, the timeline and the budget, and each answer links the items
        it used.
      </p>
      <ul className="mt-6 grid w-full gap-2 sm:grid-cols-2">
        {STARTERS.map((question) => (
          <li key={question}>
            <button
              type="button"
              onClick={() => onPick(question)}
              className="h-full w-full rounded-lg border border-border bg-surface px-3.5 py-2.5 text-left text-ink-soft text-sm shadow-xs outline-none transition hover:border-border-strong hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
            >
              {question}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function AssistantMessage({
  projectId,
  message,
  onRetry,
}: {
  projectId: string;
  message: Message;
  onRetry: () => void;
}) {
  const cited = new Map((message.citations ?? []).map((citation) => [citation.ref, citation]));
  const renderCode = (code: string) => {
    const citation = cited.get(code);
    return citation ? (
      <AppLink
        href={itemHref(projectId, citation.id)}
        title={citation.title}
        className="whitespace-nowrap rounded bg-accent-50 px-1 font-medium font-mono text-[0.85em] text-accent-800 hover:underline"
      >
        {code}
      </AppLink>
    ) : null;
  };
  return (
    <li className="flex gap-3">
      <span
        aria-hidden="true"
        className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full border border-accent-200 bg-accent-50 text-accent-700"
      >
        <Sparkles className="size-3.5" />
      </span>
      <div className="min-w-0 flex-1 space-y-3">
        <span className="sr-only">Assistant:</span>
        {message.content ? (
          <ChatMarkdown text={message.content} options={{ renderCode }} />
        ) : message.streaming ? (
          <p className="flex items-center gap-2 text-ink-muted text-sm">
            <Spinner />
            Reading the project…
          </p>
        ) : null}
        {message.streaming && message.content ? (
          <span
            className="inline-block h-4 w-1.5 animate-pulse rounded-sm bg-accent-600 align-middle"
            aria-hidden="true"
          />
        ) : null}

        {message.citations && message.citations.length > 0 ? (
          <div>
            <p className="mb-1.5 font-medium text-ink-muted text-xs">Sources</p>
            <ul className="flex flex-wrap gap-1.5">
              {message.citations.map((citation) => (
                <li key={citation.id}>
                  <AppLink
                    href={itemHref(projectId, citation.id)}
                    className="inline-flex max-w-72 items-center gap-1.5 rounded-full border border-border bg-surface px-2.5 py-1 text-xs shadow-xs outline-none hover:border-border-strong focus-visible:ring-2 focus-visible:ring-accent-600"
                  >
                    <TypeIcon type={citation.type} />
                    <span className="shrink-0 whitespace-nowrap font-medium font-mono text-ink-soft">
                      {citation.ref}
                    </span>
                    <span className="truncate text-ink-muted">{citation.title}</span>
                  </AppLink>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        {message.error ? (
          <Alert variant="danger" title="No answer this time">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span>{message.error}</span>
              <Button variant="outline" size="sm" onClick={onRetry}>
                <RotateCw aria-hidden="true" />
                Try again
              </Button>
            </div>
          </Alert>
        ) : null}
        {message.stopped ? <p className="text-ink-muted text-xs italic">Stopped.</p> : null}
        {message.done ? <AnswerSource done={message.done} /> : null}
      </div>
    </li>
  );
}

function AnswerSource({ done }: { done: Extract<ChatStreamLine, { type: "done" }> }) {
  if (done.offline) {
    return (
      <p className="inline-flex items-center gap-1.5 rounded-md bg-warning-50 px-2 py-1 text-warning-700 text-xs">
        <WifiOff className="size-3.5" aria-hidden="true" />
        Offline answer — grounded in your project data, no AI model configured
      </p>
    );
  }
  return (
    <p className="text-ink-faint text-xs">
      {done.model ? `Answered by ${done.model}` : "Answered by your AI provider"}
      {done.fallback_used ? " (a fallback model: the usual one did not answer)" : ""}
    </p>
  );
}
