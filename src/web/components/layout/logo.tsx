import { cn } from "@web/lib/cn";

/** The Cairn mark: four stacked stones on an accent tile. Matches public/favicon.svg. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={cn("size-8 shrink-0", className)} aria-hidden="true">
      <rect width="32" height="32" rx="7" className="fill-accent-700" />
      <g className="fill-subtle">
        <ellipse cx="16" cy="24.4" rx="9.6" ry="3.4" />
        <ellipse cx="15.2" cy="17.3" rx="7" ry="2.9" />
        <ellipse cx="16.6" cy="11.2" rx="4.9" ry="2.4" />
        <ellipse cx="15.8" cy="6.3" rx="2.8" ry="1.8" />
      </g>
    </svg>
  );
}

export function Wordmark({ className }: { className?: string }) {
  return <span className={cn("font-semibold text-[17px] text-ink tracking-tight", className)}>Cairn</span>;
}
