import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { useInstance } from "@web/lib/instance";
import { ChevronsUpDown } from "lucide-react";

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/**
 * The organization at the top of the sidebar. Until accounts land it shows the demo org and does
 * not switch; it says so on hover rather than pretending.
 */
export function OrgSwitcher({ collapsed }: { collapsed: boolean }) {
  const { data: instance, isPending } = useInstance();
  const org = instance?.demo_org ?? null;
  const name = org?.name ?? "No organization";
  const hint = "Switching organizations arrives with sign-in";

  if (isPending) {
    return (
      <div className={cn("flex h-12 items-center gap-3 px-2", collapsed && "lg:justify-center lg:px-0")}>
        <Skeleton className="size-8 rounded-lg" />
        <div className={cn("flex-1 space-y-1.5", collapsed && "lg:hidden")}>
          <Skeleton className="h-3.5 w-28" />
          <Skeleton className="h-3 w-16" />
        </div>
      </div>
    );
  }

  return (
    <button
      type="button"
      aria-disabled="true"
      title={collapsed ? `${name} — ${hint}` : hint}
      className={cn(
        "group flex h-12 w-full items-center gap-3 rounded-lg px-2 text-left outline-none transition-colors",
        "hover:bg-muted focus-visible:ring-2 focus-visible:ring-accent-600",
        collapsed && "lg:justify-center lg:px-0",
      )}
    >
      <span
        className={cn(
          "flex size-8 shrink-0 items-center justify-center rounded-lg font-semibold text-xs",
          org ? "bg-ink text-surface" : "border border-border-strong border-dashed text-ink-faint",
        )}
        aria-hidden="true"
      >
        {org ? initials(org.name) : "?"}
      </span>
      <span className={cn("min-w-0 flex-1", collapsed && "lg:sr-only")}>
        <span className="block truncate font-medium text-ink text-sm leading-5">{name}</span>
        <span className="block truncate text-ink-muted text-xs leading-4">
          {org ? "Demo workspace" : "Sign in to choose one"}
        </span>
      </span>
      <ChevronsUpDown
        className={cn("size-4 shrink-0 text-ink-faint", collapsed && "lg:hidden")}
        aria-hidden="true"
      />
    </button>
  );
}
