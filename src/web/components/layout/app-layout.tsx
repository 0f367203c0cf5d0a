import { Outlet, useMatches, useNavigate, useRouterState } from "@tanstack/react-router";
import { EmailVerificationBanner } from "@web/features/auth/email-verification-banner";
import { NoOrganization } from "@web/features/orgs/no-organization";
import { useMe } from "@web/lib/session";
import { useLocalStorage } from "@web/lib/use-local-storage";
import { useEffect, useState } from "react";
import { Sidebar } from "./sidebar";
import { TopBar, usePageTitles } from "./top-bar";

const COLLAPSED_KEY = "cairn.sidebar.collapsed";

/** The shell around every signed-in page: sidebar, top bar, and the routed page in between. */
export function AppLayout() {
  const [collapsed, setCollapsed] = useLocalStorage(COLLAPSED_KEY, false);
  const [mobileOpen, setMobileOpen] = useState(false);
  const location = useRouterState({ select: (state) => state.location });
  const pathname = location.pathname;
  const title = usePageTitles().reverse().join(" · ");
  const navigate = useNavigate();
  const { data: me } = useMe();
  const allowWithoutOrg = useMatches({
    select: (matches) => matches.some((match) => match.staticData?.allowWithoutOrg),
  });

  // The session ended while the page was open: sign in again, then come back here.
  useEffect(() => {
    if (me === null) {
      void navigate({ to: "/sign-in", search: { redirect: location.href }, replace: true });
    }
  }, [me, navigate, location.href]);

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

  if (!me) return null;
  const showOnboarding = !me.active_org && !allowWithoutOrg;

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
        {me.user.email_verified ? null : <EmailVerificationBanner email={me.user.email} />}
        <main id="main" tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 lg:px-10 lg:py-10">
            {showOnboarding ? <NoOrganization /> : <Outlet />}
          </div>
        </main>
      </div>
    </div>
  );
}
