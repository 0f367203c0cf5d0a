import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { isApiError, request } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { postNdjson } from "@web/lib/ndjson";
import {
  ArrowUp,
  Check,
  CircleHelp,
  Gauge,
  ListPlus,
  Pencil,
  RotateCcw,
  Sparkles,
  Square,
  SquarePen,
  Target,
  X,
} from "lucide-react";
import { Fragment, type ReactNode, useEffect, useRef, useState } from "react";
import { applyToCachedTrees } from "./goals-api";
import type { CacheUpdate } from "./types";

// The Goals coach: a side panel that streams the coach's JSON Lines reply (content deltas,
// proposed actions, questions) and lets you accept, reject and undo what it proposes.

type ActionKind =
  | "create_objective"
  | "update_objective"
  | "create_key_result"
  | "update_key_result"
  | "create_task"
  | "update_task"
  | "check_in";
type ActionStatus = "proposed" | "accepted" | "rejected" | "undone" | "failed";

interface CoachAction {
  id: string;
  kind: ActionKind;
  summary: string;
  target_id: string | null;
  payload: Record<string, unknown>;
  status?: ActionStatus;
  error?: { code: string; message: string } | null;
}

type CoachChunk =
  | { type: "content"; text: string }
  | { type: "actions"; actions: CoachAction[] }
  | { type: "req_more_info"; question: string; fields?: string[] }
  | { type: "error"; message: string }
  | { type: "done"; model: string; provider: string; offline: boolean };

interface Message {
  id: number;
  role: "user" | "assistant";
  content: string;
  actions: CoachAction[];
  question: { text: string; fields: string[] } | null;
  error: string | null;
  meta: { model: string; provider: string; offline: boolean } | null;
  streaming: boolean;
}

const KIND: Record<ActionKind, { label: string; icon: typeof Target }> = {
  create_objective: { label: "New objective", icon: Target },
  update_objective: { label: "Edit objective", icon: Pencil },
  create_key_result: { label: "New key result", icon: Gauge },
  update_key_result: { label: "Edit key result", icon: Pencil },
  create_task: { label: "New task", icon: ListPlus },
  update_task: { label: "Edit task", icon: Pencil },
  check_in: { label: "Check-in", icon: Check },
};

const SUGGESTIONS = [
  "Review my plan for this cycle",
  "Which key results are at risk, and why?",
  "Who has too much on their plate?",
];

let nextId = 1;

const ACTION_STATUSES: readonly ActionStatus[] = ["proposed", "accepted", "rejected", "undone", "failed"];

/** A 409 names the state the action is already in (decided in another tab, say). */
function statusIn(details: unknown): ActionStatus | null {
  const status = (details as { status?: unknown } | null)?.status;
  return ACTION_STATUSES.find((candidate) => candidate === status) ?? null;
}

/** Just enough Markdown for the coach: paragraphs, "- " lists and **bold**. */
function Markdown({ text }: { text: string }) {
  const inline = (line: string) =>
    line.split(/(\*\*[^*]+\*\*)/g).map((part, index) =>
      part.startsWith("**") && part.endsWith("**") && part.length > 4 ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: static split of one line
        <strong key={index} className="font-semibold text-ink">
          {part.slice(2, -2)}
        </strong>
      ) : (
        // biome-ignore lint/suspicious/noArrayIndexKey: static split of one line
        <Fragment key={index}>{part}</Fragment>
      ),
    );
  const blocks = text.split(/\n{2,}/);
  return (
    <div className="space-y-2">
      {blocks.map((block, index) => {
        const lines = block.split("\n");
        const items = lines.filter((line) => line.startsWith("- "));
        const head = lines.filter((line) => !line.startsWith("- "));
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a growing text
          <div key={index}>
            {head.length > 0 ? <p className="whitespace-pre-line">{inline(head.join("\n"))}</p> : null}
            {items.length > 0 ? (
              <ul className="mt-1 list-disc space-y-0.5 pl-4">
                {items.map((item, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: list of a growing text
                  <li key={i}>{inline(item.slice(2))}</li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

export function CoachPanel({
  open,
  onClose,
  cycleId,
}: {
  open: boolean;
  onClose: () => void;
  cycleId?: string;
}) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState("");
  const [streaming, setStreaming] = useState(false);
  // The server names the conversation on its first answer; later ones join the same transcript.
  const sessionRef = useRef<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  // Focus the input when the panel is opened, not when a page loads with it already open
  // (that would swallow the page's keyboard shortcuts).
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open && !wasOpen.current) requestAnimationFrame(() => inputRef.current?.focus());
    wasOpen.current = open;
  }, [open]);

  useEffect(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  });

  useEffect(() => () => abortRef.current?.abort(), []);

  const patch = (id: number, change: (message: Message) => Message) =>
    setMessages((previous) => previous.map((message) => (message.id === id ? change(message) : message)));

  async function send(text: string) {
    const message = text.trim();
    if (!message || streaming) return;
    const history = messages
      .filter((entry) => entry.content.trim())
      .slice(-20)
      .map((entry) => ({ role: entry.role, content: entry.content }));
    const user: Message = {
      id: nextId++,
      role: "user",
      content: message,
      actions: [],
      question: null,
      error: null,
      meta: null,
      streaming: false,
    };
    const reply: Message = { ...user, id: nextId++, role: "assistant", content: "", streaming: true };
    setMessages((previous) => [...previous, user, reply]);
    setDraft("");
    setStreaming(true);
    const controller = new AbortController();
    abortRef.current = controller;
    try {
      await postNdjson<CoachChunk>(
        "/goals/coach",
        {
          message,
          history,
          ...(cycleId ? { cycle_id: cycleId } : {}),
          ...(sessionRef.current ? { session_id: sessionRef.current } : {}),
        },
        (chunk) => {
          if (chunk.type === "content") patch(reply.id, (m) => ({ ...m, content: m.content + chunk.text }));
          else if (chunk.type === "actions")
            patch(reply.id, (m) => ({
              ...m,
              actions: [
                ...m.actions,
                ...chunk.actions.map((action) => ({ ...action, status: "proposed" as const })),
              ],
            }));
          else if (chunk.type === "req_more_info")
            patch(reply.id, (m) => ({
              ...m,
              question: { text: chunk.question, fields: chunk.fields ?? [] },
            }));
          else if (chunk.type === "error") patch(reply.id, (m) => ({ ...m, error: chunk.message }));
          else if (chunk.type === "done")
            patch(reply.id, (m) => ({
              ...m,
              meta: { model: chunk.model, provider: chunk.provider, offline: chunk.offline },
            }));
        },
        controller.signal,
        (headers) => {
          sessionRef.current = headers.get("x-session-id") ?? sessionRef.current;
        },
      );
    } catch (error) {
      const aborted = error instanceof DOMException && error.name === "AbortError";
      patch(reply.id, (m) => ({
        ...m,
        error: aborted ? null : isApiError(error) ? error.message : "The coach could not answer. Try again.",
        content: aborted && !m.content ? "Stopped." : m.content,
      }));
    } finally {
      patch(reply.id, (m) => ({ ...m, streaming: false }));
      setStreaming(false);
      abortRef.current = null;
    }
  }

  const setAction = (messageId: number, action: CoachAction) =>
    patch(messageId, (m) => ({
      ...m,
      actions: m.actions.map((candidate) =>
        candidate.id === action.id ? { ...candidate, ...action } : candidate,
      ),
    }));

  const last = [...messages].reverse().find((message) => message.meta);
  const offline = last?.meta?.offline ?? false;

  return (
    <aside
      aria-label="Goals coach"
      hidden={!open}
      className="fixed top-14 right-0 bottom-0 z-20 flex w-full max-w-[400px] flex-col border-border border-l bg-surface shadow-popover xl:shadow-none"
    >
      <header className="flex items-center gap-2 border-border border-b px-4 py-3">
        <span className="flex size-7 items-center justify-center rounded-md bg-accent-50 text-accent-700">
          <Sparkles className="size-4" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="font-semibold text-ink text-sm">Coach</h2>
          <p className="truncate text-ink-muted text-xs">
            {last?.meta
              ? offline
                ? "Offline coach: answers from your goals data, no AI model"
                : `${last.meta.provider} · ${last.meta.model}`
              : "Reviews your plan and proposes changes you approve"}
          </p>
        </div>
        {offline ? <Badge variant="warning">Offline</Badge> : null}
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="New conversation"
          title="New conversation"
          disabled={streaming || messages.length === 0}
          onClick={() => {
            setMessages([]);
            sessionRef.current = null;
          }}
        >
          <SquarePen />
        </Button>
        <Button variant="ghost" size="icon-sm" aria-label="Close the coach" onClick={onClose}>
          <X />
        </Button>
      </header>

      <div ref={scrollRef} className="flex-1 space-y-4 overflow-y-auto px-4 py-4" aria-live="polite">
        {messages.length === 0 ? (
          <div className="space-y-4 pt-6 text-center">
            <div className="mx-auto flex size-11 items-center justify-center rounded-xl border border-accent-200 bg-accent-50 text-accent-700">
              <Sparkles className="size-5" aria-hidden="true" />
            </div>
            <div>
              <p className="font-medium text-ink text-sm">Ask your coach</p>
              <p className="mx-auto mt-1 max-w-[280px] text-ink-muted text-xs leading-relaxed">
                It sees only what you can see. Changes it proposes wait for your Accept, and can be undone.
              </p>
            </div>
            <div className="space-y-2 text-left">
              {SUGGESTIONS.map((suggestion) => (
                <button
                  key={suggestion}
                  type="button"
                  onClick={() => void send(suggestion)}
                  className="w-full rounded-lg border border-border px-3 py-2 text-left text-ink-soft text-sm outline-none hover:border-border-strong hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent-600"
                >
                  {suggestion}
                </button>
              ))}
              <p className="px-1 pt-1 text-ink-faint text-xs">
                Or ask for a change: “add task “Draft pricing page” to KR Pricing live”, “check in 40 on KR
                Signed customers”.
              </p>
            </div>
          </div>
        ) : (
          messages.map((message) =>
            message.role === "user" ? (
              <div key={message.id} className="flex justify-end">
                <p className="max-w-[85%] whitespace-pre-wrap rounded-2xl rounded-br-md bg-accent-700 px-3 py-2 text-sm text-white">
                  {message.content}
                </p>
              </div>
            ) : (
              <div key={message.id} className="space-y-2">
                <div className="text-ink-soft text-sm leading-relaxed">
                  {message.content ? <Markdown text={message.content} /> : null}
                  {message.streaming && !message.content ? (
                    <span className="inline-flex items-center gap-2 text-ink-muted">
                      <Spinner /> Thinking…
                    </span>
                  ) : null}
                  {message.streaming && message.content ? (
                    <span className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-ink-faint align-text-bottom" />
                  ) : null}
                </div>
                {message.actions.map((action) => (
                  <ActionCard
                    key={action.id}
                    action={action}
                    onChange={(next) => setAction(message.id, next)}
                  />
                ))}
                {message.question ? (
                  <div className="rounded-lg border border-accent-200 bg-accent-50 px-3 py-2 text-sm">
                    <p className="flex items-start gap-2 text-accent-900">
                      <CircleHelp className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                      {message.question.text}
                    </p>
                    {message.question.fields.length > 0 ? (
                      <p className="mt-1 pl-6 text-accent-800 text-xs">
                        Tell me: {message.question.fields.map((field) => field.replace(/_/g, " ")).join(", ")}
                      </p>
                    ) : null}
                  </div>
                ) : null}
                {message.error ? (
                  <p className="rounded-lg border border-danger-600/20 bg-danger-50 px-3 py-2 text-danger-700 text-sm">
                    {message.error}
                  </p>
                ) : null}
                {message.meta?.offline ? (
                  <p className="text-[11px] text-ink-faint">
                    Offline answer · computed from your goals, no AI model
                  </p>
                ) : null}
              </div>
            ),
          )
        )}
      </div>

      <form
        className="border-border border-t p-3"
        onSubmit={(event) => {
          event.preventDefault();
          void send(draft);
        }}
      >
        <div className="flex items-end gap-2 rounded-xl border border-border-strong bg-surface p-1.5 focus-within:border-accent-600 focus-within:ring-3 focus-within:ring-accent-600/15">
          <textarea
            ref={inputRef}
            aria-label="Message the coach"
            rows={2}
            value={draft}
            maxLength={4000}
            placeholder="Ask about your goals…"
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && !event.shiftKey) {
                event.preventDefault();
                void send(draft);
              }
            }}
            className="max-h-40 min-h-10 flex-1 resize-none bg-transparent px-1.5 py-1 text-ink text-sm outline-none placeholder:text-ink-faint"
          />
          {streaming ? (
            <Button
              size="icon-sm"
              variant="secondary"
              aria-label="Stop"
              onClick={() => abortRef.current?.abort()}
            >
              <Square />
            </Button>
          ) : (
            <Button type="submit" size="icon-sm" aria-label="Send" disabled={!draft.trim()}>
              <ArrowUp />
            </Button>
          )}
        </div>
        <p className="mt-1.5 px-1 text-[11px] text-ink-faint">Enter to send · Shift+Enter for a new line</p>
      </form>
    </aside>
  );
}

function ActionCard({ action, onChange }: { action: CoachAction; onChange: (action: CoachAction) => void }) {
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (verb: "accept" | "reject" | "undo") =>
      request<{ action: CoachAction; _cacheUpdate?: CacheUpdate }>(
        `/goals/coach/actions/${action.id}/${verb}`,
        {
          method: "POST",
        },
      ),
    onSuccess: (envelope, verb) => {
      const { action: next, _cacheUpdate } = envelope.data;
      if (_cacheUpdate) applyToCachedTrees(queryClient, _cacheUpdate);
      onChange(next);
      if (verb === "accept" && next.status === "accepted")
        toast.success("Done", { description: action.summary });
      if (next.status === "failed") toast.error("Could not apply it", { description: next.error?.message });
    },
    onError: (error, verb) => {
      // The server has recorded the refusal (an accept that failed is marked failed); show it on the card.
      const decided = isApiError(error) ? statusIn(error.details) : null;
      if (decided) onChange({ ...action, status: decided });
      else if (verb === "accept" && isApiError(error) && error.status < 500)
        onChange({ ...action, status: "failed", error: { code: error.code, message: error.message } });
      toast.error(verb === "accept" ? "Could not apply it" : "Could not do that", {
        description: formErrorOf(error),
      });
    },
  });
  const { label, icon: Icon } = KIND[action.kind] ?? { label: "Change", icon: Pencil };
  const status = action.status ?? "proposed";
  const settled: Record<Exclude<ActionStatus, "proposed">, ReactNode> = {
    accepted: <Badge variant="success">Accepted</Badge>,
    rejected: <Badge variant="neutral">Rejected</Badge>,
    undone: <Badge variant="neutral">Undone</Badge>,
    failed: <Badge variant="danger">Failed</Badge>,
  };
  return (
    <div
      className={cn(
        "rounded-xl border bg-surface p-3 shadow-card",
        status === "proposed" ? "border-accent-200" : "border-border",
      )}
    >
      <div className="flex items-center gap-2 text-[11px] text-ink-muted uppercase tracking-wide">
        <Icon className="size-3.5" aria-hidden="true" />
        {label}
        <span className="ml-auto normal-case tracking-normal">
          {status !== "proposed" ? settled[status] : null}
        </span>
      </div>
      <p
        className={cn(
          "mt-1.5 text-ink text-sm",
          (status === "rejected" || status === "undone") && "text-ink-muted line-through",
        )}
      >
        {action.summary}
      </p>
      {status === "failed" && action.error ? (
        <p role="alert" className="mt-1.5 rounded-md bg-danger-50 px-2 py-1.5 text-danger-700 text-xs">
          {action.error.message}
        </p>
      ) : null}
      {status === "proposed" || status === "failed" ? (
        <div className="mt-3 flex gap-2">
          <Button size="sm" onClick={() => decide.mutate("accept")} disabled={decide.isPending}>
            {decide.isPending && decide.variables === "accept" ? <Spinner /> : <Check aria-hidden="true" />}
            {status === "failed" ? "Try again" : "Accept"}
          </Button>
          <Button
            size="sm"
            variant="outline"
            onClick={() => decide.mutate("reject")}
            disabled={decide.isPending}
          >
            Reject
          </Button>
        </div>
      ) : status === "accepted" ? (
        <div className="mt-2">
          <Button size="sm" variant="ghost" onClick={() => decide.mutate("undo")} disabled={decide.isPending}>
            {decide.isPending ? <Spinner /> : <RotateCcw aria-hidden="true" />}
            Undo
          </Button>
        </div>
      ) : null}
    </div>
  );
}
