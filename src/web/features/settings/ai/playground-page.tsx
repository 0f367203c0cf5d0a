import type { AiAnswer, AiCallUsage, AiPlaygroundResult, AiTask } from "@shared/ai";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Field, Select, Textarea } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { Switch } from "@web/components/ui/switch";
import { api } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { CornerDownLeft, FileText, FlaskConical, Square } from "lucide-react";
import { useId, useRef, useState } from "react";
import { RequirePermission, SettingsCard, SettingsHeader } from "../settings-ui";
import { AI_KEY, type PlaygroundInput, streamPlayground } from "./ai-api";
import { formatCount, formatMs, formatUsd, OfflineBadge, TASKS } from "./ai-ui";

export function AiPlaygroundPage() {
  return (
    <RequirePermission action="ai.use" what="the AI playground">
      <Playground />
    </RequirePermission>
  );
}

const SAMPLE_CONTEXT = `Project Atlas status, week 12.
The data migration is two weeks late because the vendor has not delivered the API credentials.
The budget is on track at 61% spent with 58% of the work done.
Risk: the go-live date slips if the credentials do not arrive by Friday.
Decision: the steering group approved a second test cycle.`;

interface Run {
  id: number;
  prompt: string;
  text: string;
  answer: AiAnswer | null;
  usage: AiCallUsage | null;
  error: string | null;
  pending: boolean;
}

type LanguageTask = Exclude<AiTask, "embedding">;

function Playground() {
  const queryClient = useQueryClient();
  const [prompt, setPrompt] = useState("What is at risk this week, and why?");
  const [task, setTask] = useState<LanguageTask>("chat");
  const [context, setContext] = useState(SAMPLE_CONTEXT);
  const [useContext, setUseContext] = useState(true);
  const [stream, setStream] = useState(true);
  const [runs, setRuns] = useState<Run[]>([]);
  const abort = useRef<AbortController | null>(null);
  const nextId = useRef(1);
  const streamLabel = useId();
  const contextLabel = useId();
  const running = runs[0]?.pending ?? false;

  function patchRun(id: number, patch: (run: Run) => Partial<Run>) {
    setRuns((current) => current.map((run) => (run.id === id ? { ...run, ...patch(run) } : run)));
  }

  async function run() {
    const trimmed = prompt.trim();
    if (!trimmed || running) return;
    const id = nextId.current++;
    setRuns((current) => [
      { id, prompt: trimmed, text: "", answer: null, usage: null, error: null, pending: true },
      ...current.slice(0, 4),
    ]);
    const input: PlaygroundInput = {
      prompt: trimmed,
      task,
      context: useContext && context.trim() ? [{ title: "Pasted text", text: context.trim() }] : undefined,
    };
    const controller = new AbortController();
    abort.current = controller;
    try {
      if (stream) {
        await streamPlayground(
          input,
          (line) => {
            if (line.type === "meta") patchRun(id, () => ({ answer: line.answer }));
            else if (line.type === "content") patchRun(id, (current) => ({ text: current.text + line.text }));
            else if (line.type === "done") patchRun(id, () => ({ usage: line.usage }));
            else patchRun(id, () => ({ error: line.message, usage: line.usage ?? null }));
          },
          controller.signal,
        );
      } else {
        const result = await api.post<AiPlaygroundResult>("/ai/playground", input, {
          signal: controller.signal,
        });
        patchRun(id, () => ({ text: result.text, answer: result.answer, usage: result.usage }));
      }
    } catch (error) {
      const aborted = error instanceof DOMException && error.name === "AbortError";
      patchRun(id, () => ({ error: aborted ? "Stopped." : formErrorOf(error) }));
    } finally {
      patchRun(id, () => ({ pending: false }));
      abort.current = null;
      // The dashboard and the interaction log have a new call to show.
      void queryClient.invalidateQueries({ queryKey: [...AI_KEY, "usage"] });
    }
  }

  return (
    <>
      <SettingsHeader
        title="Playground"
        description="Send one prompt through the AI gateway as yourself: the same routing, fallbacks, budget and rate limit as every feature, recorded in usage under ai.playground."
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <SettingsCard
            title="Prompt"
            footer={
              <>
                <div className="mr-auto flex items-center gap-2">
                  <Switch
                    size="sm"
                    checked={stream}
                    onCheckedChange={setStream}
                    aria-labelledby={streamLabel}
                  />
                  <span id={streamLabel} className="text-ink-soft text-sm">
                    Stream the answer
                  </span>
                </div>
                {running ? (
                  <Button variant="outline" onClick={() => abort.current?.abort()}>
                    <Square aria-hidden="true" />
                    Stop
                  </Button>
                ) : null}
                <Button type="submit" disabled={!prompt.trim() || running}>
                  {running ? <Spinner /> : <CornerDownLeft aria-hidden="true" />}
                  Run
                </Button>
              </>
            }
          >
            <div className="space-y-4">
              <Field label="Ask">
                {(control) => (
                  <Textarea
                    {...control}
                    value={prompt}
                    rows={3}
                    maxLength={8000}
                    onChange={(event) => setPrompt(event.target.value)}
                    onKeyDown={(event) => {
                      if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                        event.preventDefault();
                        void run();
                      }
                    }}
                  />
                )}
              </Field>
              <Field label="Task" hint="Which routing chain answers: see Routing">
                {(control) => (
                  <Select
                    {...control}
                    value={task}
                    onChange={(event) => setTask(event.target.value as LanguageTask)}
                  >
                    {TASKS.filter((entry) => entry.task !== "embedding").map((entry) => (
                      <option key={entry.task} value={entry.task}>
                        {entry.label}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <div className="space-y-1.5">
                <div className="flex items-center justify-between gap-3">
                  <span id={contextLabel} className="font-medium text-ink text-sm">
                    Answer from this text
                  </span>
                  <Switch
                    size="sm"
                    checked={useContext}
                    onCheckedChange={setUseContext}
                    aria-label="Answer from the pasted text"
                  />
                </div>
                <Textarea
                  aria-labelledby={contextLabel}
                  value={context}
                  rows={6}
                  disabled={!useContext}
                  maxLength={20_000}
                  className="font-mono text-[13px]"
                  onChange={(event) => setContext(event.target.value)}
                />
                <p className="text-ink-muted text-xs">
                  What features pass as the user's own data. Real models get it as numbered sources; the
                  offline model answers from it directly.
                </p>
              </div>
            </div>
          </SettingsCard>
        </form>
        <div className="space-y-4">
          {runs.length === 0 ? (
            <div className="flex h-full min-h-64 flex-col items-center justify-center rounded-xl border border-border border-dashed bg-surface/60 px-6 py-12 text-center">
              <span className="flex size-10 items-center justify-center rounded-lg border border-border bg-subtle text-ink-muted">
                <FlaskConical className="size-5" strokeWidth={1.75} aria-hidden="true" />
              </span>
              <p className="mt-4 font-medium text-ink text-sm">Run a prompt to see the answer here</p>
              <p className="mt-1 max-w-sm text-ink-muted text-sm leading-relaxed">
                You'll see which model answered, whether it fell back or came from the offline provider, and
                what it cost.
              </p>
            </div>
          ) : (
            runs.map((entry, index) => <RunCard key={entry.id} run={entry} latest={index === 0} />)
          )}
        </div>
      </div>
    </>
  );
}

function RunCard({ run, latest }: { run: Run; latest: boolean }) {
  return (
    <section
      className={cn(
        "rounded-xl border bg-surface shadow-card",
        latest ? "border-border" : "border-border/70 opacity-80",
        run.answer?.offline && "border-warning-700/25",
      )}
      aria-live={latest ? "polite" : undefined}
      aria-busy={run.pending}
    >
      <header className="border-border border-b px-5 py-3">
        <p className="truncate font-medium text-ink text-sm" title={run.prompt}>
          {run.prompt}
        </p>
        <div className="mt-1 flex min-h-5 flex-wrap items-center gap-2">
          {run.answer ? (
            <>
              <span className="text-ink-muted text-xs">Answered by</span>
              <code className="font-mono text-ink-soft text-xs">{run.answer.ref}</code>
              {run.answer.offline ? <OfflineBadge /> : null}
              {run.answer.fallback_used ? (
                <Badge variant="warning" title="The first model of the chain did not answer">
                  Fallback
                </Badge>
              ) : null}
              {run.answer.cached ? <Badge variant="accent">Cached</Badge> : null}
            </>
          ) : run.pending ? (
            <span className="flex items-center gap-2 text-ink-muted text-xs">
              <Spinner className="size-3.5" /> Routing…
            </span>
          ) : (
            <span className="text-ink-muted text-xs">No answer</span>
          )}
        </div>
      </header>
      <div className="px-5 py-4">
        {run.error ? (
          <Alert variant={run.error === "Stopped." ? "info" : "danger"} live>
            {run.error}
          </Alert>
        ) : null}
        {run.text ? (
          <div className="whitespace-pre-wrap text-[14px] text-ink leading-relaxed">
            {run.text}
            {run.pending ? (
              <span className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-accent-600 align-middle" />
            ) : null}
          </div>
        ) : run.pending && !run.error ? (
          <p className="text-ink-muted text-sm">Waiting for the first words…</p>
        ) : null}
        {run.answer?.offline && !run.pending ? (
          <p className="mt-3 flex items-start gap-2 text-ink-muted text-xs leading-relaxed">
            <FileText className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
            Answered by Cairn's offline model: sentences picked from your own text, no language model
            involved. Add a provider key to get written answers.
          </p>
        ) : null}
      </div>
      {run.usage ? (
        <footer className="flex flex-wrap gap-x-5 gap-y-1 border-border border-t bg-subtle px-5 py-2.5 text-ink-muted text-xs tabular-nums">
          <span>
            {formatCount(run.usage.input_tokens)} in · {formatCount(run.usage.output_tokens)} out
          </span>
          <span>{formatUsd(run.usage.cost_usd)}</span>
          <span>{formatMs(run.usage.latency_ms)} total</span>
          {run.usage.time_to_first_token_ms !== null ? (
            <span>{formatMs(run.usage.time_to_first_token_ms)} to first token</span>
          ) : null}
        </footer>
      ) : null}
    </section>
  );
}
