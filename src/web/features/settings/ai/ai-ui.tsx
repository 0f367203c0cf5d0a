import type { AiProviderKind, AiTask } from "@shared/ai";
import { Badge } from "@web/components/ui/badge";
import { Card } from "@web/components/ui/card";
import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { WifiOff } from "lucide-react";
import type { ReactNode } from "react";

export const TASKS: { task: AiTask; label: string; description: string }[] = [
  { task: "chat", label: "Chat", description: "Conversations, the goals coach and knowledge answers" },
  { task: "quick_summary", label: "Quick summaries", description: "Short digests where speed beats depth" },
  { task: "project_analysis", label: "Project analysis", description: "Status reports and health reviews" },
  { task: "risk_assessment", label: "Risk assessment", description: "RAID analysis and mitigation ideas" },
  { task: "technical_docs", label: "Technical docs", description: "Long, structured writing" },
  { task: "realtime", label: "Realtime", description: "Suggestions while you type; lowest latency" },
  { task: "embedding", label: "Embeddings", description: "Semantic search over the knowledge base" },
];

export const TASK_LABELS = Object.fromEntries(TASKS.map((entry) => [entry.task, entry.label])) as Record<
  AiTask,
  string
>;

export function taskLabel(task: string): string {
  return TASK_LABELS[task as AiTask] ?? task;
}

export const SKIP_REASONS: Record<string, string> = {
  unknown_model: "not in the catalog",
  wrong_kind: "wrong kind of model",
  disabled: "disabled",
  no_credentials: "no key",
  credentials_unreadable: "key unreadable",
  circuit_open: "circuit open",
  context_too_small: "context too small",
  duplicate: "listed twice",
};

export const PROVIDER_LABELS: Record<AiProviderKind, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  mistral: "Mistral",
  bedrock: "Amazon Bedrock",
  "openai-compatible": "OpenAI-compatible",
  offline: "Cairn offline",
};

/** One colour per chart series, readable on white and distinct from each other. */
export const SERIES_COLORS = [
  "#0f766e",
  "#6366f1",
  "#d97706",
  "#e11d48",
  "#0284c7",
  "#7c3aed",
  "#65a30d",
  "#a8a29e",
];

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const usdPrecise = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US");

/** Dollars: cents for ordinary amounts, four decimals for the fractions of a cent a small call costs. */
export function formatUsd(value: number): string {
  if (value !== 0 && Math.abs(value) < 1) return usdPrecise.format(value);
  return usd.format(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

export function formatCount(value: number): string {
  return whole.format(value);
}

export function formatMs(value: number | null): string {
  if (value === null) return "—";
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${whole.format(Math.round(value))} ms`;
}

export function formatPercent(value: number): string {
  if (value === 0) return "0%";
  return value < 0.001 ? "<0.1%" : `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
}

/** The label of Cairn's offline model wherever an answer or a model can come from it. */
export function OfflineBadge({ className }: { className?: string }) {
  return (
    <Badge variant="warning" className={className} title="Answered by Cairn's offline model, without an LLM">
      <WifiOff aria-hidden="true" />
      Offline · no LLM
    </Badge>
  );
}

const MARK_STYLES: Record<string, string> = {
  openai: "bg-stone-900 text-white",
  anthropic: "bg-[#d97757] text-white",
  mistral: "bg-[#fa520f] text-white",
  bedrock: "bg-[#232f3e] text-[#ff9900]",
  "openai-compatible": "bg-indigo-600 text-white",
  offline: "bg-warning-50 text-warning-700 ring-1 ring-warning-700/20 ring-inset",
};

/** A small square with the provider's initials: tells rows apart at a glance without logos. */
export function ProviderMark({ kind, name, className }: { kind: string; name: string; className?: string }) {
  const letters =
    kind === "offline" ? "C" : name.slice(0, 2).replace(/^\w/, (letter) => letter.toUpperCase());
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex size-9 shrink-0 items-center justify-center rounded-lg font-semibold text-[13px]",
        MARK_STYLES[kind] ?? "bg-muted text-ink-soft",
        className,
      )}
    >
      {kind === "offline" ? <WifiOff className="size-4" /> : letters}
    </span>
  );
}

/** Grey cards while a page's data loads. */
export function CardsSkeleton({ cards = 2, rows = 3 }: { cards?: number; rows?: number }) {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only">Loading</span>
      {Array.from({ length: cards }, (_, card) => `card-${card}`).map((cardKey) => (
        <Card key={cardKey} className="space-y-4 p-6">
          <Skeleton className="h-5 w-48" />
          <Skeleton className="h-4 w-80 max-w-full" />
          {Array.from({ length: rows }, (_, row) => `${cardKey}-${row}`).map((rowKey) => (
            <Skeleton key={rowKey} className="h-10 w-full" />
          ))}
        </Card>
      ))}
    </div>
  );
}

/** A figure with its label, for the dashboard's top row and small summaries. */
export function Stat({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: "danger" | "warning";
}) {
  return (
    <div className="min-w-0">
      <p className="text-ink-muted text-xs">{label}</p>
      <p
        className={cn(
          "mt-1 font-semibold text-2xl tabular-nums tracking-tight",
          tone === "danger" ? "text-danger-700" : tone === "warning" ? "text-warning-700" : "text-ink",
        )}
      >
        {value}
      </p>
      {hint ? <p className="mt-0.5 truncate text-ink-muted text-xs">{hint}</p> : null}
    </div>
  );
}
