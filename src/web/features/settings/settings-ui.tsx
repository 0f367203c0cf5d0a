import type { OrgAction } from "@core/permissions";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Skeleton } from "@web/components/ui/skeleton";
import { isApiError } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { ROLE_LABELS } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { Lock, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

/** The heading of one settings page, under the Settings title. */
export function SettingsHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        <h2 className="font-semibold text-ink text-xl tracking-tight">{title}</h2>
        <p className="mt-1 max-w-2xl text-ink-muted text-sm leading-relaxed">{description}</p>
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** A titled card: a block of related settings. `tone="danger"` for the irreversible ones. */
export function SettingsCard({
  title,
  description,
  children,
  footer,
  tone,
  id,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  tone?: "danger";
  id?: string;
  className?: string;
}) {
  return (
    <Card id={id} className={cn(tone === "danger" && "border-danger-600/25", "scroll-mt-20", className)}>
      <div className="px-5 pt-5 pb-1 sm:px-6">
        <h3
          className={cn(
            "font-semibold text-[15px] leading-6",
            tone === "danger" ? "text-danger-700" : "text-ink",
          )}
        >
          {title}
        </h3>
        {description ? (
          <div className="mt-1 text-ink-muted text-sm leading-relaxed">{description}</div>
        ) : null}
      </div>
      {children ? <div className="px-5 pt-4 pb-5 sm:px-6">{children}</div> : <div className="pb-4" />}
      {footer ? (
        <div className="flex flex-wrap items-center justify-end gap-3 rounded-b-xl border-border border-t bg-subtle px-5 py-3 sm:px-6">
          {footer}
        </div>
      ) : null}
    </Card>
  );
}

/** Shown in place of a settings page the current role may not open. */
export function NoAccess({ what }: { what: string }) {
  const { role } = useSession();
  return (
    <Card className="flex flex-col items-center px-6 py-14 text-center">
      <span className="flex size-12 items-center justify-center rounded-xl border border-border bg-subtle text-ink-muted">
        <Lock className="size-5" strokeWidth={1.75} aria-hidden="true" />
      </span>
      <h2 className="mt-5 font-semibold text-ink text-lg tracking-tight">You don't have access to {what}</h2>
      <p className="mt-2 max-w-md text-ink-muted text-sm leading-relaxed">
        {role
          ? `Your role in this organization (${ROLE_LABELS[role]}) can't open this page. Ask an owner or admin if you need it.`
          : "Join or create an organization first."}
      </p>
    </Card>
  );
}

/** Renders the page only when the current role may do `action`. */
export function RequirePermission({
  action,
  what,
  children,
}: {
  action: OrgAction;
  what: string;
  children: ReactNode;
}) {
  const { can } = useSession();
  return can(action) ? children : <NoAccess what={what} />;
}

/** A failed load, with the server's message and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const message = isApiError(error) ? error.message : "Check your connection and try again.";
  return (
    <Alert variant="danger" title="This could not be loaded">
      <p>{message}</p>
      <Button variant="outline" size="sm" className="mt-3" onClick={onRetry}>
        Try again
      </Button>
    </Alert>
  );
}

/** Grey rows while a table loads. */
export function TableSkeleton({ rows = 4, columns = 4 }: { rows?: number; columns?: number }) {
  return (
    <div className="divide-y divide-border" aria-busy="true">
      <span className="sr-only">Loading</span>
      {Array.from({ length: rows }, (_, row) => `row-${row}`).map((rowKey) => (
        <div key={rowKey} className="flex items-center gap-6 px-5 py-4">
          <Skeleton className="size-8 rounded-full" />
          {Array.from({ length: columns - 1 }, (_, column) => `${rowKey}-${column}`).map(
            (cellKey, column) => (
              <Skeleton key={cellKey} className={cn("h-4", column === 0 ? "w-48" : "w-24")} />
            ),
          )}
        </div>
      ))}
    </div>
  );
}

/** The small empty state inside a card or table. */
export function InlineEmpty({
  icon: Icon,
  title,
  description,
  action,
}: {
  icon: LucideIcon;
  title: string;
  description: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center px-6 py-12 text-center">
      <span className="flex size-10 items-center justify-center rounded-lg border border-border bg-subtle text-ink-muted">
        <Icon className="size-5" strokeWidth={1.75} aria-hidden="true" />
      </span>
      <p className="mt-4 font-medium text-ink text-sm">{title}</p>
      <p className="mt-1 max-w-sm text-ink-muted text-sm leading-relaxed">{description}</p>
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
