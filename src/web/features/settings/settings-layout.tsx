import type { OrgAction } from "@core/permissions";
import { Link, Outlet } from "@tanstack/react-router";
import { PageHeader } from "@web/components/layout/page-header";
import { cn } from "@web/lib/cn";
import { useSession } from "@web/lib/session";
import {
  Boxes,
  Building2,
  ChartColumn,
  FlaskConical,
  KeyRound,
  type LucideIcon,
  PlugZap,
  Route,
  ScrollText,
  ShieldCheck,
  UserRound,
  Users,
  UsersRound,
  Wallet,
} from "lucide-react";

interface SettingsNavItem {
  to:
    | "/settings/organization"
    | "/settings/members"
    | "/settings/groups"
    | "/settings/api-keys"
    | "/settings/audit-log"
    | "/settings/profile"
    | "/settings/ai/providers"
    | "/settings/ai/models"
    | "/settings/ai/routing"
    | "/settings/ai/budgets"
    | "/settings/ai/privacy"
    | "/settings/ai/usage"
    | "/settings/ai/playground";
  label: string;
  icon: LucideIcon;
  /** Hidden from roles that may not do this; `null` for pages about yourself. */
  action: OrgAction | null;
}

const SECTIONS: { heading: string; items: SettingsNavItem[] }[] = [
  {
    heading: "Organization",
    items: [
      { to: "/settings/organization", label: "General", icon: Building2, action: "org.read" },
      { to: "/settings/members", label: "Members", icon: Users, action: "members.read" },
      { to: "/settings/groups", label: "Groups", icon: UsersRound, action: "groups.read" },
      { to: "/settings/api-keys", label: "API keys", icon: KeyRound, action: "api_keys.manage" },
      { to: "/settings/audit-log", label: "Audit log", icon: ScrollText, action: "audit.read" },
    ],
  },
  {
    heading: "AI",
    items: [
      { to: "/settings/ai/providers", label: "Providers & keys", icon: PlugZap, action: "ai.settings.read" },
      { to: "/settings/ai/models", label: "Models & prices", icon: Boxes, action: "ai.settings.read" },
      { to: "/settings/ai/routing", label: "Routing", icon: Route, action: "ai.settings.read" },
      { to: "/settings/ai/budgets", label: "Budgets", icon: Wallet, action: "ai.settings.read" },
      {
        to: "/settings/ai/privacy",
        label: "Privacy & retention",
        icon: ShieldCheck,
        action: "ai.settings.read",
      },
      { to: "/settings/ai/usage", label: "Usage", icon: ChartColumn, action: "ai.usage.read" },
      { to: "/settings/ai/playground", label: "Playground", icon: FlaskConical, action: "ai.use" },
    ],
  },
  {
    heading: "Account",
    items: [{ to: "/settings/profile", label: "Profile & security", icon: UserRound, action: null }],
  },
];

function SettingsNav() {
  const { can } = useSession();
  const sections = SECTIONS.map((section) => ({
    ...section,
    items: section.items.filter((item) => item.action === null || can(item.action)),
  })).filter((section) => section.items.length > 0);

  return (
    <nav aria-label="Settings" className="lg:sticky lg:top-24 lg:w-52 lg:shrink-0 lg:self-start">
      <div className="-mx-4 flex gap-1 overflow-x-auto px-4 pb-1 lg:mx-0 lg:block lg:space-y-6 lg:overflow-visible lg:px-0 lg:pb-0">
        {sections.map((section) => (
          <div key={section.heading} className="flex shrink-0 gap-1 lg:block">
            <p className="hidden px-2.5 pb-2 font-medium text-[11px] text-ink-faint uppercase tracking-wider lg:block">
              {section.heading}
            </p>
            <ul className="flex gap-1 lg:block lg:space-y-0.5">
              {section.items.map((item) => {
                const Icon = item.icon;
                return (
                  <li key={item.to} className="shrink-0">
                    <Link
                      to={item.to}
                      className={cn(
                        "group flex h-9 items-center gap-2.5 whitespace-nowrap rounded-md px-2.5 font-medium text-ink-soft text-sm",
                        "outline-none transition-colors hover:bg-muted hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600",
                        "data-[status=active]:bg-surface data-[status=active]:text-ink data-[status=active]:shadow-card data-[status=active]:ring-1 data-[status=active]:ring-border",
                      )}
                    >
                      <Icon
                        className="size-4 shrink-0 text-ink-faint group-hover:text-ink-muted group-data-[status=active]:text-accent-700"
                        strokeWidth={1.85}
                        aria-hidden="true"
                      />
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}

/** Settings: a sub-navigation on the left (a scrolling row on narrow screens) and the page. */
export function SettingsLayout() {
  const { activeOrg } = useSession();
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          activeOrg
            ? `Manage ${activeOrg.name}, its people, AI and programmatic access, and your own account.`
            : "Manage your account."
        }
      />
      <div className="flex flex-col gap-6 lg:flex-row lg:gap-10">
        <SettingsNav />
        <div className="min-w-0 flex-1">
          <Outlet />
        </div>
      </div>
    </>
  );
}
