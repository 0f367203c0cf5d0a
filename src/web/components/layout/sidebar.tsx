import type { InstanceAi } from "@shared/api";
import { Link } from "@tanstack/react-router";
import { Button } from "@web/components/ui/button";
import { cn } from "@web/lib/cn";
import { DATABASE_LABELS, useInstance } from "@web/lib/instance";
import { Database, PanelLeftClose, PanelLeftOpen, Sparkles, X } from "lucide-react";
import { LogoMark, Wordmark } from "./logo";
import { MAIN_NAV, type NavItem, SECONDARY_NAV } from "./navigation";
import { OrgSwitcher } from "./org-switcher";

export interface SidebarProps {
  /** Icons only (wide screens). */
  collapsed: boolean;
  onToggleCollapsed: () => void;
  /** Open as a slide-over (narrow screens). */
  mobileOpen: boolean;
  onCloseMobile: () => void;
}

function NavLink({ item, collapsed }: { item: NavItem; collapsed: boolean }) {
  const Icon = item.icon;
  return (
    <Link
      to={item.to}
      title={collapsed ? item.label : undefined}
      className={cn(
        "group relative flex h-9 items-center gap-3 rounded-md px-2.5 font-medium text-ink-soft text-sm",
        "outline-none transition-colors hover:bg-muted hover:text-ink",
        "focus-visible:ring-2 focus-visible:ring-accent-600",
        "data-[status=active]:bg-accent-50 data-[status=active]:text-accent-800",
        collapsed && "lg:justify-center lg:px-0",
      )}
    >
      <Icon
        className="size-[18px] shrink-0 text-ink-muted transition-colors group-hover:text-ink group-data-[status=active]:text-accent-700"
        strokeWidth={1.85}
        aria-hidden="true"
      />
      <span className={cn("truncate", collapsed && "lg:sr-only")}>{item.label}</span>
    </Link>
  );
}

/** What the AI badge says: the instance's providers, or that only the offline assistant answers. */
function aiStatus(ai: InstanceAi): { label: string; hint: string } {
  if (ai.offline_only) {
    return {
      label: "Offline AI",
      hint:
        "No AI provider is configured on this server: answers come from Cairn's built-in offline " +
        "assistant, unless your organization adds its own keys (Settings → AI)",
    };
  }
  const [first] = ai.providers;
  return {
    label: ai.providers.length === 1 && first ? first.name : `${ai.providers.length} AI providers`,
    hint: `AI answers through ${ai.providers.map((provider) => provider.name).join(", ")}; Cairn's offline assistant steps in when they cannot`,
  };
}

function InstanceStatus({ collapsed }: { collapsed: boolean }) {
  const { data: instance } = useInstance();
  const database = instance ? DATABASE_LABELS[instance.database] : null;
  const ai = instance ? aiStatus(instance.ai) : null;

  if (collapsed) {
    return (
      <div className="hidden flex-col items-center gap-1 lg:flex">
        {ai ? (
          <span
            title={`${ai.label} — ${ai.hint}`}
            className="flex size-8 items-center justify-center rounded-md text-accent-700"
          >
            <Sparkles className="size-4" aria-hidden="true" />
            <span className="sr-only">{ai.label}</span>
          </span>
        ) : null}
        {database ? (
          <span
            title={`Database: ${database}`}
            className="flex size-8 items-center justify-center text-ink-muted"
          >
            <Database className="size-4" aria-hidden="true" />
            <span className="sr-only">Database: {database}</span>
          </span>
        ) : null}
      </div>
    );
  }

  return (
    <div className={cn("rounded-lg border border-border bg-subtle p-3")}>
      <div className="flex flex-wrap items-center gap-1.5">
        {ai ? (
          <span
            title={ai.hint}
            className="inline-flex items-center gap-1 rounded-full border border-accent-200 bg-accent-50 px-2 py-0.5 font-medium text-accent-800 text-xs"
          >
            <Sparkles className="size-3" aria-hidden="true" />
            {ai.label}
          </span>
        ) : null}
        {database ? (
          <span
            title={`Data is stored in ${database}`}
            className="inline-flex items-center gap-1 rounded-full border border-border-strong bg-surface px-2 py-0.5 font-medium text-ink-soft text-xs"
          >
            <Database className="size-3" aria-hidden="true" />
            {database}
          </span>
        ) : (
          <span className="h-5 w-16 animate-pulse rounded-full bg-muted" aria-hidden="true" />
        )}
      </div>
      <p className="mt-2 text-ink-muted text-xs leading-relaxed">
        {instance ? `Cairn ${instance.version} · self-hosted` : "Cairn · self-hosted"}
      </p>
    </div>
  );
}

export function Sidebar({ collapsed, onToggleCollapsed, mobileOpen, onCloseMobile }: SidebarProps) {
  return (
    <>
      {mobileOpen ? (
        <div
          className="fixed inset-0 z-40 animate-fade-in bg-ink/40 lg:hidden"
          aria-hidden="true"
          onClick={onCloseMobile}
        />
      ) : null}
      <aside
        id="app-sidebar"
        aria-label="Sidebar"
        className={cn(
          "fixed inset-y-0 left-0 z-50 flex w-72 flex-col border-border border-r bg-surface",
          "transition-[translate,visibility,width] duration-200 ease-out",
          "lg:relative lg:z-auto lg:translate-x-0 lg:self-stretch lg:shadow-none lg:visible",
          collapsed ? "lg:w-[4.25rem]" : "lg:w-64",
          mobileOpen ? "visible translate-x-0 shadow-popover" : "invisible -translate-x-full",
        )}
      >
        {/* The aside stretches with the page (border and background); its content stays in view. */}
        <div className="flex h-full flex-col lg:sticky lg:top-0 lg:h-dvh">
          <div
            className={cn(
              "flex h-14 shrink-0 items-center gap-2.5 px-4",
              collapsed && "lg:justify-center lg:px-0",
            )}
          >
            <Link
              to="/goals"
              className="flex items-center gap-2.5 rounded-md outline-none focus-visible:ring-2 focus-visible:ring-accent-600"
              aria-label="Cairn home"
            >
              <LogoMark className="size-7" />
              <Wordmark className={cn(collapsed && "lg:hidden")} />
            </Link>
            <Button
              variant="ghost"
              size="icon-sm"
              className="ml-auto lg:hidden"
              onClick={onCloseMobile}
              aria-label="Close navigation"
            >
              <X />
            </Button>
          </div>

          <div className={cn("px-3 pb-2", collapsed && "lg:px-2")}>
            <OrgSwitcher collapsed={collapsed} />
          </div>

          <nav
            aria-label="Main"
            className={cn("flex min-h-0 flex-1 flex-col px-3 pt-2", collapsed && "lg:px-2")}
          >
            <p
              className={cn(
                "px-2.5 pb-2 font-medium text-[11px] text-ink-faint uppercase tracking-wider",
                collapsed && "lg:sr-only",
              )}
            >
              Workspace
            </p>
            <ul className="space-y-0.5">
              {MAIN_NAV.map((item) => (
                <li key={item.to}>
                  <NavLink item={item} collapsed={collapsed} />
                </li>
              ))}
            </ul>
            <ul className="mt-auto space-y-0.5 pt-4 pb-2">
              {SECONDARY_NAV.map((item) => (
                <li key={item.to}>
                  <NavLink item={item} collapsed={collapsed} />
                </li>
              ))}
            </ul>
          </nav>

          <div className={cn("space-y-2 border-border border-t p-3", collapsed && "lg:px-2")}>
            <InstanceStatus collapsed={collapsed} />
            <button
              type="button"
              onClick={onToggleCollapsed}
              title={collapsed ? "Expand sidebar" : "Collapse sidebar"}
              className={cn(
                "hidden h-8 w-full items-center gap-2 rounded-md px-2.5 text-ink-muted text-xs outline-none lg:flex",
                "transition-colors hover:bg-muted hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600",
                collapsed && "justify-center px-0",
              )}
            >
              {collapsed ? (
                <PanelLeftOpen className="size-4" aria-hidden="true" />
              ) : (
                <PanelLeftClose className="size-4" aria-hidden="true" />
              )}
              <span className={cn(collapsed && "sr-only")}>
                {collapsed ? "Expand sidebar" : "Collapse sidebar"}
              </span>
            </button>
          </div>
        </div>
      </aside>
    </>
  );
}
