import { cn } from "@web/lib/cn";
import type { HTMLAttributes } from "react";

/** A placeholder block shown while data loads. Hidden from assistive technology. */
export function Skeleton({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}
