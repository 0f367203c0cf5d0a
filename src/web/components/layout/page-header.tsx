import type { ReactNode } from "react";

export interface PageHeaderProps {
  title: string;
  description: string;
  /** Next to the title, e.g. a status badge. */
  badge?: ReactNode;
  actions?: ReactNode;
}

export function PageHeader({ title, description, badge, actions }: PageHeaderProps) {
  return (
    <header className="mb-8 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="font-semibold text-2xl text-ink tracking-tight">{title}</h1>
          {badge}
        </div>
        <p className="mt-1.5 max-w-2xl text-ink-muted text-sm leading-relaxed">{description}</p>
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  );
}
