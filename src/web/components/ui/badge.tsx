import { cn } from "@web/lib/cn";
import type { HTMLAttributes } from "react";

export type BadgeVariant = "neutral" | "accent" | "success" | "warning" | "danger" | "outline";

const variants: Record<BadgeVariant, string> = {
  neutral: "bg-muted text-ink-soft border-transparent",
  accent: "bg-accent-50 text-accent-800 border-accent-200",
  success: "bg-success-50 text-success-700 border-transparent",
  warning: "bg-warning-50 text-warning-700 border-transparent",
  danger: "bg-danger-50 text-danger-700 border-transparent",
  outline: "bg-surface text-ink-muted border-border-strong",
};

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  variant?: BadgeVariant;
}

export function Badge({ variant = "neutral", className, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5",
        "font-medium text-xs leading-4 [&_svg]:size-3 [&_svg]:shrink-0",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}
