import { cn } from "@web/lib/cn";
import type { HTMLAttributes } from "react";

export function Kbd({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <kbd
      className={cn(
        "inline-flex h-5 min-w-5 items-center justify-center gap-0.5 rounded border border-border-strong",
        "bg-surface px-1.5 font-medium font-sans text-[11px] text-ink-muted leading-none shadow-2xs",
        className,
      )}
      {...props}
    />
  );
}
