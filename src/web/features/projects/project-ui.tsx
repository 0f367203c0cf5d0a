import type { ProjectRole } from "@core/permissions";
import {
  INDICATOR_LABELS,
  type Indicator,
  type ItemStatus,
  type ItemType,
  type LinkKind,
  type Priority,
  type ProjectStatus,
  type RiskLevel,
  type Severity,
} from "@core/raid";
import type { QueryClient } from "@tanstack/react-query";
import { Badge, type BadgeVariant } from "@web/components/ui/badge";
import { toast } from "@web/components/ui/toast";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import {
  Circle,
  CircleAlert,
  CircleCheck,
  CircleDashed,
  CircleX,
  Diamond,
  Flag,
  type LucideIcon,
  OctagonAlert,
  Package,
  Scale,
  ShieldAlert,
  SignalHigh,
  SignalLow,
  SignalMedium,
  Zap,
} from "lucide-react";
import { type Project, restoreProject } from "./projects-api";

// Labels -------------------------------------------------------------------------------------

export const TYPE_LABELS: Record<ItemType, string> = {
  risk: "Risk",
  action: "Action",
  issue: "Issue",
  decision: "Decision",
  deliverable: "Deliverable",
  milestone: "Milestone",
};

export const TYPE_PLURALS: Record<ItemType, string> = {
  risk: "Risks",
  action: "Actions",
  issue: "Issues",
  decision: "Decisions",
  deliverable: "Deliverables",
  milestone: "Milestones",
};

export const TYPE_ICONS: Record<ItemType, LucideIcon> = {
  risk: ShieldAlert,
  action: Zap,
  issue: CircleAlert,
  decision: Scale,
  deliverable: Package,
  milestone: Diamond,
};

export const STATUS_LABELS: Record<ItemStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  blocked: "Blocked",
  done: "Done",
  closed: "Closed",
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

export const SEVERITY_LABELS: Record<Severity, string> = PRIORITY_LABELS;

export const PROJECT_ROLE_LABELS: Record<ProjectRole, string> = {
  admin: "Project admin",
  project_manager: "Project manager",
  team_member: "Team member",
  viewer: "Viewer",
};

export const PROJECT_ROLE_DESCRIPTIONS: Record<ProjectRole, string> = {
  admin: "Everything, including members and deleting the project",
  project_manager: "Runs the log, the budget and imports",
  team_member: "Updates the items assigned to them and logs their time",
  viewer: "Reads the log and reports",
};

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planning: "Planning",
  active: "Active",
  on_hold: "On hold",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const LINK_KIND_LABELS: Record<LinkKind, { outgoing: string; incoming: string }> = {
  became: { outgoing: "Became", incoming: "Came from" },
  depends_on: { outgoing: "Depends on", incoming: "Blocks" },
  relates_to: { outgoing: "Relates to", incoming: "Relates to" },
};

// Colours: one map per dimension so the table, board, drawer and dashboards agree. ------------

/** Indicator colours, most urgent first (red, orange, blue, grey, green). */
export const INDICATOR_TONES: Record<Indicator, { badge: string; dot: string; chart: string }> = {
  beyond_deadline: {
    badge: "bg-danger-50 text-danger-700 border-danger-600/25",
    dot: "bg-danger-600",
    chart: "oklch(57.7% 0.245 27.325)",
  },
  late_finish: {
    badge: "bg-danger-50 text-danger-700 border-transparent",
    dot: "bg-danger-600/70",
    chart: "oklch(66% 0.19 30)",
  },
  late_start: {
    badge: "bg-warning-50 text-warning-700 border-warning-700/25",
    dot: "bg-warning-700",
    chart: "oklch(55.5% 0.163 48.998)",
  },
  trending_late: {
    badge: "bg-warning-50 text-warning-700 border-transparent",
    dot: "bg-warning-700/60",
    chart: "oklch(72% 0.15 70)",
  },
  finishing_soon: {
    badge: "bg-[oklch(96%_0.03_250)] text-[oklch(45%_0.13_255)] border-transparent",
    dot: "bg-[oklch(58%_0.15_255)]",
    chart: "oklch(58% 0.15 255)",
  },
  starting_soon: {
    badge: "bg-[oklch(96%_0.025_280)] text-[oklch(45%_0.11_285)] border-transparent",
    dot: "bg-[oklch(62%_0.12_285)]",
    chart: "oklch(62% 0.12 285)",
  },
  in_progress: {
    badge: "bg-accent-50 text-accent-800 border-accent-200",
    dot: "bg-accent-600",
    chart: "oklch(60% 0.118 184.704)",
  },
  not_started: {
    badge: "bg-muted text-ink-soft border-transparent",
    dot: "bg-ink-faint",
    chart: "oklch(80% 0.01 56)",
  },
  completed_recently: {
    badge: "bg-success-50 text-success-700 border-success-700/20",
    dot: "bg-success-700",
    chart: "oklch(50.8% 0.118 165.612)",
  },
  completed: {
    badge: "bg-success-50 text-success-700/80 border-transparent",
    dot: "bg-success-700/50",
    chart: "oklch(75% 0.08 165)",
  },
};

export function IndicatorBadge({ indicator, className }: { indicator: Indicator; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 font-medium text-xs leading-4",
        INDICATOR_TONES[indicator].badge,
        className,
      )}
    >
      <span className={cn("size-1.5 rounded-full", INDICATOR_TONES[indicator].dot)} aria-hidden="true" />
      {INDICATOR_LABELS[indicator]}
    </span>
  );
}

const RISK_LEVEL_TONES: Record<RiskLevel, string> = {
  low: "bg-success-50 text-success-700 border-success-700/20",
  medium: "bg-warning-50 text-warning-700 border-warning-700/20",
  high: "bg-[oklch(95%_0.04_45)] text-[oklch(50%_0.17_40)] border-[oklch(60%_0.17_40)]/25",
  critical: "bg-danger-600 text-white border-danger-600",
};

/** Probability × impact, coloured by its band on the 5×5 matrix. */
export function RiskScoreChip({
  score,
  level,
  className,
}: {
  score: number | null;
  level: RiskLevel | null;
  className?: string;
}) {
  if (score === null || level === null) return <span className="text-ink-faint text-xs">Unrated</span>;
  return (
    <span
      title={`Risk score ${score} (${level})`}
      className={cn(
        "inline-flex h-5 min-w-7 items-center justify-center rounded border px-1.5 font-semibold text-xs tabular-nums",
        RISK_LEVEL_TONES[level],
        className,
      )}
    >
      {score}
    </span>
  );
}

export function TypeIcon({ type, className }: { type: ItemType; className?: string }) {
  const Icon = TYPE_ICONS[type];
  return <Icon className={cn("size-3.5 shrink-0 text-ink-muted", className)} aria-hidden="true" />;
}

/** "R-12" in a monospace chip with the type's icon. */
export function ItemCode({ code, type }: { code: string; type: ItemType }) {
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap font-mono text-ink-muted text-xs">
      <TypeIcon type={type} />
      {code}
    </span>
  );
}

const STATUS_VARIANTS: Record<ItemStatus, BadgeVariant> = {
  open: "outline",
  in_progress: "accent",
  blocked: "danger",
  done: "success",
  closed: "neutral",
};

export function StatusBadge({ status }: { status: ItemStatus }) {
  return <Badge variant={STATUS_VARIANTS[status]}>{STATUS_LABELS[status]}</Badge>;
}

const STATUS_ICONS: Record<ItemStatus, { icon: LucideIcon; className: string }> = {
  open: { icon: Circle, className: "text-ink-faint" },
  in_progress: { icon: CircleDashed, className: "text-accent-700" },
  blocked: { icon: OctagonAlert, className: "text-danger-600" },
  done: { icon: CircleCheck, className: "text-success-700" },
  closed: { icon: CircleX, className: "text-ink-faint" },
};

/** The status as an icon, for dense rows (the label is its accessible name and tooltip). */
export function StatusIcon({ status }: { status: ItemStatus }) {
  const { icon: Icon, className } = STATUS_ICONS[status];
  return (
    <span title={STATUS_LABELS[status]} className="inline-flex shrink-0">
      <Icon role="img" className={cn("size-4", className)} aria-label={STATUS_LABELS[status]} />
    </span>
  );
}

const PRIORITY_ICONS: Record<Priority, LucideIcon> = {
  low: SignalLow,
  medium: SignalMedium,
  high: SignalHigh,
  critical: Flag,
};

export function PriorityLabel({ priority }: { priority: Priority }) {
  const Icon = PRIORITY_ICONS[priority];
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 whitespace-nowrap text-[13px]",
        priority === "critical" ? "font-medium text-danger-700" : "text-ink-soft",
      )}
    >
      <Icon className="size-3.5" aria-hidden="true" />
      {PRIORITY_LABELS[priority]}
    </span>
  );
}

export function ProgressBar({ value, className }: { value: number; className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <span className="h-1.5 w-8 overflow-hidden rounded-full bg-muted" aria-hidden="true">
        <span
          className={cn("block h-full rounded-full", value >= 100 ? "bg-success-700" : "bg-accent-600")}
          style={{ width: `${Math.max(0, Math.min(100, value))}%` }}
        />
      </span>
      <span className="w-8 text-right text-ink-soft text-xs tabular-nums">{value}%</span>
    </span>
  );
}

const PROJECT_STATUS_VARIANTS: Record<ProjectStatus, BadgeVariant> = {
  planning: "outline",
  active: "accent",
  on_hold: "warning",
  completed: "success",
  cancelled: "neutral",
};

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return <Badge variant={PROJECT_STATUS_VARIANTS[status]}>{PROJECT_STATUS_LABELS[status]}</Badge>;
}

export function ProjectRoleBadge({ role }: { role: ProjectRole }) {
  return (
    <Badge variant={role === "admin" ? "accent" : role === "viewer" ? "outline" : "neutral"}>
      {PROJECT_ROLE_LABELS[role]}
    </Badge>
  );
}

/** "12 Mar 2025" for an ISO date, read as a calendar day (no time-zone shift). */
export function formatIsoDate(value: string | null | undefined): string {
  if (!value) return "—";
  const [year, month, day] = value.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!)).toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** "12 Mar" this year, "12 Mar '27" otherwise: dates in dense tables. */
export function formatShortDate(value: string): string {
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  const dayMonth = date.toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  return year === new Date().getFullYear() ? dayMonth : `${dayMonth} '${String(year).slice(2)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Restores a project from the bin, saying how it went (the Undo of a delete, and the bin's button). */
export function undoProjectDelete(queryClient: QueryClient, project: Project): Promise<void> {
  return restoreProject(queryClient, project.id)
    .then(() => {
      toast.success(`${project.name} was restored`);
    })
    .catch((error: unknown) => {
      toast.error("The project could not be restored", { description: formErrorOf(error) });
    });
}
