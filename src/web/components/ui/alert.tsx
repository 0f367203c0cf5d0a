import { cn } from "@web/lib/cn";
import { CircleAlert, CircleCheck, Info, type LucideIcon, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";

export type AlertVariant = "info" | "success" | "warning" | "danger";

const styles: Record<AlertVariant, { box: string; icon: string; Icon: LucideIcon }> = {
  info: { box: "border-accent-200 bg-accent-50 text-accent-900", icon: "text-accent-700", Icon: Info },
  success: {
    box: "border-success-700/20 bg-success-50 text-success-700",
    icon: "text-success-700",
    Icon: CircleCheck,
  },
  warning: {
    box: "border-warning-700/25 bg-warning-50 text-ink-soft",
    icon: "text-warning-700",
    Icon: TriangleAlert,
  },
  danger: {
    box: "border-danger-600/25 bg-danger-50 text-danger-700",
    icon: "text-danger-600",
    Icon: CircleAlert,
  },
};

export interface AlertProps {
  variant?: AlertVariant;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Screen readers announce it when it appears. */
  live?: boolean;
}

/** A short message in a tinted box: what happened, or what to know before acting. */
export function Alert({ variant = "info", title, children, className, live }: AlertProps) {
  const { box, icon, Icon } = styles[variant];
  return (
    <div
      role={live ? (variant === "danger" ? "alert" : "status") : undefined}
      className={cn("flex gap-3 rounded-lg border px-3.5 py-3 text-sm", box, className)}
    >
      <Icon className={cn("mt-0.5 size-4 shrink-0", icon)} aria-hidden="true" />
      <div className="min-w-0 flex-1 leading-relaxed">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? (
          <div className={cn(title && "mt-0.5", "[&_a]:font-medium [&_a]:underline")}>{children}</div>
        ) : null}
      </div>
    </div>
  );
}
