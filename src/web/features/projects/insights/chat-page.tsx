import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Kbd } from "@web/components/ui/kbd";
import { Spinner } from "@web/components/ui/spinner";
import { isApiError } from "@web/lib/api";
import { ArrowUp, MessageSquareText, RotateCw, Sparkles, Square, SquarePen, WifiOff } from "lucide-react";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { TypeIcon } from "../project-ui";
import { useProject } from "../projects-api";
import { ChatMarkdown } from "./chat-markdown";
import { type ChatCitation, type ChatRole, type ChatStreamLine, streamProjectChat } from "./insights-api";
import { AppLink, itemHref, useProjectId } from "./insights-ui";

const STARTERS = [
  "What is late or at risk right now?",
  "Summarise the top risks and what we are doing about them",
  "Which milestones are coming up, and are they on track?",
  "How is the budget tracking against plan?",
  "What have we decided recently?",
  "Who has the most open items?",
];

/** How many earlier turns go with a question: enough for follow-ups, not the whole history. */
const HISTORY_TURNS = 10;

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

/** Conversations by project, kept while the app is open so switching tabs does not lose one. */
const conversations = new Map<string, Message[]>();

/** Questions about the project, answered from its own log with the items cited. */
export function ChatPage() {
  const projectId = useProjectId();
  const project = useProject(projectId);
  const [messages, setMessages] = useState<Message[]>(() => conversations.get(projectId) ?? []);
  const [draft, setDraft] = useState("");
  const controller = useRef<AbortController | null>(null);
  const log = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const busy = messages.some((message) => message.streaming);

  // Stop a running answer when leaving the page.
  useEffect(() => () => controller.current?.abort(), []);

  useEffect(() => {
    // An answer cut short by leaving the page comes back marked as stopped.
    conversations.set(
      projectId,
      messages.map((message) =>
        message.streaming ? { ...message, streaming: false, stopped: true } : message,
      ),
    );
  }, [projectId, messages]);

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

  async function ask(question: string, earlier: Message[]) {
    const text = question.trim();
    if (!text || busy) return;
    const history = earlier
      .filter((message) => !message.error && !message.streaming && message.content.trim())
      .slice(-HISTORY_TURNS)
      .map((message) => ({ role: message.role, content: message.content }));
    const user: Message = { id: nextId++, role: "user", content: text };
    const answer: Message = { id: nextId++, role: "assistant", content: "", streaming: true, question: text };
    setMessages([...earlier, user, answer]);
    setDraft("");
    const abort = new AbortController();
    controller.current = abort;
    try {
      await streamProjectChat(
        projectId,
        { question: text, history },
        (line) => {
          if (line.type === "content")
            patch(answer.id, (message) => ({ content: message.content + line.text }));
          else if (line.type === "citations") patch(answer.id, () => ({ citations: line.items }));
          else if (line.type === "done") patch(answer.id, () => ({ done: line }));
          else if (line.type === "error") patch(answer.id, () => ({ error: line.message }));
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
      input.current?.focus();
    }
  }

  function retry(message: Message) {
    const index = messages.findIndex((candidate) => candidate.id === message.id);
    // Drop the failed answer and its question, then ask again with the history before them.
    void ask(message.question ?? "", messages.slice(0, Math.max(0, index - 1)));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void ask(draft, messages);
    }
  }

  const projectName = project.data?.name ?? "this project";

  return (
    <Card className="flex h-[calc(100dvh-15rem)] min-h-[32rem] flex-col overflow-hidden">
      <div className="flex items-center justify-between gap-3 border-border border-b px-5 py-3">
        <div className="flex min-w-0 items-center gap-2">
          <Sparkles className="size-4 text-accent-700" aria-hidden="true" />
          <h2 className="truncate font-semibold text-[15px] text-ink">Ask about {projectName}</h2>
        </div>
        {messages.length > 0 ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              controller.current?.abort();
              setMessages([]);
              input.current?.focus();
            }}
          >
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
        className="min-h-0 flex-1 overflow-y-auto"
      >
        {messages.length === 0 ? (
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
          project's items and budget, with the items they draw on.
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
