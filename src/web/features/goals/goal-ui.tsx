import { Badge, type BadgeVariant } from "@web/components/ui/badge";
import { cn } from "@web/lib/cn";
import { Building2, Lock, Users } from "lucide-react";
import type { GoalHealth, KeyResultFields, Visibility } from "./types";

// Small presentational pieces the goals views share: progress bars, health, values.

const HEALTH: Record<GoalHealth, { label: string; badge: BadgeVariant; bar: string; dot: string }> = {
  not_started: { label: "Not started", badge: "neutral", bar: "bg-ink-faint", dot: "bg-ink-faint" },
  on_track: { label: "On track", badge: "success", bar: "bg-success-700", dot: "bg-success-700" },
  at_risk: { label: "At risk", badge: "warning", bar: "bg-warning-700", dot: "bg-warning-700" },
  off_track: { label: "Off track", badge: "danger", bar: "bg-danger-600", dot: "bg-danger-600" },
  done: { label: "Done", badge: "accent", bar: "bg-accent-700", dot: "bg-accent-700" },
};

export const healthLabel = (status: GoalHealth) => HEALTH[status].label;

export function HealthBadge({ status, className }: { status: GoalHealth; className?: string }) {
  return (
    <Badge variant={HEALTH[status].badge} className={className}>
      <span className={cn("size-1.5 rounded-full", HEALTH[status].dot)} aria-hidden="true" />
      {HEALTH[status].label}
    </Badge>
  );
}

/** A thin bar with a tick where the cycle's pace says progress should be. */
export function ProgressBar({
  value,
  expected,
  status,
  className,
  label,
}: {
  value: number;
  expected?: number;
  status: GoalHealth;
  className?: string;
  label: string;
}) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className={cn("relative h-1.5 overflow-visible rounded-full bg-muted", className)}
    >
      <div
        className={cn("h-full rounded-full transition-[width] duration-300", HEALTH[status].bar)}
        style={{ width: `${percent}%` }}
      />
      {expected !== undefined && expected > 0 && expected < 1 ? (
        <div
          className="absolute -top-0.5 h-2.5 w-px bg-ink-muted/60"
          style={{ left: `${Math.round(expected * 100)}%` }}
          title={`Expected by now: ${Math.round(expected * 100)}%`}
          aria-hidden="true"
        />
      ) : null}
    </div>
  );
}

export const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export const formatNumber = (value: number) => numberFormat.format(value);

/** "42 / 50 customers", "64% / 80%", "Done" / "Not yet", "2 of 5 milestones". */
export function formatKeyResultValue(
  keyResult: Pick<KeyResultFields, "type" | "unit" | "current_value" | "target_value"> &
    Partial<Pick<KeyResultFields, "tasks_done" | "tasks_total">>,
  value = keyResult.current_value,
): string {
  const unit = keyResult.unit?.trim() ?? "";
  switch (keyResult.type) {
    case "boolean":
      return value >= keyResult.target_value ? "Done" : "Not yet";
    case "percentage":
      return `${formatNumber(value)}% / ${formatNumber(keyResult.target_value)}%`;
    case "milestone":
      // A milestone key result's tasks are its milestones (core/okr/progress.ts).
      return keyResult.tasks_total
        ? `${keyResult.tasks_done ?? 0} of ${keyResult.tasks_total} milestones done`
        : `${formatNumber(value)} of ${formatNumber(keyResult.target_value)} milestones`;
    default:
      return `${formatNumber(value)} / ${formatNumber(keyResult.target_value)}${unit ? ` ${unit}` : ""}`;
  }
}

/** One value with its unit, for check-ins and chart tooltips. */
export function formatValue(keyResult: Pick<KeyResultFields, "type" | "unit">, value: number): string {
  if (keyResult.type === "boolean") return value >= 1 ? "Done" : "Not yet";
  if (keyResult.type === "percentage") return `${formatNumber(value)}%`;
  const unit = keyResult.unit?.trim();
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/** Confidence as five dots, coloured by how sure the owner is. */
export function Confidence({ value, className }: { value: number | null; className?: string }) {
  if (value === null) return <span className={cn("text-ink-faint text-xs", className)}>No forecast</span>;
  const filled = Math.round(value * 5);
  const tone = value >= 0.7 ? "bg-success-700" : value >= 0.5 ? "bg-warning-700" : "bg-danger-600";
  return (
    <span
      className={cn("inline-flex items-center gap-1.5 text-ink-muted text-xs tabular-nums", className)}
      title={`Confidence ${percent(value)}`}
    >
      <span className="flex gap-0.5" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((dot) => (
          <span key={dot} className={cn("size-1.5 rounded-full", dot < filled ? tone : "bg-border-strong")} />
        ))}
      </span>
      <span className="sr-only">Confidence</span>
      {percent(value)}
    </span>
  );
}

const VISIBILITY: Record<Visibility, { label: string; icon: typeof Lock; hint: string; audience: string }> = {
  private: {
    label: "Private",
    icon: Lock,
    hint: "You and the people you share it with",
    audience: "only you and the people you share it with",
  },
  group: {
    label: "Groups",
    icon: Users,
    hint: "Also members of the groups it is shared with",
    audience: "you, the people you share it with and members of the groups you share it with",
  },
  org: {
    label: "Organization",
    icon: Building2,
    hint: "Everyone in the organization can view it",
    audience: "everyone in the organization (guests only if you share it with them)",
  },
};
export const VISIBILITY_OPTIONS = (Object.keys(VISIBILITY) as Visibility[]).map((value) => ({
  value,
  ...VISIBILITY[value],
}));

export function VisibilityIcon({ visibility, className }: { visibility: Visibility; className?: string }) {
  const { icon: Icon, label, hint } = VISIBILITY[visibility];
  return (
    <span title={`${label}: ${hint}`} className={cn("inline-flex text-ink-faint", className)}>
      <Icon className="size-3.5" aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </span>
  );
}

/**
 * The 0.0–1.0 score, coloured like Google's grading (red < 0.4 ≤ yellow < 0.7 ≤ green); `final`
 * marks the one recorded when the cycle closed. Objective scores keep their second decimal (0.85).
 */
export function Score({
  value,
  final = false,
  className,
}: {
  value: number;
  final?: boolean;
  className?: string;
}) {
  const tone = value >= 0.7 ? "text-success-700" : value >= 0.4 ? "text-warning-700" : "text-danger-700";
  return (
    <span
      className={cn(
        "font-semibold text-xs tabular-nums",
        tone,
        final && "underline decoration-dotted",
        className,
      )}
      title={final ? "Final score, recorded when the cycle closed (0.0–1.0)" : "Score (0.0–1.0)"}
    >
      {value.toFixed(2).replace(/0$/, "")}
      {final ? <span className="sr-only"> (final)</span> : null}
    </span>
  );
}

/** Today in the browser's time zone as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
