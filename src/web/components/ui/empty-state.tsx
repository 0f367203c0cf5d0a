import { cn } from "@web/lib/cn";
import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

export interface EmptyStateProps {
  icon: LucideIcon;
  title: string;
  description: ReactNode;
  action?: ReactNode;
  /** Shown in a band under the message, e.g. what the module will let you do. */
  footer?: ReactNode;
  className?: string;
}

/** What a list shows before it has anything in it: what will appear here, and why it matters. */
export function EmptyState({ icon: Icon, title, description, action, footer, className }: EmptyStateProps) {
  return (
    <section
      className={cn("overflow-hidden rounded-xl border border-border bg-surface shadow-card", className)}
    >
      <div className="flex flex-col items-center px-6 py-12 text-center sm:px-12 sm:py-14">
        <div className="relative mb-6">
          <div className="absolute -inset-2.5 rounded-2xl bg-accent-50" aria-hidden="true" />
          <div className="relative flex size-12 items-center justify-center rounded-xl border border-accent-200 bg-surface text-accent-700 shadow-card">
            <Icon className="size-6" strokeWidth={1.75} aria-hidden="true" />
          </div>
        </div>
        <h2 className="font-semibold text-ink text-lg tracking-tight">{title}</h2>
        <div className="mt-2 max-w-xl text-balance text-ink-muted text-sm leading-relaxed">{description}</div>
        {action ? <div className="mt-6 flex flex-wrap justify-center gap-2">{action}</div> : null}
      </div>
      {footer ? <div className="border-border border-t bg-subtle px-6 py-6 sm:px-8">{footer}</div> : null}
    </section>
  );
}
