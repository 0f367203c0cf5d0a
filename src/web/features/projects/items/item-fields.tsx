import {
  ITEM_STATUSES,
  type ItemStatus,
  PRIORITIES,
  type Priority,
  riskLevel,
  SEVERITIES,
  type Severity,
} from "@core/raid";
import { Select } from "@web/components/ui/input";
import { cn } from "@web/lib/cn";
import type { ReactNode } from "react";
import { PRIORITY_LABELS, RiskScoreChip, SEVERITY_LABELS, STATUS_LABELS } from "../project-ui";
import type { ProjectMember } from "../projects-api";

export const RATING_LABELS = ["1 · Very low", "2 · Low", "3 · Medium", "4 · High", "5 · Very high"];

/** A label on the left and its control on the right, as in a property sheet. */
export function PropertyRow({
  label,
  htmlFor,
  children,
}: {
  label: string;
  htmlFor?: string;
  children: ReactNode;
}) {
  return (
    <div className="grid min-h-9 grid-cols-[8.5rem_1fr] items-center gap-3">
      {htmlFor ? (
        <label htmlFor={htmlFor} className="text-ink-muted text-sm">
          {label}
        </label>
      ) : (
        <span className="text-ink-muted text-sm">{label}</span>
      )}
      <div className="min-w-0 max-w-md">{children}</div>
    </div>
  );
}

export function StatusSelect(props: {
  id?: string;
  value: ItemStatus;
  onChange: (value: ItemStatus) => void;
  disabled?: boolean;
}) {
  return (
    <Select
      id={props.id}
      value={props.value}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.value as ItemStatus)}
      className="h-8"
    >
      {ITEM_STATUSES.map((status) => (
        <option key={status} value={status}>
          {STATUS_LABELS[status]}
        </option>
      ))}
    </Select>
  );
}

export function PrioritySelect(props: {
  id?: string;
  value: Priority;
  onChange: (value: Priority) => void;
  disabled?: boolean;
}) {
  return (
    <Select
      id={props.id}
      value={props.value}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.value as Priority)}
      className="h-8"
    >
      {PRIORITIES.map((priority) => (
        <option key={priority} value={priority}>
          {PRIORITY_LABELS[priority]}
        </option>
      ))}
    </Select>
  );
}

export function SeveritySelect(props: {
  id?: string;
  value: Severity | null;
  onChange: (value: Severity | null) => void;
  disabled?: boolean;
}) {
  return (
    <Select
      id={props.id}
      value={props.value ?? ""}
      disabled={props.disabled}
      onChange={(event) => props.onChange((event.target.value || null) as Severity | null)}
      className="h-8"
    >
      <option value="">Not set</option>
      {SEVERITIES.map((severity) => (
        <option key={severity} value={severity}>
          {SEVERITY_LABELS[severity]}
        </option>
      ))}
    </Select>
  );
}

export function AssigneeSelect(props: {
  id?: string;
  value: string | null;
  members: ProjectMember[];
  onChange: (value: string | null) => void;
  disabled?: boolean;
  /** Shown for an assignee who is no longer a member. */
  fallbackName?: string;
}) {
  const known = props.value === null || props.members.some((member) => member.user_id === props.value);
  return (
    <Select
      id={props.id}
      value={props.value ?? ""}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.value || null)}
      className="h-8"
    >
      <option value="">Unassigned</option>
      {props.members.map((member) => (
        <option key={member.user_id} value={member.user_id}>
          {member.name}
        </option>
      ))}
      {known ? null : <option value={props.value ?? ""}>{props.fallbackName ?? "Former member"}</option>}
    </Select>
  );
}

/** Probability × impact pickers with the score they make, live. */
export function RiskRating({
  probability,
  impact,
  onChange,
  disabled,
  idPrefix,
}: {
  probability: number | null;
  impact: number | null;
  onChange: (change: { probability?: number | null; impact?: number | null }) => void;
  disabled?: boolean;
  idPrefix: string;
}) {
  const score = probability !== null && impact !== null ? probability * impact : null;
  const rating = (value: number | null, field: "probability" | "impact") => (
    <Select
      id={`${idPrefix}-${field}`}
      aria-label={field === "probability" ? "Probability" : "Impact"}
      value={value ?? ""}
      disabled={disabled}
      onChange={(event) => onChange({ [field]: event.target.value ? Number(event.target.value) : null })}
      className="h-8"
    >
      <option value="">Not rated</option>
      {RATING_LABELS.map((label, index) => (
        <option key={label} value={index + 1}>
          {label}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="grid grid-cols-[1fr_auto_1fr_auto_auto] items-center gap-2">
      {rating(probability, "probability")}
      <span className="text-ink-faint" aria-hidden="true">
        ×
      </span>
      {rating(impact, "impact")}
      <span className="text-ink-faint" aria-hidden="true">
        =
      </span>
      <span className={cn("min-w-20", score === null && "text-ink-faint text-xs")}>
        <RiskScoreChip score={score} level={score === null ? null : riskLevel(score)} />
        {score === null ? null : (
          <span className="ml-1.5 text-ink-muted text-xs capitalize">{riskLevel(score)}</span>
        )}
      </span>
    </div>
  );
}
