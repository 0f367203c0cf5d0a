import { useMatches } from "@tanstack/react-router";
import { Button } from "@web/components/ui/button";
import { useInstance } from "@web/lib/instance";
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

export function TopBar({ onOpenNavigation }: { onOpenNavigation: () => void }) {
  const title = usePageTitle();
  const { data: instance } = useInstance();
  const orgName = instance?.demo_org?.name;

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
          <li aria-current="page" className="truncate font-medium text-ink">
            {title}
          </li>
        </ol>
      </nav>
      <div className="flex items-center gap-1.5 sm:gap-3">
        <SearchBox />
        <UserMenu />
      </div>
    </header>
  );
}
