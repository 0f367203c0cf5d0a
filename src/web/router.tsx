import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, createRoute, createRouter, redirect } from "@tanstack/react-router";
import { AppLayout } from "@web/components/layout/app-layout";
import { ConversationsPage } from "@web/features/conversations/conversations-page";
import { GoalsPage } from "@web/features/goals/goals-page";
import { KnowledgePage } from "@web/features/knowledge/knowledge-page";
import { ProjectsPage } from "@web/features/projects/projects-page";
import { SettingsPage } from "@web/features/settings/settings-page";
import { ErrorPage } from "@web/features/system/error-page";
import { NotFoundPage } from "@web/features/system/not-found-page";
import { queryClient } from "@web/lib/query";

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: ErrorPage,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/goals", replace: true });
  },
});

const goalsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/goals",
  component: GoalsPage,
  staticData: { title: "Goals" },
});

const projectsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/projects",
  component: ProjectsPage,
  staticData: { title: "Projects" },
});

const knowledgeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/knowledge",
  component: KnowledgePage,
  staticData: { title: "Knowledge" },
});

const conversationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/conversations",
  component: ConversationsPage,
  staticData: { title: "Conversations" },
});

const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/settings",
  component: SettingsPage,
  staticData: { title: "Settings" },
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  goalsRoute,
  projectsRoute,
  knowledgeRoute,
  conversationsRoute,
  settingsRoute,
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: "intent",
  scrollRestoration: true,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
  interface StaticDataRouteOption {
    /** Shown in the top bar and the document title. */
    title?: string;
  }
}
