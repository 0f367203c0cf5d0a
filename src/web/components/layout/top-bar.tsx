import { useMatches } from "@tanstack/react-router";
import { Button } from "@web/components/ui/button";
import { NotificationBell } from "@web/features/notifications/notification-bell";
import { useMe } from "@web/lib/session";
import { ChevronRight, Menu } from "lucide-react";
import { SearchBox } from "./search-box";
import { UserMenu } from "./user-menu";

/** The title of the deepest matched route (its `staticData.title`); no title means nothing matched. */
export function usePageTitle(): string {
  const matches = useMatches();
  for (let index = matches.length - 1; index >= 0; index--) {
    const title = matches[index]?.staticData?.title;
    if (title) return title;
  }
  return "Page not found";
}

/** The titles of every matched route, outermost first ("Settings", "Members"). */
export function usePageTitles(): string[] {
  const matches = useMatches();
  const titles: string[] = [];
  for (const match of matches) {
    const title = match.staticData?.title;
    if (title && titles[titles.length - 1] !== title) titles.push(title);
  }
  return titles.length > 0 ? titles : ["Page not found"];
}

export function TopBar({ onOpenNavigation }: { onOpenNavigation: () => void }) {
  const titles = usePageTitles();
  const { data: me } = useMe();
  const orgName = me?.orgs.find((org) => org.id === me.active_org?.id)?.name;

  return (
    <header className="sticky top-0 z-30 flex h-14 shrink-0 items-center gap-2 border-border border-b bg-canvas/85 px-3 backdrop-blur-md sm:gap-3 sm:px-6 lg:px-8">
      <Button
        variant="ghost"
        size="icon-sm"
        className="-ml-1 lg:hidden"
        aria-label="Open navigation"
        aria-controls="app-sidebar"
        onClick={onOpenNavigation}
      >
        <Menu />
      </Button>
      <nav aria-label="Breadcrumb" className="min-w-0 flex-1">
        <ol className="flex min-w-0 items-center gap-1.5 text-sm">
          {orgName ? (
            <li className="hidden items-center gap-1.5 text-ink-muted sm:flex">
              <span className="truncate">{orgName}</span>
              <ChevronRight className="size-3.5 text-ink-faint" aria-hidden="true" />
            </li>
          ) : null}
          {titles.slice(0, -1).map((parent) => (
            <li key={parent} className="hidden items-center gap-1.5 text-ink-muted sm:flex">
              <span className="truncate">{parent}</span>
              <ChevronRight className="size-3.5 text-ink-faint" aria-hidden="true" />
            </li>
          ))}
          <li aria-current="page" className="truncate font-medium text-ink">
            {titles[titles.length - 1]}
          </li>
        </ol>
      </nav>
      <div className="flex items-center gap-1.5 sm:gap-3">
        <SearchBox />
        <NotificationBell />
        <UserMenu />
      </div>
    </header>
  );
}
