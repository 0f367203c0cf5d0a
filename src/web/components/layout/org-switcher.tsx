import { DropdownMenu, MenuItem, MenuLabel, MenuLink, MenuSeparator } from "@web/components/ui/menu";
import { toast } from "@web/components/ui/toast";
import { CreateOrganizationDialog } from "@web/features/orgs/create-organization-dialog";
import { RoleBadge } from "@web/features/orgs/role-badge";
import { isApiError } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { ROLE_LABELS } from "@web/lib/format";
import { useSwitchOrg } from "@web/lib/orgs";
import { useSession } from "@web/lib/session";
import { Check, ChevronsUpDown, Plus, Settings } from "lucide-react";
import { useState } from "react";
import { initials } from "../ui/avatar";

function OrgTile({ name, className }: { name: string | null; className?: string }) {
  return (
    <span
      className={cn(
        "flex size-8 shrink-0 items-center justify-center rounded-lg font-semibold text-xs",
        name ? "bg-ink text-surface" : "border border-border-strong border-dashed text-ink-faint",
        className,
      )}
      aria-hidden="true"
    >
      {name ? initials(name) : "?"}
    </span>
  );
}

/** The organization at the top of the sidebar: which one you act in, and switching to another. */
export function OrgSwitcher({ collapsed }: { collapsed: boolean }) {
  const { me, activeOrg } = useSession();
  const switchOrg = useSwitchOrg();
  const [creating, setCreating] = useState(false);
  const name = activeOrg?.name ?? null;

  function onSwitch(orgId: string, orgName: string) {
    if (orgId === activeOrg?.id) return;
    switchOrg.mutate(orgId, {
      onSuccess: () => toast.success(`Switched to ${orgName}`),
      onError: (error) =>
        toast.error("Could not switch organization", {
          description: isApiError(error) ? error.message : undefined,
        }),
    });
  }

  return (
    <>
      <DropdownMenu
        label="Organizations"
        align="start"
        className="w-72"
        trigger={(props, open) => (
          <button
            type="button"
            {...props}
            title={collapsed ? (name ?? "No organization") : undefined}
            aria-label={`Organization: ${name ?? "none"}. Switch organization`}
            className={cn(
              "group flex h-12 w-full items-center gap-3 rounded-lg px-2 text-left outline-none transition-colors",
              "hover:bg-muted focus-visible:ring-2 focus-visible:ring-accent-600",
              open && "bg-muted",
              collapsed && "lg:justify-center lg:px-0",
            )}
          >
            <OrgTile name={name} />
            <span className={cn("min-w-0 flex-1", collapsed && "lg:sr-only")}>
              <span className="block truncate font-medium text-ink text-sm leading-5">
                {name ?? "No organization"}
              </span>
              <span className="block truncate text-ink-muted text-xs leading-4">
                {activeOrg ? ROLE_LABELS[activeOrg.role] : "Create or join one"}
              </span>
            </span>
            <ChevronsUpDown
              className={cn("size-4 shrink-0 text-ink-faint", collapsed && "lg:hidden")}
              aria-hidden="true"
            />
          </button>
        )}
      >
        <MenuLabel>Your organizations</MenuLabel>
        {me.orgs.length === 0 ? (
          <p className="px-2 pb-2 text-ink-muted text-sm">You don't belong to any organization yet.</p>
        ) : (
          <div className="max-h-72 overflow-y-auto">
            {me.orgs.map((org) => {
              const active = org.id === activeOrg?.id;
              return (
                <MenuItem key={org.id} onSelect={() => onSwitch(org.id, org.name)}>
                  <OrgTile name={org.name} className="size-6 rounded-md text-[10px]" />
                  <span className="min-w-0 flex-1 truncate font-medium text-ink">{org.name}</span>
                  <RoleBadge role={org.role} subtle />
                  <Check
                    className={cn("text-accent-700", !active && "invisible")}
                    aria-label={active ? "Current" : undefined}
                  />
                </MenuItem>
              );
            })}
          </div>
        )}
        <MenuSeparator />
        <MenuItem onSelect={() => setCreating(true)}>
          <Plus aria-hidden="true" />
          Create organization
        </MenuItem>
        {activeOrg ? (
          <MenuLink to="/settings/organization">
            <Settings aria-hidden="true" />
            Organization settings
          </MenuLink>
        ) : null}
      </DropdownMenu>
      <CreateOrganizationDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
