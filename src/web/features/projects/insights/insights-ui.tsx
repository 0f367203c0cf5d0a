import { useNavigate, useParams } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { isApiError } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { RotateCw } from "lucide-react";
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from "react";

/** The project of the tab being shown (every insight page sits under /projects/$projectId). */
export function useProjectId(): string {
  const { projectId } = useParams({ strict: false }) as { projectId?: string };
  return projectId ?? "";
}

/** Where the Items tab shows one item in its drawer. */
export const itemHref = (projectId: string, itemId: string) =>
  `/projects/${projectId}?item=${encodeURIComponent(itemId)}`;

/** The Items tab filtered by indicator (or type), e.g. from a dashboard tile. */
export const itemsHref = (projectId: string, filter: { indicator?: string; type?: string }) => {
  const search = new URLSearchParams(
    Object.entries(filter).filter(([, value]) => value) as [string, string][],
  );
  return `/projects/${projectId}${search.size ? `?${search}` : ""}`;
};

/**
 * A link inside the app that navigates without a page load (a plain click), while keeping
 * ctrl/cmd-click, middle-click and "copy link" working like any link.
 */
export function AppLink({
  href,
  onClick,
  ...props
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const navigate = useNavigate();
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    void navigate({ href });
  }
  return <a href={href} onClick={follow} {...props} />;
}

/** A card with a title row: the building block of the dashboard and budget pages. */
export function Panel({
  title,
  description,
  actions,
  children,
  className,
  bodyClassName,
  id,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  id?: string;
}) {
  return (
    <Card className={cn("flex min-w-0 flex-col", className)} id={id}>
      <div className="flex flex-wrap items-start justify-between gap-3 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <h2 className="font-semibold text-[15px] text-ink leading-6">{title}</h2>
          {description ? (
            <p className="mt-0.5 text-ink-muted text-sm leading-relaxed">{description}</p>
          ) : null}
        </div>
        {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      <div className={cn("min-w-0 flex-1 px-5 pb-5", bodyClassName)}>{children}</div>
    </Card>
  );
}

/** A failed load, with what went wrong and a way to try again. */
export function LoadError({ error, what, onRetry }: { error: unknown; what: string; onRetry: () => void }) {
  const message = isApiError(error) ? error.message : "Something went wrong.";
  return (
    <Alert variant="danger" title={`Could not load ${what}`} live>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <span>{message}</span>
        <Button variant="outline" size="sm" onClick={onRetry}>
          <RotateCw aria-hidden="true" />
          Try again
        </Button>
      </div>
    </Alert>
  );
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in the project's currency: whole units, or compact (€12.5K) for axes and tiles. */
export function formatMoney(value: number, currency: string, options: { compact?: boolean } = {}): string {
  const key = `${currency}:${options.compact ? "c" : "w"}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(undefined, {
      style: "currency",
      currency,
      maximumFractionDigits: options.compact ? 1 : 0,
      ...(options.compact ? { notation: "compact" as const } : {}),
    });
    moneyFormats.set(key, format);
  }
  return format.format(value);
}

const hoursFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export function formatHours(value: number): string {
  return `${hoursFormat.format(value)} h`;
}

/** A big number with its label: the KPI cards of the budget and the report. */
export function Stat({
  label,
  value,
  detail,
  tone,
  className,
}: {
  label: ReactNode;
  value: ReactNode;
  detail?: ReactNode;
  tone?: "danger" | "warning" | "success";
  className?: string;
}) {
  return (
    <div
      className={cn("min-w-0 rounded-xl border border-border bg-surface px-4 py-3.5 shadow-card", className)}
    >
      <p className="truncate font-medium text-ink-muted text-xs uppercase tracking-wider">{label}</p>
      <p
        className={cn(
          "mt-1.5 truncate font-semibold text-2xl tabular-nums tracking-tight",
          tone === "danger" ? "text-danger-700" : tone === "warning" ? "text-warning-700" : "text-ink",
          tone === "success" && "text-success-700",
        )}
      >
        {value}
      </p>
      {detail ? <p className="mt-1 truncate text-ink-muted text-xs">{detail}</p> : null}
    </div>
  );
}

/** The way out of an empty insight tab: add items, or import a RAID log. */
export function EmptyLogActions({ projectId }: { projectId: string }) {
  return (
    <>
      <AppLink href={`/projects/${projectId}`} className={buttonVariants({ variant: "primary" })}>
        Go to items
      </AppLink>
      <AppLink href={`/projects/${projectId}/import`} className={buttonVariants({ variant: "outline" })}>
        Import a RAID log
      </AppLink>
    </>
  );
}
