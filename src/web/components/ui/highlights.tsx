import type { LucideIcon } from "lucide-react";

export interface Highlight {
  icon: LucideIcon;
  title: string;
  description: string;
}

/** A short grid of what a module does, each with an icon, a name and one sentence. */
export function Highlights({ heading, items }: { heading: string; items: Highlight[] }) {
  return (
    <div>
      <h3 className="font-medium text-ink-muted text-xs uppercase tracking-wider">{heading}</h3>
      <ul className="mt-4 grid gap-5 md:grid-cols-3 md:gap-6">
        {items.map(({ icon: Icon, title, description }) => (
          <li key={title} className="flex gap-3">
            <div className="flex size-8 shrink-0 items-center justify-center rounded-lg border border-border bg-surface text-ink-soft">
              <Icon className="size-4" strokeWidth={1.75} aria-hidden="true" />
            </div>
            <div className="min-w-0">
              <p className="font-medium text-ink text-sm">{title}</p>
              <p className="mt-0.5 text-ink-muted text-sm leading-relaxed">{description}</p>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
