import { Outlet, useRouterState } from "@tanstack/react-router";
import { useLocalStorage } from "@web/lib/use-local-storage";
import { useEffect, useState } from "react";
import { Sidebar } from "./sidebar";
import { TopBar, usePageTitle } from "./top-bar";

const COLLAPSED_KEY = "cairn.sidebar.collapsed";

/** The shell around every page: sidebar, top bar, and the routed page in between. */
export function AppLayout() {
  const [collapsed, setCollapsed] = useLocalStorage(COLLAPSED_KEY, false);
  const [mobileOpen, setMobileOpen] = useState(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const title = usePageTitle();

  // A navigation closes the slide-over.
  useEffect(() => {
    if (pathname) setMobileOpen(false);
  }, [pathname]);

  useEffect(() => {
    document.title = `${title} · Cairn`;
  }, [title]);

  useEffect(() => {
    if (!mobileOpen) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") setMobileOpen(false);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [mobileOpen]);

  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-[60] focus:rounded-md focus:border focus:border-border focus:bg-surface focus:px-3 focus:py-2 focus:font-medium focus:text-sm focus:shadow-popover"
      >
        Skip to content
      </a>
      <Sidebar
        collapsed={collapsed}
        onToggleCollapsed={() => setCollapsed(!collapsed)}
        mobileOpen={mobileOpen}
        onCloseMobile={() => setMobileOpen(false)}
      />
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar onOpenNavigation={() => setMobileOpen(true)} />
        <main id="main" tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 lg:px-10 lg:py-10">
            <Outlet />
          </div>
        </main>
      </div>
    </div>
  );
}
